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


# The bars for the metric table ("Analysis core II"); money is scored alone with `--unit 元`.
METRIC_THRESHOLDS = {"f1": 0.93, "name_acc": 0.85, "kind_acc": 0.95, "approx_acc": 0.95}
MONEY_THRESHOLDS = {"f1": 0.97, "name_acc": 0.85}


def shortfalls(figures: dict, thresholds: dict) -> dict:
    """The figures below their threshold, as {name: (figure, threshold)}; empty when every bar is met."""
    return {key: (figures[key], bar) for key, bar in thresholds.items() if figures[key] < bar}
