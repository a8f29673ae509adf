"""Batches with names, listed newest first, deleted with their rows and the stored files no one else holds;
and the fix-up commands (`reportflow reprocess|retry|cancel`) on batch and document ids."""

from __future__ import annotations

from bulk_testkit import fresh_report, run_cli
from services_testkit import broken_docx, upload, wait_for_batch
from sqlalchemy import func, select

from shared.db.models import Batch, CleanedText, Document, MetricRow, StageRun
from shared.db.session import session_scope
from shared.storage import Storage


def test_a_named_batch_is_listed_newest_first_with_counts(client):
    first = client.post("/v1/batches", files=[("files", ("n1.txt", fresh_report("seed000.txt")))],
                        data={"name": "  2023 乡镇总结 "})
    assert first.status_code == 202, first.text
    assert first.json()["name"] == "2023 乡镇总结"
    second = upload(client, [("n2.txt", fresh_report("seed001.txt")), ("bad.xyz", b"\x00\x01")])
    wait_for_batch(client, first.json()["batch_id"])
    page = client.get("/v1/batches", params={"limit": 2}).json()
    assert [b["id"] for b in page["batches"]] == [second["batch_id"], first.json()["batch_id"]]
    newest, older = page["batches"]
    assert newest["name"] is None and newest["total"] == 2 and newest["counts"].get("rejected") == 1
    assert older["name"] == "2023 乡镇总结" and older["counts"] == {"done": 1} and older["progress"] == 1.0
    assert page["total"] >= 2 and page["limit"] == 2
    assert client.get(f"/v1/batches/{first.json()['batch_id']}").json()["name"] == "2023 乡镇总结"
    too_long = client.post("/v1/batches", files=[("files", ("x.txt", b"x"))], data={"name": "名" * 201})
    assert too_long.status_code == 422


def _rows(database_url: str, document_ids: list[str]) -> int:
    with session_scope(database_url) as session:
        return sum(session.scalar(select(func.count()).select_from(table).where(table.document_id.in_(document_ids)))
                   for table in (StageRun, CleanedText, MetricRow))


def test_delete_keeps_a_file_another_batch_holds_and_its_copy_is_processed(client, service_env):
    shared_bytes, own_bytes = fresh_report("seed002.txt"), fresh_report("seed003.txt")
    doomed = upload(client, [("shared.txt", shared_bytes), ("own.txt", own_bytes)])
    wait_for_batch(client, doomed["batch_id"])
    kept = upload(client, [("copy.txt", shared_bytes)])
    [copy] = kept["documents"]
    assert copy["status"] == "duplicate"
    database_url = service_env["REPORTFLOW_DATABASE_URL"]
    ids = [d["id"] for d in doomed["documents"]]
    with session_scope(database_url) as session:
        keys = {d.filename: d.object_key for d in session.scalars(select(Document).where(Document.id.in_(ids)))}
    assert _rows(database_url, ids) > 0

    deleted = client.delete(f"/v1/batches/{doomed['batch_id']}")
    assert deleted.status_code == 200, deleted.text
    assert deleted.json() == {"batch_id": doomed["batch_id"], "documents": 2, "objects": 1,
                              "requeued": [copy["id"]]}
    assert client.get(f"/v1/batches/{doomed['batch_id']}").status_code == 404
    assert _rows(database_url, ids) == 0
    with session_scope(database_url) as session:
        assert session.get(Batch, doomed["batch_id"]) is None
        assert session.scalar(select(func.count()).select_from(Document).where(Document.id.in_(ids))) == 0
    storage = Storage.from_settings()
    assert storage.exists(keys["shared.txt"]) and not storage.exists(keys["own.txt"])
    # the copy lost the original it showed: it is processed itself and has its own rows now
    finished = wait_for_batch(client, kept["batch_id"])
    assert finished["counts"] == {"done": 1}
    assert client.get(f"/v1/documents/{copy['id']}/metrics").json()["metrics"]
    assert client.delete(f"/v1/batches/{doomed['batch_id']}").status_code == 404


def test_a_batch_in_flight_is_not_deleted(client):
    accepted = upload(client, [(f"f{i}.txt", fresh_report(f"seed00{i}.txt")) for i in range(4)])
    refused = client.delete(f"/v1/batches/{accepted['batch_id']}")
    finished = wait_for_batch(client, accepted["batch_id"])
    if refused.status_code == 409:  # (the worker may have finished all four before the request)
        assert "cancel it first" in refused.json()["detail"]
        assert finished["total"] == 4
    assert client.delete(f"/v1/batches/{accepted['batch_id']}").status_code in (200, 404)


def test_the_batches_command_lists_and_deletes(api_url, service_env, client):
    accepted = client.post("/v1/batches", files=[("files", ("l.txt", fresh_report("seed004.txt")))],
                           data={"name": "县林业局 汇报"}).json()
    wait_for_batch(client, accepted["batch_id"])
    listed = run_cli("batches", "--api", api_url, env=service_env)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    [line] = [line for line in listed.stdout.splitlines() if accepted["batch_id"] in line]
    assert "县林业局 汇报" in line and "done 1" in line and "100%" in line
    deleted = run_cli("batches", "delete", accepted["batch_id"], "--api", api_url, env=service_env)
    assert deleted.returncode == 0, deleted.stdout + deleted.stderr
    assert f"deleted batch {accepted['batch_id']}: 1 documents" in deleted.stdout
    again = run_cli("batches", "delete", accepted["batch_id"], "--api", api_url, env=service_env)
    assert again.returncode == 1 and "404" in again.stderr


def test_retry_reprocess_and_cancel_commands(api_url, service_env, client):
    accepted = upload(client, [("ok.txt", fresh_report("seed000.txt")), ("broken.docx", broken_docx())],
                      reprocess=True)
    batch_id = accepted["batch_id"]
    wait_for_batch(client, batch_id)
    good, broken = (d["id"] for d in accepted["documents"])

    retried = run_cli("retry", batch_id, "--api", api_url, env=service_env)
    assert retried.returncode == 0, retried.stdout + retried.stderr
    assert f"batch {batch_id}: 1 failed documents queued again" in retried.stdout
    wait_for_batch(client, batch_id)
    not_failed = run_cli("retry", good, "--api", api_url, env=service_env)
    assert not_failed.returncode == 1 and "not failed: nothing to retry" in not_failed.stderr

    again = run_cli("reprocess", good, "--from-stage", "extract", "--api", api_url, env=service_env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"document {good}: queued from extract" in again.stdout
    wait_for_batch(client, batch_id)
    whole = run_cli("reprocess", batch_id, "--api", api_url, env=service_env)
    assert whole.returncode == 0 and f"batch {batch_id}: 2 documents queued again" in whole.stdout
    cancelled = run_cli("cancel", batch_id, "--api", api_url, env=service_env)
    assert cancelled.returncode == 0 and f"batch {batch_id}:" in cancelled.stdout
    finished = wait_for_batch(client, batch_id)
    finished_document = run_cli("cancel", broken, "--api", api_url, env=service_env)
    assert finished_document.returncode == 1 and "only a queued or processing" in finished_document.stderr
    assert set(finished["counts"]) <= {"done", "failed", "cancelled"}

    unknown = run_cli("retry", "no-such-id", "--api", api_url, env=service_env)
    assert unknown.returncode == 2 and "no batch or document with id 'no-such-id'" in unknown.stderr
