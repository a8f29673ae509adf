"""Celery task of the extract stage: every quantitative indicator of a cleaned, sectioned document."""

from services.extract.metrics import extract_metrics
from shared.db.models import Stage
from shared.db.results import load_clean_text, load_outline, save_metrics
from shared.db.session import session_scope
from shared.document import Metric
from shared.pipeline import DocumentRef, StageTask, StageWork, run_stage
from shared.queue import app


def _metrics(document: DocumentRef) -> list[Metric]:
    with session_scope(read_only=True) as session:  # inputs only: no write lock
        clean = load_clean_text(session, document.id)
        outline = load_outline(session, document.id)
    if clean is None:
        raise LookupError(f"document {document.id} has no cleaned text: the clean stage has not run")
    return extract_metrics(clean, outline)


EXTRACT = StageWork(Stage.EXTRACT, compute=_metrics, save=save_metrics)


@app.task(bind=True, base=StageTask, name="reportflow.extract")
def extract(self, document_id: str) -> None:
    run_stage(self, document_id, EXTRACT)
