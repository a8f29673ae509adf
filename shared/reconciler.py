"""The database is the truth, the queue only a hint: find documents in flight that nothing is working on and
queue them again.

A document is in flight (queued or processing) at its ``stage``. It is accounted for when a run of that stage
holds a live lease (its worker's heartbeat, shared.pipeline.Heartbeat), or its message waits in the broker, or
was delivered to a worker moments ago. Otherwise, once it has been quiet for RECONCILE_GRACE seconds, it is lost
(FLUSHALL, a broker restarted empty, a worker killed with its message unacknowledged) and is queued again; after
MAX_REDELIVERIES such requeues it is marked ``dead`` with the reason. A worker that died mid-stage leaves a run
whose lease runs out: that document is queued again one lease later, whatever the broker says about the
unacknowledged message (a later redelivery of it is a no-op, shared.pipeline._start).

One pass runs under a leader lease (table ``leader_leases``) so that several reconcilers — replicas of the
compose service, or `reportflow dev` next to one — never do the same work twice.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from shared import broker, transitions
from shared.db.models import IN_FLIGHT_STATUSES, Document, LeaderLease, RunStatus, StageRun, as_utc, utcnow
from shared.db.session import session_scope
from shared.dispatch import BROKER_ERRORS, send
from shared.pipeline import lease_alive
from shared.queue import PREFETCH_MULTIPLIER
from shared.settings import Settings, get_settings
from shared.stages import Stage

log = logging.getLogger(__name__)

LEADER = "reconciler"
# a message delivered to a worker but not yet run (prefetched, or a retry waiting its countdown) is trusted
# this long before its document counts as lost, plus the time a prefetched one may wait behind the messages its
# worker took before it (delivered_trust)
DELIVERED_TRUST_SECONDS = 120.0
# with a broker that cannot be inspected, a quiet document is only taken for lost after this long
BLIND_GRACE_SECONDS = 900.0


@dataclass
class Pass:
    leader: bool
    requeued: list[str]
    dead: list[str]
    error: str | None = None


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def take_lead(session: Session, holder: str, ttl: float, name: str = LEADER) -> bool:
    """Take or renew the named leader lease; False if another holder's lease is still valid."""
    now = utcnow()
    taken = session.execute(
        update(LeaderLease).where(LeaderLease.name == name,
                                  or_(LeaderLease.holder == holder, LeaderLease.expires_at < now))
        .values(holder=holder, expires_at=now + timedelta(seconds=ttl))).rowcount
    if taken:
        return True
    if session.get(LeaderLease, name) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(LeaderLease(name=name, holder=holder, expires_at=now + timedelta(seconds=ttl)))
    except IntegrityError:  # another reconciler created it first
        return False
    return True


def delivered_trust(settings: Settings) -> float:
    """Seconds a delivered, unacknowledged message of a document with no run is trusted: a worker holds
    PREFETCH_MULTIPLIER messages per pool process (shared.queue), so the last one may wait behind the others,
    each up to the task time limit, before it starts."""
    return DELIVERED_TRUST_SECONDS + (PREFETCH_MULTIPLIER - 1) * settings.TASK_TIME_LIMIT


def _lost(document: Document, runs: list[StageRun], view: broker.BrokerView | None, now: datetime,
          grace: float, trust: float = DELIVERED_TRUST_SECONDS) -> str | None:
    """Why the document is lost, or None if something is (or may be) working on it."""
    mine = [run for run in runs if run.stage == document.stage]
    if any(lease_alive(run, now) for run in mine):
        return None
    key = (document.id, document.stage)
    if view is not None and key in view.waiting:
        return None
    delivered = view.delivered.get(key) if view is not None else None
    if mine:  # leases ran out: the worker is gone, unless the message was delivered again since
        expired = max((now - as_utc(run.lease_until or run.started_at)).total_seconds() for run in mine)
        if delivered is not None and delivered < min(expired, DELIVERED_TRUST_SECONDS):
            return None
        return f"its {document.stage} worker stopped renewing its lease"
    if delivered is not None and delivered < trust:
        return None
    if view is None:  # no look into the broker: wait as long as a message might
        grace = max(grace, BLIND_GRACE_SECONDS)
    if (now - as_utc(document.updated_at)).total_seconds() < grace:
        return None
    return f"its {document.stage} message was lost by the broker"


def reconcile_once(holder: str, settings: Settings | None = None) -> Pass:
    settings = settings or get_settings()
    ttl = 3 * settings.RECONCILE_INTERVAL
    url = settings.DATABASE_URL
    with session_scope(url) as session:
        if not take_lead(session, holder, ttl):
            return Pass(False, [], [])
    try:
        view = broker.inspect(settings.BROKER_URL)
    except Exception as exc:  # the broker is down: nothing can be queued this time
        return _record(url, Pass(True, [], [], f"broker unreachable: {type(exc).__name__}: {exc}"))
    now = utcnow()
    requeue: list[tuple[str, Stage]] = []
    dead: list[str] = []
    with session_scope(url) as session:
        documents = list(session.scalars(select(Document).where(Document.status.in_(IN_FLIGHT_STATUSES))
                                         .with_for_update()))
        runs: dict[str, list[StageRun]] = {}
        if documents:
            for run in session.scalars(select(StageRun).where(StageRun.status == RunStatus.RUNNING)):
                runs.setdefault(run.document_id, []).append(run)
        for document in documents:
            if document.stage is None:
                continue
            reason = _lost(document, runs.get(document.id, []), view, now, settings.RECONCILE_GRACE,
                           delivered_trust(settings))
            if reason is None:
                continue
            if document.redeliveries >= settings.MAX_REDELIVERIES:
                transitions.dead(document, Stage(document.stage),
                                 f"lost {document.redeliveries + 1} times ({reason}); not queued again")
                dead.append(document.id)
                continue
            log.warning("requeueing %s at %s: %s", document.id, document.stage, reason)
            document.redeliveries += 1
            transitions.queued(document, Stage(document.stage))
            document.updated_at = now
            requeue.append((document.id, Stage(document.stage)))
    unqueued = send(requeue, settings.BROKER_URL) if requeue else []
    requeued = [document_id for document_id, _ in requeue if document_id not in set(unqueued)]
    return _record(url, Pass(True, requeued, dead, "broker refused the requeue" if unqueued else None))


def _record(url: str, result: Pass) -> Pass:
    with session_scope(url) as session:
        lease = session.get(LeaderLease, LEADER)
        if lease is not None:
            lease.last_run_at = utcnow()
            lease.runs += 1
            lease.requeued += len(result.requeued)
            lease.dead += len(result.dead)
            lease.last_error = result.error
    if result.requeued or result.dead or result.error:
        log.info("reconciler: %d requeued, %d dead%s", len(result.requeued), len(result.dead),
                 f"; {result.error}" if result.error else "")
    return result


def run_forever(settings: Settings | None = None, passes: int | None = None) -> None:
    """A pass every RECONCILE_INTERVAL seconds (``passes``: stop after that many, for tests)."""
    settings = settings or get_settings()
    holder = holder_id()
    done = 0
    while passes is None or done < passes:
        started = time.monotonic()
        try:
            reconcile_once(holder, settings)
        except (OperationalError, *BROKER_ERRORS) as exc:
            log.error("reconciler pass failed: %s", exc)
        except Exception:
            log.exception("reconciler pass failed unexpectedly")
        done += 1
        time.sleep(max(0.0, settings.RECONCILE_INTERVAL - (time.monotonic() - started)))


def status(session: Session) -> dict | None:
    lease = session.get(LeaderLease, LEADER)
    if lease is None:
        return None
    return {"last_run_at": as_utc(lease.last_run_at).isoformat() if lease.last_run_at else None,
            "runs": lease.runs, "requeued": lease.requeued, "dead": lease.dead, "last_error": lease.last_error}
