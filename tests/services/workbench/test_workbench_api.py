"""The analyst's workbench through the API, against the real workers and stores: batch names and upload paths,
metadata corrections that survive reprocessing, indicator groups and the pivot equal to the stored metric
rows, and every metric's provenance (its sentence and offsets into the cleaned text)."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from openpyxl import load_workbook
from services_testkit import wait_for_batch
from workbench_testkit import metric_rows

from shared.db.models import Batch, Document
from shared.db.session import session_scope


def _ids(batch: dict) -> list[str]:
    return [d["id"] for d in batch["documents"]]


def test_the_batch_keeps_its_name_and_each_document_its_uploaded_path(workbench_batch, service_env):
    with session_scope(service_env["REPORTFLOW_DATABASE_URL"]) as session:
        assert session.get(Batch, workbench_batch["id"]).name == "工作台测试批次"
        first = session.get(Document, workbench_batch["documents"][0]["id"])
        assert (first.filename, first.path) == ("seed000.txt", "乡镇/2023/seed000.txt")


def test_every_metric_carries_its_sentence_and_cleaned_text_offsets(client, workbench_batch):
    for document_id in _ids(workbench_batch):
        text = client.get(f"/v1/documents/{document_id}/text").json()["text"]
        metrics = client.get(f"/v1/documents/{document_id}/metrics").json()["metrics"]
        assert metrics
        for m in metrics:
            assert text[m["clean_start"]:m["clean_end"]] == m["text"]
            assert m["sentence"] and m["text"] in m["sentence"]
            assert text[m["sentence_start"]:].startswith(m["sentence"])
            assert m["sentence_start"] <= m["clean_start"] and m["indicator"]


def test_a_metadata_correction_survives_reprocessing(client, workbench_batch, service_env):
    document_id = workbench_batch["documents"][1]["id"]
    before = client.get(f"/v1/documents/{document_id}/metadata").json()
    patch = {"issuer": "测试镇人民政府", "level": "乡镇", "town": "测试镇", "year": "2021"}
    response = client.patch(f"/v1/documents/{document_id}/metadata", json=patch)
    assert response.status_code == 200, response.text
    corrected = response.json()
    stored = {**patch, "level": "town", "year": 2021}  # the level as the analysis writes it, the year a number
    assert corrected["metadata"] == {**before["found"], **stored}
    assert corrected["found"] == before["found"]

    response = client.post(f"/v1/documents/{document_id}/reprocess", params={"from_stage": "clean"})
    assert response.status_code == 202, response.text
    wait_for_batch(client, workbench_batch["id"])
    after = client.get(f"/v1/documents/{document_id}/metadata").json()
    assert after["corrected"] == stored
    assert after["metadata"]["issuer"] == "测试镇人民政府" and after["metadata"]["year"] == 2021
    assert after["found"] == before["found"]  # found again by the section stage, the same

    listed = client.get("/v1/documents", params={"batch_id": workbench_batch["id"], "level": "乡镇",
                                                 "place": "测试镇"}).json()
    assert [d["id"] for d in listed["documents"]] == [document_id]
    assert listed["documents"][0]["metadata"]["town"] == "测试镇"

    reset = client.patch(f"/v1/documents/{document_id}/metadata", json={"reset": ["issuer"]}).json()
    assert reset["metadata"]["issuer"] == before["found"]["issuer"] and "issuer" not in reset["corrected"]


@pytest.mark.parametrize("patch", [
    pytest.param({"colour": "red"}, id="unknown field"),
    pytest.param({"year": "二〇二三"}, id="year not a number"),
    pytest.param({"year": 99999}, id="implausible year"),
    pytest.param({"reset": ["colour"]}, id="unknown field to reset"),
    pytest.param({"issuer": "x" * 300}, id="too long"),
])
def test_bad_metadata_corrections_are_refused_clearly(client, workbench_batch, patch):
    response = client.patch(f"/v1/documents/{workbench_batch['documents'][2]['id']}/metadata", json=patch)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


def test_indicator_groups_count_the_stored_rows(client, workbench_batch, service_env):
    rows = metric_rows(service_env["REPORTFLOW_DATABASE_URL"], _ids(workbench_batch))
    expected = Counter(row.indicator for row in rows.values() if not row.placeholder)
    reports = {g: len({r.document_id for r in rows.values() if r.indicator == g and not r.placeholder})
               for g in expected}
    groups = client.get("/v1/indicators", params={"batch_id": workbench_batch["id"], "limit": 1000}).json()
    assert groups["total"] == len(expected)
    for group in groups["indicators"]:
        assert group["metrics"] == expected[group["indicator"]]
        assert group["reports"] == reports[group["indicator"]]
    assert [g["reports"] for g in groups["indicators"]] == sorted((g["reports"] for g in groups["indicators"]),
                                                                  reverse=True)
    some = groups["indicators"][0]["indicator"]
    narrowed = client.get("/v1/indicators", params={"batch_id": workbench_batch["id"], "q": some}).json()
    assert some in [g["indicator"] for g in narrowed["indicators"]]


def test_pivot_values_are_the_metric_rows_they_come_from(client, workbench_batch, service_env):
    rows = metric_rows(service_env["REPORTFLOW_DATABASE_URL"], _ids(workbench_batch))
    table = client.get("/v1/pivot", params={"batch_id": workbench_batch["id"]}).json()
    assert table["indicators"] and table["rows"]
    cells = 0
    for row in table["rows"]:
        for group, cell in row["cells"].items():
            metric = rows[cell["metric_id"]]
            assert metric.document_id == row["document_id"] and metric.indicator == group
            assert (cell["value"], cell["unit"], cell["approx"], cell["value_min"], cell["value_max"],
                    cell["kind"], cell["year"], cell["name"], cell["sentence"]) == (
                metric.value, metric.unit, metric.approx, metric.value_min, metric.value_max, metric.kind,
                metric.year, metric.name, metric.sentence)
            same_group = [m for m in rows.values() if m.document_id == metric.document_id and m.indicator == group]
            assert cell["others"] == len(same_group) - 1
            cells += 1
    assert cells >= len(table["rows"])

    chosen = table["indicators"][:2]
    csv_response = client.get("/v1/pivot", params={"batch_id": workbench_batch["id"], "format": "csv",
                                                   "indicators": ",".join(chosen)})
    assert csv_response.status_code == 200 and csv_response.content.startswith(b"\xef\xbb\xbf")
    header, *records = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    narrow = client.get("/v1/pivot", params=[("batch_id", workbench_batch["id"]),
                                             *(("indicators", g) for g in chosen)]).json()
    assert narrow["indicators"] == chosen
    assert [r[0] for r in records] == [r["document_id"] for r in narrow["rows"]]
    for record, row in zip(records, narrow["rows"], strict=True):
        cells = dict(zip(header, record, strict=True))
        for group in chosen:
            cell = row["cells"].get(group)
            assert (float(cells[group]) if cells[group] else None) == (cell["value"] if cell else None)
            assert cells[f"{group} unit"] == (cell["unit"] if cell else "")

    xlsx = client.get("/v1/pivot", params={"batch_id": workbench_batch["id"], "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == len(table["rows"]) + 1


def test_pivot_filters_by_the_reports_metadata(client, workbench_batch):
    document_id = workbench_batch["documents"][3]["id"]
    client.patch(f"/v1/documents/{document_id}/metadata", json={"level": "街道", "city": "过滤市"})
    table = client.get("/v1/pivot", params={"batch_id": workbench_batch["id"], "level": "街道",
                                            "place": "过滤市"}).json()
    assert [r["document_id"] for r in table["rows"]] == [document_id]
    assert client.get("/v1/pivot", params={"batch_id": workbench_batch["id"], "year": 1901}).json()["rows"] == []
    targets = client.get("/v1/pivot", params={"batch_id": workbench_batch["id"], "kind": "target"}).json()
    assert all(c["kind"] == "target" for r in targets["rows"] for c in r["cells"].values())


def test_unknown_pages_are_html_404_pages(client):
    for path in ("/batches/no-such-batch", "/documents/no-such-document"):
        response = client.get(path, params={"lang": "zh-CN"})
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "未找到" in response.text and "no-such-" in response.text
