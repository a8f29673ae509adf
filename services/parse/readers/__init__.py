"""Turn an uploaded file (bytes + filename) into text, or raise a DocumentError naming the problem."""

from shared.errors import UnreadableDocument, UnsupportedFormat


def read_document(data: bytes, filename: str) -> str:
    # STUB: replaced by the readers work (txt encodings, docx, pdf, html)
    if not data:
        raise UnreadableDocument(filename, "the file is empty")
    if not filename.lower().endswith(".txt"):
        raise UnsupportedFormat(filename, "unsupported file type")
    return data.decode("utf-8-sig")
