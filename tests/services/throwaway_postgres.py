"""A throwaway PostgreSQL database on 127.0.0.1:5432 (trust), created for a run and dropped after it; and a
PostgreSQL server of a test's own, for the tests that crash one."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from shared.db.session import get_engine
from shared.embedded import LOOPBACK, free_port

POSTGRES_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=5"


def throwaway_postgres(prefix: str) -> Iterator[str]:
    """Yields the URL of a new database named ``prefix_<random>``; skips the test when PostgreSQL is not there."""
    name = f"{prefix}_{secrets.token_hex(6)}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL on 127.0.0.1:5432: {exc}")
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


class PostgresServer:
    """A PostgreSQL server of its own (Debian's binaries) on a free loopback port, for tests that crash it.

    As root the cluster is owned by the ``postgres`` user (initdb refuses root); its files live in a directory of
    its own under the system's temporary directory (pytest's, private to root, is closed to that user), removed by
    ``remove()``.
    ``crash()`` kills the postmaster with SIGKILL — what a power cut or the OOM killer does — and ``start()`` brings
    it back on the same port and data, running crash recovery as PostgreSQL does after any crash.
    """

    def __init__(self):
        self.bin_dir = _postgres_bin_dir()
        self.home = Path(tempfile.mkdtemp(prefix="reportflow-pg-"))
        self.data_dir = self.home / "data"
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self._log = self.home / "postgres.log"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@{LOOPBACK}:{self.port}/postgres"

    def _as_owner(self, argv: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv

    def init(self) -> PostgresServer:
        if os.geteuid() == 0:
            shutil.chown(self.home, "postgres", "postgres")
        initdb = subprocess.run(self._as_owner([str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-U",
                                                "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]),
                                capture_output=True, text=True, timeout=120)
        if initdb.returncode:
            raise RuntimeError(f"initdb failed:\n{initdb.stdout[-1000:]}{initdb.stderr[-1000:]}")
        return self

    def start(self, timeout: float = 60) -> None:
        # listen on loopback only; no unix socket directory to fight over with the machine's own server
        with open(self._log, "ab") as log:
            self.process = subprocess.Popen(
                self._as_owner([str(self.bin_dir / "postgres"), "-D", str(self.data_dir), "-p", str(self.port),
                                "-h", LOOPBACK, "-k", "", "-c", "fsync=off"]),
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(f"host={LOOPBACK} port={self.port} user=postgres dbname=postgres "
                                "connect_timeout=2").close()
                return
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"PostgreSQL did not start:\n{self._log.read_text(errors='replace')[-2000:]}") from None
                time.sleep(0.2)

    def crash(self) -> None:
        """SIGKILL to the postmaster and every backend (its process group), as in a crash."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.crash()
        self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)


def _postgres_bin_dir() -> Path:
    """The newest Debian PostgreSQL's binaries; skips the test when none is installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parent.parent.name))
    if not found or shutil.which("runuser") is None and os.geteuid() == 0:
        pytest.skip("no PostgreSQL server binaries (Debian's postgresql package) to run a server of the test's own")
    return found[-1].parent
