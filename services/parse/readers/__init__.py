"""Turn an uploaded file (bytes + filename) into text, or raise a DocumentError naming the problem.

Formats: .txt (UTF-8, GB18030/GBK, Big5, UTF-16 — detected, never mojibake), .docx, .pdf with a text layer,
.html/.htm, .doc/.wps (OLE files, read by antiword; a .wps holding a .docx is read as one), and scans by OCR:
.png/.jpg/.tif images and the pages of a PDF that have no text layer (readers.ocr). The content is sniffed, so a
file whose bytes are not what its name says is refused clearly.
"""

from __future__ import annotations

from .detect import sniff_format
from .doc import read_doc
from .docx import read_docx
from .errors import (
    ConversionFailed,
    ConverterMissing,
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    MislabelledDocument,
    NoTextLayer,
    OcrLimitExceeded,
    OcrUnavailable,
    UndecodableText,
)
from .html import read_html
from .ocr import needs_ocr, read_image, read_pdf_or_scan
from .text import read_txt

READERS = {"txt": read_txt, "docx": read_docx, "pdf": read_pdf_or_scan, "html": read_html, "doc": read_doc,
           "image": read_image}

__all__ = [
    "ConversionFailed",
    "ConverterMissing",
    "CorruptDocument",
    "EmptyDocument",
    "EncryptedDocument",
    "MislabelledDocument",
    "NoTextLayer",
    "OcrLimitExceeded",
    "OcrUnavailable",
    "UndecodableText",
    "document_needs_ocr",
    "read_document",
    "sniff_format",
]


def read_document(data: bytes, filename: str) -> str:
    """The text of an uploaded file; raises a shared.errors.DocumentError subclass naming the file and problem."""
    text = READERS[sniff_format(data, filename)](data, filename)
    if not text.strip():
        raise EmptyDocument(filename, "the file contains no text")
    return text


def document_needs_ocr(data: bytes, filename: str) -> bool:
    """Whether reading the file takes OCR (an image, a PDF with pages without a text layer): the pipeline sends
    such a document to its ``ocr`` stage first (services.parse.tasks)."""
    return needs_ocr(data, sniff_format(data, filename))
