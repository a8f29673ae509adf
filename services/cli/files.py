"""The local files an upload is about: directories walked, .zip archives expanded safely, each file hashed.

A file named on the command line is always sent (the service says why it cannot take it); inside a directory
or an archive only files with a supported extension are taken: each other file is reported as skipped, with
the reason, and system leftovers (shared.archive_rules: .DS_Store, __MACOSX/, hidden files) are left out unlisted.
"""

from __future__ import annotations

import functools
import hashlib
import io
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from shared.archive import ArchiveError, ArchiveLimits, SafeZip, is_archive
from shared.archive_rules import junk_reason

CHUNK = 1024 * 1024
# why a file of another type is not sent, for the summary
SKIP_REASONS = {
    **dict.fromkeys((".gif", ".bmp", ".webp"), "an image of a kind OCR does not take: save it as .png or .jpg"),
    **dict.fromkeys((".xls", ".xlsx", ".et", ".csv"), "a spreadsheet: reportflow reads reports, not tables"),
    ".rtf": "RTF is not read: save it as .docx",
    ".ofd": "OFD is not read: export it as PDF",
}


@dataclass(frozen=True)
class LocalFile:
    label: str  # how the summary names it: the path, or "archive.zip/member/path"
    filename: str  # the name sent to the service
    sha256: str
    size: int
    open: Callable[[], BinaryIO]  # a fresh stream of its bytes (plain files are streamed, not loaded)


@dataclass(frozen=True)
class LocalProblem:
    label: str
    error: str
    skipped: bool = False  # left out on purpose (a type reportflow does not read), not a failure


def skip_reason(name: str) -> str:
    ext = Path(name).suffix.lower()
    return "skipped: " + SKIP_REASONS.get(ext, f"not a format reportflow reads ({ext or 'no extension'})")


@functools.cache
def supported_extensions() -> frozenset[str]:
    """What services/parse/readers reads, from the readers' own table (imported on first use, so the CLI
    starts without the readers)."""
    from services.parse.readers.signatures import EXTENSIONS

    return frozenset(EXTENSIONS)


def supported(name: str) -> bool:
    return Path(name).suffix.lower() in supported_extensions()


def _hash_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _plain_file(path: Path) -> LocalFile:
    sha256, size = _hash_file(path)
    return LocalFile(str(path), path.name, sha256, size, lambda: path.open("rb"))


def _archive_files(path: Path, limits: ArchiveLimits) -> Iterator[LocalFile | LocalProblem]:
    try:
        archive = SafeZip(path, str(path), limits)
        lock = threading.Lock()  # members are read again at upload time, from several threads

        def reader(member) -> Callable[[], BinaryIO]:
            def read() -> BinaryIO:
                with lock:
                    return io.BytesIO(archive.read(member))
            return read

        for member in archive.members:
            if not supported(member.path):
                yield LocalProblem(f"{path}/{member.path}", skip_reason(member.path), skipped=True)
                continue
            data = archive.read(member)
            yield LocalFile(f"{path}/{member.path}", member.path, hashlib.sha256(data).hexdigest(), len(data),
                            reader(member))
    except ArchiveError as exc:
        yield LocalProblem(str(path), f"archive rejected: {exc.problem}")


def _walk(directory: Path) -> Iterator[Path | LocalProblem]:
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory).as_posix()
        if not path.is_file() or junk_reason(relative):
            continue
        if supported(path.name) or is_archive(path.name):
            yield path
        else:
            yield LocalProblem(str(path), skip_reason(path.name), skipped=True)


def collect(paths: Iterable[Path], limits: ArchiveLimits) -> Iterator[LocalFile | LocalProblem]:
    """Every file to send, in a stable order, or the reason a path cannot be taken."""
    for path in paths:
        if path.is_dir():
            found: list[Path | LocalProblem] = list(_walk(path))
        elif path.is_file():
            found = [path]
        else:
            yield LocalProblem(str(path), "no such file or directory")
            continue
        for file in found:
            if isinstance(file, LocalProblem):
                yield file
                continue
            try:
                if is_archive(file.name):
                    yield from _archive_files(file, limits)
                else:
                    yield _plain_file(file)
            except OSError as exc:
                yield LocalProblem(str(file), f"cannot read: {exc.strerror or exc}")
