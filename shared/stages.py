"""The pipeline declared once: every stage's name, queue, Celery task, output tables and next stage.

Everything that needs the stage chain derives it from ``PIPELINE``: the Celery routing (shared.queue), the
pipeline's next step (shared.pipeline), what reprocessing forgets (services.ingest.actions, shared.db.results),
the progress views (services.ingest.progress, services.cli.watch) and the reconciler (shared.reconciler).
This module imports nothing of reportflow, so clients and the database models alike can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    OCR = "ocr"
    CLEAN = "clean"
    SECTION = "section"
    EXTRACT = "extract"


@dataclass(frozen=True)
class StageSpec:
    stage: Stage
    queue: str  # the Celery queue its messages go to (one worker pool per queue)
    task: str  # the Celery task name the stage's module registers
    module: str  # the module that registers the task (imported by the workers)
    outputs: tuple[str, ...]  # the tables whose rows for a document the stage replaces
    next: Stage | None  # the stage queued when this one finished, None for the last
    # run only for the documents that need it: the stage after it sends them back (a detour), the others
    # never enter it, and it is no earlier stage's output that reprocessing needs
    optional: bool = False


PIPELINE: tuple[StageSpec, ...] = (
    # scans (images, PDF pages without a text layer): the clean stage sends them here first (services.parse.tasks);
    # its output is the document's text, stored beside the file in the object store
    StageSpec(Stage.OCR, queue="ocr", task="reportflow.ocr", module="services.parse.tasks",
              outputs=(), next=Stage.CLEAN, optional=True),
    StageSpec(Stage.CLEAN, queue="clean", task="reportflow.clean", module="services.parse.tasks",
              outputs=("cleaned_texts",), next=Stage.SECTION),
    StageSpec(Stage.SECTION, queue="section", task="reportflow.section", module="services.parse.tasks",
              outputs=("sections", "parts", "document_metadata"), next=Stage.EXTRACT),
    StageSpec(Stage.EXTRACT, queue="extract", task="reportflow.extract", module="services.extract.tasks",
              outputs=("metrics",), next=None),
)

SPECS: dict[Stage, StageSpec] = {spec.stage: spec for spec in PIPELINE}
STAGES: tuple[Stage, ...] = tuple(spec.stage for spec in PIPELINE)
# the stages every document passes, which the progress views count (services.ingest.progress,
# services.bulk.watching); an optional stage a document ran shows in its own stage list
STAGE_NAMES: tuple[str, ...] = tuple(spec.stage.value for spec in PIPELINE if not spec.optional)
QUEUES: tuple[str, ...] = tuple(dict.fromkeys(spec.queue for spec in PIPELINE))
TASK_MODULES: tuple[str, ...] = tuple(dict.fromkeys(spec.module for spec in PIPELINE))
FIRST_STAGE: Stage = next(spec.stage for spec in PIPELINE if not spec.optional)  # where every upload starts


def spec(stage: str | Stage) -> StageSpec:
    return SPECS[Stage(stage)]


def stage_of_task(task_name: str) -> Stage:
    return next(s.stage for s in PIPELINE if s.task == task_name)


def index(stage: str | Stage) -> int:
    return STAGES.index(Stage(stage))


def before(stage: str | Stage) -> tuple[Stage, ...]:
    """The stages that run before ``stage`` for every document (not the optional ones)."""
    return tuple(s for s in STAGES[:index(stage)] if not SPECS[s].optional)


def from_stage(stage: str | Stage) -> tuple[Stage, ...]:
    """``stage`` and every later one."""
    return STAGES[index(stage):]


def outputs_from(stage: str | Stage) -> tuple[str, ...]:
    """The tables that reprocessing from ``stage`` must empty for the document."""
    return tuple(table for s in from_stage(stage) for table in SPECS[s].outputs)
