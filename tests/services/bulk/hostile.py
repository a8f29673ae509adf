"""A table of hostile uploads: what each is, and how it is made (all small enough for the tests' upload limit,
200 KB, except the ones meant to exceed it)."""

from __future__ import annotations

import io
import os
import random
import zipfile
from collections.abc import Callable

from zips import make_zip, with_symlink

_rng = random.Random(20261201)


def _random(size: int) -> bytes:
    return _rng.randbytes(size)


def _docx(text: str) -> bytes:
    from docx import Document

    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(text: str | None) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    if text:
        page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * (300 * 1024 * 1024))  # 300 MB of zeros in ~300 KB
    return buffer.getvalue()


def _many_members(count: int) -> bytes:
    return make_zip([(f"m{i}.txt", b"x") for i in range(count)], compression=zipfile.ZIP_STORED)


REPORT_LINE = "2024年政府工作报告\n一、过去一年工作回顾\n全年地区生产总值增长5.2%。\n"

# name → (filename, bytes maker, declared content type or None)
HOSTILE: dict[str, tuple[str, Callable[[], bytes], str | None]] = {
    "empty-txt": ("empty.txt", lambda: b"", None),
    "empty-pdf": ("empty.pdf", lambda: b"", None),
    "empty-docx": ("empty.docx", lambda: b"", None),
    "empty-html": ("empty.html", lambda: b"", None),
    "random-txt": ("random.txt", lambda: _random(50_000), None),
    "random-pdf": ("random.pdf", lambda: _random(50_000), None),
    "random-docx": ("random.docx", lambda: _random(50_000), None),
    "random-html": ("random.html", lambda: _random(50_000), None),
    "random-noext": ("random", lambda: _random(10_000), None),
    "pdf-header-only": ("header.pdf", lambda: b"%PDF-1.7\n" + _random(5000), None),
    "truncated-docx": ("truncated.docx", lambda: _docx(REPORT_LINE * 50)[:4000], None),
    "truncated-pdf": ("truncated.pdf", lambda: _pdf("Government work report 2024")[:600], None),
    "pdf-without-text": ("blank.pdf", lambda: _pdf(None), None),
    "docx-without-text": ("blank.docx", lambda: _docx(""), None),
    "zip-bomb": ("bomb.zip", _zip_bomb, None),
    "zip-slip": ("slip.zip", lambda: make_zip([("../../etc/evil.txt", REPORT_LINE.encode())]), None),
    "zip-absolute": ("absolute.zip", lambda: make_zip([("/etc/evil.txt", REPORT_LINE.encode())]), None),
    "zip-symlink": ("symlink.zip", lambda: with_symlink("link.txt", "/etc/passwd"), None),
    "zip-nested": ("nested.zip", lambda: make_zip([("inner.zip", make_zip([("a.txt", b"x")]))]), None),
    "zip-empty": ("empty.zip", lambda: make_zip([]), None),
    "zip-macosx-only": ("mac.zip", lambda: make_zip([("__MACOSX/", b""), ("__MACOSX/._a.txt", b"\x00\x05")]), None),
    "zip-many-members": ("many.zip", lambda: _many_members(2000), None),
    "zip-truncated": ("cut.zip", lambda: make_zip([("a.txt", REPORT_LINE.encode() * 100)])[:200], None),
    "huge-single-line": ("line.txt", lambda: ("增长5%，" * 30_000).encode()[:190_000], None),
    "over-the-limit": ("big.txt", lambda: REPORT_LINE.encode() * 10_000, None),
    "invalid-utf8": ("bad-utf8.txt", lambda: REPORT_LINE.encode() + b"\xff\xfe\xc3\x28" * 50, None),
    "utf16-no-bom": ("utf16.txt", lambda: REPORT_LINE.encode("utf-16-le") * 20, None),
    "latin1": ("latin1.txt", lambda: ("Rapport annuel: croissance économique élevée, déjà été. " * 40)
               .encode("latin-1"), None),
    "nul-bytes-txt": ("nul.txt", lambda: REPORT_LINE.encode() + b"\x00" * 5000 + REPORT_LINE.encode(), None),
    "deep-html": ("deep.html", lambda: b"<html><body>" + b"<div>" * 30_000 + "增长5%".encode() + b"</div>" * 10,
                  None),
    "unclosed-html": ("unclosed.html", lambda: b"<html><body><table>" + b"<tr><td>" * 15_000, None),
    "html-script-only": ("script.html", lambda: b"<html><script>" + b"x=1;" * 10_000 + b"</script></html>", None),
    "binary-as-html": ("image.html", lambda: b"\x89PNG\r\n\x1a\n" + _random(20_000), None),
    "not-a-report": ("hello.txt", lambda: b"hello", None),
    "dot-dot-name": ("../../../etc/passwd.txt", lambda: REPORT_LINE.encode() + b"\n<!-- dotdot -->", None),
    "long-name": ("名" * 320 + ".txt", lambda: REPORT_LINE.encode() + b"\n<!-- long -->", None),
    "nul-name": ("a\x00b.txt", lambda: REPORT_LINE.encode() + b"\n<!-- nul -->", None),
    "wrong-content-type": ("plan.txt", lambda: REPORT_LINE.encode() + b"\n<!-- ct -->", "application/pdf"),
    "long-content-type": ("ct.txt", lambda: REPORT_LINE.encode() + b"\n<!-- long ct -->", "x/" + "y" * 400),
    "exe": ("setup.exe", lambda: b"MZ" + _random(10_000), None),
    "urandom-docx-zip-header": ("fake.docx", lambda: b"PK\x03\x04" + os.urandom(8000), None),
}


def _variants() -> dict[str, tuple[str, Callable[[], bytes], str | None]]:
    """More of the same kinds, at other sizes and cut points (the issue asks for at least 100 hostile files)."""
    variants: dict[str, tuple[str, Callable[[], bytes], str | None]] = {}
    docx, pdf = _docx(REPORT_LINE * 50), _pdf("Government work report 2024")
    for i, fraction in enumerate((0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.97, 0.99, 0.999)):
        variants[f"truncated-docx-{i}"] = (f"cut-{i}.docx", lambda f=fraction: docx[:int(len(docx) * f)], None)
        variants[f"truncated-pdf-{i}"] = (f"cut-{i}.pdf", lambda f=fraction: pdf[:int(len(pdf) * f)], None)
    for ext in ("txt", "pdf", "docx", "html"):
        for size in (1, 7, 512, 4096, 150_000):
            variants[f"random-{ext}-{size}"] = (f"random-{size}.{ext}", lambda s=size: _random(s), None)
    for i, junk in enumerate((b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xfe\xff\x00")):
        variants[f"invalid-utf8-{i}"] = (f"bad-{i}.txt", lambda j=junk: REPORT_LINE.encode() + j * 300, None)
    for i, name in enumerate(("../x.txt", "..\\..\\x.txt", "CON.txt", "a\tb.txt", "\u202etxt.exe.txt", " .txt",
                              "x" * 600 + ".txt", "名\x1b[31m.txt", ".hidden.txt", "no-ext-report")):
        variants[f"odd-name-{i}"] = (name, lambda i=i: REPORT_LINE.encode() + f"\n<!-- name {i} -->".encode(), None)
    for i, html in enumerate((b"<html><body><p>" + "增长5%".encode() * 5000, b"<" * 20_000, b"<!--" * 5000,
                              b"<table>" * 3000 + b"<td>x")):
        variants[f"odd-html-{i}"] = (f"odd-{i}.html", lambda h=html: h, None)
    for depth in (500, 2000, 8000):
        variants[f"deep-html-{depth}"] = (f"deep-{depth}.html", lambda d=depth: b"<div>" * d + b"x", None)
    return variants


HOSTILE |= _variants()
