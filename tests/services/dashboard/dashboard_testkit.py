"""Helpers of the dashboard tests: read a batch's event stream, make uploads that are processed again."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass

import httpx
from services_testkit import PROCESSING_TIMEOUT, REPORTS


@dataclass(frozen=True)
class Event:
    kind: str
    id: str | None
    data: dict


def read_events(http: httpx.Client, batch_id: str, last_event_id: str | None = None, stop_after: int | None = None,
                timeout: float = PROCESSING_TIMEOUT) -> list[Event]:
    """The batch's events until the final one (or until ``stop_after`` events), parsed from the raw stream."""
    headers = {"Last-Event-ID": last_event_id} if last_event_id else {}
    events: list[Event] = []
    deadline = time.monotonic() + timeout
    with http.stream("GET", f"/v1/batches/{batch_id}/events", headers=headers, timeout=timeout) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        fields: dict[str, str] = {}
        for line in response.iter_lines():
            assert time.monotonic() < deadline, f"no final event within {timeout}s: {events[-3:]}"
            if line.startswith(":"):
                continue  # keep-alive comment
            if line:
                key, _, value = line.partition(":")
                fields[key] = value.removeprefix(" ")
                continue
            if "event" in fields:
                events.append(Event(fields["event"], fields.get("id"), json.loads(fields["data"])))
                if events[-1].kind == "final" or (stop_after and len(events) >= stop_after):
                    return events
            fields = {}
    return events


def unique_report(name: str = "seed000.txt") -> tuple[str, bytes]:
    """A dev report with a distinct last line: new bytes, so its stored object belongs to this test alone."""
    marker = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(12))
    return name, (REPORTS / name).read_bytes() + f"\n附：测试标记 {marker}\n".encode()


def unique_dev_reports() -> list[tuple[str, bytes]]:
    """The five dev reports, each with new bytes: other tests on the same servers upload the originals."""
    return [unique_report(path.name) for path in sorted(REPORTS.glob("*.txt"))]
