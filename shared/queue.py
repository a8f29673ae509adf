"""The Celery application: one queue per stage, configured lazily from Settings when first used.

Workers: ``celery -A shared.queue worker -Q clean --concurrency 1`` (likewise section, extract), or one worker
for all three queues: ``-Q clean,section,extract``.
"""

from celery import Celery
from kombu import Exchange, Queue

from shared.settings import get_settings
from shared.stages import PIPELINE, QUEUES, TASK_MODULES, spec

STAGE_QUEUES = QUEUES

# One routing table: task name → queue, from the stage table. The task modules register these names.
TASK_ROUTES = {s.task: {"queue": s.queue} for s in PIPELINE}

app = Celery("reportflow", include=list(TASK_MODULES))

# Messages a worker holds per pool process: only the one it runs. Two (one waiting) saved a broker round trip
# between short stages, but a waiting message of a worker killed with -9 is then only known lost after the
# delivered-message trust plus a whole task time limit (shared.reconciler.delivered_trust): minutes, not the
# seconds the lease gives a running one.
PREFETCH_MULTIPLIER = 1


def celery_config() -> dict:
    settings = get_settings()
    time_limit = settings.TASK_TIME_LIMIT
    return {
        "broker_url": settings.BROKER_URL,
        "broker_connection_retry_on_startup": True,
        # A message is redelivered when not acked within this time: longer than any task may run.
        "broker_transport_options": {"visibility_timeout": max(3600, 4 * time_limit)},
        # each queue with its own exchange and key: unbound queues would all share the default binding
        "task_queues": [Queue(name, Exchange(name, type="direct"), routing_key=name) for name in STAGE_QUEUES],
        "task_default_queue": QUEUES[0],
        "task_routes": TASK_ROUTES,
        "task_serializer": "json",
        "accept_content": ["json"],
        "task_ignore_result": True,
        # Ack after the task ran, one message per worker process at a time (PREFETCH_MULTIPLIER), requeue if
        # the process dies.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": PREFETCH_MULTIPLIER,
        "task_time_limit": time_limit,
        # the soft limit raises inside the task, which then fails the document with a message
        "task_soft_time_limit": time_limit - min(10.0, time_limit / 4),
        # a pool process that grew past this (KiB) is replaced after its task: one huge document cannot
        # leave a bloated process behind for the next ones
        "worker_max_memory_per_child": settings.WORKER_MAX_MEMORY_MB * 1024,
        "enable_utc": True,
    }


@app.on_configure.connect
def _configure_from_settings(sender: Celery, **_kwargs) -> None:
    sender.config_from_object(celery_config())


def enqueue(stage: str, *document_ids: str, connection=None, producer=None) -> None:
    """Queue one stage of one document, or of a batch that one task runs one after the other (by task name, so
    callers need not import the analysis code).

    ``connection``: a broker connection to publish on, or ``producer``: a producer (default: the app's broker)."""
    app.send_task(spec(stage).task, args=list(document_ids), connection=connection, producer=producer)
