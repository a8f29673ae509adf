"""`reportflow dev`: the whole system on one machine, with nothing configured.

Starts (unless REPORTFLOW_* says where an existing one is) an embedded Redis broker and SeaweedFS S3 store,
a SQLite database in the data dir brought up to date with `reportflow migrate`, the API under uvicorn and one
Celery worker per queue. Every child runs in its own process group and gets the REPORTFLOW_* variables of the
servers chosen here; SIGINT/SIGTERM, or any child dying, stops them all.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx
from rich.console import Console
from rich.table import Table

from shared.embedded import (
    LOOPBACK,
    EmbeddedRedis,
    EmbeddedSeaweedFS,
    EmbeddedServer,
    EmbeddedServerError,
    port_is_free,
    terminate_group,
)
from shared.errors import ReportflowError
from shared.settings import Settings
from shared.stages import QUEUES as STAGE_QUEUES  # (shared.queue would import Celery: slow to start)

API_FACTORY = "services.ingest.main:create_app"
HEALTH_PATH = "/healthz"


def api_command(host: str, port: int) -> list[str]:
    """The API process (deploy/docker-compose.yml runs the same argv)."""
    return ["uvicorn", "--factory", API_FACTORY, "--host", host, "--port", str(port)]


def worker_command(queue: str, concurrency: int = 1, node: str | None = None) -> list[str]:
    """One stage worker consuming `queue` (deploy/docker-compose.yml runs the same argv)."""
    return ["celery", "-A", "shared.queue", "worker", "-Q", queue, "--concurrency", str(concurrency),
            "-n", f"{node or queue}@%h", "--loglevel", "INFO"]


MIGRATE_COMMAND = ["reportflow", "migrate"]
RECONCILE_COMMAND = ["reportflow", "reconcile"]


class DevSystemError(ReportflowError):
    """The dev system could not start, or one of its processes kept dying."""


# A child that died is started again after 1, 2, 4 … up to 30 s; dying this often within the window stops all.
RESTART_BACKOFF_MAX = 30.0
MAX_DEATHS, DEATH_WINDOW = 5, 120.0
LOCK_FILE = "dev.lock"
ENV_FILE = "dev.env"


class Shutdown(BaseException):
    """SIGINT or SIGTERM arrived: stop everything."""


@dataclass
class Child:
    """One long-running subprocess of the dev system (API or worker), in its own process group."""

    name: str
    argv: list[str]
    log_path: Path
    process: subprocess.Popen | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)
    started_at: float = 0.0
    deaths: list[float] = field(default_factory=list)  # monotonic times it died at, for the backoff
    restart_at: float | None = None

    def start(self, env: dict[str, str], cwd: Path) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        if self._log is not None:
            self._log.close()
        self.started_at = time.monotonic()
        self.restart_at = None
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(self.argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                        stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def exit_code(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def stop(self, timeout: float) -> None:
        if self.process is not None and self.process.poll() is None:
            terminate_group(self.process, timeout)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@dataclass
class Endpoints:
    """Where the backing services are, as REPORTFLOW_* variables for every child."""

    database_url: str
    broker_url: str
    s3_endpoint: str
    s3_access_key: str
    s3_secret_key: str
    s3_bucket: str
    s3_secure: bool

    def env(self) -> dict[str, str]:
        return {
            "REPORTFLOW_DATABASE_URL": self.database_url,
            "REPORTFLOW_BROKER_URL": self.broker_url,
            "REPORTFLOW_S3_ENDPOINT": self.s3_endpoint,
            "REPORTFLOW_S3_ACCESS_KEY": self.s3_access_key,
            "REPORTFLOW_S3_SECRET_KEY": self.s3_secret_key,
            "REPORTFLOW_S3_BUCKET": self.s3_bucket,
            "REPORTFLOW_S3_SECURE": "true" if self.s3_secure else "false",
        }


class DevSystem:
    """Embedded servers, database, API and workers, started and stopped together.

    `workers_per_queue` starts that many worker processes for each queue, each with `concurrency` pool
    processes (the benchmark compares configurations with them).
    """

    def __init__(self, settings: Settings, *, data_dir: Path | None = None, api_port: int | None = None,
                 workers_per_queue: int = 1, concurrency: int = 1, console: Console | None = None):
        self.settings = settings
        self.data_dir = Path(data_dir or settings.DATA_DIR).resolve()
        self.api_host = LOOPBACK
        self.api_port = api_port or settings.API_PORT
        self.workers_per_queue = workers_per_queue
        self.concurrency = concurrency
        self.console = console or Console(stderr=True)
        self.log_dir = self.data_dir / "logs"
        self.servers: list[EmbeddedServer] = []
        self.children: list[Child] = []
        self.endpoints: Endpoints | None = None
        self.embedded: dict[str, bool] = {}
        self._lock_fd: int | None = None
        self._wrote_env = False  # dev.env is ours to remove only once we wrote it (not a refused second one's)

    @property
    def api_url(self) -> str:
        return f"http://{self.api_host}:{self.api_port}"

    # --- starting -------------------------------------------------------------------------------------------

    def start(self, timeout: float = 90.0) -> None:
        """Start everything and wait until the API answers and every worker replies to a ping.

        On any failure, whatever was started is stopped again before the error propagates.
        """
        try:
            self._start(timeout)
        except BaseException:
            self.stop()
            raise

    def _start(self, timeout: float) -> None:
        self.lock()
        if not port_is_free(self.api_port):
            raise DevSystemError(f"port {self.api_host}:{self.api_port} is already in use (try --port)")
        self.endpoints = self._backing_services()
        env = self.child_env()
        self._write_env_file(env)
        self._migrate(env)
        # `python -m <tool>` runs the tools of this interpreter's environment, whatever PATH says.
        python = [sys.executable, "-m"]
        self.children.append(Child("api", python + api_command(self.api_host, self.api_port),
                                   self.log_dir / "api.log"))
        self.children.append(Child("reconciler", [sys.executable, "-m", "services", *RECONCILE_COMMAND[1:]],
                                   self.log_dir / "reconciler.log"))
        for queue in STAGE_QUEUES:
            for index in range(1, self.workers_per_queue + 1):
                node = queue if self.workers_per_queue == 1 else f"{queue}{index}"
                self.children.append(Child(f"worker {node}",
                                           python + worker_command(queue, self.concurrency, node),
                                           self.log_dir / f"worker-{node}.log"))
        for child in self.children:
            child.start(env, cwd=Path.cwd())
        deadline = time.monotonic() + timeout
        self._wait_api(deadline)
        self._wait_workers(deadline)

    def lock(self) -> None:
        """One `reportflow dev` per data dir: a second one would share its SQLite file and Redis data, so it
        is refused before it starts anything or touches a file of the running one. Idempotent."""
        if self._lock_fd is not None:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / LOCK_FILE
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise DevSystemError(f"another reportflow dev (pid {holder}) is running on {self.data_dir}; "
                                 "stop it or use another --data-dir") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._lock_fd = fd

    def _unlock_data_dir(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            (self.data_dir / LOCK_FILE).unlink(missing_ok=True)
            os.close(fd)

    def _backing_services(self) -> Endpoints:
        """Use the servers REPORTFLOW_* names; start embedded ones for the rest."""
        s = self.settings
        given = s.model_fields_set
        self.embedded = {"database": "DATABASE_URL" not in given, "broker": "BROKER_URL" not in given,
                         "s3": "S3_ENDPOINT" not in given}
        database_url = s.DATABASE_URL
        if self.embedded["database"]:
            database_url = f"sqlite:///{self.data_dir / 'reportflow.db'}"
        broker_url = s.BROKER_URL
        if self.embedded["broker"]:
            redis = EmbeddedRedis(self.data_dir / "redis", persist=True)
            self.servers.append(redis)
            redis.start()
            broker_url = redis.url
        s3_endpoint, s3_secure = s.S3_ENDPOINT, s.S3_SECURE
        if self.embedded["s3"]:
            s3 = EmbeddedSeaweedFS(self.data_dir / "seaweedfs", access_key=s.S3_ACCESS_KEY,
                                   secret_key=s.S3_SECRET_KEY, bucket=s.S3_BUCKET)
            self.servers.append(s3)
            s3.start()
            s3_endpoint, s3_secure = s3.endpoint, False
        return Endpoints(database_url, broker_url, s3_endpoint, s.S3_ACCESS_KEY, s.S3_SECRET_KEY,
                         s.S3_BUCKET, s3_secure)

    def child_env(self) -> dict[str, str]:
        assert self.endpoints is not None
        return os.environ | self.endpoints.env() | {
            "REPORTFLOW_DATA_DIR": str(self.data_dir),
            "REPORTFLOW_API_HOST": self.api_host,
            "REPORTFLOW_API_PORT": str(self.api_port),
            "REPORTFLOW_API_URL": self.api_url,  # what `reportflow watch|export|upload` use (services.cli.client)
            "PYTHONUNBUFFERED": "1",
        }

    def _write_env_file(self, env: dict[str, str]) -> None:
        """dev.env: the same variables, for running `reportflow` commands against this system by hand
        (`. var/dev.env` in a shell: each line an `export`, the value quoted for the shell)."""
        lines = [f"export {k}={shlex.quote(v)}" for k, v in sorted(env.items()) if k.startswith("REPORTFLOW_")]
        path = self.data_dir / ENV_FILE
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._wrote_env = True
        with os.fdopen(fd, "w") as fh:
            fh.write("\n".join(lines) + "\n")

    def _migrate(self, env: dict[str, str]) -> None:
        log = self.log_dir / "migrate.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as fh:
            done = subprocess.run([sys.executable, "-m", "services", *MIGRATE_COMMAND[1:]], env=env,
                                  stdin=subprocess.DEVNULL, stdout=fh, stderr=subprocess.STDOUT, timeout=120,
                                  check=False)
        if done.returncode != 0:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
            raise DevSystemError(f"`reportflow migrate` failed (exit {done.returncode}); log {log}:\n{tail}")

    def _wait_api(self, deadline: float) -> None:
        url = self.api_url + HEALTH_PATH
        last = "no answer"
        while time.monotonic() < deadline:
            self._raise_if_child_died()
            try:
                response = httpx.get(url, timeout=2)
                if response.status_code == 200:
                    return
                last = f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                last = str(exc) or type(exc).__name__
            time.sleep(0.2)
        raise DevSystemError(f"the API did not answer {url} in time ({last})")

    def _wait_workers(self, deadline: float) -> None:
        """Every worker answers a broadcast ping (a bare Celery app on the broker is enough to send it)."""
        from celery import Celery

        expected = {child.argv[child.argv.index("-n") + 1].split("@")[0]
                    for child in self.children if child.name.startswith("worker")}
        probe = Celery("reportflow-dev-probe", broker=self.endpoints.broker_url)
        answered: set[str] = set()
        try:
            while time.monotonic() < deadline:
                self._raise_if_child_died()
                for reply in probe.control.ping(timeout=1.0) or []:
                    answered |= {hostname.split("@")[0] for hostname in reply}
                if expected <= answered:
                    return
            raise DevSystemError(f"workers {sorted(expected - answered)} did not answer a ping in time")
        finally:
            probe.close()

    # --- running --------------------------------------------------------------------------------------------

    def dead_child(self) -> Child | None:
        return next((child for child in self.children if child.exit_code is not None), None)

    def _raise_if_child_died(self) -> None:
        dead = self.dead_child() or next((s for s in self.servers if s.process and not s.running), None)
        if dead is not None:
            code = dead.exit_code if isinstance(dead, Child) else dead.process.returncode
            raise DevSystemError(f"{dead.name} exited with code {code}; log {dead.log_path}:\n{dead.log_tail()}")

    def supervise(self, poll: float = 0.5) -> None:
        """Block until a Shutdown arrives, starting again any child or embedded server that died (after a
        backoff, with a line on the console); raise DevSystemError when one keeps dying."""
        while True:
            self.revive()
            time.sleep(poll)

    def revive(self) -> None:
        now = time.monotonic()
        for server in self.servers:
            if server.process is not None and not server.running:
                code = server.process.returncode
                self.console.print(f"[yellow]{server.name} exited with code {code}; starting it again "
                                   f"(log {server.log_path})[/yellow]")
                server.restart()
        for child in self.children:
            if child.exit_code is None:
                continue
            if child.restart_at is None:
                child.deaths = [t for t in child.deaths if now - t < DEATH_WINDOW] + [now]
                if len(child.deaths) >= MAX_DEATHS:
                    raise DevSystemError(f"{child.name} exited with code {child.exit_code} {len(child.deaths)} times "
                                         f"in {DEATH_WINDOW:g} s; log {child.log_path}:\n{child.log_tail()}")
                delay = min(RESTART_BACKOFF_MAX, 2.0 ** (len(child.deaths) - 1))
                child.restart_at = now + delay
                self.console.print(f"[yellow]{child.name} exited with code {child.exit_code}; restarting it in "
                                   f"{delay:g} s (log {child.log_path})[/yellow]")
            elif now >= child.restart_at:
                child.start(self.child_env(), cwd=Path.cwd())
                self.console.print(f"{child.name} started again (pid {child.process.pid})")

    # --- stopping -------------------------------------------------------------------------------------------

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM the API and every worker at once (Celery finishes its current task: warm shutdown), wait for
        them, then stop the embedded servers they were talking to. Idempotent."""
        for child in self.children:  # all at once, so their shutdowns overlap
            if child.process is not None and child.process.poll() is None:
                _signal_group(child.process.pid, signal.SIGTERM)
        for child in self.children:
            child.stop(timeout)
        for server in reversed(self.servers):
            server.stop()
        if self._wrote_env:
            (self.data_dir / ENV_FILE).unlink(missing_ok=True)  # its addresses are gone
            self._wrote_env = False
        self._unlock_data_dir()

    def describe(self) -> Table:
        assert self.endpoints is not None
        e = self.endpoints
        table = Table("what", "where", title="reportflow dev", title_justify="left")
        table.add_row("API", f"{self.api_url}  (docs {self.api_url}/docs)")
        table.add_row("database", _label(_hide_password(e.database_url), self.embedded["database"], "SQLite file"))
        table.add_row("broker", _label(_hide_password(e.broker_url), self.embedded["broker"], "embedded redis-server"))
        table.add_row("object store", _label(f"{'https' if e.s3_secure else 'http'}://{e.s3_endpoint} "
                                            f"bucket {e.s3_bucket}", self.embedded["s3"], "embedded SeaweedFS"))
        workers = ", ".join(child.name.removeprefix("worker ") for child in self.children
                            if child.name.startswith("worker"))
        table.add_row("workers", f"{workers} (concurrency {self.concurrency})")
        table.add_row("data", str(self.data_dir))
        table.add_row("logs", str(self.log_dir))
        table.add_row("variables", f"{self.data_dir / ENV_FILE}  (. {self.data_dir / ENV_FILE} in a shell)")
        return table


_URL_PASSWORD = re.compile(r"(?<=://)([^:/@]*):[^@/]+@")


def _hide_password(url: str) -> str:
    return _URL_PASSWORD.sub(r"\1:***@", url)


def _label(where: str, embedded: bool, kind: str) -> str:
    return f"{where}  ({kind})" if embedded else f"{where}  (from REPORTFLOW_*)"


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


@contextmanager
def shutdown_on_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into a Shutdown raised in the main thread, for the duration."""

    def _raise(signum, _frame):
        # a second signal during the orderly stop is ignored: stop() has its own time limits
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Shutdown(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, _raise) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_dev(settings: Settings, *, data_dir: Path | None = None, api_port: int | None = None) -> int:
    """The `reportflow dev` command: start, print where things are, supervise, stop. Returns the exit code."""
    console = Console(stderr=True)
    system = DevSystem(settings, data_dir=data_dir, api_port=api_port, console=console)
    try:
        system.lock()  # a second one on this data dir: one line, at once, nothing of the first one touched
    except DevSystemError as exc:
        console.print(f"[red]✗ {exc}[/red]", highlight=False, soft_wrap=True)
        return 1
    with shutdown_on_signals():
        try:
            console.print("[bold]starting reportflow dev …[/bold]")
            system.start()
            console.print(system.describe())
            console.print(f"[green]ready[/green]. Upload a batch:  curl -F files=@a.txt -F files=@b.docx "
                          f"{system.api_url}/v1/batches   (API docs: {system.api_url}/docs). "
                          "Ctrl-C stops everything.")
            system.supervise()
        except Shutdown as signal_name:
            console.print(f"[yellow]{signal_name}: stopping every process …[/yellow]")
            return 0
        except (DevSystemError, EmbeddedServerError) as exc:
            console.print(f"[red]✗ {exc}[/red]")
            return 1
        finally:
            system.stop()
            console.print("stopped.")
