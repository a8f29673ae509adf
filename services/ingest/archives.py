"""A .zip in a batch upload becomes one upload per document inside it (shared.archive checks it first)."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from shared.archive import ArchiveError, ArchiveLimits, SafeZip, is_archive
from shared.settings import get_settings

MAX_FILENAME = 512  # Document.filename's column size

U = TypeVar("U")  # services.ingest.uploads.Upload (not imported: that module calls this one)


def member_filename(path: str) -> str:
    """The member's path inside the archive; a very deep path keeps its end, which names the file."""
    return path if len(path) <= MAX_FILENAME else path[-MAX_FILENAME:]


def expand_archives(uploads: list[U], max_member_bytes: int) -> list[U]:
    """Every upload as it came, except that each .zip is replaced by its documents, or, when it cannot be
    expanded safely, kept as one upload carrying the reason (recorded as rejected; the batch goes on)."""
    settings = get_settings()
    limits = ArchiveLimits(max_members=settings.ZIP_MAX_MEMBERS, max_member_bytes=max_member_bytes,
                           max_total_bytes=settings.ZIP_MAX_TOTAL_BYTES)
    expanded: list[U] = []
    for upload in uploads:
        if not is_archive(upload.filename):
            expanded.append(upload)
            continue
        try:
            archive = SafeZip(upload.stream, upload.filename, limits)
            archive.verify()  # damaged or lying members are found now, before any document is recorded
        except ArchiveError as exc:
            upload.stream.seek(0)
            expanded.append(replace(upload, problem=f"archive rejected: {exc.problem}"))
            continue
        if not archive.members:  # said, not dropped: an upload never vanishes without a word
            upload.stream.seek(0)
            expanded.append(replace(upload, problem="archive rejected: it holds no documents (only folders, or "
                                                    "system files such as __MACOSX)"))
            continue
        expanded.extend(replace(upload, filename=member_filename(member.path), stream=archive.stream(member),
                                declared_type=None, path=f"{upload.path or upload.filename}/{member.path}")
                        for member in archive.members)
    return expanded
