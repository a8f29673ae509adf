"""Where a batch stands, read from the SQL store: counts per status, progress per stage, changed documents.

Shared by the live event stream (api/routes/events.py) and the dashboard pages (web/).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.db.models import FINISHED_STATUSES, Document, Status
from shared.stages import STAGE_NAMES

STAGE_ORDER = list(STAGE_NAMES)
# Documents that never enter the pipeline: they count towards the batch, not towards any stage.
NOT_PROCESSED = frozenset({Status.REJECTED, Status.DUPLICATE})


@dataclass(frozen=True)
class StageProgress:
    passed: int  # documents that have finished this stage
    total: int  # documents that go through the pipeline at all


@dataclass(frozen=True)
class BatchProgress:
    total: int
    counts: dict[str, int]
    stages: dict[str, StageProgress] = field(default_factory=dict)

    @property
    def finished(self) -> int:
        return sum(n for status, n in self.counts.items() if status in FINISHED_STATUSES)

    @property
    def progress(self) -> float:
        return self.finished / self.total if self.total else 1.0

    @property
    def complete(self) -> bool:
        return self.finished == self.total

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "counts": self.counts,
            "progress": round(self.progress, 4),
            "complete": self.complete,
            "stages": {name: {"passed": s.passed, "total": s.total} for name, s in self.stages.items()},
        }


def stages_passed(status: str, stage: str | None) -> int:
    """How many pipeline stages a document in this state has finished.

    ``stage`` is the stage running, queued next, or that failed; a done document has passed them all.
    """
    if status == Status.DONE:
        return len(STAGE_ORDER)
    if stage in STAGE_ORDER:
        return STAGE_ORDER.index(stage)
    return 0


def batch_progress(session: Session, batch_id: str) -> BatchProgress:
    """One grouped query over the batch's (status, stage) pairs; served by the batch/status index."""
    rows = session.execute(
        select(Document.status, Document.stage, func.count())
        .where(Document.batch_id == batch_id).group_by(Document.status, Document.stage)).all()
    return progress_from_groups(rows)


def progress_from_groups(rows: Iterable[tuple[str, str | None, int]]) -> BatchProgress:
    """A batch's progress from its documents counted by (status, stage)."""
    counts: dict[str, int] = {}
    passed = dict.fromkeys(STAGE_ORDER, 0)
    in_pipeline = 0
    for status, stage, n in rows:
        counts[status] = counts.get(status, 0) + n
        if status in NOT_PROCESSED:
            continue
        in_pipeline += n
        for name in STAGE_ORDER[:stages_passed(status, stage)]:
            passed[name] += n
    return BatchProgress(
        total=sum(counts.values()), counts=dict(sorted(counts.items())),
        stages={name: StageProgress(passed[name], in_pipeline) for name in STAGE_ORDER})


def document_state(document: Document) -> dict:
    return {"id": document.id, "filename": document.filename, "status": document.status,
            "stage": document.stage, "error": document.error}


def batch_documents(session: Session, batch_id: str, changed_since: datetime | None = None) -> list[Document]:
    """The batch's documents in upload order; only those updated at or after ``changed_since`` if given."""
    query = select(Document).where(Document.batch_id == batch_id)
    if changed_since is not None:
        query = query.where(Document.updated_at >= changed_since)
    return list(session.scalars(query.order_by(Document.created_at, Document.id)))
