"""shared.archive: which archives expand, to what, and which are refused and why."""

from __future__ import annotations

import io

import pytest
from zips import lying_about_size, make_zip, with_damaged_data, with_raw_names, with_symlink

from shared.archive import (
    ArchiveError,
    ArchiveLimits,
    ArchiveTooLarge,
    CorruptArchive,
    SafeZip,
    UnsafeArchive,
)
from shared.errors import DocumentError

LIMITS = ArchiveLimits(max_members=5, max_member_bytes=10_000, max_total_bytes=25_000)
REPORT = "XX县2023年工作总结\n一、主要成效\n全年地区生产总值增长6.5%。\n".encode()


def expand(data: bytes, limits: ArchiveLimits = LIMITS) -> list[tuple[str, bytes]]:
    with SafeZip(io.BytesIO(data), "upload.zip", limits) as archive:
        return list(archive.items())


ACCEPTED = [
    # how people zip a folder of reports on any system
    pytest.param(make_zip([("2023/", b""), ("2023/县/", b""), ("2023/县/总结.txt", REPORT), ("计划.txt", REPORT)]),
                 [("2023/县/总结.txt", REPORT), ("计划.txt", REPORT)], id="nested dirs"),
    pytest.param(make_zip([("./a/./b.txt", REPORT)]), [("a/b.txt", REPORT)], id="dot components dropped"),
    pytest.param(make_zip([("a\\b.txt", REPORT)]), [("a/b.txt", REPORT)], id="windows separators"),
    # macOS Archive Utility, Finder, Explorer and Word leave these behind
    pytest.param(make_zip([("报告/a.txt", REPORT), ("__MACOSX/报告/._a.txt", b"\0\5\26\7"),
                           ("报告/.DS_Store", b"Bud1"), ("报告/Thumbs.db", b"\xd0\xcf"), ("报告/~$a.docx", b"x"),
                           ("报告/._a.txt", b"\0\5\26\7"), (".git/config", b"[core]")]),
                 [("报告/a.txt", REPORT)], id="junk skipped"),
    # Chinese Windows zip tools: GBK names, UTF-8 flag unset
    pytest.param(with_raw_names([("工作报告/2023年工作总结.txt".encode("gbk"), REPORT)]),
                 [("工作报告/2023年工作总结.txt", REPORT)], id="GBK names"),
    pytest.param(with_raw_names([("政府工作报告（䶮）.txt".encode("gb18030"), REPORT)]),
                 [("政府工作报告（䶮）.txt", REPORT)], id="GB18030 names"),
    # macOS and 7-Zip may write UTF-8 names without setting the flag
    pytest.param(with_raw_names([("年度计划.txt".encode(), REPORT)]), [("年度计划.txt", REPORT)],
                 id="unflagged UTF-8 names"),
    pytest.param(make_zip([("年度计划.txt", REPORT)]), [("年度计划.txt", REPORT)], id="flagged UTF-8 names"),
    pytest.param(make_zip([("a.txt", REPORT)], compression=0), [("a.txt", REPORT)], id="stored, not deflated"),
    pytest.param(make_zip([("only/",  b"")]), [], id="folders only"),
    pytest.param(make_zip([(f"{i}.txt", REPORT) for i in range(5)]), [(f"{i}.txt", REPORT) for i in range(5)],
                 id="exactly the member limit"),
]


@pytest.mark.parametrize(("data", "expected"), ACCEPTED)
def test_archive_expands_to_its_documents(data, expected):
    assert expand(data) == expected


REFUSED = [
    # path traversal ("zip slip")
    pytest.param(make_zip([("../../etc/cron.d/x.txt", REPORT)]), UnsafeArchive, "outside", id="path escape"),
    pytest.param(make_zip([("a/../../x.txt", REPORT)]), UnsafeArchive, "outside", id="path escape inside"),
    pytest.param(make_zip([("/etc/passwd.txt", REPORT)]), UnsafeArchive, "absolute", id="absolute path"),
    pytest.param(make_zip([("C:\\Windows\\x.txt", REPORT)]), UnsafeArchive, "absolute", id="drive letter"),
    pytest.param(with_symlink("link.txt", "/etc/passwd"), UnsafeArchive, "symbolic link", id="symlink"),
    # resource exhaustion
    pytest.param(make_zip([(f"{i}.txt", REPORT) for i in range(6)]), ArchiveTooLarge, "6 documents",
                 id="too many members"),
    pytest.param(make_zip([(f"{i}.txt", b"") for i in range(5)] + [(f"__MACOSX/{i}", b"") for i in range(30)]),
                 ArchiveTooLarge, "entries", id="too many entries"),
    pytest.param(make_zip([("bomb.txt", b"0" * 10_001)]), ArchiveTooLarge, "declares 10001 bytes",
                 id="too large declared"),
    pytest.param(make_zip([(f"{i}.txt", b"0" * 9_000) for i in range(3)]), ArchiveTooLarge, "expands to 27000",
                 id="too large in total"),
    pytest.param(lying_about_size("bomb.txt", b"\0" * 5_000_000, 100), ArchiveError, "bomb.txt",
                 id="lying header / bomb"),
    # not archives at all, or damaged ones
    pytest.param(REPORT, CorruptArchive, "not a readable zip", id="not a zip"),
    pytest.param(make_zip([("a.txt", REPORT * 50)])[:-30], CorruptArchive, "not a readable zip", id="truncated"),
    pytest.param(with_damaged_data("a.txt", bytes(range(256)) * 30), CorruptArchive, "damaged",
                 id="damaged data"),
]


@pytest.mark.parametrize(("data", "error", "message"), REFUSED)
def test_unsafe_or_broken_archive_is_refused_with_its_reason(data, error, message):
    with pytest.raises(error, match=message) as caught:
        expand(data)
    assert isinstance(caught.value, DocumentError)
    assert caught.value.filename == "upload.zip"


def test_a_lying_member_never_yields_more_than_it_declares():
    data = lying_about_size("bomb.txt", b"\0" * 5_000_000, 100)
    archive = SafeZip(io.BytesIO(data), "upload.zip", LIMITS)
    [member] = archive.members
    reader = archive.open(member)
    received = 0
    with pytest.raises(ArchiveError):
        while chunk := reader.read(64 * 1024):
            received += len(chunk)
    assert received <= 100


def test_member_stream_can_be_read_twice():
    """BatchIntake hashes a stream, rewinds it and stores it."""
    archive = SafeZip(io.BytesIO(make_zip([("a/b.txt", REPORT)])), "upload.zip", LIMITS)
    stream = archive.stream(archive.members[0])
    assert stream.read(5) + stream.read() == REPORT
    stream.seek(0)
    assert stream.read() == REPORT
