"""The whole system through its API: real Redis, SeaweedFS, database and Celery worker; SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from services_testkit import REPORTS, broken_docx, dev_reports, upload, wait_for_batch, wait_for_document
from sqlalchemy import func, select

from services.extract.metrics.groups import canonical_indicator
from services.ingest.api.schemas import MetricOut
from services.ingest.main import create_app
from shared import transitions
from shared.db.models import CleanedText, Document, MetricRow, PartRow, SectionRow, Stage
from shared.db.session import session_scope
from shared.queue import enqueue
from shared.settings import get_settings

STAGES = ["clean", "section", "extract"]


@pytest.fixture(scope="session")
def reference(workers) -> dict[str, dict]:
    """What `reportflow analyze` finds in each dev report, run right after the workers loaded the same code."""
    cli = Path(sys.executable).with_name("reportflow")
    paths = [str(REPORTS / name) for name, _ in dev_reports()]
    out = subprocess.run([str(cli), "analyze", "--jsonl", *paths], capture_output=True, text=True, check=True).stdout
    return {f"{line['doc']}.txt": line for line in map(json.loads, out.splitlines())}


@pytest.fixture(scope="session")
def dev_batch(client: TestClient, reference) -> dict:
    """The five dev reports uploaded in one batch and processed to the end."""
    accepted = upload(client, dev_reports())
    assert [d["status"] for d in accepted["documents"]] == ["queued"] * 5
    return {"accepted": accepted, "finished": wait_for_batch(client, accepted["batch_id"])}


def _ids_by_name(batch: dict) -> dict[str, str]:
    return {d["filename"]: d["id"] for d in batch["accepted"]["documents"]}


def test_dev_reports_are_all_processed(dev_batch):
    finished = dev_batch["finished"]
    assert finished["total"] == 5
    assert finished["counts"] == {"done": 5}
    assert {d["status"] for d in finished["documents"]} == {"done"}
    assert {d["filename"] for d in finished["documents"]} == {f"seed00{i}.txt" for i in range(5)}


def test_document_reports_each_stage_once(client, dev_batch):
    for document_id in _ids_by_name(dev_batch).values():
        document = client.get(f"/v1/documents/{document_id}").json()
        assert document["status"] == "done" and document["stage"] is None and document["error"] is None
        assert [s["stage"] for s in document["stages"]] == STAGES
        for stage in document["stages"]:
            assert stage["status"] == "done"
            assert stage["attempts"] >= 1
            assert stage["seconds"] is not None and stage["seconds"] >= 0


# The metric fields the store adds to the analysis core's (the row id and the provenance of the extract stage).
STORED_ONLY = ("id", "indicator", "sentence", "sentence_start", "clean_start", "clean_end")


def test_results_read_back_equal_the_analysis_core(client, dev_batch, reference):
    for name, document_id in _ids_by_name(dev_batch).items():
        expected = reference[name]

        text = client.get(f"/v1/documents/{document_id}/text", params={"offsets": True}).json()
        assert text["text"] == expected["text"]
        offsets = text["offsets"]
        assert len(offsets) == len(text["text"]) + 1
        assert all(a <= b for a, b in pairwise(offsets))

        sections = client.get(f"/v1/documents/{document_id}/sections").json()
        assert sections["sections"] == expected["sections"]
        assert sections["parts"] == expected["parts"]

        stored = client.get(f"/v1/documents/{document_id}/metrics").json()["metrics"]
        core = [{k: v for k, v in m.items() if k not in STORED_ONLY} for m in stored]
        assert core == [{k: v for k, v in m.items() if k in MetricOut.model_fields} for m in expected["metrics"]]
        assert stored, f"no metrics stored for {name}"
        for m in stored:  # what the extract stage adds: the group, the sentence, cleaned-text offsets
            assert m["indicator"] == canonical_indicator(m["name"])
            assert text["text"][m["clean_start"]:m["clean_end"]] == m["text"] and m["text"] in m["sentence"]


def test_metrics_can_be_looked_up_by_name(client, dev_batch):
    document_id = _ids_by_name(dev_batch)["seed000.txt"]
    metrics = client.get(f"/v1/documents/{document_id}/metrics").json()["metrics"]
    if not metrics:
        pytest.skip("the extractor found no metrics in seed000")
    name = metrics[0]["name"]
    only = client.get(f"/v1/documents/{document_id}/metrics", params={"name": name}).json()["metrics"]
    assert only == [m for m in metrics if m["name"] == name]


def test_metrics_can_be_looked_up_by_name_across_documents(client, dev_batch):
    batch_id = dev_batch["accepted"]["batch_id"]
    per_document = {name: client.get(f"/v1/documents/{i}/metrics").json()["metrics"]
                    for name, i in _ids_by_name(dev_batch).items()}
    name = per_document["seed000.txt"][0]["name"]
    found = client.get("/v1/metrics", params={"name": name, "batch_id": batch_id}).json()["metrics"]
    expected = [(filename, m) for filename, ms in per_document.items() for m in ms if m["name"] == name]
    assert sorted((m.pop("filename"), m.pop("document_id"), m["start"]) for m in found) == sorted(
        (f, _ids_by_name(dev_batch)[f], m["start"]) for f, m in expected)


def test_duplicate_upload_points_to_the_original_and_is_not_processed(client, dev_batch):
    original = _ids_by_name(dev_batch)["seed001.txt"]
    data = dict(dev_reports())["seed001.txt"]
    accepted = upload(client, [("copy-of-seed001.txt", data)])
    [duplicate] = accepted["documents"]
    assert duplicate["status"] == "duplicate"
    assert duplicate["duplicate_of"] == original
    assert client.get(f"/v1/batches/{accepted['batch_id']}").json()["progress"] == 1.0
    document = client.get(f"/v1/documents/{duplicate['id']}").json()
    assert document["stages"] == []
    text = client.get(f"/v1/documents/{duplicate['id']}/text").json()
    assert text["source_document_id"] == original
    assert text["text"] == client.get(f"/v1/documents/{original}/text").json()["text"]


def test_identical_files_in_one_batch_are_processed_once(client):
    data = "2023年工作总结\n全年接待游客12.6万人次。\n".encode()
    accepted = upload(client, [("a.txt", data), ("b.txt", data)])
    first, second = accepted["documents"]
    assert (first["status"], second["status"], second["duplicate_of"]) == ("queued", "duplicate", first["id"])
    assert wait_for_batch(client, accepted["batch_id"])["counts"] == {"done": 1, "duplicate": 1}


def test_reprocess_processes_identical_bytes_again(client, dev_batch):
    original = _ids_by_name(dev_batch)["seed004.txt"]
    data = dict(dev_reports())["seed004.txt"]
    accepted = upload(client, [("seed004.txt", data)], reprocess="true")
    [again] = accepted["documents"]
    assert again["status"] == "queued" and again["duplicate_of"] == original
    finished = wait_for_batch(client, accepted["batch_id"])
    assert finished["counts"] == {"done": 1}
    assert (client.get(f"/v1/documents/{again['id']}/text").json()["text"]
            == client.get(f"/v1/documents/{original}/text").json()["text"])


def test_oversized_file_is_rejected_and_the_rest_go_on(client):
    limit = get_settings().MAX_UPLOAD_BYTES
    too_big = ("第一段。\n".encode() * (limit // 10 + 1))[: limit + 1]
    accepted = upload(client, [("huge.txt", too_big), ("small.txt", "二〇二三年工作总结\n全年完成投资5亿元。\n".encode())])
    huge, small = accepted["documents"]
    assert huge["status"] == "rejected"
    assert "limit" in huge["error"] and str(limit) in huge["error"]
    assert small["status"] == "queued"
    finished = wait_for_batch(client, accepted["batch_id"])
    assert finished["counts"] == {"rejected": 1, "done": 1}


@pytest.mark.parametrize(
    ("filename", "data", "in_error"),
    [
        pytest.param("setup.exe", b"MZ\x90\x00\x03" + bytes(200), ".exe", id="unsupported-extension"),
        pytest.param("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG", id="image-named-txt"),
        pytest.param("report.pdf", "这不是PDF，只是文字。".encode(), "PDF", id="text-named-pdf"),
        pytest.param("empty.txt", b"", "empty", id="empty-file"),
    ],
)
def test_file_of_the_wrong_type_is_rejected_with_its_reason(client, filename, data, in_error):
    accepted = upload(client, [(filename, data)])
    [document] = accepted["documents"]
    assert document["status"] == "rejected"
    assert in_error in document["error"]
    response = client.get(f"/v1/documents/{document['id']}/text")
    assert response.status_code == 409 and "rejected" in response.json()["detail"]


def test_document_failing_in_a_stage_fails_alone(client):
    good = ("ok.txt", "2023年工作总结\n一、主要成绩\n全年新增就业1200人。\n".encode())
    accepted = upload(client, [("broken.docx", broken_docx()), good])
    broken, fine = accepted["documents"]
    assert broken["status"] == "queued"
    finished = wait_for_batch(client, accepted["batch_id"])
    assert finished["counts"] == {"failed": 1, "done": 1}
    document = client.get(f"/v1/documents/{broken['id']}").json()
    assert document["status"] == "failed" and document["stage"] == "clean"
    assert "docx" in document["error"]
    assert [(s["stage"], s["status"], s["attempts"]) for s in document["stages"]] == [("clean", "failed", 1)]
    assert client.get(f"/v1/documents/{fine['id']}").json()["status"] == "done"


def _row_counts(document_id: str) -> dict[str, int]:
    with session_scope() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model)
                                                     .where(model.document_id == document_id))
                for model in (CleanedText, SectionRow, PartRow, MetricRow)}


def test_rerunning_the_stages_replaces_their_rows(client, dev_batch):
    document_id = _ids_by_name(dev_batch)["seed002.txt"]
    before = _row_counts(document_id)
    results = {p: client.get(f"/v1/documents/{document_id}/{p}").json() for p in ("text", "sections", "metrics")}
    attempts = {s["stage"]: s["attempts"] for s in client.get(f"/v1/documents/{document_id}").json()["stages"]}

    # as after a lost acknowledgement: the document is back in flight and its message arrives twice; each run
    # of clean queues section and extract again, and every run replaces the stage's rows
    with session_scope() as session:
        transitions.queued(session.get(Document, document_id), Stage.CLEAN)
    enqueue("clean", document_id)
    enqueue("clean", document_id)
    wait_for_document(client, document_id, lambda d: d["status"] == "done" and all(
        s["attempts"] > attempts[s["stage"]] for s in d["stages"]))

    assert before["cleaned_texts"] == 1
    assert _row_counts(document_id) == before
    again = {p: client.get(f"/v1/documents/{document_id}/{p}").json() for p in results}
    for metrics in (again["metrics"], results["metrics"]):  # replaced rows have new ids, the same content
        metrics["metrics"] = [{k: v for k, v in m.items() if k != "id"} for m in metrics["metrics"]]
    assert again == results


def test_healthz_checks_every_service(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["checks"]) == ("ok", {"database": "ok", "broker": "ok", "storage": "ok"})
    assert set(body["backlog"]) == {"ocr", "clean", "section", "extract"}


def test_healthz_answers_503_naming_the_failing_services(service_env):
    from shared.embedded import free_port

    dead = free_port()
    settings = get_settings().model_copy(update={
        "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{dead}/nothing",
        "BROKER_URL": f"redis://127.0.0.1:{dead}/0",
        "S3_ENDPOINT": f"127.0.0.1:{dead}",
    })
    with TestClient(create_app(settings)) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert set(body["checks"]) == {"database", "broker", "storage"}
    assert all(problem != "ok" for problem in body["checks"].values()), body


def test_healthz_fails_when_only_the_object_store_is_down(service_env):
    from shared.embedded import free_port

    settings = get_settings().model_copy(update={"S3_ENDPOINT": f"127.0.0.1:{free_port()}"})
    with TestClient(create_app(settings)) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert (checks["database"], checks["broker"]) == ("ok", "ok")
    assert "unreachable" in checks["storage"]


def test_upload_while_the_broker_is_down_fails_the_documents_with_a_reason(service_env):
    from shared.embedded import free_port

    settings = get_settings().model_copy(update={"BROKER_URL": f"redis://127.0.0.1:{free_port()}/0"})
    with TestClient(create_app(settings)) as client:
        accepted = upload(client, [("plan.txt", "2024年工作计划\n力争新增就业3000人。\n".encode())])
        [document] = accepted["documents"]
        assert document["status"] == "failed"
        assert "broker unavailable" in document["error"]
        assert client.get(f"/v1/documents/{document['id']}").json()["status"] == "failed"


@pytest.mark.parametrize("path", [
    pytest.param("/v1/batches/{id}", id="batch"),
    pytest.param("/v1/documents/{id}", id="document"),
    pytest.param("/v1/documents/{id}/text", id="text"),
    pytest.param("/v1/documents/{id}/sections", id="sections"),
    pytest.param("/v1/documents/{id}/metrics", id="metrics"),
])
@pytest.mark.parametrize("unknown", ["00000000-0000-0000-0000-000000000000", "not-an-id"])
def test_unknown_ids_answer_404_with_a_message(client, path, unknown):
    response = client.get(path.format(id=unknown))
    assert response.status_code == 404
    assert unknown in response.json()["detail"]


def test_bad_requests_answer_422_with_a_readable_detail(client):
    response = client.post("/v1/batches")
    assert response.status_code == 422
    assert "files" in response.json()["detail"]
    response = client.get("/v1/batches/x", params={"limit": 0})
    assert response.status_code == 422 and "limit" in response.json()["detail"]


def test_batch_pages_its_documents(client, dev_batch):
    batch_id = dev_batch["accepted"]["batch_id"]
    pages = [client.get(f"/v1/batches/{batch_id}", params={"offset": o, "limit": 2}).json() for o in (0, 2, 4)]
    assert [len(p["documents"]) for p in pages] == [2, 2, 1]
    assert len({d["id"] for p in pages for d in p["documents"]}) == 5
    assert all(p["total"] == 5 for p in pages)
    by_cursor, after = [], None  # the same documents by keyset pages
    while True:
        body = client.get(f"/v1/batches/{batch_id}", params={"limit": 2, **({"after": after} if after else {})}).json()
        by_cursor += [d["id"] for d in body["documents"]]
        if not (after := body["next"]):
            break
    assert by_cursor == [d["id"] for p in pages for d in p["documents"]]
    assert client.get(f"/v1/batches/{batch_id}", params={"after": "x"}).status_code == 422


def test_openapi_is_served(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/batches", "/v1/batches/{batch_id}", "/v1/documents/{document_id}", "/healthz"} <= set(paths)


FIXTURES = Path(__file__).parent.parent / "parse" / "fixtures"


@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed (.ci/run installs it)")
def test_doc_is_read_by_the_workers_and_an_encrypted_one_fails_with_its_reason(client):
    accepted = upload(client, [("县报告.doc", (FIXTURES / "report.doc").read_bytes()),
                               ("locked.wps", (FIXTURES / "encrypted.doc").read_bytes())])
    report, locked = accepted["documents"]
    finished = wait_for_batch(client, accepted["batch_id"])
    assert finished["counts"] == {"done": 1, "failed": 1}
    metrics = client.get(f"/v1/documents/{report['id']}/metrics").json()["metrics"]
    assert any(m["name"] == "地区生产总值" and m["unit"] == "元" for m in metrics)
    assert "password-protected" in client.get(f"/v1/documents/{locked['id']}").json()["error"]
