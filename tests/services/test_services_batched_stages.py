"""Small documents share stage messages (shared.dispatch.batches), never their outcome: with real workers, a
document of a batch that fails, overruns its time limit or kills its worker process stops alone, and the
others finish."""

from __future__ import annotations

import os
import secrets
import signal

import pytest
from services_testkit import REPORTS, broken_docx, pool_processes, upload, wait_for_batch, wait_for_document
from sqlalchemy import select

from shared.db.models import Batch, Document, Stage, StageRun, Status
from shared.db.session import session_scope
from shared.dispatch import batches
from shared.queue import app, enqueue
from shared.settings import Settings

KB = 1024
SETTINGS = Settings(STAGE_BATCH_SIZE=3, STAGE_BATCH_BYTES=100 * KB)

# (documents as (stage, stored bytes), the messages batches() makes of them as lists of their indexes)
BATCH_CASES = [
    pytest.param([(Stage.CLEAN, KB)] * 7, [[0, 1, 2], [3, 4, 5], [6]], id="at-most-STAGE_BATCH_SIZE-a-message"),
    pytest.param([(Stage.CLEAN, 40 * KB)] * 3, [[0, 1], [2]], id="at-most-STAGE_BATCH_BYTES-a-message"),
    pytest.param([(Stage.CLEAN, KB), (Stage.CLEAN, 60 * KB), (Stage.CLEAN, KB)], [[1], [0, 2]],
                 id="over-half-the-bytes-alone"),
    pytest.param([(Stage.CLEAN, KB), (Stage.EXTRACT, KB), (Stage.CLEAN, KB)], [[0, 2], [1]],
                 id="one-stage-a-message"),
    pytest.param([(Stage.OCR, KB), (Stage.OCR, KB)], [[0], [1]], id="scans-alone"),
    pytest.param([], [], id="none"),
]


@pytest.mark.parametrize(("documents", "expected"), BATCH_CASES)
def test_batches_group_small_documents_of_one_stage(documents, expected):
    rows = [Document(id=str(index), stage=stage, size=size) for index, (stage, size) in enumerate(documents)]
    assert [[int(i) for i in ids] for _, ids in batches(rows, SETTINGS)] == expected
    assert all(stage == documents[int(ids[0])][0] for stage, ids in batches(rows, SETTINGS))


def test_a_batch_size_of_one_sends_every_document_alone():
    rows = [Document(id=str(index), stage=Stage.CLEAN, size=10) for index in range(3)]
    assert [ids for _, ids in batches(rows, Settings(STAGE_BATCH_SIZE=1))] == [["0"], ["1"], ["2"]]


def _clean_runs(document_ids: list[str]) -> dict[str, StageRun]:
    with session_scope() as session:
        return {run.document_id: run for run in session.scalars(
            select(StageRun).where(StageRun.document_id.in_(document_ids), StageRun.stage == Stage.CLEAN))}


def test_a_document_that_fails_in_a_batch_fails_alone(client):
    # files no other test uploads (a last line of their own): processed here, not found to be duplicates
    first, last = ((REPORTS / name).read_bytes() + b"\n\nbatched stages\n" for name in ("seed000.txt", "seed001.txt"))
    accepted = upload(client, [("first.txt", first), ("broken.docx", broken_docx()), ("last.txt", last)],
                      reprocess=True)  # the broken file other tests upload too: processed again, not a duplicate
    batch = wait_for_batch(client, accepted["batch_id"])
    status = {d["filename"]: (d["status"], d["error"]) for d in batch["documents"]}
    assert status["first.txt"] == ("done", None) and status["last.txt"] == ("done", None)
    assert status["broken.docx"][0] == "failed" and "damaged" in status["broken.docx"][1]
    # the three ran in one message: their clean runs started together, each with its own outcome
    runs = _clean_runs([d["id"] for d in accepted["documents"]])
    assert len({run.started_at for run in runs.values()}) == 1
    assert sorted(run.status for run in runs.values()) == ["done", "done", "failed"]


def _stored_documents(*filenames: str) -> list[str]:
    with session_scope() as session:
        batch = Batch()
        documents = [Document(batch=batch, filename=name, sha256=secrets.token_hex(32), size=10,
                              status=Status.QUEUED, stage=Stage.EXTRACT, object_key="uploads/test/any")
                     for name in filenames]
        session.add_all(documents)
        session.flush()
        return [document.id for document in documents]


def _send_batch(broker: str, document_ids: list[str]) -> None:
    with app.connection_for_write(url=broker) as connection:
        enqueue(Stage.EXTRACT, *document_ids, connection=connection)


@pytest.mark.parametrize(
    ("soft_limit", "in_error"),
    [
        # the soft limit raises in the slow document: the one before it is saved, the rest queued again alone
        pytest.param("on", "ran out of time", id="soft-limit"),
        # the hard limit kills the process: the worker's main process queues each document again alone
        pytest.param("off", "stopped after its time limit", id="hard-limit"),
    ],
)
def test_a_document_over_the_time_limit_in_a_batch_fails_alone(client, service_env, spawn_worker, soft_limit,
                                                                 in_error):
    broker = service_env["REPORTFLOW_BROKER_URL"].rsplit("/", 1)[0] + "/4"
    spawn_worker("extract", app="slow_stage_app", REPORTFLOW_BROKER_URL=broker, REPORTFLOW_TASK_TIME_LIMIT="2",
                 SLOW_STAGE_SOFT_LIMIT=soft_limit)
    quick, slow, also_quick = _stored_documents("quick-1.txt", "slow.txt", "quick-2.txt")
    _send_batch(broker, [quick, slow, also_quick])

    failed = wait_for_document(client, slow, lambda d: d["status"] == "failed")
    assert failed["stage"] == "extract" and in_error in failed["error"]
    for document_id in (quick, also_quick):
        assert wait_for_document(client, document_id, lambda d: d["status"] != "processing")["status"] == "done"


def test_a_batch_whose_worker_process_died_is_split_and_its_other_documents_finish(client, service_env,
                                                                                   spawn_worker):
    broker = service_env["REPORTFLOW_BROKER_URL"].rsplit("/", 1)[0] + "/5"
    worker = spawn_worker("extract", app="slow_stage_app", REPORTFLOW_BROKER_URL=broker)
    quick, slow = _stored_documents("quick.txt", "slow.txt")
    _send_batch(broker, [quick, slow])
    wait_for_document(client, slow, lambda d: d["stages"] and d["stages"][0]["attempts"] == 1)
    for pid in pool_processes(worker):  # as the out-of-memory killer would, in the middle of the slow one
        os.kill(pid, signal.SIGKILL)

    done = wait_for_document(client, quick, lambda d: d["status"] != "processing")
    assert done["status"] == "done" and done["stages"][0]["attempts"] == 2
    # the slow one runs again, alone: should it kill its process twice more, it alone stops (StageKeptDying)
    again = wait_for_document(client, slow, lambda d: d["stages"][0]["attempts"] == 2)
    assert again["status"] == "processing"
