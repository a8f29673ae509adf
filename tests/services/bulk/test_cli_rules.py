"""The rules the command line applies on its own, without a service: exit status, export format, runs,
which files an upload takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.cli.export import ExportError, export_format
from services.cli.files import LocalFile, collect
from services.cli.root import counts_exit_status
from services.cli.runs import RunError, new_run_id, resolve_batches, save_run
from shared.archive import ArchiveLimits


# from issue 12: `watch` exited 0 with 258 of 300 documents cancelled while `upload --watch` exited 1
@pytest.mark.parametrize(("counts", "code"), [
    ({"done": 42, "cancelled": 258}, 1),
    ({"done": 3, "failed": 1}, 1),
    ({"done": 3, "rejected": 1}, 1),
    ({"done": 3, "dead": 1}, 1),
    ({"done": 3, "duplicate": 2}, 0),
    ({"done": 3, "cancelled": 0}, 0),
])
def test_one_exit_status_rule(counts, code):
    assert counts_exit_status(counts) == code


# from issue 12: `export -o out.csv` wrote XLSX
@pytest.mark.parametrize(("given", "output", "fmt"), [
    (None, "out.csv", "csv"),
    (None, "OUT.XLSX", "xlsx"),
    (None, None, "xlsx"),
    (None, "metrics.dat", "xlsx"),
    ("csv", None, "csv"),
    ("csv", "metrics.dat", "csv"),
    ("xlsx", "out.xlsx", "xlsx"),
])
def test_export_format_follows_the_output_name(given, output, fmt):
    assert export_format(given, Path(output) if output else None) == fmt


@pytest.mark.parametrize(("given", "output"), [("xlsx", "out.csv"), ("csv", "out.xlsx"), ("json", None)])
def test_export_format_contradicting_the_output_is_refused(given, output):
    with pytest.raises(ExportError):
        export_format(given, Path(output) if output else None)


# from issue 12: `upload` printed several batch ids that `watch`/`export` could not take together
def test_a_run_stands_for_its_batches(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTFLOW_STATE_DIR", str(tmp_path))
    run = new_run_id()
    save_run(run, ["b1", "b2"], "http://127.0.0.1:1", "2023 乡镇总结")
    assert resolve_batches([run]) == ["b1", "b2"]
    assert resolve_batches(["last", "b3", "b1"]) == ["b1", "b2", "b3"]
    with pytest.raises(RunError, match="no upload run"):
        resolve_batches(["run-20000101-000000-abcd"])


# from issue 12: directory upload skipped .doc/.wps and others without a word
def test_upload_takes_every_format_the_readers_read(tmp_path):
    from services.parse.readers.signatures import EXTENSIONS

    for suffix in EXTENSIONS:
        (tmp_path / f"report{suffix}").write_bytes(b"x")
    found = list(collect([tmp_path], ArchiveLimits(max_members=10, max_member_bytes=1000, max_total_bytes=1000)))
    assert {Path(f.filename).suffix for f in found if isinstance(f, LocalFile)} == set(EXTENSIONS), found
