"""The command-line faults of issue 12, each as a user met it: `reportflow …` in a subprocess against a real
uvicorn API, real workers, object store and database."""

from __future__ import annotations

import csv
import io
import re

import httpx
from bulk_testkit import fresh_report, run_cli
from openpyxl import load_workbook
from services_testkit import upload, wait_for_batch
from zips import make_zip

RUN = re.compile(r"^run: (run-\S+)", re.M)
BATCHES = re.compile(r"^batches: (.+)$", re.M)


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# `reportflow watch` ignored REPORTFLOW_API_URL
def test_watch_honours_the_api_url_variable(client, api_url, service_env):
    accepted = upload(client, [("w.txt", fresh_report("seed001.txt"))])
    wait_for_batch(client, accepted["batch_id"])
    run = run_cli("watch", accepted["batch_id"], env={**service_env, "REPORTFLOW_API_URL": api_url})
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"batch {accepted['batch_id']}: 1 documents — done 1" in run.stdout


# its message when the API was unreachable said "lost the event stream"
def test_watch_says_the_api_is_unreachable(service_env):
    run = run_cli("watch", "some-batch", "--api", "http://127.0.0.1:9", env=service_env)
    assert run.returncode == 2
    assert "the API at http://127.0.0.1:9 is unreachable" in run.stdout
    assert "event stream" not in run.stdout + run.stderr


# `export -o out.csv` wrote XLSX
def test_export_to_a_csv_name_writes_csv(tmp_path, api_url, service_env, processed_batch):
    target = tmp_path / "out.csv"
    run = run_cli("export", processed_batch["id"], "-o", str(target), "--api", api_url, env=service_env)
    assert run.returncode == 0, run.stdout + run.stderr
    served = httpx.get(f"{api_url}/v1/batches/{processed_batch['id']}/export", params={"format": "csv"})
    assert target.read_bytes() == served.content
    refused = run_cli("export", processed_batch["id"], "--format", "xlsx", "-o", str(tmp_path / "x.csv"),
                      "--api", api_url, env=service_env)
    assert refused.returncode == 2 and "ends with .csv" in refused.stderr


# `upload` printed several batch ids that `watch`/`export` could not take together
def test_watch_and_export_take_the_uploads_run(tmp_path, api_url, service_env):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_bytes(fresh_report("seed002.txt"))
    (folder / "b.txt").write_bytes(fresh_report("seed003.txt"))
    env = {**service_env, "REPORTFLOW_STATE_DIR": str(tmp_path / "state"), "REPORTFLOW_API_URL": api_url}
    sent = run_cli("upload", str(folder), "--batch-size", "1", "--name", "2023 乡镇总结", env=env)
    assert sent.returncode == 0, sent.stdout + sent.stderr
    batch_ids = BATCHES.search(sent.stdout).group(1).split()
    run_id = RUN.search(sent.stdout).group(1)
    assert len(batch_ids) == 2

    watched = run_cli("watch", run_id, env=env)
    assert watched.returncode == 0, watched.stdout + watched.stderr
    assert "2 batches: 2 documents — done 2" in watched.stdout
    for batch_id in batch_ids:
        assert f"batch {batch_id}: 1 documents — done 1" in watched.stdout

    for fmt in ("csv", "xlsx"):
        target = tmp_path / f"run.{fmt}"
        exported = run_cli("export", "last", "-o", str(target), env=env)
        assert exported.returncode == 0, exported.stdout + exported.stderr
        parts = [httpx.get(f"{api_url}/v1/batches/{b}/export", params={"format": fmt}).content for b in batch_ids]
        if fmt == "csv":
            tables = [csv_rows(part) for part in parts]
            assert csv_rows(target.read_bytes()) == tables[0] + tables[1][1:]
        else:
            tables = [list(load_workbook(io.BytesIO(p)).active.iter_rows(values_only=True)) for p in parts]
            assert list(load_workbook(target).active.iter_rows(values_only=True)) == tables[0] + tables[1][1:]
    names = {b["id"]: b["name"] for b in httpx.get(f"{api_url}/v1/batches").json()["batches"]}
    assert sorted(names[b] for b in batch_ids) == ["2023 乡镇总结 (1/2)", "2023 乡镇总结 (2/2)"]


# the upload summary counted missing files and broken zips as "sent"
def test_the_summary_does_not_count_what_was_not_sent(tmp_path, api_url, service_env):
    good = tmp_path / "good.txt"
    good.write_bytes(fresh_report("seed004.txt"))
    broken = tmp_path / "broken.zip"
    broken.write_bytes(make_zip([("a.txt", b"x" * 100)])[:40])
    run = run_cli("upload", str(good), str(tmp_path / "missing.txt"), str(broken), "--api", api_url,
                  env={**service_env, "REPORTFLOW_STATE_DIR": str(tmp_path / "state")})
    assert run.returncode == 1, run.stdout + run.stderr
    assert "3 files: 1 sent, 0 already stored, 2 not sent, 2 not processed" in run.stdout


# `watch` exited 0 with 258 of 300 documents cancelled while `upload --watch` exited 1
def test_watch_exits_non_zero_when_documents_were_cancelled(client, api_url, service_env):
    # (sixty: small documents go through in batches, and five were all done before the cancel came)
    accepted = upload(client, [(f"c{i}.txt", fresh_report(f"seed00{i % 5}.txt")) for i in range(60)])
    client.post(f"/v1/batches/{accepted['batch_id']}/cancel")
    counts = wait_for_batch(client, accepted["batch_id"])["counts"]
    assert counts.get("cancelled"), counts  # sixty documents on one worker per stage: some were still queued
    run = run_cli("watch", accepted["batch_id"], "--api", api_url, env=service_env)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"cancelled {counts['cancelled']}" in run.stdout


# `unit=万元` found nothing although the API description suggested it (units are stored as 元)
def test_a_unit_with_a_multiplier_finds_the_base_unit_rows(client, processed_batch):
    def found(unit: str) -> list[dict]:
        response = client.get("/v1/metrics", params={"batch": processed_batch["id"], "unit": unit,
                                                      "per_page": 1000})
        assert response.status_code == 200, response.text
        return response.json()["metrics"]

    yuan = found("元")
    assert yuan and found("万元") == yuan == found("亿元")
    assert found("千克") == [m for m in found("千克") if m["unit"] == "千克"]  # 千克 is a unit of its own
