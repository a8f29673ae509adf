"""The stage tasks with their soft time limit switched off, so that only the hard limit (which kills the
worker process) stops a task: `celery -A hard_limit_app worker`, for the time-limit tests."""

from shared.queue import app

app.conf.task_soft_time_limit = None

__all__ = ["app"]
