"""How a stage task runs the documents of one message: record the runs, compute, save the outputs, queue the
next stage. A message holds one document, or a batch of small ones (shared.dispatch.batches): they share the
transactions and the messages, never their outcome.

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
from collections.abc import Callable, Sequence
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
from shared.dispatch import publish, send
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
    """Base of the stage tasks: whatever escapes ``run_stage`` still leaves the documents ``failed``.

    That is a hard time limit (the worker kills the process; Celery then calls ``on_failure`` in the main
    process). A message of several documents that hit it is split instead: each document is queued again on
    its own, so that only the one that overruns fails.
    """

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        if not args:
            return
        stage = stage_of_task(self.name)
        document_ids = [str(document_id) for document_id in args]
        if isinstance(exc, TimeLimitExceeded) and len(document_ids) > 1:
            log.warning("%s: a message of %d documents hit its time limit; queued again one by one", stage,
                        len(document_ids))
            if send([(document_id, stage) for document_id in document_ids]):
                log.error("%s: could not queue %s again; left to the reconciler", stage, document_ids)
            return
        if isinstance(exc, TimeLimitExceeded):
            problem = f"the {stage} stage was stopped after its time limit of {get_settings().TASK_TIME_LIMIT} s"
        else:
            problem = f"{stage} stage: {_message(exc)}"
        for document_id in document_ids:
            _fail(document_id, stage, problem)


def retry_delay(retries: int) -> float:
    """Exponential backoff with jitter: about 1, 2, 4, 8, 16 seconds."""
    return min(60.0, 2.0**retries) * random.uniform(0.75, 1.25)


# Why one document's stage failed, by the kind of error (the first entry the error is an instance of): the
# message recorded on the document. Transient errors (TRANSIENT_ERRORS) are retried before they get here.
DOCUMENT_FAILURES: tuple[tuple[type[BaseException], Callable[[BaseException, Stage], str]], ...] = (
    (DocumentError, lambda exc, stage: exc.problem),
    # the object store refused: a missing object will not appear by retrying
    (StorageError, lambda exc, stage: str(exc)),
    (RecursionError, lambda exc, stage: f"the document is nested too deeply to process in the {stage} stage "
                                        "(e.g. HTML with thousands of nested elements)"),
    (MemoryError, lambda exc, stage: f"the {stage} stage ran out of memory on this document"),
    (SoftTimeLimitExceeded, lambda exc, stage: f"the {stage} stage ran out of time "
                                               f"(limit {get_settings().TASK_TIME_LIMIT} s)"),
    (Exception, lambda exc, stage: f"unexpected error in the {stage} stage: {_message(exc)}"),
)


def document_problem(exc: BaseException, stage: Stage) -> str:
    kind, describe = next((kind, describe) for kind, describe in DOCUMENT_FAILURES if isinstance(exc, kind))
    if kind is Exception:  # none of the expected kinds: the traceback goes to the log
        log.error("%s failed unexpectedly", stage, exc_info=exc)
    return describe(exc, stage)


def run_stage(task: Task, document_ids: str | Sequence[str], work: StageWork[T]) -> None:
    """Run the stage for the documents of one message: one, or a batch of small ones (shared.dispatch.batches).

    Each document keeps its own run, status and error: one that fails fails alone, one cancelled meanwhile is
    dropped alone, and the batch's documents share only the two transactions that start and finish the stage
    and the one message that queues their next stage."""
    document_ids = [document_ids] if isinstance(document_ids, str) else [str(i) for i in document_ids]
    if not document_ids:
        return
    began = utcnow()  # the runs' recorded time covers the whole stage: waiting for the lock and saving too
    try:
        due = _start(document_ids, work.stage, began, alone=len(document_ids) == 1)
    except TRANSIENT_ERRORS as exc:
        _retry(task, document_ids, work.stage, exc)
        return
    computed: list[tuple[DocumentRef, int, T]] = []
    with Heartbeat(*(run_id for _, run_id in due)):
        for index, (document, run_id) in enumerate(due):
            try:
                computed.append((document, run_id, work.compute(document)))
            except TRANSIENT_ERRORS as exc:
                # what was computed is kept; the rest of the message is tried again
                _finish_and_queue_next(task, computed, work, then_retry=[ref.id for ref, _ in due[index:]], cause=exc)
                return
            except SoftTimeLimitExceeded:
                if not computed:
                    _fail(document.id, work.stage, document_problem(SoftTimeLimitExceeded(), work.stage))
                    _requeue_alone(due[index + 1:], work.stage)
                else:  # the documents before it used the time: it and the rest are tried again on their own
                    _requeue_alone(due[index:], work.stage)
                _finish_and_queue_next(task, computed, work)
                return
            except Exception as exc:
                _fail(document.id, work.stage, document_problem(exc, work.stage))
    _finish_and_queue_next(task, computed, work)


def _retry(task: Task, document_ids: list[str], stage: Stage, exc: BaseException) -> None:
    """Try the stage of these documents again after a backoff (raises Celery's Retry), or fail them when the
    retries are used up."""
    max_retries = get_settings().TASK_MAX_RETRIES
    if task.request.retries < max_retries:
        log.warning("%s of %s: transient error, retrying: %s", stage, ", ".join(document_ids), exc)
        for document_id in document_ids:
            _record_retry(document_id, stage, _message(exc))
        raise task.retry(args=document_ids, exc=exc, countdown=retry_delay(task.request.retries),
                         max_retries=max_retries) from exc
    for document_id in document_ids:
        _fail(document_id, stage, f"gave up after {max_retries} retries: {_message(exc)}")


def _requeue_alone(due: list[tuple[DocumentRef, int]], stage: Stage) -> None:
    """Close these documents' runs and queue each in a message of its own."""
    if not due:
        return
    with session_scope() as session:
        session.execute(update(RUNS).where(RUNS.c.id.in_([run_id for _, run_id in due]))
                        .values(status=RunStatus.RETRYING, finished_at=utcnow(), lease_until=None,
                                error="the documents before it in its message used the time; queued again alone"))
    if send([(document.id, stage) for document, _ in due]):
        log.error("%s: could not queue %s again; left to the reconciler", stage, [d.id for d, _ in due])


def _finish_and_queue_next(task: Task, computed: list[tuple[DocumentRef, int, T]], work: StageWork[T],
                           then_retry: list[str] | None = None, cause: BaseException | None = None) -> None:
    """Save what was computed and queue its next stage; then retry ``then_retry`` (documents a transient error,
    ``cause``, stopped), together with the computed ones if saving them failed for a transient error too."""
    then_retry = then_retry or []
    try:
        finished = _finish(computed, work) if computed else []
    except TRANSIENT_ERRORS as exc:
        _retry(task, [document.id for document, _, _ in computed] + then_retry, work.stage, exc)
        return
    next_stage = spec(work.stage).next
    if next_stage is not None and finished and publish([(next_stage, finished)]):
        # the documents stay in flight at their next stage: the reconciler queues them again (shared.reconciler)
        log.error("%s: could not queue %s of %s; left to the reconciler", work.stage, next_stage, finished)
    if then_retry:
        _retry(task, then_retry, work.stage, cause)


def _message(exc: BaseException) -> str:
    if isinstance(exc, DBAPIError):
        return f"database error: {exc.orig}"
    return f"{type(exc).__name__}: {exc}" if not str(exc).startswith(type(exc).__name__) else str(exc)


def _start(document_ids: list[str], stage: Stage, began: datetime, alone: bool) -> list[tuple[DocumentRef, int]]:
    """Open a run for each document that is due for the stage; returns them with their run ids.

    A document not due (cancelled, finished, past this stage: a redelivered or duplicated message), or whose
    stage another worker holds a live lease on, is skipped. A message of several documents that was delivered
    again because its worker process died is split: each due document is queued on its own, so that the one that
    kills the process is stopped alone (StageKeptDying) and the others go on."""
    with session_scope() as session:
        # locked so that a concurrent cancel (services.ingest.actions) is seen, not overwritten; in one order,
        # so that two workers locking overlapping batches cannot deadlock
        documents = {document.id: document for document in session.scalars(
            select(Document).where(Document.id.in_(document_ids)).order_by(Document.id).with_for_update())}
        runs: dict[str, list[StageRun]] = {}
        for run in session.scalars(select(StageRun).where(StageRun.document_id.in_(list(documents)),
                                                          StageRun.stage == stage)):
            runs.setdefault(run.document_id, []).append(run)
        now = utcnow()
        due: list[tuple[Document, int, int]] = []  # with the runs it had, and those that died
        for document_id in document_ids:
            document = documents.get(document_id)
            if document is None:
                log.warning("%s: document %s does not exist, nothing to do", stage, document_id)
                continue
            if not transitions.in_flight(document) or document.stage != stage:
                log.info("%s: document %s is not due for this stage, message skipped", stage, document_id)
                continue
            open_runs = [run for run in runs.get(document_id, []) if run.status == RunStatus.RUNNING]
            if any(lease_alive(run, now) for run in open_runs):
                # a duplicated message: another worker holds a live lease on this stage of the document
                continue
            died = len(open_runs)  # runs whose lease ran out unfinished: their worker process died
            if died >= MAX_DIED_RUNS:
                _fail_in(session, document, stage, StageKeptDying(document.filename, (
                    f"the worker process died {died} times while running the {stage} stage (out of memory?); "
                    "not tried again")).problem)
                continue
            due.append((document, len(runs.get(document_id, [])), died))
        if not alone and any(died for _, _, died in due):
            split = [(document.id, stage) for document, _, _ in due]
            due = []
        else:
            split = []
        for document, _, _ in due:
            transitions.started(document, stage)
        run_ids = {}
        if due:
            lease_until = now + timedelta(seconds=get_settings().LEASE_SECONDS)
            run_ids = dict(session.execute(insert(RUNS).values([
                {"document_id": document.id, "stage": stage, "status": RunStatus.RUNNING, "attempt": attempts + 1,
                 "started_at": began, "worker": WORKER_ID, "lease_until": lease_until}
                for document, attempts, _ in due]).returning(RUNS.c.document_id, RUNS.c.id)).all())
        started = [(DocumentRef(document.id, document.filename, document.object_key), run_ids[document.id])
                   for document, _, _ in due]
    if split:
        log.warning("%s: a worker process died on a message of %d documents; queued again one by one", stage,
                    len(document_ids))
        if send(split):
            log.error("%s: could not queue %s again; left to the reconciler", stage, [i for i, _ in split])
    return started


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

    def __init__(self, *run_ids: int):
        self.run_ids = run_ids

    def __enter__(self) -> Heartbeat:
        cls = type(self)
        with cls._lock:
            cls._runs.update(self.run_ids)
            if cls._thread is None or not cls._thread.is_alive():
                cls._thread = threading.Thread(target=cls._beat, args=(get_settings().LEASE_SECONDS,),
                                               name="lease-heartbeat", daemon=True)
                cls._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        with type(self)._lock:
            type(self)._runs.difference_update(self.run_ids)

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


def _finish(computed: list[tuple[DocumentRef, int, T]], work: StageWork[T]) -> list[str]:
    """Save the stage's outputs in one transaction; returns the documents finished (not those cancelled while
    the stage ran, whose output is dropped). When saving one of several fails for a reason other than a
    transient one, each is saved on its own, so that only that one fails."""
    try:
        with session_scope() as session:
            return _save_outputs(session, computed, work)
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        if len(computed) == 1:
            _fail(computed[0][0].id, work.stage, document_problem(exc, work.stage))
            return []
    finished = []
    for one in computed:
        try:
            with session_scope() as session:
                finished += _save_outputs(session, [one], work)
        except TRANSIENT_ERRORS:
            raise
        except Exception as exc:
            _fail(one[0].id, work.stage, document_problem(exc, work.stage))
    return finished


def _save_outputs(session: Session, computed: list[tuple[DocumentRef, int, T]], work: StageWork[T]) -> list[str]:
    # locked like in _start, so a cancel that came while the stage ran is final, not overwritten
    documents = {document.id: document for document in session.scalars(
        select(Document).where(Document.id.in_([ref.id for ref, _, _ in computed])).order_by(Document.id)
        .with_for_update())}
    finished, done_runs, cancelled_runs = [], [], []
    for ref, run_id, output in computed:
        document = documents.get(ref.id)
        if document is None or not transitions.in_flight(document) or document.stage != work.stage:
            # cancelled (or deleted) meanwhile, or finished by a duplicate run: this output is not wanted
            log.info("%s: document %s was cancelled while the stage ran, output dropped", work.stage, ref.id)
            cancelled_runs.append(run_id)
            continue
        work.save(session, ref.id, output)
        transitions.advanced(document, spec(work.stage).next)
        finished.append(ref.id)
        done_runs.append(run_id)
    _close_runs(session, done_runs, RunStatus.DONE)  # after the saves: the runs' time includes them
    _close_runs(session, cancelled_runs, RunStatus.CANCELLED)
    return finished


def _close_runs(session: Session, run_ids: list[int], status: RunStatus) -> None:
    if run_ids:
        session.execute(update(RUNS).where(RUNS.c.id.in_(run_ids))
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
    try:
        with session_scope() as session:
            document = session.get(Document, document_id)
            if document is not None:
                _fail_in(session, document, stage, error)
    except OperationalError:
        log.error("could not mark %s failed at %s (database unavailable): %s", document_id, stage, error)


def _fail_in(session: Session, document: Document, stage: Stage, error: str) -> None:
    log.info("%s failed at %s: %s", document.id, stage, error)
    _close_open_runs(session, document.id, stage, RunStatus.FAILED, error)
    transitions.failed(document, stage, error)
