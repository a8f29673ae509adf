"""GET /v1/batches/{id}/events over real HTTP (uvicorn), with the real workers processing the batch."""

from __future__ import annotations

import time
from itertools import pairwise

import pytest
from dashboard_testkit import read_events, unique_dev_reports
from services_testkit import broken_docx, upload, wait_for_batch

# the order a document's status may move in while it is processed once
STATUS_RANK = {"queued": 0, "processing": 1, "done": 2, "failed": 2}
STAGES = ["clean", "section", "extract"]


def _documents_last_state(events) -> dict[str, dict]:
    return {e.data["id"]: e.data for e in events if e.kind == "document"}


@pytest.fixture(scope="module")
def streamed(http, client):
    """The five dev reports and a broken .docx, followed from right after the upload to the final event."""
    accepted = upload(client, [*unique_dev_reports(), ("broken.docx", broken_docx())])
    return accepted, read_events(http, accepted["batch_id"])


def test_stream_ends_with_the_final_counts(streamed, http):
    accepted, events = streamed
    assert events[-1].kind == "final"
    final = events[-1].data
    assert final["total"] == 6
    assert final["counts"] == {"done": 5, "failed": 1}
    assert final["progress"] == 1.0 and final["complete"] is True
    # documents past each stage: the failed .docx never finished cleaning
    assert final["stages"] == {stage: {"passed": 5, "total": 6} for stage in STAGES}
    batch = http.get(f"/v1/batches/{accepted['batch_id']}").json()
    assert batch["counts"] == final["counts"]


def test_stream_shows_each_document_moving_through_the_stages(streamed):
    accepted, events = streamed
    states = _documents_last_state(events)
    assert set(states) == {d["id"] for d in accepted["documents"]}
    by_name = {d["filename"]: d for d in states.values()}
    assert by_name["broken.docx"]["status"] == "failed"
    assert by_name["broken.docx"]["stage"] == "clean" and by_name["broken.docx"]["error"]
    assert all(by_name[f"seed00{i}.txt"]["status"] == "done" for i in range(5))
    for document_id in states:
        changes = [e.data for e in events if e.kind == "document" and e.data["id"] == document_id]
        ranks = [STATUS_RANK[c["status"]] for c in changes]
        assert ranks == sorted(ranks), f"{document_id} went backwards: {changes}"
        assert all(a != b for a, b in pairwise(changes)), "a document event repeats an unchanged state"


def test_progress_only_moves_forward_and_starts_unfinished(streamed):
    _, events = streamed
    progress = [e.data for e in events if e.kind in ("progress", "final")]
    assert progress[0]["progress"] < 1.0, "the stream opened right after the upload should see work left"
    assert len(progress) >= 3
    for before, after in pairwise(progress):
        assert after["progress"] >= before["progress"]
        for stage in STAGES:
            assert after["stages"][stage]["passed"] >= before["stages"][stage]["passed"]


def test_event_ids_are_increasing_poll_times(streamed):
    _, events = streamed
    ids = [int(e.id) for e in events]
    assert ids == sorted(ids)


def test_reconnecting_with_the_last_event_id_still_gets_the_final_state(http, client):
    accepted = upload(client, unique_dev_reports()[:3])
    batch_id = accepted["batch_id"]
    first = read_events(http, batch_id, stop_after=1)  # then the connection drops
    wait_for_batch(client, batch_id)
    resumed = read_events(http, batch_id, last_event_id=first[-1].id)
    assert resumed[-1].kind == "final"
    assert resumed[-1].data["counts"] == {"done": 3}
    # every document changed after the first event, so the resumed stream tells its final state
    assert {d["id"]: d["status"] for d in _documents_last_state(resumed).values()} == {
        d["id"]: "done" for d in accepted["documents"]}


SNAPSHOT = ["document"] * 6 + ["progress", "final"]
AN_HOUR_AHEAD = str(int((time.time() + 3600) * 1000))


@pytest.mark.parametrize(("last_event_id", "kinds"), [
    pytest.param(None, SNAPSHOT, id="fresh-connection"),
    pytest.param("not-a-number", SNAPSHOT, id="foreign-event-id"),
    # resuming after a point later than every change: nothing to repeat but where the batch stands
    pytest.param(AN_HOUR_AHEAD, ["progress", "final"], id="resumed-after-every-change"),
])
def test_a_finished_batch_streams_what_changed_then_the_final_event(http, streamed, last_event_id, kinds):
    accepted, _ = streamed
    events = read_events(http, accepted["batch_id"], last_event_id=last_event_id)
    assert [e.kind for e in events] == kinds
    assert events[-1].data["counts"] == {"done": 5, "failed": 1}


def test_unknown_batch_is_404(http):
    response = http.get("/v1/batches/no-such-batch/events")
    assert response.status_code == 404
    assert "no batch" in response.json()["detail"]
