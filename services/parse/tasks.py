"""Celery tasks of the parse stage: ``clean`` (read the stored file, clean it) and ``section`` (heading tree),
and ``ocr``, the detour of scans: a document whose reading takes OCR (services.parse.readers.document_needs_ocr)
is sent by the clean task to the ``ocr`` queue first; the ocr stage stores the document's text beside its file
(``ocr_text_key``) and hands it back to clean, which then reads that text. Other documents never see the queue."""

import io
import logging
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select

from services.parse.cleaning import clean_text
from services.parse.metadata import find_metadata
from services.parse.readers import document_needs_ocr, read_document
from services.parse.readers.detect import extension
from services.parse.readers.signatures import EXTENSIONS
from services.parse.sectioning import find_outline
from shared import transitions
from shared.db.models import Document, Stage
from shared.db.results import load_clean_text, save_clean_text, save_metadata, save_outline
from shared.db.session import session_scope
from shared.dispatch import send
from shared.document import CleanText, Outline
from shared.errors import DocumentError, StorageError
from shared.pipeline import DocumentRef, StageTask, StageWork, run_stage
from shared.queue import app
from shared.storage import Storage

log = logging.getLogger(__name__)
# the formats whose reading may take OCR (told by the file's name; the bytes decide)
MAY_NEED_OCR = frozenset({"pdf", "image"})


@lru_cache(maxsize=1)
def _storage() -> Storage:
    return Storage.from_settings()


def _read_and_clean(document: DocumentRef) -> CleanText:
    if document.object_key is None:
        raise StorageError(f"document {document.id} has no stored file")
    return clean_text(_document_text(document))


def ocr_text_key(object_key: str) -> str:
    """Where the ocr stage stores the text it read from the file stored at ``object_key``."""
    return f"ocr/{object_key}.txt"


def _may_need_ocr(filename: str) -> bool:
    return EXTENSIONS.get(extension(filename)) in MAY_NEED_OCR


def _document_text(document: DocumentRef) -> str:
    """The file's text: the one OCR read, if the ocr stage ran for it, else read now."""
    if _may_need_ocr(document.filename) and _storage().exists(ocr_text_key(document.object_key)):
        return _storage().get(ocr_text_key(document.object_key)).decode("utf-8")
    return read_document(_storage().get(document.object_key), document.filename)


def _ocr(document: DocumentRef) -> None:
    if document.object_key is None:
        raise StorageError(f"document {document.id} has no stored file")
    data = read_document(_storage().get(document.object_key), document.filename).encode("utf-8")
    _storage().put(ocr_text_key(document.object_key), io.BytesIO(data), len(data), "text/plain; charset=utf-8")


def _sent_to_ocr(document_id: str) -> bool:
    """Send the document to the ocr stage when reading it takes OCR and OCR has not read it yet; True if sent.

    Anything unexpected (a missing document, a damaged file) is left to the clean stage, which reports it.
    """
    with session_scope() as session:
        document = session.get(Document, document_id)
        if document is None or document.stage != Stage.CLEAN or not transitions.in_flight(document):
            return False
        filename, key = document.filename, document.object_key
    if key is None or not _may_need_ocr(filename):
        return False
    try:
        if _storage().exists(ocr_text_key(key)) or not document_needs_ocr(_storage().get(key), filename):
            return False
    except (DocumentError, StorageError):
        return False
    with session_scope() as session:
        document = session.get(Document, document_id, with_for_update=True)
        if document is None or document.stage != Stage.CLEAN or not transitions.in_flight(document):
            return False
        transitions.queued(document, Stage.OCR)
    if send([(document_id, Stage.OCR)]):
        log.error("could not queue ocr of %s; left to the reconciler", document_id)
    return True


@dataclass(frozen=True)
class Sectioned:
    outline: Outline
    metadata: dict  # services.parse.metadata.ReportMetadata.to_dict()


def _outline(document: DocumentRef) -> Sectioned:
    with session_scope(read_only=True) as session:  # inputs only: no write lock
        clean = load_clean_text(session, document.id)
    if clean is None:
        raise LookupError(f"document {document.id} has no cleaned text: the clean stage has not run")
    outline = find_outline(clean.text)
    return Sectioned(outline, find_metadata(clean.text, outline, document.filename).to_dict())


def _save_sectioned(session, document_id: str, sectioned: Sectioned) -> None:
    save_outline(session, document_id, sectioned.outline)
    save_metadata(session, document_id, sectioned.metadata)


CLEAN = StageWork(Stage.CLEAN, compute=_read_and_clean, save=save_clean_text)
SECTION = StageWork(Stage.SECTION, compute=_outline, save=_save_sectioned)
# the text goes to the object store (_ocr), nothing to the database
OCR = StageWork(Stage.OCR, compute=_ocr, save=lambda session, document_id, output: None)


def _read_here(document_ids: tuple[str, ...]) -> list[str]:
    """The documents of a clean message that the clean stage reads itself: not those it sends to OCR first."""
    with session_scope(read_only=True) as session:
        filenames = dict(session.execute(select(Document.id, Document.filename)
                                         .where(Document.id.in_(document_ids))).all())
    return [document_id for document_id in document_ids
            if not (_may_need_ocr(filenames.get(document_id, "")) and _sent_to_ocr(document_id))]


# Each task takes the documents of its message (one, or a batch of small ones: shared.dispatch.batches).
@app.task(bind=True, base=StageTask, name="reportflow.clean")
def clean(self, *document_ids: str) -> None:
    run_stage(self, _read_here(document_ids), CLEAN)


@app.task(bind=True, base=StageTask, name="reportflow.section")
def section(self, *document_ids: str) -> None:
    run_stage(self, document_ids, SECTION)


@app.task(bind=True, base=StageTask, name="reportflow.ocr")
def ocr(self, *document_ids: str) -> None:
    run_stage(self, document_ids, OCR)
