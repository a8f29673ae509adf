"""Run the real analysis over a folder of reports and score it with the shared scorer (tests/data/score.py)."""

import json
import subprocess
import sys
from pathlib import Path

from services.analyze import analyze_path

SCORER = Path(__file__).parent / "data" / "score.py"


def write_predictions(reports: list[Path], destination: Path) -> Path:
    """`reportflow analyze --jsonl` output for these reports, written to ``destination``."""
    rows = [analyze_path(path).to_json() for path in reports]
    destination.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    return destination


def score(gold_dir: Path, predictions: Path, *extra: str) -> dict:
    """The scorer's JSON summary: metrics, sections and cleaning figures."""
    out = subprocess.run(
        [sys.executable, str(SCORER), str(gold_dir), str(predictions), "--json", *extra],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)
