"""Expand an uploaded .zip safely: the members that are documents, as (path, bytes) or (path, stream).

Used by the ingest API (a .zip in a batch upload) and by ``reportflow upload`` (a .zip on disk). The whole
central directory is checked before any member is read:

- a member path that is absolute or climbs out with ``..``, or a symbolic link, makes the archive unsafe;
- more documents than ``max_members``, a member declaring more than ``max_member_bytes``, or members
  declaring more than ``max_total_bytes`` together make it too large (a zip bomb declares its real size);
- and while reading, a member that yields more bytes than it declared stops at once (a bomb that lies in its
  headers), so the caps hold whatever the headers say.

Folders and operating-system leftovers (``__MACOSX/``, ``.DS_Store``, see shared.archive_rules) are skipped.
Names written without the UTF-8 flag (Windows zip tools in China write GBK) are decoded back right.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from shared.archive_rules import junk_reason
from shared.errors import DocumentError
from shared.settings import Settings

CHUNK = 1024 * 1024
UTF8_NAME_FLAG = 0x800  # general purpose bit 11: the member name is UTF-8
ENCRYPTED_FLAG = 0x1
# Entries of any kind (folders and leftovers included) allowed per allowed document: macOS adds one
# __MACOSX/._ companion per file, folders add a few more.
ENTRIES_PER_MEMBER = 4

# Errors the zipfile module and the decompressors raise on damaged or unsupported archives.
_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, OSError,
                ValueError)


class ArchiveError(DocumentError):
    """An archive cannot be expanded; none of its members is taken."""


class UnsafeArchive(ArchiveError):
    """A member would land outside the archive's folder (absolute path, ``..``) or is a symbolic link."""


class ArchiveTooLarge(ArchiveError):
    """Too many members, or more bytes than the limits allow (declared, or found while reading)."""


class CorruptArchive(ArchiveError):
    """Not a zip, damaged, encrypted, or compressed with a method that cannot be read."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_members: int
    max_member_bytes: int
    max_total_bytes: int

    @classmethod
    def from_settings(cls, settings: Settings) -> ArchiveLimits:
        # a member is one document: it gets the same size limit as a file uploaded on its own
        return cls(max_members=settings.ZIP_MAX_MEMBERS, max_member_bytes=settings.MAX_UPLOAD_BYTES,
                   max_total_bytes=settings.ZIP_MAX_TOTAL_BYTES)


@dataclass(frozen=True)
class Member:
    path: str  # decoded, "/"-separated, relative, no "." or ".." components
    size: int  # as declared by the archive; reading never yields more
    info: zipfile.ZipInfo


def decode_member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it.

    Without the UTF-8 flag zipfile decodes names as cp437, which turns GBK names into mojibake. cp437 maps
    every byte, so encoding back recovers the bytes; those are tried as UTF-8 (macOS and 7-Zip often omit
    the flag), then as GB18030 (a superset of GBK, what Chinese Windows writes).
    """
    if info.flag_bits & UTF8_NAME_FLAG:
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def normalise_path(archive: str, name: str) -> str:
    """The member's relative path, or UnsafeArchive when it would land outside the extraction folder."""
    path = name.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":" and path[0].isalpha()):
        raise UnsafeArchive(archive, f"member {name!r} has an absolute path")
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise UnsafeArchive(archive, f"member {name!r} points outside the archive (..)")
    return "/".join(parts)


class BoundedReader:
    """Reads one member, refusing to yield more bytes than it declared."""

    def __init__(self, archive: str, member: Member, stream: BinaryIO):
        self._archive = archive
        self._member = member
        self._stream = stream
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        # never ask the decompressor for more than one byte past the declared size
        allowed = self._member.size - self.consumed + 1
        try:
            data = self._stream.read(allowed if size < 0 else min(size, allowed))
        except RuntimeError as exc:  # zipfile's "password required" for encrypted members
            raise CorruptArchive(self._archive, f"member {self._member.path!r} cannot be read: {exc}") from exc
        except _READ_ERRORS as exc:
            raise CorruptArchive(self._archive, f"member {self._member.path!r} is damaged: {exc}") from exc
        self.consumed += len(data)
        if self.consumed > self._member.size:
            raise ArchiveTooLarge(self._archive, f"member {self._member.path!r} holds more than the "
                                                 f"{self._member.size} bytes it declares")
        return data

    def close(self) -> None:
        self._stream.close()


class MemberStream:
    """A file-like view of one member for code that reads a stream twice (hash it, then store it):
    ``seek(0)`` opens the member afresh; every pass is bounded like BoundedReader."""

    def __init__(self, archive: SafeZip, member: Member):
        self._archive = archive
        self._member = member
        self._reader: BoundedReader | None = None

    def read(self, size: int = -1) -> bytes:
        if self._reader is None:
            self._reader = self._archive.open(self._member)
        return self._reader.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        if (offset, whence) != (0, 0):
            raise OSError("a zip member stream can only be rewound to its start")
        self.close()
        return 0

    def tell(self) -> int:
        return self._reader.consumed if self._reader else 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None


class SafeZip:
    """An archive whose central directory passed every check; ``members`` are its documents."""

    def __init__(self, source: str | Path | BinaryIO, filename: str, limits: ArchiveLimits):
        self.filename = filename
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(source)
        except _READ_ERRORS as exc:
            raise CorruptArchive(filename, f"not a readable zip archive ({exc})") from exc
        try:
            self.members = self._check(self._zip.infolist())
        except ArchiveError:
            self._zip.close()
            raise

    def _check(self, infos: list[zipfile.ZipInfo]) -> list[Member]:
        name, limits = self.filename, self.limits
        if len(infos) > limits.max_members * ENTRIES_PER_MEMBER:
            raise ArchiveTooLarge(name, f"the archive has {len(infos)} entries, far over the limit of "
                                        f"{limits.max_members} documents")
        members = []
        for info in infos:
            decoded = decode_member_name(info)
            path = normalise_path(name, decoded)
            if is_symlink(info):
                raise UnsafeArchive(name, f"member {decoded!r} is a symbolic link")
            if info.is_dir() or decoded.replace("\\", "/").endswith("/") or not path or junk_reason(path):
                continue
            if info.flag_bits & ENCRYPTED_FLAG:
                raise CorruptArchive(name, f"member {path!r} is encrypted; unpack it with its password first")
            if info.file_size > limits.max_member_bytes:
                raise ArchiveTooLarge(name, f"member {path!r} declares {info.file_size} bytes, over the limit "
                                            f"of {limits.max_member_bytes} bytes per document")
            members.append(Member(path, info.file_size, info))
        if len(members) > limits.max_members:
            raise ArchiveTooLarge(name, f"the archive holds {len(members)} documents, over the limit of "
                                        f"{limits.max_members}")
        total = sum(member.size for member in members)
        if total > limits.max_total_bytes:
            raise ArchiveTooLarge(name, f"the archive expands to {total} bytes, over the limit of "
                                        f"{limits.max_total_bytes} bytes")
        return members

    def open(self, member: Member) -> BoundedReader:
        try:
            stream = self._zip.open(member.info)
        except RuntimeError as exc:
            raise CorruptArchive(self.filename, f"member {member.path!r} cannot be read: {exc}") from exc
        except _READ_ERRORS as exc:
            raise CorruptArchive(self.filename, f"member {member.path!r} is damaged: {exc}") from exc
        return BoundedReader(self.filename, member, stream)

    def read(self, member: Member) -> bytes:
        reader = self.open(member)
        try:
            parts = []
            while chunk := reader.read(CHUNK):
                parts.append(chunk)
            return b"".join(parts)
        finally:
            reader.close()

    def verify(self) -> None:
        """Read every member through to the end (checksums and sizes), keeping nothing."""
        for member in self.members:
            reader = self.open(member)
            try:
                while reader.read(CHUNK):
                    pass
            finally:
                reader.close()

    def stream(self, member: Member) -> MemberStream:
        return MemberStream(self, member)

    def items(self) -> Iterator[tuple[str, bytes]]:
        """(path, bytes) of each document, one at a time."""
        for member in self.members:
            yield member.path, self.read(member)

    def streams(self) -> Iterator[tuple[str, MemberStream]]:
        """(path, stream) of each document; read them while the archive is open."""
        for member in self.members:
            yield member.path, self.stream(member)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def is_archive(filename: str) -> bool:
    return filename.lower().endswith(".zip")
