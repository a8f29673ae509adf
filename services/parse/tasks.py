"""Celery tasks of the parse stage: ``clean`` (read the stored file, clean it) and ``section`` (heading tree)."""

from dataclasses import dataclass
from functools import lru_cache

from services.parse.cleaning import clean_text
from services.parse.metadata import find_metadata
from services.parse.readers import read_document
from services.parse.sectioning import find_outline
from shared.db.models import Stage
from shared.db.results import load_clean_text, save_clean_text, save_metadata, save_outline
from shared.db.session import session_scope
from shared.document import CleanText, Outline
from shared.errors import StorageError
from shared.pipeline import DocumentRef, StageTask, StageWork, run_stage
from shared.queue import app
from shared.storage import Storage


@lru_cache(maxsize=1)
def _storage() -> Storage:
    return Storage.from_settings()


def _read_and_clean(document: DocumentRef) -> CleanText:
    if document.object_key is None:
        raise StorageError(f"document {document.id} has no stored file")
    return clean_text(read_document(_storage().get(document.object_key), document.filename))


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


@app.task(bind=True, base=StageTask, name="reportflow.clean")
def clean(self, document_id: str) -> None:
    run_stage(self, document_id, CLEAN)


@app.task(bind=True, base=StageTask, name="reportflow.section")
def section(self, document_id: str) -> None:
    run_stage(self, document_id, SECTION)
