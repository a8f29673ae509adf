"""read_document / sniff_format on real files built at test time (see sample_files.py)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from services.analyze import analyze_bytes
from services.parse.readers import (
    ConversionFailed,
    ConverterMissing,
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    MislabelledDocument,
    NoTextLayer,
    UndecodableText,
    read_document,
    sniff_format,
)
from services.parse.readers import doc as doc_reader
from services.parse.readers import pdf as pdf_reader
from services.parse.readers.table_units import declared_units, table_lines
from services.parse.readers.text import decode_text
from shared.errors import DocumentError, UnsupportedFormat

from .fixtures.make_doc_fixtures import DOC_HEADING, DOC_PARAGRAPHS, DOC_PLAN_HEADING, DOC_TABLE, DOC_TITLE
from .sample_files import (
    HEADING,
    LONG_PARAGRAPH,
    SECOND_PARAGRAPH,
    SHORT_GBK,
    SUBHEADING,
    TABLE_ROWS,
    TITLE,
    UNIT_TABLE,
    build_big_docx,
    build_big_pdf,
    build_docx,
    build_encrypted_pdf,
    build_html,
    build_numbered_docx,
    build_pdf,
    build_revised_docx,
    build_two_column_pdf,
    build_unit_table_docx,
    build_unit_table_pdf,
    ole_with_streams,
    report_text,
    traditional,
)

REPORT = report_text()
FIXTURES = Path(__file__).parent / "fixtures"
REPORT_TRADITIONAL = traditional(REPORT)
# a name written with a character outside GBK (U+4DAE), which only GB18030's four-byte codes hold
GB18030_ONLY = REPORT + "联系人：刘䶮\n"


# --- plain text in the encodings Chinese files come in ---------------------------------------------------------

ENCODED_TEXTS = [
    # what editors on mainland systems write
    pytest.param(REPORT.encode("utf-8"), REPORT, id="utf-8"),
    pytest.param(REPORT.encode("utf-8-sig"), REPORT, id="utf-8-bom"),
    pytest.param(REPORT.encode("gbk"), REPORT, id="gbk"),
    pytest.param(GB18030_ONLY.encode("gb18030"), GB18030_ONLY, id="gb18030-four-byte"),
    pytest.param(SHORT_GBK.encode("gbk"), SHORT_GBK, id="gbk-short"),
    pytest.param("工作总结".encode("gbk"), "工作总结", id="gbk-four-chars"),
    # Taiwan / Hong Kong files: returned in traditional characters as written
    pytest.param(REPORT_TRADITIONAL.encode("cp950"), REPORT_TRADITIONAL, id="big5"),
    pytest.param(traditional(SHORT_GBK).encode("big5"), traditional(SHORT_GBK), id="big5-short"),
    # Windows "Unicode" text
    pytest.param(REPORT.encode("utf-16"), REPORT, id="utf-16-le-bom"),
    pytest.param(b"\xfe\xff" + REPORT.encode("utf-16-be"), REPORT, id="utf-16-be-bom"),
    pytest.param(REPORT.encode("utf-16-le"), REPORT, id="utf-16-le-no-bom"),
    pytest.param(REPORT.encode("utf-16-be"), REPORT, id="utf-16-be-no-bom"),
    pytest.param(SHORT_GBK.encode("utf-16-le"), SHORT_GBK, id="utf-16-le-no-bom-short"),
]


@pytest.mark.parametrize(("data", "expected"), ENCODED_TEXTS)
def test_text_in_any_common_chinese_encoding_is_read_exactly(data: bytes, expected: str) -> None:
    assert read_document(data, "report.txt") == expected


def test_gbk_and_big5_are_not_mistaken_for_each_other() -> None:
    assert decode_text(REPORT.encode("gbk"), "a.txt")[1] == "gb18030"
    assert decode_text(REPORT_TRADITIONAL.encode("cp950"), "b.txt")[1] == "cp950"


def test_a_file_cut_in_the_middle_of_a_character_still_decodes() -> None:
    data = REPORT.encode("gbk")
    cut = data[: len(data) - 1] if data[-2] >= 0x80 else data[:-2] + "亩".encode("gbk")[:1]
    text = read_document(cut, "cut.txt")
    assert text.startswith(TITLE) and "亩" in text and "鎮" not in text


# --- structured formats --------------------------------------------------------------------------------------


def test_docx_paragraphs_and_table_in_reading_order() -> None:
    lines = read_document(build_docx(), "report.docx").splitlines()
    assert lines == [
        TITLE,
        HEADING,
        LONG_PARAGRAPH,
        "\t".join(TABLE_ROWS[0]),
        "\t".join(TABLE_ROWS[1]),
        SECOND_PARAGRAPH,
    ]


def test_docx_heading_numbers_generated_by_word_are_kept() -> None:
    lines = read_document(build_numbered_docx(), "numbered.docx").splitlines()
    assert lines == [TITLE, "一、2023年工作完成情况", SECOND_PARAGRAPH, "二、存在的困难及问题"]


def test_docx_tracked_insertions_are_read_and_deletions_are_not() -> None:
    assert read_document(build_revised_docx(), "revised.docx") == "全年粮食作物播种面积58873亩，同比增长2.4％。\n"


PDF_CASES = [
    # reportlab wraps the long paragraph over four lines; a page break separates the last paragraph
    pytest.param(
        build_pdf(), [TITLE, HEADING, SUBHEADING, LONG_PARAGRAPH, SECOND_PARAGRAPH], id="wrapped-lines"
    ),
    # the long paragraph starts at the foot of page 1 and ends on page 2, across the page number "- 1 -"
    pytest.param(
        build_pdf(split_paragraph=True),
        [HEADING, LONG_PARAGRAPH, SECOND_PARAGRAPH],
        id="paragraph-across-pages",
    ),
]


@pytest.mark.parametrize(("data", "expected"), PDF_CASES)
def test_pdf_lines_broken_by_wraps_are_joined_without_spaces(data: bytes, expected: list[str]) -> None:
    assert read_document(data, "report.pdf").splitlines() == expected


def test_pdf_with_a_user_password_is_refused_as_encrypted() -> None:
    with pytest.raises(EncryptedDocument, match="password"):
        read_document(build_encrypted_pdf("user-secret"), "locked.pdf")


@pytest.mark.xfail(
    strict=True,
    reason="pdfminer does not decrypt the CIDSystemInfo strings of an encrypted file's CID font, "
    "so its glyphs come out as (cid:N) and the file is refused as having no usable text layer",
)
def test_pdf_with_only_an_owner_password_is_read() -> None:
    assert read_document(build_encrypted_pdf(""), "restricted.pdf") == SECOND_PARAGRAPH + "\n"


HTML_CASES = [
    # GBK page declaring gb2312 in <meta>, with script, style, nav, header, footer around an <article>
    pytest.param(build_html(), "report.html", id="gbk-meta-gb2312"),
    # the same page with its declaration removed: encoding found by detection
    pytest.param(build_html().replace(b"; charset=gb2312", b""), "report.htm", id="gbk-no-declaration"),
    # a wrong declaration (utf-8) on GBK bytes
    pytest.param(
        build_html().replace(b"charset=gb2312", b"charset=utf-8"), "report.html", id="gbk-declared-utf8"
    ),
    # a page saved with a .txt name is read as HTML
    pytest.param(build_html(), "report.txt", id="html-named-txt"),
]


@pytest.mark.parametrize(("data", "filename"), HTML_CASES)
def test_html_main_text_without_page_furniture(data: bytes, filename: str) -> None:
    lines = read_document(data, filename).splitlines()
    assert lines == [
        TITLE,
        HEADING,
        SUBHEADING,
        LONG_PARAGRAPH,
        "\t".join(TABLE_ROWS[0][:2]),
        "\t".join(TABLE_ROWS[1][:2]),
        SECOND_PARAGRAPH,
        "此外，较好地完成了各项工作任务。",
    ]


def test_html_source_line_breaks_inside_chinese_add_no_spaces_but_real_spaces_stay() -> None:
    page = "<html><body><p>开展“新春走乡村 共谋大振兴”\n主题活动，在月亮湾栽种\n  桃树等400余株</p></body></html>"
    assert (
        read_document(page.encode(), "page.html")
        == "开展“新春走乡村 共谋大振兴”主题活动，在月亮湾栽种桃树等400余株\n"
    )


CMS_PAGES = [
    # TRS WCM, the CMS of many government sites: the article body sits in div.TRS_Editor
    pytest.param(
        f'<html><body><div class="top">网站首页</div><div class="position">当前位置：首页 &gt; 政务公开</div>'
        f'<h1>{TITLE}</h1><div class="info">发布时间：2024-01-05</div>'
        f'<div class="TRS_Editor"><p>{HEADING}</p><p>{SECOND_PARAGRAPH}</p></div>'
        f'<div class="bottom">主办单位：XX镇人民政府</div></body></html>',
        [TITLE, HEADING, SECOND_PARAGRAPH],
        id="trs-editor",
    ),
    # no recognisable container: the body is read minus blocks whose class/id names furniture
    pytest.param(
        f'<html><body><div id="topNav">首页</div><div class="main-nav">政务公开</div>'
        f'<div class="crumbs">当前位置：首页</div><div class="wrap"><p>{HEADING}</p><p>{LONG_PARAGRAPH}</p></div>'
        f'<div class="site_footer">版权所有 ICP备12345678号</div></body></html>',
        [HEADING, LONG_PARAGRAPH],
        id="no-container-class-furniture",
    ),


    # a furniture-like name on the block that holds the article ("article-head") does not drop it
    pytest.param(
        f'<html><body><div class="nav">首页</div><div class="article-head"><p>{HEADING}</p><p>{LONG_PARAGRAPH}</p>'
        "</div></body></html>",
        [HEADING, LONG_PARAGRAPH],
        id="furniture-word-on-the-article",
    ),
]


@pytest.mark.parametrize(("page", "expected"), CMS_PAGES)
def test_html_of_government_site_templates(page: str, expected: list[str]) -> None:
    assert read_document(page.encode("utf-8"), "page.html").splitlines() == expected


def test_html_without_article_container_keeps_body_text_minus_furniture() -> None:
    page = (
        f"<html><body><nav>首页 | 政务公开</nav><div><p>{HEADING}</p><p>{SECOND_PARAGRAPH}</p></div>"
        "<footer>版权所有</footer></body></html>"
    ).encode()
    assert read_document(page, "page.html").splitlines() == [HEADING, SECOND_PARAGRAPH]


# --- tables whose unit is in the caption or the header ---------------------------------------------------------

UNIT_TABLE_CASES = [
    pytest.param(build_unit_table_docx(), "table.docx", id="docx-caption-above"),
    pytest.param(build_unit_table_docx(caption_in_table=True), "table.docx", id="docx-caption-in-merged-row"),
    pytest.param(build_unit_table_pdf(), "table.pdf", id="pdf-text-layer"),
]


@pytest.mark.parametrize(("data", "filename"), UNIT_TABLE_CASES)
def test_table_with_unit_in_its_caption_gives_metrics_in_yuan_with_their_row_names(data: bytes, filename: str) -> None:
    analysis = analyze_bytes(data, filename)
    assert "地区生产总值\t1568000万元\t5.6%" in analysis.text.splitlines()
    found = {(m.name, round(m.value, 1), m.unit) for m in analysis.metrics}
    for name, amount, growth in UNIT_TABLE[1:]:
        assert (name, float(amount) * 10_000, "元") in found
        assert (name, float(growth), "%") in found


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (optional: another PDF writer)")
@pytest.mark.parametrize("target", ["pdf", "doc:MS Word 97"])
def test_table_with_units_saved_by_libreoffice_as_pdf_or_doc(tmp_path, target: str) -> None:
    if target.startswith("doc") and shutil.which("antiword") is None:
        pytest.skip("antiword is not installed")
    source = tmp_path / "table.docx"
    source.write_bytes(build_unit_table_docx())
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    target, "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    converted = next(path for path in tmp_path.iterdir() if path.suffix in (".pdf", ".doc"))
    found = {(m.name, round(m.value, 1), m.unit) for m in analyze_bytes(converted.read_bytes(), converted.name).metrics}
    for name, amount, growth in UNIT_TABLE[1:]:
        assert (name, float(amount) * 10_000, "元") in found
        assert (name, float(growth), "%") in found


def test_two_columns_of_prose_are_not_read_as_a_table(monkeypatch) -> None:
    # lines side by side, but pieces of sentences: the page reads as it would without table detection
    # (pdfminer itself joins lines across a narrow gutter: two-column layouts are not untangled here)
    data = build_two_column_pdf()
    text = read_document(data, "gazette.pdf")
    assert "\t" not in text
    monkeypatch.setattr(pdf_reader, "table_rows", lambda page: page)
    assert read_document(data, "gazette.pdf") == text


UNIT_ROWS = [
    # the unit in a column header, a rate column marked by its own header
    pytest.param([["指标", "2023年（亿元）", "增长（%）"], ["地区生产总值", "156.8", "5.6"]], None,
                 ["指标\t2023年（亿元）\t增长（%）", "地区生产总值\t156.8亿元\t5.6%"], id="header-units"),
    # a unit column: its unit goes into the row's numbers and the column is dropped
    pytest.param([["指标", "单位", "2023年", "增长%"], ["粮食产量", "万吨", "12.3", "-1.2"]], None,
                 ["指标\t单位\t2023年\t增长%", "粮食产量\t12.3万吨\t-1.2%"], id="unit-column"),
    # one money unit for the table: a growth column without its own unit is left bare, not made money
    pytest.param([["指标", "2023年", "同比增长"], ["税收收入", "8,500", "3.2"]], ["万元"],
                 ["指标\t2023年\t同比增长", "税收收入\t8,500万元\t3.2"], id="no-rate-unit-declared"),
    # cells that already carry a unit, and a header cell merged over two columns
    pytest.param([["指标", "2023年（万元）", None], ["", "预算", "实际"], ["收入", "100", "120万元"]], None,
                 ["指标\t2023年（万元）", "\t预算\t实际", "收入\t100万元\t120万元"], id="merged-header"),
]


@pytest.mark.parametrize(("rows", "caption", "expected"), UNIT_ROWS)
def test_table_units_apply_to_the_numbers_below_them(rows, caption, expected) -> None:
    assert table_lines(rows, caption) == expected


@pytest.mark.parametrize(
    ("line", "units"),
    [
        pytest.param("单位：万元", ["万元"], id="plain"),
        pytest.param("单位：万元、%", ["万元", "%"], id="money-and-rate"),
        pytest.param("表1 2023年主要指标（单位：亿元）", ["亿元"], id="end-of-title"),
        pytest.param("计量单位:万吨", ["万吨"], id="ascii-colon"),
        pytest.param("全县各单位：认真落实各项工作，全年完成投资5亿元。", None, id="prose"),
    ],
)
def test_unit_declarations(line: str, units) -> None:
    assert declared_units(line) == units


# --- old Word .doc and WPS .wps (OLE files, read by antiword) ----------------------------------------------

needs_antiword = pytest.mark.skipif(
    shutil.which("antiword") is None, reason="antiword is not installed (.ci/run installs it: apt-get install antiword)"
)


@needs_antiword
@pytest.mark.parametrize("name", ["report.doc", "report.wps"])
def test_doc_and_wps_made_by_libreoffice_are_analysed(name: str) -> None:
    analysis = analyze_bytes((FIXTURES / name).read_bytes(), name)
    assert analysis.text.splitlines()[:3] == [DOC_TITLE, DOC_HEADING, DOC_PARAGRAPHS[0]]
    assert "刘䶮、𠀀" in analysis.text  # a character outside the BMP survives antiword
    assert [s.title for s in analysis.outline.sections if s.level == 1][:2] == [DOC_HEADING, DOC_PLAN_HEADING]
    found = {(m.name, round(m.value), m.unit) for m in analysis.metrics}
    assert ("地区生产总值", 15_680_000_000, "元") in found
    assert ("粮食作物播种面积", 58873, "亩") in found
    # the table's caption "单位：万元、%" gives its numbers their units
    assert "税收收入\t85000万元\t3.2%" in analysis.text.splitlines()
    for name, amount, growth in DOC_TABLE[1:]:
        assert (name, int(amount) * 10_000, "元") in found
        assert any(m.name == name and m.value == float(growth) and m.unit == "%" for m in analysis.metrics)


def test_wps_or_doc_holding_a_docx_or_a_web_page_is_read_by_content() -> None:
    assert read_document(build_docx(), "report.wps").splitlines()[:2] == [TITLE, HEADING]
    assert sniff_format(build_docx(), "report.doc") == "docx"
    assert read_document(build_html(), "report.doc").splitlines()[:2] == [TITLE, HEADING]


@needs_antiword
def test_encrypted_and_broken_doc_get_a_clear_error() -> None:
    with pytest.raises(EncryptedDocument, match="password-protected"):
        read_document((FIXTURES / "encrypted.doc").read_bytes(), "encrypted.doc")
    data = (FIXTURES / "report.doc").read_bytes()
    with pytest.raises(CorruptDocument, match="damaged or truncated"):
        read_document(data[: len(data) // 2], "cut.wps")


def test_doc_without_the_converter_names_what_is_missing(monkeypatch) -> None:
    monkeypatch.setattr(doc_reader, "CONVERTER", "antiword-not-installed")
    with pytest.raises(ConverterMissing, match="'antiword-not-installed' is not installed") as raised:
        read_document((FIXTURES / "report.doc").read_bytes(), "report.doc")
    assert raised.value.filename == "report.doc"


def test_doc_conversion_past_its_time_limit_is_stopped(monkeypatch, tmp_path) -> None:
    slow = tmp_path / "slow-converter"
    slow.write_text("#!/bin/sh\nsleep 10\n")
    slow.chmod(0o755)
    monkeypatch.setattr(doc_reader, "CONVERTER", str(slow))
    monkeypatch.setattr(doc_reader, "CONVERT_TIMEOUT", 0.5)
    with pytest.raises(ConversionFailed, match="took over 0.5 s"):
        read_document((FIXTURES / "report.doc").read_bytes(), "report.doc")


# --- broken and mislabelled uploads --------------------------------------------------------------------------


def _zip_without_word_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
BROKEN = [
    # nothing in it
    pytest.param(b"", "report.txt", EmptyDocument, "empty", id="empty-txt"),
    pytest.param(b"", "report.pdf", EmptyDocument, "empty", id="empty-pdf"),
    pytest.param(b" \r\n\t\n", "report.txt", EmptyDocument, "no text", id="whitespace-only"),
    # not text at all
    pytest.param(bytes(range(256)) * 8, "report.txt", UndecodableText, "binary", id="binary-blob"),
    pytest.param(
        bytes(range(0x80, 0x100)) * 16, "report.txt", UndecodableText, "no encoding", id="high-bytes"
    ),
    # cut off during upload or download
    pytest.param(build_pdf()[:1500], "report.pdf", CorruptDocument, "truncated", id="truncated-pdf"),
    pytest.param(build_docx()[:20000], "report.docx", CorruptDocument, "truncated", id="truncated-docx"),
    # the name says one thing, the bytes another
    pytest.param(build_pdf(), "report.txt", MislabelledDocument, "PDF", id="pdf-named-txt"),
    pytest.param(build_docx(), "report.txt", MislabelledDocument, "Word .docx", id="docx-named-txt"),
    pytest.param(PNG, "scan.pdf", MislabelledDocument, "PNG image", id="png-named-pdf"),
    pytest.param(
        REPORT.encode("gbk"), "report.docx", MislabelledDocument, "plain text", id="text-named-docx"
    ),
    pytest.param(REPORT.encode(), "report.pdf", MislabelledDocument, "plain text", id="text-named-pdf"),
    pytest.param(
        _zip_without_word_document(), "report.docx", MislabelledDocument, "ZIP archive", id="zip-named-docx"
    ),
    # a PDF of page images only
    pytest.param(build_pdf(pages_of_text=False), "scan.pdf", NoTextLayer, "no text layer", id="scanned-pdf"),
    # types reportflow does not read
    pytest.param(
        REPORT.encode(), "report.xyz", UnsupportedFormat, "unsupported file type", id="unknown-extension"
    ),
    pytest.param(REPORT.encode(), "report", UnsupportedFormat, "no extension", id="no-extension"),
    pytest.param(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
        "report.doc",
        CorruptDocument,
        "damaged",
        id="ole-header-only-doc",
    ),
    # an OLE file that is a spreadsheet, named .doc; an encrypted .docx (Word stores it as an OLE file)
    pytest.param(ole_with_streams("Workbook"), "table.doc", CorruptDocument, "Excel .xls", id="xls-named-doc"),
    pytest.param(
        ole_with_streams("EncryptionInfo", "EncryptedPackage"),
        "locked.docx",
        EncryptedDocument,
        "password",
        id="encrypted-docx",
    ),
    pytest.param(b"{\\rtf1\\ansi hello}", "report.wps", MislabelledDocument, "RTF", id="rtf-named-wps"),
]


@pytest.mark.parametrize(("data", "filename", "error", "problem"), BROKEN)
def test_bad_uploads_get_a_clear_error_naming_the_file(
    data: bytes, filename: str, error: type, problem: str
) -> None:
    with pytest.raises(error) as raised:
        read_document(data, filename)
    assert isinstance(raised.value, DocumentError)
    assert raised.value.filename == filename
    assert str(raised.value).startswith(f"{filename}: ")
    assert problem in raised.value.problem


# --- format sniffing for the upload API ----------------------------------------------------------------------

SNIFFED = [
    pytest.param(REPORT.encode("gbk"), "a.txt", "txt", id="txt"),
    pytest.param(REPORT.encode("utf-16"), "a.TXT", "txt", id="utf16-upper-case-extension"),
    pytest.param(build_docx(), "a.docx", "docx", id="docx"),
    pytest.param(build_pdf(), "a.pdf", "pdf", id="pdf"),
    pytest.param(build_html(), "a.htm", "html", id="html"),
    pytest.param(build_html(), "a.txt", "html", id="html-named-txt"),
    pytest.param(REPORT.encode(), "a.html", "txt", id="plain-text-named-html"),
    pytest.param(REPORT.encode(), "C:\\上传\\报告.v2.txt", "txt", id="windows-path-with-dots"),
]


@pytest.mark.parametrize(("data", "filename", "expected"), SNIFFED)
def test_sniff_format(data: bytes, filename: str, expected: str) -> None:
    assert sniff_format(data, filename) == expected


UPLOAD_HEADS = [
    # the upload API sniffs only the first 64 KB; a big file's head must pass as its format
    pytest.param(build_big_docx()[:65536], "big.docx", "docx", id="docx-head"),
    pytest.param(build_big_pdf()[:65536], "big.pdf", "pdf", id="pdf-head"),
    pytest.param(REPORT.encode("gbk") * 20, "big.txt", "txt", id="txt-whole"),
]


@pytest.mark.parametrize(("head", "filename", "expected"), UPLOAD_HEADS)
def test_sniff_format_works_on_the_first_bytes_of_a_big_file(head: bytes, filename: str, expected: str) -> None:
    assert len(head) == 65536 or expected == "txt"
    assert sniff_format(head, filename) == expected


def test_sniff_format_refuses_what_read_document_refuses() -> None:
    with pytest.raises(MislabelledDocument):
        sniff_format(PNG, "scan.pdf")
    with pytest.raises(UnsupportedFormat):
        sniff_format(b"x", "a.exe")


CHINESE_COUNTERS = [
    pytest.param(1, "一", id="one"),
    pytest.param(10, "十", id="ten"),
    pytest.param(11, "十一", id="eleven"),
    pytest.param(20, "二十", id="twenty"),
    pytest.param(23, "二十三", id="twenty-three"),
]


@pytest.mark.parametrize(("number", "expected"), CHINESE_COUNTERS)
def test_word_chinese_counting_labels(number: int, expected: str) -> None:
    from services.parse.readers.docx_numbering import FORMATS

    assert FORMATS["chineseCounting"](number) == expected
