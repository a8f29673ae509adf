"""GET /v1/batches/{id}/export: the CSV and XLSX read back equal to the database rows."""

from __future__ import annotations

import csv
import io

import pytest
from db_rows import batch_metric_rows, section_titles
from openpyxl import load_workbook

from shared.db.models import Status
from shared.metrics_export import COLUMNS, PATH_SEPARATOR


def _cell(value):
    return "" if value is None else value


def check_rows(records: list[list], database_url: str, batch: dict) -> None:
    """records: the exported rows as [document, title, path, name, value, unit, change, kind, year]."""
    rows = batch_metric_rows(database_url, batch["id"])
    assert len(records) == len(rows) > 0
    sources = {d["id"]: d["duplicate_of"] if d["status"] == Status.DUPLICATE else d["id"]
               for d in batch["documents"]}
    for record, (document, metric) in zip(records, rows, strict=True):
        filename, title, path, name, value, unit, change, kind, year = record
        assert (filename, name, unit, _cell(change), kind) == (document.filename, metric.name, metric.unit,
                                                               _cell(metric.change), metric.kind)
        assert (None if value in ("", None) else float(value)) == metric.value
        assert (None if year in ("", None) else int(year)) == metric.year
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
    assert sheet.column_dimensions["D"].width > len("name") + 2  # sized to the Chinese metric names
    assert all(isinstance(record[4], int | float) for record in records if record[4] is not None)
    check_rows(records, service_env["REPORTFLOW_DATABASE_URL"], processed_batch)


@pytest.mark.parametrize(("path", "status"), [
    pytest.param("/v1/batches/no-such-batch/export?format=csv", 404, id="unknown batch"),
    pytest.param("/v1/batches/{batch}/export?format=pdf", 422, id="unknown format"),
])
def test_export_refusals(client, processed_batch, path, status):
    assert client.get(path.format(batch=processed_batch["id"])).status_code == status
