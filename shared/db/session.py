"""Engines and sessions, built lazily from Settings and cached per database URL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from shared.settings import get_settings

# Several processes (API, one worker per stage) write the same SQLite file: wait for locks instead of failing.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# An execution option of the engines behind read-only sessions: their transactions begin deferred on SQLite.
READ_ONLY = "reportflow_read_only"


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: Settings.DATABASE_URL), created once per URL."""
    return _engine_for(url or get_settings().DATABASE_URL)


def _forget_inherited_connections() -> None:
    # A forked worker process must not use the pooled connections of its parent (they share sockets).
    for engine in _engines:
        engine.dispose(close=False)


_engines: list[Engine] = []
os.register_at_fork(after_in_child=_forget_inherited_connections)


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    engine = _create_engine(url)
    _engines.append(engine)
    return engine


def _create_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, connect_args=_connect_timeout(parsed.get_backend_name()))


def _connect_timeout(backend: str) -> dict:
    return {"connect_timeout": 5} if backend == "postgresql" else {}


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy own transactions (the pysqlite driver's own BEGIN handling is off) ...
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # ... and take the write lock up front: a deferred transaction that reads, then writes after another
        # process committed, fails at once with "database is locked" instead of waiting. A read-only session
        # never writes, so it begins deferred and does not queue behind the writers (WAL readers never block).
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def get_sessionmaker(url: str | None = None, *, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions on ``url``'s engine; ``read_only`` ones (that must never write) begin deferred on SQLite."""
    return _sessionmaker_for(url or get_settings().DATABASE_URL, read_only)


@lru_cache(maxsize=16)
def _sessionmaker_for(url: str, read_only: bool) -> sessionmaker[Session]:
    engine = get_engine(url)
    if read_only:
        engine = engine.execution_options(**{READ_ONLY: True})  # same pool, other BEGIN
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None, *, read_only: bool = False) -> Iterator[Session]:
    """A session whose transaction commits when the block ends normally and rolls back otherwise.

    ``read_only``: the block only reads (a stage loading its inputs, a status page); on SQLite it then does not
    take the write lock, so it neither waits for the writers nor makes them wait."""
    with get_sessionmaker(url, read_only=read_only)() as session, session.begin():
        yield session
