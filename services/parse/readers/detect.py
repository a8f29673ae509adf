"""Tell what an uploaded file really is from its bytes, and check that against its name."""

from __future__ import annotations

import io
import re
import zipfile

from shared.errors import UnsupportedFormat

from .errors import CorruptDocument, EmptyDocument, EncryptedDocument, MislabelledDocument, UndecodableText
from .ole import ole_streams
from .signatures import (
    DOCX_MAIN_PART,
    EXTENSIONS,
    FORMAT_NAMES,
    MAGIC,
    PDF_EOF_WINDOW,
    PDF_HEADER_WINDOW,
    UNSUPPORTED_HINTS,
    ZIP_KIND_MEMBERS,
)

HEAD_SIZE = 8192
_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta)[\s>/]", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(p|div|br|table|span|h[1-6])[\s>/]", re.I)


def extension(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_kind(data: bytes) -> tuple[str, str] | None:
    """(kind, description) of a recognised non-text file signature, or None for anything else."""
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return "pdf", "a PDF file"
    for kind, description, offset, signature in MAGIC:
        if data.startswith(signature, offset):
            return kind, description
    return None


def zip_members(data: bytes) -> list[str] | None:
    """Member names of a ZIP archive, or None when its structure cannot be read (truncated or damaged)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None


def looks_like_utf16(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    even, odd = head[0::2].count(0), head[1::2].count(0)
    nuls = even + odd
    # ASCII characters in UTF-16 put their zero byte always on the same side
    return nuls > 0 and max(even, odd) >= 0.8 * nuls and nuls <= len(head) // 2


def looks_binary(head: bytes) -> bool:
    if looks_like_utf16(head):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f\x1a\x1b")
    return controls > max(8, len(head) // 100)


def looks_like_html(head: bytes) -> bool:
    head = head.replace(b"\x00", b"").removeprefix(b"\xef\xbb\xbf").removeprefix(b"\xff\xfe").removeprefix(b"\xfe\xff")
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= 3


def describe(data: bytes) -> str:
    found = content_kind(data)
    if found:
        if found[0] == "zip":
            return _zip_description(data)
        return found[1]
    if looks_binary(data[:HEAD_SIZE]):
        return "binary data"
    return "plain text"


def _zip_description(data: bytes) -> str:
    kind = _zip_kind(data)
    return {"docx": "a Word .docx document", None: "a ZIP archive"}.get(kind, kind)


def local_member_names(head: bytes, limit: int = 64) -> list[str]:
    """Names in the ZIP local file headers found in the first bytes of an archive (no central directory needed)."""
    names: list[str] = []
    position = head.find(b"PK\x03\x04")
    while position != -1 and position + 30 <= len(head) and len(names) < limit:
        name_length = int.from_bytes(head[position + 26 : position + 28], "little")
        names.append(head[position + 30 : position + 30 + name_length].decode("utf-8", "replace"))
        position = head.find(b"PK\x03\x04", position + 30 + name_length)
    return names


def _zip_kind(data: bytes) -> str | None:
    """"docx", the description of another kind of ZIP, or None when the bytes at hand cannot tell."""
    members = zip_members(data)
    names = members if members is not None else local_member_names(data)
    if DOCX_MAIN_PART in names or any(name.startswith("word/") for name in names):
        return "docx"
    for member, description in ZIP_KIND_MEMBERS:
        if member in names:
            return description
    return "a ZIP archive" if members is not None else None


def sniff_format(data: bytes, filename: str) -> str:
    """The format to read the file as: "txt", "docx", "pdf", "html", "doc" or "image".

    ``data`` may be the whole file or only its first bytes (the upload API passes the first 64 KB): checks that
    need the whole file (a truncated PDF or .docx) are left to read_document. Raises UnsupportedFormat for a
    file type reportflow does not read (by its name), and an UnreadableDocument subclass when the bytes are
    empty or of another kind than the name says.
    """
    ext = extension(filename)
    if ext not in EXTENSIONS:
        advice = UNSUPPORTED_HINTS.get(ext, "reportflow reads .txt, .docx, .doc, .wps, .pdf, .html and "
                                                   ".png/.jpg/.tif files")
        raise UnsupportedFormat(filename, f"unsupported file type '{ext or 'no extension'}': {advice}")
    if not data:
        raise EmptyDocument(filename, "the file is empty (0 bytes)")
    claimed = EXTENSIONS[ext]
    kind = (content_kind(data) or ("text", ""))[0]
    if claimed == "pdf" and kind == "pdf":
        return "pdf"
    if claimed == "image" and kind == "image":
        check_image_header(data, filename)
        return "image"
    if claimed == "docx" and kind == "zip":
        zip_kind = _zip_kind(data)
        if zip_kind in ("docx", None):
            return "docx"
        raise MislabelledDocument(filename, f"the name says a Word .docx document ({ext}) but the content is {zip_kind}")
    if claimed == "doc":
        # .doc/.wps are told by content: OLE (Word 97–2003, WPS Office), or a .docx or a web page saved so named
        if kind == "ole2":
            return "doc"
        if kind == "zip" and _zip_kind(data) in ("docx", None):
            return "docx"
    if claimed == "docx" and kind == "ole2" and "EncryptedPackage" in ole_streams(data):
        raise EncryptedDocument(filename, "the .docx is password-protected (Word stores it encrypted)")
    if claimed in ("pdf", "docx", "image") or kind != "text":
        raise MislabelledDocument(
            filename, f"the name says {FORMAT_NAMES[claimed]} ({ext}) but the content is {describe(data)}"
        )
    head = data[:HEAD_SIZE]
    if looks_binary(head):
        raise UndecodableText(filename, "the content is binary data (NUL or control bytes), not text")
    if looks_like_html(head):
        return "html"
    return "txt"


def check_complete_pdf(data: bytes, filename: str) -> None:
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        raise CorruptDocument(filename, "the PDF is truncated (its end-of-file marker is missing)")


def check_complete_docx(data: bytes, filename: str) -> None:
    members = zip_members(data)
    if members is None:
        raise CorruptDocument(filename, "the .docx is truncated or damaged (its ZIP structure cannot be read)")
    if DOCX_MAIN_PART not in members:
        raise MislabelledDocument(
            filename, f"the name says a Word .docx document but the content is {_zip_description(data)}"
        )


def check_image_header(data: bytes, filename: str) -> None:
    """An image whose header cannot be read (a truncated or damaged file) is refused before OCR is tried."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            image.size  # noqa: B018
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise CorruptDocument(filename, "the image is damaged: its header cannot be read") from None
