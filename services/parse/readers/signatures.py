"""File signatures ("magic numbers") that tell what a file really is, whatever its name says.

Ordered: the first matching entry wins. Each entry: (kind, description for messages, offset, signature).
"""

import re

# (kind, description, offset, leading bytes)
MAGIC: tuple[tuple[str, str, int, bytes], ...] = (
    # a PDF; the header may follow a little junk (spec allows it within the first 1024 bytes), see PDF_HEADER_WINDOW
    ("pdf", "a PDF file", 0, b"%PDF-"),
    # .docx/.xlsx/.pptx/.odt and plain archives are all ZIP containers; which one is decided by its members
    ("zip", "a ZIP archive", 0, b"PK\x03\x04"),
    ("zip", "an empty ZIP archive", 0, b"PK\x05\x06"),
    # old binary Office files (.doc/.xls/.wps) that users often rename to .docx
    ("ole2", "an old binary Office file (.doc/.xls/.wps)", 0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ("rtf", "an RTF document", 0, b"{\\rtf"),
    ("image", "a PNG image", 0, b"\x89PNG\r\n\x1a\n"),
    ("image", "a JPEG image", 0, b"\xff\xd8\xff"),
    ("image", "a GIF image", 0, b"GIF8"),
    ("image", "a TIFF image", 0, b"II*\x00"),
    ("image", "a TIFF image", 0, b"MM\x00*"),
    ("image", "a WebP image", 8, b"WEBP"),
    ("archive", "a gzip archive", 0, b"\x1f\x8b"),
    ("archive", "a 7-Zip archive", 0, b"7z\xbc\xaf\x27\x1c"),
    ("archive", "a RAR archive", 0, b"Rar!\x1a\x07"),
    ("binary", "an executable program", 0, b"\x7fELF"),
)

# the PDF header may be preceded by junk; readers accept it within this many leading bytes
PDF_HEADER_WINDOW = 1024
# a complete PDF ends with %%EOF; writers may append a little padding after it
PDF_EOF_WINDOW = 4096

# members that make a ZIP a Word .docx, and the ones that reveal the other Office/ODF kinds for messages
DOCX_MAIN_PART = "word/document.xml"
ZIP_KIND_MEMBERS: tuple[tuple[str, str], ...] = (
    ("xl/workbook.xml", "an Excel .xlsx workbook"),
    ("ppt/presentation.xml", "a PowerPoint .pptx presentation"),
    ("content.xml", "an OpenDocument file (.odt/.ods)"),
    ("OFD.xml", "an OFD document"),
)

# file name endings → format read; anything else is rejected
EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    # old binary Word and WPS Office files (OLE compound files); what they really hold is told by content
    ".doc": "doc",
    ".wps": "doc",
    # scanned pages, read by OCR (services/parse/readers/ocr.py)
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}

# extensions people try that we do not read, with the advice to give
UNSUPPORTED_HINTS: dict[str, str] = {
    ".rtf": "RTF files are not supported; save it as .docx",
    ".xls": "spreadsheets are not supported",
    ".xlsx": "spreadsheets are not supported",
    ".ofd": "OFD documents are not supported; export it as PDF",
}

# how the formats are named to users
FORMAT_NAMES: dict[str, str] = {
    "txt": "a text file",
    "docx": "a Word .docx document",
    "pdf": "a PDF file",
    "html": "an HTML page",
    "doc": "a Word .doc or WPS document",
    "image": "a PNG, JPEG or TIFF image",
}

# OLE compound files: a directory entry starts with its stream name in UTF-16-LE, NUL-terminated
OLE_STREAM_ENTRY = re.compile(b"|".join(
    re.escape((name + "\0").encode("utf-16-le"))
    for name in ("WordDocument", "EncryptedPackage", "Workbook", "Book", "PowerPoint Document", "CONTENTS")
))
# streams that make an OLE file something other than a Word/WPS text document, for messages
OLE_KINDS: tuple[tuple[str, str], ...] = (
    ("Workbook", "an Excel .xls workbook"),
    ("Book", "an Excel .xls workbook"),
    ("PowerPoint Document", "a PowerPoint .ppt presentation"),
    ("CONTENTS", "a Microsoft Works document"),
)
