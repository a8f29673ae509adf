"""Run the Alembic migrations programmatically (``reportflow migrate``)."""

import time
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Bring the database at ``url`` (default: Settings.DATABASE_URL) to ``revision``."""
    command.upgrade(alembic_config(url), revision)


def wait_for_database(timeout: float, url: str | None = None, *, interval: float = 1.0,
                      sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                      connect: Callable[[], None] | None = None) -> int:
    """Retry connecting to the database until it answers or ``timeout`` seconds have passed; the connection
    error of the last try is raised then. Returns the number of failed tries (0: it answered at once)."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from shared.db.session import get_engine

    def default_connect() -> None:
        with get_engine(url).connect() as connection:
            connection.execute(text("SELECT 1"))

    connect = connect or default_connect
    deadline = clock() + timeout
    failures = 0
    while True:
        try:
            connect()
            return failures
        except OperationalError:
            failures += 1
            if clock() + interval > deadline:
                raise
            sleep(interval)
