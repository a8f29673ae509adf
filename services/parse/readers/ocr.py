"""Text of scanned documents by OCR: images (.png/.jpg/.tif, every frame of a TIFF) and the pages of a PDF that
have no text layer (a scan, or the scanned pages of a mixed PDF, whose text pages are read from their layer).

Pages are rendered by pypdfium2, read by the engine (ocr_engine), their lines normalised (ocr_text) and put
back together like a PDF's laid-out lines (pdf.pages_text: running heads dropped, table rows, paragraphs).
A document over OCR_MAX_PAGES pages needing OCR, or still being read after OCR_MAX_SECONDS, is refused with
its own error; both settings are read when a document is read.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator

from shared.settings import get_settings

from .detect import check_complete_pdf
from .errors import CorruptDocument, OcrLimitExceeded, OcrUnavailable
from .ocr_engine import EngineMissing, OcrLine, recognise
from .ocr_text import normalise_line
from .pdf import MARGIN_BAND, Line, pages_text, read_pdf

# a PDF page with fewer characters than this in its text layer is a scanned page (a stray page number or a
# scanner's invisible watermark aside)
MIN_LAYER_CHARS = 20
# resolution scanned PDF pages are rendered at for OCR (bench/ocr_accuracy.py: 200 dpi reads as well as 300)
RENDER_DPI = 200


def scanned_pages(data: bytes) -> list[int] | None:
    """Numbers (from 0) of the PDF's pages without a text layer that show an image; None when pypdfium2 cannot open the file (the
    text-layer reader then says what is wrong with it)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None
    try:
        found = []
        for number in range(len(document)):
            page = document[number]
            textpage = page.get_textpage()
            if len(textpage.get_text_bounded().strip()) < MIN_LAYER_CHARS and _has_image(page):
                found.append(number)
            textpage.close()
            page.close()
        return found
    finally:
        document.close()


def _has_image(page) -> bool:
    """A page that shows an image (a blank page, or one of drawn shapes only, has nothing to OCR)."""
    import pypdfium2.raw as pdfium_c

    return next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2), None) is not None


def needs_ocr(data: bytes, fmt: str) -> bool:
    """Whether a document of this format (detect.sniff_format) needs OCR to be read."""
    return fmt == "image" or (fmt == "pdf" and bool(scanned_pages(data)))


def read_image(data: bytes, filename: str) -> str:
    return _read_pages(list(_image_pages(data, filename)), filename)


def read_pdf_or_scan(data: bytes, filename: str) -> str:
    """A PDF's text: from its text layer, with its pages that have none read by OCR."""
    scanned = scanned_pages(data)
    if not scanned:
        return read_pdf(data, filename)
    check_complete_pdf(data, filename)
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        count = len(document)
        _check_page_count(len(scanned), filename)
        started = time.monotonic()
        texts: list[str] = []
        layer_run: set[int] = set()
        for number in range(count):
            if number not in scanned:
                layer_run.add(number)
                continue
            if layer_run:  # the text pages before this scanned one, read from their layer as one stretch
                texts.append(read_pdf(data, filename, layer_run))
                layer_run = set()
            image = document[number].render(scale=RENDER_DPI / 72, grayscale=True).to_pil()
            texts.append(pages_text([_page_lines(image, filename)]))
            _check_time(started, filename)
        if layer_run:
            texts.append(read_pdf(data, filename, layer_run))
    finally:
        document.close()
    return "".join(text for text in texts if text)


def _image_pages(data: bytes, filename: str) -> Iterator:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
        _check_page_count(frames, filename)
        for frame in ImageSequence.Iterator(image):
            frame.load()
            yield frame.copy()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise CorruptDocument(filename, f"the image is damaged or too large to read ({type(error).__name__})") \
            from None


def _read_pages(images: list, filename: str) -> str:
    started = time.monotonic()
    pages = []
    for image in images:
        pages.append(_page_lines(image, filename))
        _check_time(started, filename)
    return pages_text(pages)


def _page_lines(image, filename: str) -> list[Line]:
    """The page's OCR'd lines as laid-out lines (pdf.Line: y grows upwards, as in a PDF)."""
    try:
        found = recognise(image)
    except EngineMissing as error:
        raise OcrUnavailable(filename, f"the OCR engine is not installed on this worker ({error})") from None
    height = image.height
    return [line for line in (_line(found_line, height) for found_line in found) if line.text]


def _line(found: OcrLine, height: float) -> Line:
    middle = height - (found.top + found.bottom) / 2
    in_margin = not MARGIN_BAND * height < middle < (1 - MARGIN_BAND) * height
    size = max(found.bottom - found.top, 1.0)
    return Line(normalise_line(found.text), found.left, found.right, size, in_margin, middle)


def _check_page_count(pages: int, filename: str) -> None:
    limit = get_settings().OCR_MAX_PAGES
    if pages > limit:
        raise OcrLimitExceeded(filename, f"{pages} pages need OCR, over the limit of {limit} pages a document "
                                         "(REPORTFLOW_OCR_MAX_PAGES)")


def _check_time(started: float, filename: str) -> None:
    limit = get_settings().OCR_MAX_SECONDS
    if time.monotonic() - started > limit:
        raise OcrLimitExceeded(filename, f"OCR took longer than its limit of {limit} s for a document "
                                         "(REPORTFLOW_OCR_MAX_SECONDS); split the scan into smaller files")

