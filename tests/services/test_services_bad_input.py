"""Inputs that once made the API answer 500 now get a clear 4xx (or are cleaned up on the way in)."""

from __future__ import annotations

import csv
import io

import pytest
from services_testkit import upload

from services.ingest.api.cursors import MAX_OFFSET
from shared.metrics_export import neutralised


@pytest.mark.parametrize("query", [
    pytest.param("/v1/metrics?year=" + "1" + "0" * 30, id="year-10^30"),
    pytest.param("/v1/metrics?page=" + "1" + "0" * 20, id="page-10^20"),
    pytest.param("/v1/batches/x?offset=" + "1" + "0" * 20, id="offset-10^20"),
    pytest.param("/v1/metrics?name=a%00b", id="nul-in-query"),
    pytest.param("/v1/documents/a%00b", id="nul-in-path"),
    pytest.param("/v1/metrics?unit=%1b%5b31m", id="escape-in-query"),
])
def test_out_of_range_and_control_characters_in_the_url_are_refused(client, query):
    response = client.get(query)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["detail"]


@pytest.mark.parametrize("query", ["/v1/metrics?page=1000000&per_page=1000", "/v1/metrics?page=6&per_page=50",
                                   "/v1/batches/no-such-batch?offset=201"])
def test_an_offset_page_deeper_than_the_limit_is_refused_with_the_way_on(client, query):
    response = client.get(query)
    assert response.status_code == 422 and "`after`" in response.json()["detail"]


def test_the_deepest_offset_page_allowed_answers(client):
    assert client.get(f"/v1/metrics?page={MAX_OFFSET // 50 + 1}&per_page=50").status_code == 200


def test_nul_long_names_and_long_content_types_in_an_upload_are_cleaned(client):
    files = [("files", ("re\x00port\x1b.txt", "2024年工作计划\n力争新增就业3000人。\n".encode(), "text/plain")),
             ("files", ("长" * 300 + ".txt", "2024年工作计划\n新增就业5000人。\n".encode(), "x/" + "y" * 300))]
    response = client.post("/v1/batches", files=files)
    assert response.status_code == 202, response.text
    first, second = response.json()["documents"]
    # (the HTTP client may percent-encode them itself; either way none reaches the database)
    assert not any(ord(ch) < 32 for ch in first["filename"]) and first["filename"].endswith(".txt")
    assert len(second["filename"]) == 255 and second["filename"].endswith(".txt")
    assert {first["status"], second["status"]} <= {"queued", "done", "processing"}


def test_spreadsheet_formulas_are_neutralised_in_exports(client):
    assert neutralised("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert [neutralised(v) for v in ("+1", "-1", "@SUM(A1)", "\tx", "增长5%", 3.5, None)] == \
        ["'+1", "'-1", "'@SUM(A1)", "'\tx", "增长5%", 3.5, None]
    accepted = upload(client, [("=cmd.txt", "2024年工作计划\n力争新增就业3000人。\n".encode())])
    from services_testkit import wait_for_batch

    wait_for_batch(client, accepted["batch_id"])
    text = client.get(f"/v1/batches/{accepted['batch_id']}/export", params={"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row), rows


def test_markup_over_its_format_limit_is_not_read(client, monkeypatch):
    from shared.settings import get_settings

    with monkeypatch.context() as patch:
        patch.setenv("REPORTFLOW_MAX_HTML_BYTES", "100")
        get_settings.cache_clear()
        try:
            accepted = upload(client, [("page.html", b"<html><body>" + "增长5%".encode() * 50 + b"</body></html>")])
        finally:
            patch.undo()
            get_settings.cache_clear()
    [document] = accepted["documents"]
    assert document["status"] == "rejected"
    assert "over the limit of 100 bytes for that format" in document["error"]
