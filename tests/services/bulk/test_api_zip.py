"""POST /v1/batches with .zip archives: one document per member; an unsafe archive is rejected alone."""

from __future__ import annotations

from bulk_testkit import fresh_report
from services_testkit import upload, wait_for_batch
from zips import make_zip, with_raw_names

from services.parse.cleaning import clean_text
from services.parse.readers import read_document


def test_zip_members_become_documents_and_a_bad_zip_is_rejected_alone(client):
    first, second, plain = fresh_report("seed001.txt"), fresh_report("seed004.txt"), fresh_report("seed003.txt")
    good = make_zip([("2023/", b""), ("2023/镇/总结.txt", first), ("__MACOSX/2023/镇/._总结.txt", b"\0\5\26\7"),
                     (".DS_Store", b"Bud1"), ("计划.txt", second)])
    gbk = with_raw_names([("汇编/政府工作报告.txt".encode("gbk"), fresh_report("seed000.txt"))])
    evil = make_zip([("../../escape.txt", first)])
    accepted = upload(client, [("reports.zip", good), ("evil.zip", evil), ("gbk.zip", gbk), ("plain.txt", plain)])

    documents = accepted["documents"]
    assert [(d["filename"], d["status"]) for d in documents] == [
        ("2023/镇/总结.txt", "queued"), ("计划.txt", "queued"), ("evil.zip", "rejected"),
        ("汇编/政府工作报告.txt", "queued"), ("plain.txt", "queued")]
    assert "archive rejected" in documents[2]["error"] and "outside the archive" in documents[2]["error"]

    finished = wait_for_batch(client, accepted["batch_id"])
    assert finished["counts"] == {"done": 4, "rejected": 1}
    stored = {d["filename"]: d for d in finished["documents"]}
    assert stored["2023/镇/总结.txt"]["size"] == len(first)
    text = client.get(f"/v1/documents/{stored['计划.txt']['id']}/text").json()["text"]
    assert text == clean_text(read_document(second, "计划.txt")).text
    metrics = client.get(f"/v1/documents/{stored['2023/镇/总结.txt']['id']}/metrics").json()["metrics"]
    assert metrics  # the member went through every stage like a plain upload


def test_member_over_the_upload_limit_rejects_the_archive(client, service_env):
    limit = int(service_env["REPORTFLOW_MAX_UPLOAD_BYTES"])
    bomb = make_zip([("a.txt", fresh_report("seed002.txt")), ("big.txt", b"0" * (limit + 1))])
    accepted = upload(client, [("big.zip", bomb), ("ok.txt", fresh_report("seed002.txt"))])
    [archive, plain] = accepted["documents"]
    assert archive["status"] == "rejected" and f"over the limit of {limit} bytes" in archive["error"]
    assert plain["status"] == "queued"
