"""An upload's run: the batches one `reportflow upload` created, under one id that `watch` and `export` take.

Written by the client, for the client (the service knows batches only): one JSON file per run under the state
directory (REPORTFLOW_STATE_DIR, else $XDG_STATE_HOME/reportflow, else ~/.local/state/reportflow), and
``last`` naming the latest one.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from datetime import UTC, datetime
from pathlib import Path

RUN_ID = re.compile(r"^run-\d{8}-\d{6}-[0-9a-f]{4}$")
LAST = "last"


class RunError(Exception):
    """A run id that names no run written on this machine."""


def state_dir() -> Path:
    if given := os.environ.get("REPORTFLOW_STATE_DIR"):
        return Path(given)
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "reportflow"


def new_run_id() -> str:
    return f"run-{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def save_run(run_id: str, batch_ids: list[str], api_url: str, name: str | None) -> Path:
    """Write the run's batches; raises OSError when the state directory cannot be written."""
    runs = state_dir() / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    path = runs / f"{run_id}.json"
    path.write_text(json.dumps({"run": run_id, "batches": batch_ids, "api": api_url, "name": name,
                                "created_at": datetime.now(UTC).isoformat()}, ensure_ascii=False))
    (runs / LAST).write_text(run_id + "\n")
    return path


def run_batches(run_id: str) -> list[str]:
    runs = state_dir() / "runs"
    if run_id == LAST:
        try:
            run_id = (runs / LAST).read_text().strip()
        except OSError:
            raise RunError(f"no upload run recorded yet in {runs}") from None
    try:
        return json.loads((runs / f"{run_id}.json").read_text())["batches"]
    except (OSError, ValueError, KeyError):
        raise RunError(f"no upload run {run_id!r} recorded in {runs}") from None


def resolve_batches(names: list[str]) -> list[str]:
    """Batch ids as given, a run id (or ``last``) replaced by its batches; each batch once, in order."""
    batch_ids: list[str] = []
    for name in names:
        batch_ids += run_batches(name) if name == LAST or RUN_ID.match(name) else [name]
    return list(dict.fromkeys(batch_ids))
