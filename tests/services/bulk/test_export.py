"""GET /v1/batches/{id}/export: the CSV and XLSX read back equal to the database rows."""

from __future__ import annotations

import csv
import io

import pytest
from db_rows import batch_metric_rows, metadata_values, section_titles
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from shared.db.models import Status
from shared.metrics_export import COLUMNS, PATH_SEPARATOR, metadata_column


def _cell(value):
    return "" if value is None else value


def _number(value):
    return None if value in ("", None) else float(value)


def _flag(value) -> bool:
    return value is True or value == "True"


def check_rows(records: list[list], database_url: str, batch: dict) -> None:
    """records: the exported rows, in COLUMNS order; each equal to its database row."""
    rows = batch_metric_rows(database_url, batch["id"])
    assert len(records) == len(rows) > 0
    sources = {d["id"]: d["duplicate_of"] if d["status"] == Status.DUPLICATE else d["id"]
               for d in batch["documents"]}
    metadata = {source: metadata_values(database_url, source) for source in set(sources.values())}
    for record, (document, metric) in zip(records, rows, strict=True):
        cells = dict(zip(COLUMNS, record, strict=True))
        assert (cells["document id"], cells["document"], cells["path"]) == (document.id, document.filename,
                                                                              document.path)
        for field, value in metadata[sources[document.id]].items():
            assert _cell(cells[metadata_column(field)]) in (_cell(value), str(value)), field
        assert int(cells["metric id"]) == metric.id
        assert (cells["name"], cells["indicator"], cells["unit"], _cell(cells["change"]), cells["kind"]) == (
            metric.name, metric.indicator, metric.unit, _cell(metric.change), metric.kind)
        assert _number(cells["value"]) == metric.value
        assert _flag(cells["approx"]) == metric.approx
        assert (_number(cells["value min"]), _number(cells["value max"])) == (metric.value_min, metric.value_max)
        assert metric.sentence and cells["sentence"] == metric.sentence and metric.text in metric.sentence
        year = cells["year"]
        assert (None if year in ("", None) else int(year)) == metric.year
        title, path = cells["title"], cells["section path"]
        headings = section_titles(database_url, sources[document.id])
        assert (0, title) in headings  # the report's title is one of its level-0 headings
        if metric.section is not None:
            chain = path.split(PATH_SEPARATOR)
            assert chain[-1] == metric.section and chain[0] == title
            titles = [t for _, t in headings]
            assert all(part in titles for part in chain)


def test_csv_export_reads_back_equal_to_the_database(client, processed_batch, service_env):
    response = client.get(f"/v1/batches/{processed_batch['id']}/export", params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert f'filename="batch-{processed_batch["id"]}.csv"' in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    header, *records = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(header) == COLUMNS
    check_rows(records, service_env["REPORTFLOW_DATABASE_URL"], processed_batch)


def test_xlsx_export_reads_back_equal_to_the_database(client, processed_batch, service_env):
    response = client.get(f"/v1/batches/{processed_batch['id']}/export", params={"format": "xlsx"})
    assert response.status_code == 200
    assert f'filename="batch-{processed_batch["id"]}.xlsx"' in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *records = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert tuple(header) == COLUMNS
    assert sheet.freeze_panes == "A2" and all(cell.font.bold for cell in sheet[1])
    name_column = get_column_letter(COLUMNS.index("name") + 1)
    assert sheet.column_dimensions[name_column].width > len("name") + 2  # sized to the Chinese metric names
    value = COLUMNS.index("value")
    assert all(isinstance(record[value], int | float) for record in records if record[value] is not None)
    check_rows(records, service_env["REPORTFLOW_DATABASE_URL"], processed_batch)


@pytest.mark.parametrize(("path", "status"), [
    pytest.param("/v1/batches/no-such-batch/export?format=csv", 404, id="unknown batch"),
    pytest.param("/v1/batches/{batch}/export?format=pdf", 422, id="unknown format"),
])
def test_export_refusals(client, processed_batch, path, status):
    assert client.get(path.format(batch=processed_batch["id"])).status_code == status
