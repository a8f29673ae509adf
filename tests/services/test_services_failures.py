"""Failures inside the stages, with real services: a document fails alone, with a message, after retrying
only what may pass on a second try."""

from __future__ import annotations

import os
import signal

import pytest
from services_testkit import pool_processes, wait_for_document

from shared.db.models import Batch, Document, Stage, Status
from shared.db.session import session_scope
from shared.embedded import free_port
from shared.pipeline import MAX_DIED_RUNS
from shared.queue import app, enqueue


def _stored_document(object_key: str, stage: Stage = Stage.CLEAN) -> str:
    with session_scope() as session:
        document = Document(batch=Batch(), filename="gone.txt", sha256="f" * 64, size=10, status=Status.QUEUED,
                            stage=stage, object_key=object_key)
        session.add(document)
        session.flush()
        return document.id


def test_a_file_missing_from_storage_fails_its_document_without_retries(client):
    document_id = _stored_document("uploads/ff/no-such-object")
    enqueue(Stage.CLEAN, document_id)
    document = wait_for_document(client, document_id, lambda d: d["status"] == "failed")
    assert document["stage"] == "clean"
    assert "no-such-object" in document["error"] and "NoSuchKey" in document["error"]
    assert [(s["stage"], s["status"], s["attempts"]) for s in document["stages"]] == [("clean", "failed", 1)]


def test_an_unreachable_object_store_is_retried_then_fails_the_document(client, service_env, spawn_worker):
    # this test's own broker database, so that only the worker below (which sees a dead S3 endpoint) consumes
    broker = service_env["REPORTFLOW_BROKER_URL"].rsplit("/", 1)[0] + "/1"
    spawn_worker("clean", REPORTFLOW_BROKER_URL=broker, REPORTFLOW_S3_ENDPOINT=f"127.0.0.1:{free_port()}",
                 REPORTFLOW_TASK_MAX_RETRIES="2")
    document_id = _stored_document("uploads/ff/any")
    with app.connection_for_write(url=broker) as connection:
        app.send_task("reportflow.clean", args=[document_id], connection=connection)

    document = wait_for_document(client, document_id, lambda d: d["status"] == "failed")
    assert document["stage"] == "clean"
    assert document["error"].startswith("gave up after 2 retries") and "unreachable" in document["error"]
    [clean] = document["stages"]
    assert (clean["status"], clean["attempts"]) == ("failed", 3)


@pytest.mark.parametrize(
    ("soft_limit", "in_error"),
    [
        # the soft limit raises inside the task, which records the failure itself
        pytest.param("on", "ran out of time", id="soft-limit"),
        # the hard limit kills the process; the worker's main process records the failure (StageTask.on_failure)
        pytest.param("off", "stopped after its time limit", id="hard-limit"),
    ],
)
def test_a_stage_over_its_time_limit_fails_the_document(client, service_env, spawn_worker, soft_limit, in_error):
    broker = service_env["REPORTFLOW_BROKER_URL"].rsplit("/", 1)[0] + "/2"
    spawn_worker("extract", app="slow_stage_app", REPORTFLOW_BROKER_URL=broker, REPORTFLOW_TASK_TIME_LIMIT="2",
                 SLOW_STAGE_SOFT_LIMIT=soft_limit)
    document_id = _stored_document("uploads/test/any", Stage.EXTRACT)
    with app.connection_for_write(url=broker) as connection:
        app.send_task("reportflow.extract", args=[document_id], connection=connection)

    document = wait_for_document(client, document_id, lambda d: d["status"] == "failed")
    assert document["stage"] == "extract"
    assert in_error in document["error"]
    assert [(s["stage"], s["status"]) for s in document["stages"]] == [("extract", "failed")]


def test_a_document_whose_worker_process_keeps_dying_fails_after_three_deaths(client, service_env, spawn_worker):
    broker = service_env["REPORTFLOW_BROKER_URL"].rsplit("/", 1)[0] + "/3"
    worker = spawn_worker("extract", app="slow_stage_app", REPORTFLOW_BROKER_URL=broker)
    document_id = _stored_document("uploads/test/any", Stage.EXTRACT)
    with app.connection_for_write(url=broker) as connection:
        app.send_task("reportflow.extract", args=[document_id], connection=connection)

    for death in range(1, MAX_DIED_RUNS + 1):
        # as the out-of-memory killer would: the pool process dies in the middle of the stage
        wait_for_document(client, document_id, lambda d, n=death: d["stages"] and d["stages"][0]["attempts"] == n)
        for pid in pool_processes(worker):
            os.kill(pid, signal.SIGKILL)

    document = wait_for_document(client, document_id, lambda d: d["status"] == "failed")
    assert f"died {MAX_DIED_RUNS} times" in document["error"]
    [extract] = document["stages"]
    assert (extract["stage"], extract["status"], extract["attempts"]) == ("extract", "failed", MAX_DIED_RUNS)
