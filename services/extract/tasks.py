"""Celery task of the extract stage: every quantitative indicator of a cleaned, sectioned document."""

from dataclasses import dataclass

from services.extract.metrics import extract_metrics
from services.extract.metrics.groups import canonical_indicator
from services.extract.provenance import provenance
from shared.db.models import Stage
from shared.db.results import load_clean_text, load_outline, save_metrics
from shared.db.session import session_scope
from shared.document import Metric
from shared.pipeline import DocumentRef, StageTask, StageWork, run_stage
from shared.queue import app


@dataclass(frozen=True)
class Extracted:
    metrics: list[Metric]
    provenance: list[dict]  # per metric: indicator group, source sentence, cleaned-text offsets


def _metrics(document: DocumentRef) -> Extracted:
    with session_scope(read_only=True) as session:  # inputs only: no write lock
        clean = load_clean_text(session, document.id)
        outline = load_outline(session, document.id)
    if clean is None:
        raise LookupError(f"document {document.id} has no cleaned text: the clean stage has not run")
    metrics = extract_metrics(clean, outline)
    return Extracted(metrics, [provenance(clean, m, canonical_indicator(m.name)) for m in metrics])


def _save(session, document_id: str, found: Extracted) -> None:
    save_metrics(session, document_id, found.metrics, found.provenance)


EXTRACT = StageWork(Stage.EXTRACT, compute=_metrics, save=_save)


@app.task(bind=True, base=StageTask, name="reportflow.extract")
def extract(self, *document_ids: str) -> None:
    run_stage(self, document_ids, EXTRACT)
