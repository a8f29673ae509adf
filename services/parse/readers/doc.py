"""Text of an old binary Word .doc or a WPS Office .wps (both OLE compound files): antiword, in a subprocess.

antiword (Debian's `antiword`, about 1 MB) was chosen over catdoc and LibreOffice, measured on .doc files that
LibreOffice saved from reports of the corpus: antiword read them line for line as the .docx reader reads the
originals, in 1–20 ms a file (an 800 KB report: 18 ms, 2.5 MB of memory); catdoc garbles every Chinese document
past about 800 characters; `soffice --headless --convert-to txt` is exact too but takes 1.2 s a file warm, 2.4 s
cold, 210 MB of memory and a 200 MB install. antiword's gaps: a document of a line or two ("the text stream of
this file is too small") is refused (EmptyDocument here), and a character outside the BMP comes out as two
UTF-8-encoded surrogates, rejoined here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

from .errors import ConversionFailed, ConverterMissing, CorruptDocument, EmptyDocument, EncryptedDocument
from .ole import ole_streams
from .signatures import OLE_KINDS
from .table_units import declared_units, table_lines

CONVERTER = "antiword"
# seconds one file may take; antiword reads a 800 KB report in 20 ms, so this only stops a pathological file
CONVERT_TIMEOUT = 60
# -w 0: no line wrapping (one paragraph a line); -m UTF-8.txt: output UTF-8 (Debian ships the mapping file)
CONVERTER_ARGS = ("-w", "0", "-m", "UTF-8.txt")
_PICTURE = re.compile(r"\[pic\]")
_TABLE_ROW = re.compile(r"^\|(.*)\|\s*$")


def check_word_ole(data: bytes, filename: str) -> None:
    """Refuse, with the reason, an OLE file that is not a Word/WPS document (a workbook, an encrypted .docx)."""
    streams = ole_streams(data)
    if "EncryptedPackage" in streams:
        raise EncryptedDocument(filename, "the document is password-protected (an encrypted Word .docx)")
    if "WordDocument" in streams:
        return
    for stream, description in OLE_KINDS:
        if stream in streams:
            raise CorruptDocument(filename, f"the file is {description}, not a Word or WPS text document")
    raise CorruptDocument(filename, "the .doc/.wps is damaged or truncated (no Word document stream found)")


def read_doc(data: bytes, filename: str) -> str:
    check_word_ole(data, filename)
    program = shutil.which(CONVERTER)
    if program is None:
        raise ConverterMissing(
            filename, f"cannot read .doc/.wps files here: the converter '{CONVERTER}' is not installed"
        )
    with tempfile.NamedTemporaryFile(suffix=".doc") as source:
        source.write(data)
        source.flush()
        try:
            result = subprocess.run(
                [program, *CONVERTER_ARGS, source.name],
                capture_output=True,
                timeout=CONVERT_TIMEOUT,
                env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tempfile.gettempdir()},
            )
        except subprocess.TimeoutExpired:
            raise ConversionFailed(filename, f"reading the .doc/.wps took over {CONVERT_TIMEOUT} s and was stopped") from None
    if result.returncode != 0:
        raise _failure(filename, result.stderr.decode("utf-8", "replace"))
    return _tidy(_decode(result.stdout))


def _failure(filename: str, message: str):
    if "ncrypted" in message:
        return EncryptedDocument(filename, "the Word document is password-protected")
    if "too small" in message:
        return EmptyDocument(filename, "the Word document holds too little text to read (a line or two at most)")
    if "not a Word Document" in message:
        return CorruptDocument(filename, "the .doc/.wps is damaged or truncated (not a readable Word document)")
    detail = message.strip().splitlines()[-1][:200] if message.strip() else "no message"
    return ConversionFailed(filename, f"the .doc/.wps could not be read ({CONVERTER}: {detail})")


def _decode(output: bytes) -> str:
    """antiword's UTF-8, where a character outside the BMP comes as its two UTF-16 surrogates each UTF-8 encoded."""
    text = output.decode("utf-8", "surrogatepass")
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _tidy(text: str) -> str:
    """One paragraph a line without antiword's blank separator lines; each table as tab-separated rows, with the
    units of its caption or header in its numbers (table_units), as the .docx reader writes them."""
    lines: list[str] = []
    table: list[list[str | None]] = []
    caption = None
    for raw in [*text.splitlines(), ""]:
        line = _PICTURE.sub("", raw).rstrip()
        row = _TABLE_ROW.match(line)
        if row:
            table.append([cell.strip() for cell in row.group(1).split("|")])
            continue
        if table:
            lines.extend(table_lines(table, declared_units(caption) if caption else None))
            table = []
        if line.strip():
            lines.append(line)
            caption = line
    return "\n".join(lines) + "\n" if lines else ""
