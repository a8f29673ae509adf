"""`reportflow upload` and `reportflow export` as users run them: a subprocess against a real uvicorn API,
real Celery workers, real object store and database."""

from __future__ import annotations

import io
import re

import httpx
from bulk_testkit import document_count, fresh_report, run_cli, summary_line
from openpyxl import load_workbook
from services_testkit import broken_docx
from zips import make_zip, with_raw_names

BATCHES = re.compile(r"^batches: (.+)$", re.M)


def cells(xlsx: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))


def metric_count(api_url: str, document_id: str) -> int:
    return len(httpx.get(f"{api_url}/v1/documents/{document_id}/metrics").json()["metrics"])


def test_directory_upload_then_resume_sends_nothing_new(tmp_path, api_url, service_env):
    reports = tmp_path / "reports"
    (reports / "2023" / "镇").mkdir(parents=True)
    (reports / "2023" / "镇" / "总结.txt").write_bytes(fresh_report("seed001.txt"))
    (reports / "计划.txt").write_bytes(fresh_report("seed004.txt"))
    (reports / "2023" / ".DS_Store").write_bytes(b"Bud1")  # junk is left out, unsupported files are listed
    (reports / "scan.gif").write_bytes(b"GIF89a")

    run = run_cli("upload", str(reports), "--api", api_url, "--watch", "--batch-size", "1", "--workers", "2",
                  env=service_env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(BATCHES.search(run.stdout).group(1).split()) == 2  # one file per batch
    for label in (f"{reports}/2023/镇/总结.txt", f"{reports}/计划.txt"):
        line = summary_line(run.stdout, label)
        document_id = re.search(r"[0-9a-f]{8}-[0-9a-f-]{27}", line).group(0)
        assert " done " in line and f" {metric_count(api_url, document_id)} " in line
    assert "skipped" in summary_line(run.stdout, f"{reports}/scan.gif") and "OCR" in run.stdout
    assert ".DS_Store" not in run.stdout
    assert "2 files: 2 sent, 0 already stored, 0 not processed, 1 skipped" in run.stdout

    before = document_count(service_env["REPORTFLOW_DATABASE_URL"])
    again = run_cli("upload", str(reports), "--api", api_url, "--watch", env=service_env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert BATCHES.search(again.stdout) is None
    assert "done (already stored)" in summary_line(again.stdout, f"{reports}/计划.txt")
    assert "2 files: 0 sent, 2 already stored, 0 not processed" in again.stdout
    assert document_count(service_env["REPORTFLOW_DATABASE_URL"]) == before


def test_zip_upload_with_gbk_names(tmp_path, api_url, service_env):
    archive = tmp_path / "汇编.zip"
    archive.write_bytes(with_raw_names([("各镇/甲镇总结.txt".encode("gbk"), fresh_report("seed003.txt")),
                                        ("各镇/乙镇总结.txt".encode("gbk"), fresh_report("seed001.txt"))]))
    run = run_cli("upload", str(archive), "--api", api_url, "--watch", env=service_env)
    assert run.returncode == 0, run.stdout + run.stderr
    for member in ("各镇/甲镇总结.txt", "各镇/乙镇总结.txt"):
        assert " done " in summary_line(run.stdout, f"{archive}/{member}")


def test_a_broken_file_fails_the_run(tmp_path, api_url, service_env):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_bytes(fresh_report("seed002.txt"))
    (folder / "broken.docx").write_bytes(broken_docx())  # accepted at upload, fails when read
    run = run_cli("upload", str(folder), "--api", api_url, "--watch", env=service_env)
    assert run.returncode == 1, run.stdout + run.stderr
    assert " done " in summary_line(run.stdout, f"{folder}/good.txt")
    broken = summary_line(run.stdout, f"{folder}/broken.docx")
    assert " failed " in broken
    assert "1 not processed" in run.stdout


def test_an_unsafe_zip_is_rejected_and_the_rest_goes_on(tmp_path, api_url, service_env):
    evil = tmp_path / "evil.zip"
    evil.write_bytes(make_zip([("../outside.txt", fresh_report("seed000.txt"))]))
    good = tmp_path / "good.txt"
    good.write_bytes(fresh_report("seed000.txt"))
    run = run_cli("upload", str(evil), str(good), "--api", api_url, env=service_env)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "archive rejected" in summary_line(run.stdout, str(evil))
    assert re.search(r" (queued|processing|done) ", summary_line(run.stdout, str(good)))


def test_nothing_to_upload_is_an_error(tmp_path, api_url, service_env):
    (tmp_path / "notes.md").write_text("not a report")
    run = run_cli("upload", str(tmp_path), "--api", api_url, env=service_env)
    assert run.returncode == 1 and "no report files found" in run.stdout


def test_unreachable_api_is_reported(tmp_path, service_env):
    report = tmp_path / "a.txt"
    report.write_bytes(fresh_report("seed000.txt"))
    run = run_cli("upload", str(report), "--api", "http://127.0.0.1:9", env=service_env)
    assert run.returncode == 2 and "the API at http://127.0.0.1:9 is unreachable" in run.stdout


def test_export_command_writes_what_the_api_serves(tmp_path, api_url, service_env, processed_batch):
    for fmt in ("csv", "xlsx"):
        target = tmp_path / f"out.{fmt}"
        run = run_cli("export", processed_batch["id"], "--format", fmt, "-o", str(target), "--api", api_url,
                      env=service_env)
        assert run.returncode == 0, run.stdout + run.stderr
        served = httpx.get(f"{api_url}/v1/batches/{processed_batch['id']}/export", params={"format": fmt})
        if fmt == "csv":
            assert target.read_bytes() == served.content
        else:  # an xlsx embeds its creation time: compare the cells
            assert cells(target.read_bytes()) == cells(served.content)
    missing = run_cli("export", "no-such-batch", "--api", api_url, env=service_env)
    assert missing.returncode == 2 and "404" in missing.stderr
