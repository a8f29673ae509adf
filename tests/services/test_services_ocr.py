"""Scans through the real services: a scanned page of a corpus report, uploaded as an image and as an image-only
PDF, goes through the ocr queue's worker before clean; a PDF with a text layer never does."""

from __future__ import annotations

import secrets
from collections import Counter

import pytest
from services_testkit import upload, wait_for_batch, wait_for_document

from services.analyze import analyze_text
from tests.parse.sample_files import build_pdf
from tests.parse.scanned_pages import Scan, corpus_text, image_bytes, page_images, rendered_text, scanned_pdf

SCAN = Scan(dpi=200)
# the opening of a report with its first indicators ("国内生产总值超过126万亿元，增长5.2%"): one short page
TEXT = corpus_text("s0002.txt", 400)
SCAN_UPLOAD_LIMIT = 5_000_000  # a scanned page is larger than the services tests' text limit
OCR_TIMEOUT = 600  # seconds: OCR takes about 12 CPU seconds a page, far more on a shared, busy machine


@pytest.fixture
def larger_uploads(client):
    """The API's upload limit raised for this test (the app keeps its settings in its state)."""
    saved = client.app.state.settings
    client.app.state.settings = saved.model_copy(update={"MAX_UPLOAD_BYTES": SCAN_UPLOAD_LIMIT})
    yield
    client.app.state.settings = saved


def _keys(metrics) -> Counter:
    return Counter((m["name"], m["value"], m["unit"]) for m in metrics)


def test_scanned_image_and_pdf_are_read_by_the_ocr_stage(client, larger_uploads):
    page = page_images(TEXT, SCAN, max_pages=1, crop=True)[0]
    # bytes of this run's own: the object store is shared by the backends' runs, and a file whose text OCR
    # has already read (stored by its content's key) is not read again
    page.putpixel((0, 0), secrets.randbelow(200))
    files = [("scan.jpg", image_bytes(page, "JPEG")), ("scan.pdf", scanned_pdf([page], SCAN.dpi)),
             ("text.pdf", build_pdf())]
    accepted = upload(client, files)
    batch = wait_for_batch(client, accepted["batch_id"], timeout=OCR_TIMEOUT)
    assert batch["counts"].get("done") == 3, batch

    expected = Counter((m.name, m.value, m.unit) for m in analyze_text(rendered_text(TEXT, SCAN.dpi), "t").metrics)
    assert expected[("国内生产总值", 126e12, "元")] == 1
    for item in accepted["documents"][:2]:
        document = client.get(f"/v1/documents/{item['id']}").json()
        assert [s["stage"] for s in document["stages"]] == ["ocr", "clean", "section", "extract"], document
        assert all(s["status"] == "done" for s in document["stages"])
        text = client.get(f"/v1/documents/{item['id']}/text").json()["text"]
        assert "国内生产总值超过126万亿元，增长5.2%" in text
        found = _keys(client.get(f"/v1/documents/{item['id']}/metrics").json()["metrics"])
        recall = sum((expected & found).values()) / sum(expected.values())
        assert recall >= 0.9, (found, expected)

    text_pdf = client.get(f"/v1/documents/{accepted['documents'][2]['id']}").json()
    assert [s["stage"] for s in text_pdf["stages"]] == ["clean", "section", "extract"]

    # reprocessing from clean reads the stored OCR text: the ocr stage does not run again
    scan_id = accepted["documents"][0]["id"]
    assert client.post(f"/v1/documents/{scan_id}/reprocess", params={"from_stage": "clean"}).status_code == 202
    document = wait_for_document(client, scan_id, lambda d: d["status"] == "done", timeout=OCR_TIMEOUT)
    assert {s["stage"]: s["attempts"] for s in document["stages"]} == {"ocr": 1, "clean": 2, "section": 2,
                                                                       "extract": 2}


def test_a_damaged_image_is_refused_at_upload(client):
    accepted = upload(client, [("scan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)])
    document = accepted["documents"][0]
    assert document["status"] == "rejected"
    assert "image is damaged" in client.get(f"/v1/documents/{document['id']}").json()["error"]
