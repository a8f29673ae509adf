"""The analysis core in one call: read → clean → section → extract. Plain Python, no services needed."""

from pathlib import Path

from services.extract.metrics import extract_metrics
from services.parse.cleaning import clean_text
from services.parse.metadata import find_metadata
from services.parse.readers import read_document
from services.parse.sectioning import find_outline
from shared.document import Analysis


def analyze_text(raw: str, doc: str, filename: str | None = None) -> Analysis:
    clean = clean_text(raw)
    outline = find_outline(clean.text)
    metrics = extract_metrics(clean, outline)
    metadata = find_metadata(clean.text, outline, filename or doc)
    return Analysis(doc=doc, text=clean.text, outline=outline, metrics=metrics, metadata=metadata.to_dict())


def analyze_bytes(data: bytes, filename: str) -> Analysis:
    return analyze_text(read_document(data, filename), doc=Path(filename).stem, filename=filename)


def analyze_path(path: Path) -> Analysis:
    return analyze_bytes(path.read_bytes(), path.name)
