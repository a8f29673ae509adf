"""Turn an uploaded file (bytes + filename) into text, or raise a DocumentError naming the problem.

Formats: .txt (UTF-8, GB18030/GBK, Big5, UTF-16 — detected, never mojibake), .docx, .pdf with a text layer,
.html/.htm, and .doc/.wps (OLE files, read by antiword; a .wps holding a .docx is read as one). The content is sniffed, so a file whose bytes are not what its name says is refused clearly.
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
    UndecodableText,
)
from .html import read_html
from .pdf import read_pdf
from .text import read_txt

READERS = {"txt": read_txt, "docx": read_docx, "pdf": read_pdf, "html": read_html, "doc": read_doc}

__all__ = [
    "ConversionFailed",
    "ConverterMissing",
    "CorruptDocument",
    "EmptyDocument",
    "EncryptedDocument",
    "MislabelledDocument",
    "NoTextLayer",
    "UndecodableText",
    "read_document",
    "sniff_format",
]


def read_document(data: bytes, filename: str) -> str:
    """The text of an uploaded file; raises a shared.errors.DocumentError subclass naming the file and problem."""
    text = READERS[sniff_format(data, filename)](data, filename)
    if not text.strip():
        raise EmptyDocument(filename, "the file contains no text")
    return text
