"""The OCR reader on real scans made from a corpus report: an image, a scanned PDF page inside a PDF with a text
layer (a mixed PDF), the page and time caps, and what still needs no OCR."""

from __future__ import annotations

import io

import pytest

from services.parse.readers import (
    CorruptDocument,
    NoTextLayer,
    OcrLimitExceeded,
    document_needs_ocr,
    read_document,
    sniff_format,
)
from services.parse.readers.ocr import scanned_pages
from shared.settings import get_settings
from tests.parse.sample_files import LONG_PARAGRAPH, TITLE, build_pdf
from tests.parse.scanned_pages import Scan, corpus_text, image_bytes, mixed_pdf, page_images, scanned_pdf

SCAN = Scan(dpi=200)
# the opening of a report with its first indicators: one short page
TEXT = corpus_text("s0002.txt", 400)


@pytest.fixture(scope="module")
def page():
    return page_images(TEXT, SCAN, max_pages=1, crop=True)[0]


@pytest.fixture
def settings(monkeypatch):
    def override(**values):
        for name, value in values.items():
            monkeypatch.setenv(f"REPORTFLOW_{name}", str(value))
        get_settings.cache_clear()

    yield override
    get_settings.cache_clear()


def test_an_image_is_read_by_ocr(page):
    data = image_bytes(page, "PNG")
    assert sniff_format(data, "scan.png") == "image" and document_needs_ocr(data, "scan.png")
    text = read_document(data, "scan.png")
    assert "各位代表：\n现在，我代表国务院，向大会报告政府工作" in text  # wrapped lines joined again
    assert "国内生产总值超过126万亿元，增长5.2%" in text


def test_a_mixed_pdf_reads_its_text_page_from_the_layer_and_its_scanned_page_by_ocr(page):
    data = mixed_pdf(build_pdf(), scanned_pdf([page], SCAN.dpi))
    assert scanned_pages(data) == [2]  # the text PDF has two pages
    text = read_document(data, "mixed.pdf")
    assert text.index(TITLE) < text.index(LONG_PARAGRAPH[:20]) < text.index("国内生产总值超过126万亿元")


def test_a_pdf_with_a_text_layer_or_without_any_image_needs_no_ocr():
    assert not document_needs_ocr(build_pdf(), "report.pdf")
    blank = build_pdf(pages_of_text=False)  # a drawn band, no text and no image: nothing to OCR
    assert not document_needs_ocr(blank, "scan.pdf")
    with pytest.raises(NoTextLayer, match="no text layer"):
        read_document(blank, "scan.pdf")


def test_more_pages_than_the_cap_is_a_clear_error(settings):
    pages = page_images("一、总体情况\n全年完成投资12亿元。", Scan(dpi=100), max_pages=1) * 3
    settings(OCR_MAX_PAGES=2)
    with pytest.raises(OcrLimitExceeded, match="3 pages need OCR, over the limit of 2 pages"):
        read_document(scanned_pdf(pages, 100), "scan.pdf")
    tiff = image_bytes(pages[0], "TIFF")
    buffer = io.BytesIO()
    pages[0].save(buffer, "TIFF", save_all=True, append_images=pages[1:])
    with pytest.raises(OcrLimitExceeded, match="3 pages need OCR"):
        read_document(buffer.getvalue(), "scan.tif")
    assert read_document(tiff, "scan.tif")  # one frame is within the cap


def test_ocr_past_its_time_cap_is_a_clear_error(settings):
    pages = page_images("一、总体情况\n全年完成投资12亿元。", Scan(dpi=100), max_pages=1) * 2
    settings(OCR_MAX_SECONDS=0.001)
    with pytest.raises(OcrLimitExceeded, match="OCR took longer than its limit"):
        read_document(scanned_pdf(pages, 100), "scan.pdf")


def test_a_damaged_image_is_refused():
    with pytest.raises(CorruptDocument, match="image is damaged"):
        sniff_format(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "scan.png")
