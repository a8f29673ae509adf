"""The real stage tasks, except that the extract stage's work sleeps for an hour: a worker started with
`celery -A slow_stage_app worker` shows what the pipeline does when a stage overruns its time limit, whatever
the speed of the analysis core. With SLOW_STAGE_SOFT_LIMIT=off only the hard limit (which kills the worker
process) stops the stage. A document whose filename starts with ``quick`` finds no metric at once instead: the
neighbour of a slow one in a batch."""

import os
import time

import services.extract.tasks as extract_tasks
from services.extract.tasks import Extracted
from shared.db.models import Stage
from shared.pipeline import DocumentRef, StageWork
from shared.queue import app


def _sleep_for_an_hour(document: DocumentRef) -> Extracted | None:
    if document.filename.startswith("quick"):
        return Extracted([], [])
    deadline = time.monotonic() + 3600
    while time.monotonic() < deadline:
        time.sleep(0.05)  # short sleeps: the soft limit's exception is raised between them


extract_tasks.EXTRACT = StageWork(Stage.EXTRACT, compute=_sleep_for_an_hour, save=extract_tasks.EXTRACT.save)
if os.environ.get("SLOW_STAGE_SOFT_LIMIT") == "off":
    app.conf.task_soft_time_limit = None

__all__ = ["app"]
