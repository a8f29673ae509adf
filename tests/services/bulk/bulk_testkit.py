"""Helpers of the bulk tests: distinct copies of the dev reports, the command line run as users run it."""

from __future__ import annotations

import os
import subprocess
import sys
from itertools import count
from pathlib import Path

from services_testkit import REPORTS

from shared.db.models import Document
from shared.db.session import session_scope

_copies = count(1)
CLI = Path(sys.executable).with_name("reportflow")


def fresh_report(name: str) -> bytes:
    """A dev report whose bytes no earlier test uploaded (trailing blank lines, which cleaning drops), so each
    test gets its own documents rather than duplicates of another test's."""
    return (REPORTS / name).read_bytes() + b"\n" * next(_copies)


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`reportflow ...` in a subprocess; a wide terminal so the summary table is not wrapped."""
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **env, "COLUMNS": "400", "NO_COLOR": "1"})


def summary_line(output: str, label: str) -> str:
    [line] = [line for line in output.splitlines() if f" {label} " in line]
    return line


def document_count(database_url: str) -> int:
    with session_scope(database_url) as session:
        return session.query(Document).count()
