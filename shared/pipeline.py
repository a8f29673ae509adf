"""How a stage task runs one document: record the run, compute, save the output, queue the next stage.

Transient failures (database or object store unreachable) are retried with backoff; a DocumentError, an
unexpected exception, a time limit, exhausted retries or a worker process that keeps dying on the document
mark it ``failed`` with the message, and only that document stops.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from sqlalchemy import insert, select, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from shared import transitions
from shared.db.models import Document, RunStatus, Stage, StageRun, as_utc, utcnow
from shared.db.session import session_scope
from shared.dispatch import send
from shared.errors import DocumentError, StorageError, StorageUnavailable
from shared.settings import get_settings
from shared.stages import spec, stage_of_task

log = logging.getLogger(__name__)

T = TypeVar("T")

TRANSIENT_ERRORS = (OperationalError, StorageUnavailable)
# The runs' table itself: its rows are written with Core statements (the ORM's bulk-update machinery cost more
# than the stage's whole computation on a short document).
RUNS = StageRun.__table__
# A stage whose worker process died this many times on a document (its runs never finished) is not tried again.
MAX_DIED_RUNS = 3


class StageKeptDying(DocumentError):
    """The worker process running a stage of this document died again and again (e.g. killed out of memory);
    Celery requeues the message each time (task_reject_on_worker_lost), so the pipeline must stop it."""


@dataclass(frozen=True)
class DocumentRef:
    """What a stage needs to know about the document it works on (detached from any session)."""

    id: str
    filename: str
    object_key: str | None


@dataclass(frozen=True)
class StageWork(Generic[T]):
    stage: Stage
    compute: Callable[[DocumentRef], T]  # reads its inputs and runs the analysis core
    save: Callable[[Session, str, T], None]  # replaces the stage's rows for the document


class StageTask(Task):
    """Base of the stage tasks: whatever escapes ``run_stage`` still leaves the document ``failed``.

    That is a hard time limit (the worker kills the process; Celery then calls ``on_failure`` in the main
    process) or a failure to queue the next stage.
    """

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        if not args:
            return
        stage = stage_of_task(self.name)
        if isinstance(exc, TimeLimitExceeded):
            problem = f"the {stage} stage was stopped after its time limit of {get_settings().TASK_TIME_LIMIT} s"
        else:
            problem = f"{stage} stage: {_message(exc)}"
        _fail(args[0], stage, problem)


def retry_delay(retries: int) -> float:
    """Exponential backoff with jitter: about 1, 2, 4, 8, 16 seconds."""
    return min(60.0, 2.0**retries) * random.uniform(0.75, 1.25)


def run_stage(task: Task, document_id: str, work: StageWork[T]) -> None:
    began = utcnow()  # the run's recorded time covers the whole stage: waiting for the lock and saving too
    try:
        document, run_id = _start(document_id, work.stage, began)
        if document is None:
            log.warning("%s: document %s does not exist, nothing to do", work.stage, document_id)
            return
        if run_id is None:  # cancelled, or a stale message: the database says this stage is not due
            log.info("%s: document %s is not due for this stage, message skipped", work.stage, document_id)
            return
        with Heartbeat(run_id):
            output = work.compute(document)
        if not _finish(document_id, run_id, work, output):
            log.info("%s: document %s was cancelled while the stage ran, output dropped", work.stage, document_id)
            return
    except TRANSIENT_ERRORS as exc:
        max_retries = get_settings().TASK_MAX_RETRIES
        if task.request.retries < max_retries:
            log.warning("%s of %s: transient error, retrying: %s", work.stage, document_id, exc)
            _record_retry(document_id, work.stage, _message(exc))
            raise task.retry(exc=exc, countdown=retry_delay(task.request.retries), max_retries=max_retries) from exc
        _fail(document_id, work.stage, f"gave up after {max_retries} retries: {_message(exc)}")
        return
    except DocumentError as exc:
        _fail(document_id, work.stage, exc.problem)
        return
    except StorageError as exc:  # the object store refused: a missing object will not appear by retrying
        _fail(document_id, work.stage, str(exc))
        return
    except RecursionError:
        _fail(document_id, work.stage, f"the document is nested too deeply to process in the {work.stage} stage "
                                       "(e.g. HTML with thousands of nested elements)")
        return
    except MemoryError:
        _fail(document_id, work.stage, f"the {work.stage} stage ran out of memory on this document")
        return
    except SoftTimeLimitExceeded:
        _fail(document_id, work.stage,
              f"the {work.stage} stage ran out of time (limit {get_settings().TASK_TIME_LIMIT} s)")
        return
    except Exception as exc:
        log.exception("%s of %s failed unexpectedly", work.stage, document_id)
        _fail(document_id, work.stage, f"unexpected error in the {work.stage} stage: {_message(exc)}")
        return
    next_stage = spec(work.stage).next
    if next_stage is not None and send([(document_id, next_stage)]):
        # the document stays in flight at its next stage: the reconciler queues it again (shared.reconciler)
        log.error("%s: could not queue %s of %s; left to the reconciler", work.stage, next_stage, document_id)


def _message(exc: BaseException) -> str:
    if isinstance(exc, DBAPIError):
        return f"database error: {exc.orig}"
    return f"{type(exc).__name__}: {exc}" if not str(exc).startswith(type(exc).__name__) else str(exc)


def _start(document_id: str, stage: Stage, began: datetime) -> tuple[DocumentRef | None, int | None]:
    with session_scope() as session:
        # locked so that a concurrent cancel (services.ingest.actions) is seen, not overwritten
        document = session.get(Document, document_id, with_for_update=True)
        if document is None:
            return None, None
        ref = DocumentRef(document.id, document.filename, document.object_key)
        if not transitions.in_flight(document) or document.stage != stage:
            # cancelled, finished, or already past this stage: a redelivered or duplicated message is a no-op
            return ref, None
        now = utcnow()
        runs = _runs(session, document_id, stage)
        open_runs = [run for run in runs if run.status == RunStatus.RUNNING]
        if any(lease_alive(run, now) for run in open_runs):
            # a duplicated message: another worker holds a live lease on this stage of the document
            return ref, None
        died = len(open_runs)  # runs whose lease ran out unfinished: their worker process died
        if died >= MAX_DIED_RUNS:
            raise StageKeptDying(document.filename, f"the worker process died {died} times while running the "
                                                    f"{stage} stage (out of memory?); not tried again")
        transitions.started(document, stage)
        run_id = session.execute(insert(RUNS).values(
            document_id=document_id, stage=stage, status=RunStatus.RUNNING, attempt=len(runs) + 1,
            started_at=began, worker=WORKER_ID, lease_until=now + timedelta(seconds=get_settings().LEASE_SECONDS),
        ).returning(RUNS.c.id)).scalar_one()
        return ref, run_id


def _runs(session: Session, document_id: str, stage: Stage) -> list[StageRun]:
    """Every run of the stage for the document (their number is the attempt count); those not finished are
    alive if their lease holds, else their process died."""
    return list(session.scalars(select(StageRun).where(StageRun.document_id == document_id,
                                                       StageRun.stage == stage)))


def lease_alive(run: StageRun, now) -> bool:
    """The run's lease holds, and its worker process is not known to be gone (on this host it is checked)."""
    if run.lease_until is None or as_utc(run.lease_until) <= now:
        return False
    host, _, pid = (run.worker or "").rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
    return True


WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"
os.register_at_fork(after_in_child=lambda: globals().update(WORKER_ID=f"{socket.gethostname()}:{os.getpid()}"))


class Heartbeat:
    """While a stage computes, its run's lease is renewed every third of LEASE_SECONDS, so the reconciler
    (shared.reconciler) can tell a slow stage from a dead worker within one lease.

    One beating thread per process renews every run registered with it (started with the first run, not one
    thread per stage: starting and joining a thread cost more than a short stage's whole computation)."""

    _runs: set[int] = set()
    _lock = threading.Lock()
    _thread: threading.Thread | None = None

    def __init__(self, run_id: int):
        self.run_id = run_id

    def __enter__(self) -> Heartbeat:
        cls = type(self)
        with cls._lock:
            cls._runs.add(self.run_id)
            if cls._thread is None or not cls._thread.is_alive():
                cls._thread = threading.Thread(target=cls._beat, args=(get_settings().LEASE_SECONDS,),
                                               name="lease-heartbeat", daemon=True)
                cls._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        with type(self)._lock:
            type(self)._runs.discard(self.run_id)

    @classmethod
    def _beat(cls, lease: float) -> None:
        while True:
            time.sleep(lease / 3)
            with cls._lock:
                runs = sorted(cls._runs)
            if not runs:
                continue
            try:
                with session_scope() as session:
                    session.execute(update(RUNS).where(RUNS.c.id.in_(runs), RUNS.c.status == RunStatus.RUNNING)
                                    .values(lease_until=utcnow() + timedelta(seconds=lease)))
            except Exception as exc:  # a missed beat only shortens the lease; the stage goes on
                log.warning("lease of runs %s not renewed: %s", runs, exc)

    @classmethod
    def _forget_after_fork(cls) -> None:
        # the parent's thread does not exist in a forked child, nor do its runs
        cls._runs, cls._lock, cls._thread = set(), threading.Lock(), None


os.register_at_fork(after_in_child=Heartbeat._forget_after_fork)


def _finish(document_id: str, run_id: int, work: StageWork[T], output: T) -> bool:
    """Save the stage's output; False when the document was cancelled while the stage ran (output dropped)."""
    with session_scope() as session:
        # locked like in _start, so a cancel that came while the stage ran is final, not overwritten
        document = session.get(Document, document_id, with_for_update=True)
        if not transitions.in_flight(document) or document.stage != work.stage:
            # cancelled meanwhile, or finished by a duplicate run: this output is not wanted
            _close_run(session, run_id, RunStatus.CANCELLED)
            return False
        work.save(session, document_id, output)
        transitions.advanced(document, spec(work.stage).next)
        _close_run(session, run_id, RunStatus.DONE)  # after the save: the run's time includes it
        return True


def _close_run(session: Session, run_id: int, status: RunStatus) -> None:
    session.execute(update(RUNS).where(RUNS.c.id == run_id)
                    .values(status=status, finished_at=utcnow(), lease_until=None))


def _close_open_runs(session: Session, document_id: str, stage: Stage, status: RunStatus, error: str) -> None:
    runs = session.scalars(select(StageRun).where(
        StageRun.document_id == document_id, StageRun.stage == stage, StageRun.status == RunStatus.RUNNING))
    for run in runs:
        run.status, run.error, run.finished_at = status, error, utcnow()


def _record_retry(document_id: str, stage: Stage, error: str) -> None:
    try:
        with session_scope() as session:
            _close_open_runs(session, document_id, stage, RunStatus.RETRYING, error)
    except OperationalError:
        log.warning("could not record the retry of %s for %s (database unavailable)", stage, document_id)


def _fail(document_id: str, stage: Stage, error: str) -> None:
    log.info("%s failed at %s: %s", document_id, stage, error)
    try:
        with session_scope() as session:
            _close_open_runs(session, document_id, stage, RunStatus.FAILED, error)
            document = session.get(Document, document_id)
            if document is not None:
                transitions.failed(document, stage, error)
    except OperationalError:
        log.error("could not mark %s failed at %s (database unavailable): %s", document_id, stage, error)
