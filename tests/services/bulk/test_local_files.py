"""services.cli.files: which local files an upload sends, and the reason each other one is skipped."""

from __future__ import annotations

from zips import make_zip

from services.cli.files import LocalFile, LocalProblem, collect
from shared.archive import ArchiveLimits

LIMITS = ArchiveLimits(max_members=10, max_member_bytes=100_000, max_total_bytes=500_000)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)


def test_doc_and_wps_are_sent_and_other_types_reported_as_skipped(tmp_path) -> None:
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "报告.doc").write_bytes(OLE)
    (folder / "sub" / "计划.WPS").write_bytes(OLE)
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "图.gif").write_bytes(b"GIF89a")
    (folder / "表.xls").write_bytes(OLE)
    (folder / ".DS_Store").write_bytes(b"Bud1")
    (folder / "汇编.zip").write_bytes(make_zip([("a.doc", OLE), ("b.wps", OLE), ("c.png", b"\x89PNG"),
                                                ("__MACOSX/._a.doc", b"\0")]))
    found = list(collect([folder], LIMITS))
    sent = sorted(item.label for item in found if isinstance(item, LocalFile))
    skipped = {item.label: item.error for item in found if isinstance(item, LocalProblem)}
    # scans are sent too (read by OCR); the formats come from the readers' own table
    assert sent == sorted([f"{folder}/报告.doc", f"{folder}/sub/计划.WPS", f"{folder}/scan.jpg",
                           f"{folder}/汇编.zip/a.doc", f"{folder}/汇编.zip/b.wps", f"{folder}/汇编.zip/c.png"])
    assert skipped == {
        f"{folder}/表.xls": "skipped: a spreadsheet: reportflow reads reports, not tables",
        f"{folder}/图.gif": "skipped: an image of a kind OCR does not take: save it as .png or .jpg",
    }
    assert all(item.skipped for item in found if isinstance(item, LocalProblem))
