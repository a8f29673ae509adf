from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(autouse=True)
def _queue_follows_the_current_broker():
    """tests/services, tests/bulk and tests/dashboard each start their own Redis, and pytest interleaves their
    tests by database backend; the Celery app configures itself once, so point it at the broker of the
    services the current test runs against (its REPORTFLOW_BROKER_URL), or uploads go to another Redis."""
    import sys

    queue = sys.modules.get("shared.queue")
    if queue is not None and queue.app.configured:
        from shared.settings import get_settings

        url = get_settings().BROKER_URL
        if queue.app.conf.broker_url != url:
            queue.app.conf.broker_url = url
            queue.app._pool = None  # connection and producer pools are per URL: drop the old broker's
            queue.app.amqp._producer_pool = None
    yield
