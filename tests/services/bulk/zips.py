"""Build zip archives for the tests, including the malformed ones real tools and attackers produce."""

from __future__ import annotations

import io
import stat
import struct
import zipfile

LOCAL_HEADER_SIZE_FIELD = 22  # uncompressed size in a local file header
CENTRAL_HEADER_SIZE_FIELD = 24  # uncompressed size in a central directory entry


def make_zip(members: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Names ending in "/" become folder entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def with_raw_names(members: list[tuple[bytes, bytes]]) -> bytes:
    """Members whose names are written as the given bytes with the UTF-8 flag unset, as Windows zip tools
    in a Chinese locale write GBK names (zipfile itself always flags non-ASCII names as UTF-8)."""
    placeholders = [(f"{i:0{len(raw)}d}"[-len(raw):], raw) for i, (raw, _) in enumerate(members)]
    data = make_zip([(placeholder, content) for (placeholder, _), (_, content) in zip(placeholders, members,
                                                                                         strict=True)])
    for placeholder, raw in placeholders:
        assert data.count(placeholder.encode()) == 2  # once in the local header, once in the central directory
        data = data.replace(placeholder.encode(), raw)
    return data


def with_symlink(name: str, target: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo(name)
        info.create_system = 3  # Unix, whose mode bits say "symbolic link"
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, target)
    return buffer.getvalue()


def lying_about_size(name: str, content: bytes, declared: int) -> bytes:
    """One member whose headers declare ``declared`` bytes while it inflates to ``len(content)``."""
    data = bytearray(make_zip([(name, content)]))
    struct.pack_into("<I", data, LOCAL_HEADER_SIZE_FIELD, declared)
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + CENTRAL_HEADER_SIZE_FIELD, declared)
    return bytes(data)


def with_damaged_data(name: str, content: bytes) -> bytes:
    """One deflated member whose compressed bytes were overwritten in the middle (a bad disk, a cut download)."""
    data = bytearray(make_zip([(name, content)]))
    start = 30 + len(name.encode())  # local header, then the name; no extra field from zipfile
    compressed = data.find(b"PK\x01\x02") - start
    middle = start + compressed // 2
    data[middle:middle + 16] = b"\xff" * 16
    return bytes(data)
