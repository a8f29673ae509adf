"""Failures inside the stages, with real services: a document fails alone, with a message, after retrying
only what may pass on a second try."""

from __future__ import annotations

import pytest
from services_testkit import dev_reports, wait_for_document

from services.parse.cleaning import clean_text
from services.parse.readers import read_document
from shared.db.models import Batch, Document, Stage, Status
from shared.db.results import save_clean_text
from shared.db.session import session_scope
from shared.embedded import free_port
from shared.queue import app, enqueue


def _stored_document(object_key: str) -> str:
    with session_scope() as session:
        document = Document(batch=Batch(), filename="gone.txt", sha256="f" * 64, size=10, status=Status.QUEUED,
                            stage=Stage.CLEAN, object_key=object_key)
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


def _oversized_cleaned_document() -> str:
    """A document whose cleaned text is far longer than any real report: extracting it takes seconds."""
    data = b"\n".join(report for _, report in dev_reports()) * 60
    document_id = _stored_document("uploads/test/big")
    with session_scope() as session:
        save_clean_text(session, document_id, clean_text(read_document(data, "big.txt")))
    return document_id


@pytest.mark.parametrize(
    ("worker_app", "time_limit", "in_error"),
    [
        # the soft limit raises inside the task, which records the failure itself; the 1.5 s between soft and
        # hard limit leave room for a long regex call (signals wait for it) and the database write
        pytest.param("shared.queue", "6", "ran out of time", id="soft-limit"),
        # the hard limit kills the process; the worker's main process records the failure (StageTask.on_failure)
        pytest.param("hard_limit_app", "2", "stopped after its time limit", id="hard-limit"),
    ],
)
def test_a_stage_over_its_time_limit_fails_the_document(client, service_env, spawn_worker, worker_app, time_limit,
                                                         in_error):
    broker = service_env["REPORTFLOW_BROKER_URL"].rsplit("/", 1)[0] + "/2"
    spawn_worker("extract", app=worker_app, REPORTFLOW_BROKER_URL=broker, REPORTFLOW_TASK_TIME_LIMIT=time_limit)
    document_id = _oversized_cleaned_document()
    with app.connection_for_write(url=broker) as connection:
        app.send_task("reportflow.extract", args=[document_id], connection=connection)

    document = wait_for_document(client, document_id, lambda d: d["status"] == "failed")
    assert document["stage"] == "extract"
    assert in_error in document["error"]
    assert [(s["stage"], s["status"]) for s in document["stages"]] == [("extract", "failed")]
