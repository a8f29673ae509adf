"""Build the uploads the reader tests use, at test time, from lines of a real report (tests/data/reports).

`python -m tests.parse.sample_files` prints how long reading each format takes (rough figures, not asserted).
"""

from __future__ import annotations

import io
import time
from pathlib import Path

REPORT = Path(__file__).parent.parent / "data" / "reports" / "seed000.txt"

TITLE = "XX镇2023年工作总结和2024年工作计划"
HEADING = "一、2023年工作完成情况"
SUBHEADING = "（一）夯实政治建设，党的建设全面过硬"
# long enough to wrap over several lines of an A4 page
LONG_PARAGRAPH = (
    "夯实基层基础。预计全年完成发展党员指导性计划16名。完成10名干部职级普升，招录了3名公务员和3名事业编干部，"
    "进一步充实干部队伍。注重培训实效。订阅各类学习资料1062套，开展我为群众办实事实践活动151项，"
    "村级党组织牵头解决群众反映问题72项，办理民生实事33项。"
)
SECOND_PARAGRAPH = "全力抓好粮食生产。全年粮食作物播种面积58873亩，经济作物播种面积22865亩。"
TABLE_ROWS = (("指标", "2023年", "同比增长"), ("固定资产投资", "6.67亿元", "34.62％"))
SHORT_GBK = "全年粮食作物播种面积58873亩"


def report_text(lines: int = 40) -> str:
    """The first lines of a real report: realistic material for encoding detection."""
    return "\n".join(REPORT.read_text(encoding="utf-8").splitlines()[:lines]) + "\n"


def traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2tw").convert(text)


def _fill(rows, values: list[list[str]]) -> None:
    """Write ``values`` into a python-docx table's rows, cell by cell."""
    for row, row_values in zip(rows, values, strict=True):
        for cell, value in zip(row.cells, row_values, strict=True):
            cell.text = value


def _docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph(HEADING)
    document.add_paragraph(LONG_PARAGRAPH)
    table = document.add_table(rows=len(TABLE_ROWS), cols=len(TABLE_ROWS[0]))
    _fill(table.rows, TABLE_ROWS)
    document.add_paragraph(SECOND_PARAGRAPH)
    return _docx_bytes(document)


def build_numbered_docx() -> bytes:
    """Headings numbered by Word ("一、" "二、" from numbering.xml, as Chinese templates do), body unnumbered."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    style = document.styles["List Number"]
    num_id = style.element.pPr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id
    )
    level = next(lvl for lvl in abstract.findall(qn("w:lvl")) if lvl.get(qn("w:ilvl")) == "0")
    level.find(qn("w:numFmt")).set(qn("w:val"), "chineseCounting")
    level.find(qn("w:lvlText")).set(qn("w:val"), "%1、")
    document.add_paragraph(TITLE)
    document.add_paragraph("2023年工作完成情况", style="List Number")
    document.add_paragraph(SECOND_PARAGRAPH)
    document.add_paragraph("存在的困难及问题", style="List Number")
    return _docx_bytes(document)


def build_revised_docx() -> bytes:
    """A paragraph edited with track changes on: an inserted run (w:ins) and a deleted one (w:del)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    paragraph = document.add_paragraph("全年粮食作物播种面积")
    inserted = OxmlElement("w:ins")
    inserted.set(qn("w:id"), "1")
    inserted.set(qn("w:author"), "审核")
    inserted.append(paragraph.add_run("58873亩")._r)
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "2")
    deleted.set(qn("w:author"), "审核")
    old_run = paragraph.add_run()._r
    old_text = OxmlElement("w:delText")
    old_text.text = "58000亩"
    old_run.append(old_text)
    deleted.append(old_run)
    paragraph._p.append(inserted)
    paragraph._p.append(deleted)
    paragraph.add_run("，同比增长2.4％。")
    return _docx_bytes(document)


RUNNING_HEAD = "XX镇人民政府　2023年工作总结"


def build_pdf(pages_of_text: bool = True, split_paragraph: bool = False, running_heads: bool = False) -> bytes:
    """A text PDF: title, headings, a paragraph that wraps, a page break; or (False) a page with no text.

    With split_paragraph, the long paragraph starts near the foot of page 1 and runs on to page 2.
    With running_heads, three pages each carry a running head and a "第 N 页" foot around the body.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle(
        "body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24
    )
    title = ParagraphStyle("title", parent=body, fontSize=16, alignment=1, firstLineIndent=0)
    heading = ParagraphStyle("heading", parent=body, firstLineIndent=0)

    def page_number(canvas, document):
        canvas.setFont("STSong-Light", 10)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {document.page} -")

    def running_head_and_foot(canvas, document):
        canvas.setFont("STSong-Light", 10)
        canvas.drawString(72, A4[1] - 50, RUNNING_HEAD)
        canvas.drawCentredString(A4[0] / 2, 30, f"第 {document.page} 页")

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4)
    if running_heads:
        story = [Paragraph(RUNNING_HEAD, title), Paragraph(HEADING, heading), Spacer(1, 580),
                 Paragraph(LONG_PARAGRAPH, body), PageBreak(), Paragraph(SECOND_PARAGRAPH, body)]
        document.build(story, onFirstPage=running_head_and_foot, onLaterPages=running_head_and_foot)
    elif split_paragraph:
        story = [
            Paragraph(HEADING, heading),
            Spacer(1, 600),
            Paragraph(LONG_PARAGRAPH, body),
            Paragraph(SECOND_PARAGRAPH, body),
        ]
        document.build(story, onFirstPage=page_number, onLaterPages=page_number)
    elif pages_of_text:
        story = [
            Paragraph(TITLE, title),
            Paragraph(HEADING, heading),
            Paragraph(SUBHEADING, heading),
            Paragraph(LONG_PARAGRAPH, body),
            PageBreak(),
            Paragraph(SECOND_PARAGRAPH, body),
        ]
        document.build(story, onFirstPage=page_number, onLaterPages=page_number)
    else:
        from reportlab.platypus.flowables import HRFlowable

        document.build(
            [HRFlowable(width="80%", thickness=40)]
        )  # a drawn band, like a scan with no text layer
    return buffer.getvalue()


def build_encrypted_pdf(user_password: str) -> bytes:
    """A PDF encrypted by reportlab: with a user password it cannot be opened; with only an owner password
    (restrictions on printing/copying) any reader opens it."""
    from reportlab.lib import pdfencrypt
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK")
    buffer = io.BytesIO()
    encryption = pdfencrypt.StandardEncryption(user_password, "owner-secret", canCopy=0)
    SimpleDocTemplate(buffer, encrypt=encryption).build([Paragraph(SECOND_PARAGRAPH, body)])
    return buffer.getvalue()


def build_html() -> bytes:
    """A scraped government page in GBK with script, style, navigation, header, footer around the article."""
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{TITLE}_XX镇人民政府网</title>
<style>.nav {{ color: red }}</style>
<script>var tracker = "统计代码";</script>
</head><body>
<header><div class="logo">XX镇人民政府</div></header>
<nav><ul><li><a href="/">首页</a></li><li><a href="/news">政务公开</a></li></ul></nav>
<div class="main"><article>
<h1>{TITLE}</h1>
<p>　　{HEADING}</p>
<p>{SUBHEADING}</p>
<p>　　{LONG_PARAGRAPH}</p>
<table><tr><td>{TABLE_ROWS[0][0]}</td><td>{TABLE_ROWS[0][1]}</td></tr>
<tr><td>{TABLE_ROWS[1][0]}</td><td>{TABLE_ROWS[1][1]}</td></tr></table>
<div>{SECOND_PARAGRAPH}<br>此外，较好地完成了各项工作任务。</div>
</article></div>
<footer><p>版权所有：XX镇人民政府 备案号：粤ICP备12345678号</p></footer>
<script>document.write("广告");</script>
</body></html>
"""
    return page.encode("gbk")


# a table of indicators whose numbers carry no unit: the caption declares it ("单位：万元、%")
UNIT_TABLE_TITLE = "表1 2023年全县主要经济指标"
UNIT_TABLE_CAPTION = "单位：万元、%"
UNIT_TABLE = (
    ("指标", "2023年", "比上年增长"),
    ("地区生产总值", "1568000", "5.6"),
    ("一般公共预算收入", "123000", "8.1"),
    ("社会消费品零售总额", "452300", "6.9"),
)


def build_unit_table_docx(caption_in_table: bool = False) -> bytes:
    """A report paragraph, then a table titled and captioned "单位：万元、%" above it (or, with caption_in_table,
    in a first table row merged across the columns)."""
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph(HEADING)
    document.add_paragraph(UNIT_TABLE_TITLE)
    extra = 1 if caption_in_table else 0
    if not caption_in_table:
        document.add_paragraph(UNIT_TABLE_CAPTION)
    table = document.add_table(rows=len(UNIT_TABLE) + extra, cols=len(UNIT_TABLE[0]))
    if caption_in_table:
        merged = table.rows[0].cells[0].merge(table.rows[0].cells[-1])
        merged.text = UNIT_TABLE_CAPTION
    _fill(table.rows[extra:], UNIT_TABLE)
    document.add_paragraph(SECOND_PARAGRAPH)
    return _docx_bytes(document)


def build_unit_table_pdf() -> bytes:
    """The same report page as a text PDF (reportlab): the table drawn with grid lines, its caption right-aligned."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK")
    centred = ParagraphStyle("centred", parent=body, alignment=1)
    right = ParagraphStyle("right", parent=body, alignment=2, fontSize=10)
    table = Table([list(row) for row in UNIT_TABLE], colWidths=[180, 120, 120])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 11),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
    story = [Paragraph(TITLE, centred), Paragraph(HEADING, body), Paragraph(LONG_PARAGRAPH, body),
             Paragraph(UNIT_TABLE_TITLE, centred), Paragraph(UNIT_TABLE_CAPTION, right), table,
             Paragraph(SECOND_PARAGRAPH, body)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(story)
    return buffer.getvalue()


def build_two_column_pdf() -> bytes:
    """A page of prose set in two columns (as gazettes are): lines side by side that are no table rows."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=18, wordWrap="CJK", firstLineIndent=22)
    buffer = io.BytesIO()
    document = BaseDocTemplate(buffer, pagesize=A4)
    width = (document.width - 18) / 2
    frames = [Frame(document.leftMargin, document.bottomMargin, width, document.height, id="left"),
              Frame(document.leftMargin + width + 18, document.bottomMargin, width, document.height, id="right")]
    document.addPageTemplates([PageTemplate(frames=frames)])
    document.build([Paragraph(LONG_PARAGRAPH, body), Paragraph(SECOND_PARAGRAPH, body)] * 6)
    return buffer.getvalue()


def ole_with_streams(*names: str) -> bytes:
    """The header and one directory sector of an OLE compound file listing these streams (no stream data):
    enough for the format checks, which look only at the directory."""
    entries = b""
    for name in ("Root Entry", *names):
        encoded = (name + "\0").encode("utf-16-le")
        entries += encoded.ljust(64, b"\0") + len(encoded).to_bytes(2, "little") + bytes(62)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\0") + entries.ljust(512, b"\0")


def build_big_docx() -> bytes:
    """A .docx over 64 KB (all five dev reports), to sniff from its first bytes as the upload API does."""
    return _report_as_docx(all_reports())


def build_big_pdf() -> bytes:
    return _report_as_pdf(all_reports())


def all_reports() -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(REPORT.parent.glob("seed*.txt")))


def _report_as_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    return _docx_bytes(document)


def _report_as_pdf(text: str) -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle(
        "body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24
    )
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([Paragraph(line, body) for line in text.splitlines() if line.strip()])
    return buffer.getvalue()


def _report_as_html(text: str) -> bytes:
    from html import escape

    paragraphs = "".join(f"<p>{escape(line)}</p>\n" for line in text.splitlines())
    return (
        f'<html><head><meta charset="utf-8"><script>var x=1;</script></head><body><nav>首页</nav>'
        f"<article>{paragraphs}</article><footer>版权所有</footer></body></html>"
    ).encode()


def _report_as_doc(text: str) -> bytes | None:
    """The report as a Word 97 .doc saved by LibreOffice, or None without soffice or antiword."""
    import shutil
    import subprocess
    import tempfile

    if not (shutil.which("soffice") and shutil.which("antiword")):
        return None
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "report.docx").write_bytes(_report_as_docx(text))
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to",
                        "doc:MS Word 97", "--outdir", work, f"{work}/report.docx"], capture_output=True, timeout=120)
        path = Path(work) / "report.doc"
        return path.read_bytes() if path.exists() else None


def _bench() -> None:
    from services.parse.readers import read_document

    report = all_reports()
    samples = {
        "txt UTF-8": (report.encode("utf-8"), "report.txt"),
        "txt GB18030": (report.encode("gb18030"), "report.txt"),
        "txt Big5": (traditional(report).encode("cp950", errors="replace"), "report.txt"),
        "txt UTF-16 (no BOM)": (report.encode("utf-16-le"), "report.txt"),
        "docx": (_report_as_docx(report), "report.docx"),
        "pdf": (_report_as_pdf(report), "report.pdf"),
        "html": (_report_as_html(report), "report.html"),
    }
    doc = _report_as_doc(report)
    if doc is not None:
        samples["doc (antiword)"] = (doc, "report.doc")
    print(f"the five dev reports concatenated ({len(report)} chars), each format read 3 times:")
    for label, (data, name) in samples.items():
        read_document(data, name)  # warm up imports
        runs = 3
        start = time.perf_counter()
        for _ in range(runs):
            text = read_document(data, name)
        elapsed = (time.perf_counter() - start) / runs
        print(f"{label:22} {len(data):>8} bytes → {len(text):>6} chars  {elapsed * 1000:8.1f} ms")


if __name__ == "__main__":
    _bench()
