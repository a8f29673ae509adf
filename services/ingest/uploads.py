"""Accept one batch of uploaded files: hash, check, deduplicate, store, record, then queue.

Uploads arrive as spooled temporary files (kept on disk past 1 MB), and are hashed and sent to the object
store in chunks, so memory stays flat whatever the size.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.ingest.archives import expand_archives
from services.parse.readers import sniff_format
from shared import transitions
from shared.archive import MemberStream
from shared.db.models import Batch, Document, Status, new_id, utcnow
from shared.dispatch import queue_documents
from shared.errors import DocumentError
from shared.settings import get_settings
from shared.stages import FIRST_STAGE
from shared.storage import PutRequest, Storage

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
SNIFF_BYTES = 64 * 1024

CONTENT_TYPES = {
    "txt": "text/plain",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
}

# How often a batch is recorded again after a concurrent upload claimed one of its contents first.
RECORD_ATTEMPTS = 5


@dataclass(frozen=True)
class Upload:
    filename: str
    stream: BinaryIO
    declared_type: str | None = None
    problem: str | None = None  # known before intake: a .zip that cannot be expanded safely (services.ingest.archives)
    path: str | None = None  # the name as sent, folders included (Document.path); the filename is its base name


@dataclass(frozen=True)
class Measured:
    size: int
    sha256: str
    sample: bytes  # what the format sniffer sees: the whole file if small, else its head and its tail


MAX_FILENAME = 255
MAX_CONTENT_TYPE = 128  # Document.content_type
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_filename(name: str | None, index: int) -> str:
    """The base name without control characters (NUL included), at most 255 characters with its extension."""
    base = _CONTROL.sub("", PurePath((name or "").replace("\\", "/")).name).strip()
    if len(base) > MAX_FILENAME:
        stem, dot, ext = base.rpartition(".")
        keep = ext if dot and len(ext) <= 10 else ""
        base = base[:MAX_FILENAME - len(keep) - 1].rstrip() + "." + keep if keep else base[:MAX_FILENAME]
    return base or f"upload-{index + 1}"


MAX_PATH = 1024  # Document.path


def safe_path(name: str | None) -> str | None:
    """The uploaded name with its folders (``2023/乡镇/工作总结.txt``), without control characters; a very deep
    path keeps its end, which names the file."""
    path = _CONTROL.sub("", (name or "").replace("\\", "/")).strip()
    return (path if len(path) <= MAX_PATH else path[-MAX_PATH:]) or None


def safe_content_type(value: str | None) -> str | None:
    """A declared content type worth keeping: printable and short, else none."""
    if not value or _CONTROL.search(value) or len(value) > MAX_CONTENT_TYPE:
        return None
    return value.strip() or None


def measure(stream: BinaryIO) -> Measured:
    """Size, sha256 and sniffing sample of a stream, read in chunks; leaves the stream rewound.

    The sample keeps the tail too because formats are recognised at both ends: a PDF ends with %%EOF, a
    .docx (ZIP) lists its members in a central directory at the end of the file.
    """
    stream.seek(0)
    digest = hashlib.sha256()
    size = 0
    head = tail = b""
    while chunk := stream.read(CHUNK):
        if len(head) < SNIFF_BYTES:
            head += chunk[: SNIFF_BYTES - len(head)]
        tail = (tail + chunk)[-SNIFF_BYTES:]
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    sample = head + tail[max(0, SNIFF_BYTES - (size - SNIFF_BYTES)):] if size > SNIFF_BYTES else head
    return Measured(size, digest.hexdigest(), sample)


def format_limits() -> dict[str, int]:
    """Bytes per format past which a file is not read at all: markup and plain text cost far more work per
    byte than a .docx or a .pdf of the same size (bounded work per document)."""
    settings = get_settings()
    return {"html": settings.MAX_HTML_BYTES, "txt": settings.MAX_TEXT_BYTES}


def object_key(sha256: str) -> str:
    """Content-addressed: identical bytes are stored once."""
    return f"uploads/{sha256[:2]}/{sha256}"


@dataclass(frozen=True)
class Inspected:
    upload: Upload
    measured: Measured
    format: str | None
    problem: str | None  # why it cannot be processed, or None


class BatchIntake:
    """Takes a batch in phases so that no database transaction stays open while files travel to storage
    (on SQLite an open transaction holds the write lock that the workers need)."""

    def __init__(self, session: Session, storage: Storage, broker_url: str, max_bytes: int, reprocess: bool = False):
        self.session = session
        self.storage = storage
        self.broker_url = broker_url
        self.max_bytes = max_bytes
        self.reprocess = reprocess

    def accept(self, uploads: list[Upload], name: str | None = None) -> tuple[Batch, list[Document]]:
        """Record every upload in a batch called ``name``, commit, then queue the ones to process. Storage
        failures propagate."""
        uploads = expand_archives(uploads, self.max_bytes)
        inspected = [self._inspect(upload) for upload in uploads]
        stored: set[str] = set()  # object keys put in the store by an earlier attempt
        for attempt in range(1, RECORD_ATTEMPTS + 1):
            originals = self._originals({item.measured.sha256 for item in inspected if item.problem is None})
            batch = Batch(id=new_id(), created_at=utcnow(), name=name)
            documents = [self._document(batch, item, originals) for item in inspected]
            self._store(inspected, documents, stored)
            self.session.add(batch)
            self.session.add_all(documents)
            try:
                self.session.commit()
                break
            except IntegrityError:
                # a concurrent upload became the original of one of these contents first (the unique index on
                # original_sha256): read the originals again, and those documents become its duplicates
                self.session.rollback()
                if attempt == RECORD_ATTEMPTS:
                    raise
                log.info("batch raced a concurrent upload for an original; recording it again (%d)", attempt)
        queue_documents(self.session, [d for d in documents if d.status == Status.QUEUED], self.broker_url)
        return batch, documents

    def _inspect(self, upload: Upload) -> Inspected:
        measured = measure(upload.stream)
        fmt, problem = (None, upload.problem) if upload.problem else self._check(upload.filename, measured)
        return Inspected(upload, measured, fmt, problem)

    def _originals(self, hashes: set[str]) -> dict[str, tuple[str, str | None]]:
        """sha256 → (id, object key) of the document already stored with those bytes, in one short read."""
        if not hashes:
            return {}
        rows = self.session.execute(
            select(Document.original_sha256, Document.id, Document.object_key)
            .where(Document.original_sha256.in_(hashes))
        ).all()
        self.session.rollback()  # end the read transaction now, before the uploads go to storage
        originals: dict[str, tuple[str, str | None]] = {}
        for sha256, document_id, key in rows:
            originals.setdefault(sha256, (document_id, key))
        return originals

    def _document(self, batch: Batch, item: Inspected, originals: dict[str, tuple[str, str | None]]) -> Document:
        """The row for one upload; one to be processed gets the object key its file is stored under (_store)."""
        upload, measured = item.upload, item.measured
        document = Document(id=new_id(), batch_id=batch.id, filename=upload.filename,
                            path=upload.path or upload.filename, sha256=measured.sha256,
                            size=measured.size, content_type=CONTENT_TYPES.get(item.format, upload.declared_type),
                            created_at=utcnow())
        original = originals.get(measured.sha256)
        if item.problem is not None:
            transitions.rejected(document, item.problem)
        elif original is not None and not self.reprocess:
            transitions.duplicate(document, *original)
        else:
            document.duplicate_of = original[0] if original else None
            document.object_key = object_key(measured.sha256)
            transitions.accepted(document, FIRST_STAGE)
            # a later identical file of this batch is a duplicate of this one
            originals.setdefault(measured.sha256, (document.id, document.object_key))
        return document

    def _store(self, inspected: list[Inspected], documents: list[Document], stored: set[str]) -> None:
        """Put the files of the documents to be processed into the store, side by side, before any row is
        committed. Keys are content-addressed, so identical bytes are one object: no lookup first (a PUT of
        bytes already there rewrites the same object), and a key is put once per batch."""
        puts: dict[str, PutRequest] = {}
        for item, document in zip(inspected, documents, strict=True):
            key = document.object_key
            if document.status == Status.QUEUED and key not in stored and key not in puts:
                item.upload.stream.seek(0)
                puts[key] = PutRequest(key, item.upload.stream, item.measured.size,
                                       document.content_type or "application/octet-stream")
        # members of one .zip are read from one shared archive file: those go one after another
        members = [put for put in puts.values() if isinstance(put.stream, MemberStream)]
        self.storage.put_many([put for put in puts.values() if not isinstance(put.stream, MemberStream)])
        for put in members:
            self.storage.put(put.key, put.stream, put.size, put.content_type)
        stored.update(puts)

    def _check(self, filename: str, measured: Measured) -> tuple[str | None, str | None]:
        """The file's format, or why the upload cannot be processed at all."""
        if measured.size > self.max_bytes:
            return None, f"the file is {measured.size} bytes, over the upload limit of {self.max_bytes} bytes"
        try:
            fmt = sniff_format(measured.sample, filename)
        except DocumentError as exc:
            return None, exc.problem
        cap = format_limits().get(fmt)
        if cap is not None and measured.size > cap:
            return None, f"the {fmt} file is {measured.size} bytes, over the limit of {cap} bytes for that format"
        return fmt, None
