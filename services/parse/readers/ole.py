"""The stream names of an OLE compound file (.doc, .wps, .xls, encrypted .docx), enough to tell them apart."""

from __future__ import annotations

from .signatures import OLE_STREAM_ENTRY


def ole_streams(data: bytes) -> set[str]:
    """Names of the streams listed in an OLE compound file's directory (entries found where they may sit)."""
    names = set()
    for match in OLE_STREAM_ENTRY.finditer(data):
        start = match.start()
        if start < 512 or (start - 512) % 128:
            continue  # directory entries are 128 bytes, in sectors after the 512-byte header
        length = int.from_bytes(data[start + 64 : start + 66], "little")
        if 2 <= length <= 64 and length % 2 == 0:
            names.add(data[start : start + length - 2].decode("utf-16-le", "replace"))
    return names
