"""Reprocess, retry-failed and cancel against the real worker processes and the real stores."""

from __future__ import annotations

import io
import time

import pytest
import redis
from dashboard_testkit import unique_report
from services_testkit import (
    PROCESSING_TIMEOUT,
    broken_docx,
    upload,
    wait_for_batch,
    wait_for_document,
)
from sqlalchemy import func, select

from services.ingest.uploads import object_key
from shared.db.models import CleanedText, MetricRow, RunStatus, SectionRow, StageRun
from shared.db.session import session_scope
from shared.queue import STAGE_QUEUES
from shared.storage import Storage

STAGES = ["clean", "section", "extract"]
PRODUCTS = ("text", "sections", "metrics")


def _without_ids(answer: dict) -> dict:
    """A /metrics answer without the row ids: rows written again have new ids, the same content."""
    return {**answer, "metrics": [{k: v for k, v in m.items() if k != "id"} for m in answer["metrics"]]}


def _product(client, document_id: str, product: str) -> dict:
    answer = client.get(f"/v1/documents/{document_id}/{product}").json()
    return _without_ids(answer) if product == "metrics" else answer


def _finished(document: dict) -> bool:
    return document["status"] in ("done", "failed", "cancelled")


def _process_one(client, files) -> dict:
    accepted = upload(client, files, reprocess=True)
    document = accepted["documents"][0]
    return wait_for_document(client, document["id"], _finished)


def _attempts(client, document_id: str) -> dict[str, int]:
    return {s["stage"]: s["attempts"] for s in client.get(f"/v1/documents/{document_id}").json()["stages"]}


def _reprocess(client, document_id: str, **params) -> dict:
    response = client.post(f"/v1/documents/{document_id}/reprocess", params=params)
    assert response.status_code == 202, response.text
    return response.json()


# ---- reprocess ----

def test_reprocess_from_the_start_replaces_every_output(client):
    document = _process_one(client, [unique_report("seed001.txt")])
    assert document["status"] == "done"
    metrics_before = _product(client, document["id"], "metrics")["metrics"]
    sections_before = client.get(f"/v1/documents/{document['id']}/sections").json()["sections"]
    assert metrics_before and sections_before

    answer = _reprocess(client, document["id"])
    assert answer == {"document_id": document["id"], "from_stage": "clean", "status": "queued"}
    again = wait_for_document(client, document["id"], lambda d: d["status"] == "done" and
                              all(s["attempts"] == 2 and s["status"] == "done" for s in d["stages"]))
    assert [s["stage"] for s in again["stages"]] == STAGES
    # the same rows again, not twice as many
    assert _product(client, document["id"], "metrics")["metrics"] == metrics_before
    assert client.get(f"/v1/documents/{document['id']}/sections").json()["sections"] == sections_before
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(CleanedText)
                              .where(CleanedText.document_id == document["id"])) == 1


@pytest.mark.parametrize(("from_stage", "kept", "redone"), [
    pytest.param("section", {"clean": 1}, {"section": 2, "extract": 2}, id="from-section"),
    pytest.param("extract", {"clean": 1, "section": 1}, {"extract": 2}, id="from-extract"),
])
def test_reprocess_from_a_stage_keeps_the_earlier_outputs(client, from_stage, kept, redone):
    document = _process_one(client, [unique_report("seed002.txt")])
    document_id = document["id"]
    before = {product: _product(client, document_id, product) for product in PRODUCTS}
    assert before["metrics"]["metrics"] and before["sections"]["sections"]

    _reprocess(client, document_id, from_stage=from_stage)
    wait_for_document(client, document_id, lambda d: d["status"] == "done" and
                      all(s["status"] == "done" for s in d["stages"]) and
                      {s["stage"]: s["attempts"] for s in d["stages"]} == {**kept, **redone})
    # the stages that ran again wrote the same rows in place of the old ones (not beside them)
    for product in PRODUCTS:
        assert _product(client, document_id, product) == before[product]
    with session_scope() as session:
        for model in (CleanedText, SectionRow, MetricRow):
            stored = session.scalar(select(func.count()).select_from(model).where(model.document_id == document_id))
            expected = {CleanedText: 1, SectionRow: len(before["sections"]["sections"]),
                        MetricRow: len(before["metrics"]["metrics"])}[model]
            assert stored == expected, model.__tablename__


@pytest.mark.parametrize(("make_files", "from_stage", "message"), [
    pytest.param(lambda: [("unknown.bin", b"MZ\x90\x00 not a report")], "clean", "rejected", id="rejected-upload"),
    pytest.param(lambda: [("broken.docx", broken_docx())], "extract", "the clean stage has no output",
                 id="failed-before-the-stage-asked-for"),
])
def test_reprocess_refuses_what_cannot_be_processed(client, make_files, from_stage, message):
    accepted = upload(client, make_files(), reprocess=True)
    document_id = accepted["documents"][0]["id"]
    wait_for_document(client, document_id, lambda d: d["status"] in ("rejected", "failed"))
    response = client.post(f"/v1/documents/{document_id}/reprocess", params={"from_stage": from_stage})
    assert response.status_code == 409
    assert message in response.json()["detail"]


def test_reprocess_unknown_document_or_stage(client):
    assert client.post("/v1/documents/nope/reprocess").status_code == 404
    assert client.post("/v1/documents/nope/reprocess", params={"from_stage": "render"}).status_code == 422


# ---- retry-failed ----

def test_retry_failed_after_fixing_the_cause_finishes_the_document(client):
    """The stored file vanishes (a real object store refusal), it is put back, retry-failed finishes the job."""
    name, data = unique_report("seed003.txt")
    document = _process_one(client, [(name, data)])
    storage = Storage.from_settings()
    key = object_key(document["sha256"])
    storage.delete(key)
    _reprocess(client, document["id"])
    failed = wait_for_document(client, document["id"], lambda d: d["status"] == "failed")
    assert failed["stage"] == "clean" and "could not read" in failed["error"]

    storage.put(key, io.BytesIO(data), len(data))
    response = client.post(f"/v1/batches/{document['batch_id']}/retry-failed")
    assert response.status_code == 202
    assert response.json()["retried"] == [{"document_id": document["id"], "from_stage": "clean", "status": "queued"}]
    done = wait_for_document(client, document["id"], lambda d: d["status"] == "done")
    assert done["error"] is None
    assert _attempts(client, document["id"]) == {"clean": 3, "section": 2, "extract": 2}


def test_retry_failed_without_a_fix_fails_again_with_one_more_attempt(client):
    accepted = upload(client, [("broken.docx", broken_docx()), unique_report("seed004.txt")])
    batch = wait_for_batch(client, accepted["batch_id"])
    assert batch["counts"] == {"done": 1, "failed": 1}
    broken = next(d for d in batch["documents"] if d["status"] == "failed")
    assert _attempts(client, broken["id"]) == {"clean": 1}

    retried = client.post(f"/v1/batches/{accepted['batch_id']}/retry-failed").json()["retried"]
    assert [r["document_id"] for r in retried] == [broken["id"]]
    wait_for_document(client, broken["id"], lambda d: d["status"] == "failed" and
                      d["stages"][0]["attempts"] == 2 and d["stages"][0]["status"] == "failed")
    assert wait_for_batch(client, accepted["batch_id"])["counts"] == {"done": 1, "failed": 1}


def test_retry_failed_with_nothing_failed_or_no_batch(client):
    accepted = upload(client, [unique_report("seed004.txt")])
    wait_for_batch(client, accepted["batch_id"])
    assert client.post(f"/v1/batches/{accepted['batch_id']}/retry-failed").json()["retried"] == []
    assert client.post("/v1/batches/nope/retry-failed").status_code == 404


# ---- cancel ----

def _queues_drained(url: str) -> bool:
    """No stage message waits in Redis or is held unacknowledged by a worker (kombu's "unacked" hash)."""
    broker = redis.Redis.from_url(url)
    try:
        waiting = sum(broker.llen(key) for queue in STAGE_QUEUES for key in broker.scan_iter(f"{queue}*")
                      if broker.type(key) == b"list")
        return waiting == 0 and broker.hlen("unacked") == 0
    finally:
        broker.close()


def _wait_drained(redis_url: str) -> None:
    deadline = time.monotonic() + PROCESSING_TIMEOUT
    while not _queues_drained(redis_url):
        assert time.monotonic() < deadline, "stage messages still queued"
        time.sleep(0.3)


def test_cancel_stops_queued_and_running_documents(client, redis_url):
    files = [unique_report(f"seed00{i % 5}.txt") for i in range(12)]
    accepted = upload(client, files)
    ids = {d["id"] for d in accepted["documents"]}
    response = client.post(f"/v1/batches/{accepted['batch_id']}/cancel")
    assert response.status_code == 200
    cancelled = set(response.json()["cancelled"])
    assert cancelled and cancelled <= ids

    batch = wait_for_batch(client, accepted["batch_id"])
    _wait_drained(redis_url)  # every message of the cancelled documents delivered, and skipped
    final = client.get(f"/v1/batches/{accepted['batch_id']}", params={"limit": 100}).json()
    statuses = {d["id"]: d["status"] for d in final["documents"]}
    # (a stage running at the cancel may still finish: the document then waits before the next stage)
    assert statuses == {d["id"]: d["status"] for d in batch["documents"]}, "a cancelled document went on"
    assert set(statuses.values()) <= {"done", "cancelled"}
    assert {i for i, s in statuses.items() if s == "cancelled"} <= cancelled
    assert "cancelled" in statuses.values()
    with session_scope() as session:
        runs = session.execute(select(StageRun.document_id, StageRun.stage, StageRun.status)
                               .where(StageRun.document_id.in_(ids))).all()
    assert all(status != RunStatus.RUNNING for _, _, status in runs), "a stage run was left running"
    for document_id, status in statuses.items():
        finished_stages = {stage for d, stage, s in runs if d == document_id and s == RunStatus.DONE}
        if status == "cancelled":
            assert "extract" not in finished_stages, "a cancelled document went through every stage"
        else:
            assert finished_stages == set(STAGES)


def test_a_cancelled_document_can_be_reprocessed(client):
    accepted = upload(client, [unique_report("seed000.txt") for _ in range(3)])
    cancelled = client.post(f"/v1/batches/{accepted['batch_id']}/cancel").json()["cancelled"]
    wait_for_batch(client, accepted["batch_id"])
    assert cancelled, "three documents cannot all be finished before the cancel"
    _reprocess(client, cancelled[-1])
    document = wait_for_document(client, cancelled[-1], lambda d: d["status"] in ("done", "failed"))
    assert document["status"] == "done"


def test_cancel_a_finished_or_unknown_batch(client):
    accepted = upload(client, [unique_report("seed001.txt")])
    wait_for_batch(client, accepted["batch_id"])
    assert client.post(f"/v1/batches/{accepted['batch_id']}/cancel").json()["cancelled"] == []
    assert client.post("/v1/batches/nope/cancel").status_code == 404
