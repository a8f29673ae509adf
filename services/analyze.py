"""The analysis core in one call: read → clean → section → extract. Plain Python, no services needed."""

from dataclasses import replace
from pathlib import Path

from services.extract.metrics import extract_metrics
from services.parse.cleaning import clean_text
from services.parse.cleaning.script import SourceScript
from services.parse.metadata import find_metadata
from services.parse.readers import read_document
from services.parse.sectioning import find_outline
from shared.document import Analysis, Outline


def analyze_text(raw: str, doc: str, filename: str | None = None) -> Analysis:
    clean = clean_text(raw)
    outline = find_outline(clean.text)
    metrics = extract_metrics(clean, outline)
    metadata = find_metadata(clean.text, outline, filename or doc)
    analysis = Analysis(doc=doc, text=clean.text, outline=outline, metrics=metrics, metadata=metadata.to_dict())
    script = SourceScript.of(clean, raw)
    return analysis if script is None else in_report_script(analysis, script)


def in_report_script(analysis: Analysis, script: SourceScript) -> Analysis:
    """The analysis of a traditional-script report shown in its script: text, headings, names, units and the
    metrics' text (the change words and the metadata stay simplified: closed vocabularies, filtered on)."""
    restore = script.restore
    outline = Outline(sections=[replace(s, title=restore(s.title)) for s in analysis.outline.sections],
                      parts=[replace(p, title=restore(p.title)) for p in analysis.outline.parts])
    metrics = [replace(m, name=restore(m.name), unit=restore(m.unit), section=restore(m.section), text=restore(m.text))
               for m in analysis.metrics]
    return replace(analysis, text=script.text, outline=outline, metrics=metrics)


def analyze_bytes(data: bytes, filename: str) -> Analysis:
    return analyze_text(read_document(data, filename), doc=Path(filename).stem, filename=filename)


def analyze_path(path: Path) -> Analysis:
    return analyze_bytes(path.read_bytes(), path.name)
