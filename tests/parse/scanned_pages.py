"""Scanned pages made from real report text: typeset on A4 with a CJK font, then degraded like a scanner does
(a slight skew, blur, speckle noise and JPEG compression), at a chosen resolution.

Used by the OCR tests (tests/parse/test_ocr*.py, tests/services/test_services_ocr.py) and the accuracy bench
(bench/ocr_accuracy.py). Needs Pillow, numpy and a CJK font (Debian's fonts-noto-cjk; `.ci/run` installs it).
"""

from __future__ import annotations

import functools
import io
import random
import subprocess
from dataclasses import dataclass
from pathlib import Path

A4_INCHES = (8.27, 11.69)
MARGIN_INCHES = 0.9
FONT_POINTS = 14  # about 四号: the body size of a printed report
LINE_SPACING = 1.6
INDENT = "\u3000\u3000"  # a paragraph's first line is indented by two full-width spaces


@dataclass(frozen=True)
class Scan:
    dpi: int
    skew_degrees: float = 0.6  # the largest rotation, drawn at random in ±skew
    blur: float = 0.4  # Gaussian blur radius in pixels at 200 dpi
    noise: float = 0.04  # ten times the share of the pixels turned into dark specks of dust
    grain: float = 18  # standard deviation of the sensor grain, in grey levels
    jpeg_quality: int | None = 70  # None: no compression artefacts


@functools.cache
def cjk_font_path() -> str:
    out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
    files = sorted(line.split(":")[0] for line in out.splitlines() if line.strip())
    regular = [f for f in files if "Regular" in f and "Serif" in f] or [f for f in files if "Regular" in f] or files
    if not regular:
        raise RuntimeError("no CJK font found (apt-get install fonts-noto-cjk)")
    return regular[0]


def _font(dpi: int):
    from PIL import ImageFont

    return ImageFont.truetype(cjk_font_path(), round(FONT_POINTS / 72 * dpi))


def layout(text: str, dpi: int) -> list[list[str]]:
    """The text's paragraphs wrapped into lines of the page's text width, the lines cut into pages."""
    font = _font(dpi)
    width = (A4_INCHES[0] - 2 * MARGIN_INCHES) * dpi
    per_page = int((A4_INCHES[1] - 2 * MARGIN_INCHES) * dpi // (font.size * LINE_SPACING))
    lines: list[str] = []
    for paragraph in (p.strip() for p in text.splitlines()):
        if not paragraph:
            continue
        line = INDENT
        for char in paragraph:
            if font.getlength(line + char) > width:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return [lines[i:i + per_page] for i in range(0, len(lines), per_page)]


def page_images(text: str, scan: Scan, *, max_pages: int | None = None, seed: int = 0, crop: bool = False) -> list:
    """Grayscale PIL images of the text's pages, degraded as `scan` says; `crop`: a page only as high as its
    lines (a small file for upload tests)."""
    from PIL import Image, ImageDraw

    font = _font(scan.dpi)
    size = (round(A4_INCHES[0] * scan.dpi), round(A4_INCHES[1] * scan.dpi))
    margin = round(MARGIN_INCHES * scan.dpi)
    rng = random.Random(seed)
    images = []
    for lines in layout(text, scan.dpi)[:max_pages]:
        page = Image.new("L", size, 255)
        draw = ImageDraw.Draw(page)
        for number, line in enumerate(lines):
            draw.text((margin, margin + number * font.size * LINE_SPACING), line, font=font, fill=0)
        if crop:
            page = page.crop((0, 0, size[0], round(2 * margin + len(lines) * font.size * LINE_SPACING)))
        images.append(degrade(page, scan, rng))
    return images


def degrade(page, scan: Scan, rng: random.Random):
    import numpy
    from PIL import Image, ImageFilter

    if scan.skew_degrees:
        page = page.rotate(rng.uniform(-scan.skew_degrees, scan.skew_degrees), resample=Image.BICUBIC,
                           expand=False, fillcolor=255)
    if scan.blur:
        page = page.filter(ImageFilter.GaussianBlur(scan.blur * scan.dpi / 200))
    if scan.noise:
        pixels = numpy.array(page, dtype=numpy.int16)
        generator = numpy.random.default_rng(rng.randrange(2**32))
        pixels += generator.normal(0, scan.grain, pixels.shape).astype(numpy.int16)  # sensor grain
        speckles = generator.random(pixels.shape) < scan.noise / 10  # dust: dark specks
        pixels[speckles] = generator.integers(0, 120, int(speckles.sum()))
        page = Image.fromarray(numpy.clip(pixels, 0, 255).astype(numpy.uint8), "L")
    if scan.jpeg_quality:
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=scan.jpeg_quality)
        page = Image.open(io.BytesIO(buffer.getvalue()))
        page.load()
    return page


def rendered_text(text: str, dpi: int, max_pages: int | None = None) -> str:
    """The part of `text` that `page_images` puts on its pages, one paragraph a line (the reference for CER)."""
    pages = layout(text, dpi)[:max_pages]
    paragraphs: list[str] = []
    for line in (line for page in pages for line in page):
        if line.startswith(INDENT) or not paragraphs:
            paragraphs.append(line.removeprefix(INDENT))
        else:
            paragraphs[-1] += line
    return "\n".join(paragraphs) + "\n"


def scanned_pdf(images: list, dpi: int) -> bytes:
    """An image-only PDF of the pages (what a scanner writes): no text layer at all."""
    buffer = io.BytesIO()
    rgb = [image.convert("RGB") for image in images]
    rgb[0].save(buffer, "PDF", save_all=True, append_images=rgb[1:], resolution=dpi)
    return buffer.getvalue()


def image_bytes(image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def mixed_pdf(text_pdf: bytes, scanned: bytes) -> bytes:
    """The pages of a PDF with a text layer followed by the pages of a scanned one, in one PDF."""
    import pypdfium2

    out = pypdfium2.PdfDocument.new()
    for data in (text_pdf, scanned):
        source = pypdfium2.PdfDocument(data)
        out.import_pages(source)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


FULL_CORPUS = Path(__file__).resolve().parents[1] / "data" / "full" / "docs"


def corpus_text(name: str, characters: int | None = None) -> str:
    """A report of the full corpus (its opening `characters` characters, cut at a paragraph's end)."""
    from services.parse.readers import read_document

    path = FULL_CORPUS / name
    text = read_document(path.read_bytes(), path.name)
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if characters is not None and len(text) > characters:
        text = text[:text.rfind("\n", 0, characters) + 1 or characters]
    return text
