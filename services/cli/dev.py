"""`reportflow dev` (the whole system on this machine, services.devserver), and a handle on it run as a
subprocess: the demo (scripts/demo.py), the end-to-end benchmark and the tests of `reportflow dev` use it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from services.cli.client import Api
from services.cli.root import app
from shared.embedded import LOOPBACK, free_port, port_is_free
from shared.errors import ReportflowError


@app.command()
def dev(
    port: Annotated[int | None, typer.Option(help="API port on 127.0.0.1 (default REPORTFLOW_API_PORT, 8000).")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Where embedded servers, SQLite and logs live "
                                                       "(default REPORTFLOW_DATA_DIR, ./var).")] = None,
) -> None:
    """Run the whole system on this machine: embedded Redis and S3, SQLite, the API and one worker per queue."""
    from services.devserver import run_dev
    from shared.settings import get_settings

    raise typer.Exit(code=run_dev(get_settings(), data_dir=data_dir, api_port=port))


class DevProcessError(ReportflowError):
    """The dev system did not come up."""


class DevProcess:
    """`reportflow dev` run as a subprocess (own process group), stopped with SIGINT like Ctrl-C."""

    def __init__(self, data_dir: Path, port: int | None = None, env: dict[str, str] | None = None,
                 log_path: Path | None = None):
        self.data_dir = Path(data_dir)
        self.port = port or (8000 if port_is_free(8000) else free_port())
        self.env = env
        self.log_path = log_path or self.data_dir.parent / f"{self.data_dir.name}-dev.log"
        self.process: subprocess.Popen | None = None
        self.api_url = f"http://{LOOPBACK}:{self.port}"

    def start(self) -> DevProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "services", "dev", "--port", str(self.port), "--data-dir", str(self.data_dir)],
                env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def wait_healthy(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        with Api(self.api_url) as client:
            while not client.healthy():
                if not self.alive:
                    raise DevProcessError(f"`reportflow dev` exited with code {self.process.returncode}:\n{self.output()}")
                if time.monotonic() > deadline:
                    raise DevProcessError(f"{self.api_url}/healthz did not answer within {timeout:g}s:\n{self.output()}")
                time.sleep(0.5)
        # /healthz answers as soon as the API is up; `reportflow dev` says "ready" once workers answer too.
        while "ready" not in self.output():
            if not self.alive or time.monotonic() > deadline:
                raise DevProcessError(f"`reportflow dev` never became ready:\n{self.output()}")
            time.sleep(0.2)

    def stop(self, timeout: float = 60.0) -> int | None:
        """SIGINT (as Ctrl-C would), then SIGKILL of its group if it does not finish in time."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode

    def __enter__(self) -> DevProcess:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
