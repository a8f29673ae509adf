"""GET /metrics in Prometheus' text format: documents by status, stage run durations, queue depth, retries and
what the reconciler did, all read from the SQL store and the broker at scrape time (no per-process counters, so
every API replica answers the same)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from sqlalchemy import func, select

from shared import broker
from shared.db.models import Document, LeaderLease, RunStatus, StageRun, Status, as_utc
from shared.db.session import session_scope
from shared.reconciler import LEADER
from shared.stages import STAGE_NAMES

router = APIRouter(tags=["health"])

DURATION_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
RECENT_RUNS = 20_000  # the histogram covers this many latest finished runs


class StoreCollector:
    def __init__(self, database_url: str, broker_url: str):
        self.database_url, self.broker_url = database_url, broker_url

    def collect(self):
        with session_scope(self.database_url) as session:
            yield self._documents(session)
            yield from self._runs(session)
            yield from self._reconciler(session)
        depth = GaugeMetricFamily("reportflow_queue_depth", "Messages waiting in each stage queue", labels=["queue"])
        try:
            for queue, count in (broker.backlog(self.broker_url) or {}).items():
                depth.add_metric([queue], count)
        except Exception:  # an unreachable broker shows as no samples
            pass
        yield depth

    def _documents(self, session):
        family = GaugeMetricFamily("reportflow_documents", "Documents by status", labels=["status"])
        counts = dict(session.execute(select(Document.status, func.count()).group_by(Document.status)).all())
        for status in Status:
            family.add_metric([status.value], counts.get(status.value, 0))
        return family

    def _runs(self, session):
        rows = session.execute(
            select(StageRun.stage, StageRun.started_at, StageRun.finished_at)
            .where(StageRun.status == RunStatus.DONE, StageRun.finished_at.is_not(None))
            .order_by(StageRun.id.desc()).limit(RECENT_RUNS)).all()
        histogram = HistogramMetricFamily("reportflow_stage_duration_seconds", "Duration of finished stage runs",
                                          labels=["stage"])
        for stage in STAGE_NAMES:
            durations = [(as_utc(end) - as_utc(start)).total_seconds() for s, start, end in rows if s == stage]
            buckets = [(str(b), sum(1 for d in durations if d <= b)) for b in DURATION_BUCKETS]
            buckets.append(("+Inf", len(durations)))
            histogram.add_metric([stage], buckets, sum(durations))
        yield histogram
        runs = CounterMetricFamily("reportflow_stage_runs", "Stage runs by stage and outcome",
                                   labels=["stage", "status"])
        for stage, status, count in session.execute(
                select(StageRun.stage, StageRun.status, func.count()).group_by(StageRun.stage, StageRun.status)):
            runs.add_metric([stage, status], count)
        yield runs

    def _reconciler(self, session):
        lease = session.get(LeaderLease, LEADER)
        requeues = CounterMetricFamily("reportflow_reconciler_requeues", "Documents the reconciler queued again")
        dead = CounterMetricFamily("reportflow_reconciler_dead", "Documents the reconciler marked dead")
        last = GaugeMetricFamily("reportflow_reconciler_last_run_timestamp_seconds", "End of its latest pass")
        requeues.add_metric([], lease.requeued if lease else 0)
        dead.add_metric([], lease.dead if lease else 0)
        if lease is not None and lease.last_run_at is not None:
            last.add_metric([], as_utc(lease.last_run_at).timestamp())
        yield from (requeues, dead, last)


@router.get("/metrics", response_class=Response,
            responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text format"}})
def prometheus_metrics(request: Request) -> Response:
    settings = request.app.state.settings
    registry = CollectorRegistry()
    registry.register(StoreCollector(settings.DATABASE_URL, settings.BROKER_URL))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
