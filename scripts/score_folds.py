"""Score the analysis on the web set by site-grouped folds: rules are tuned on one fold, judged on the other.

The 40 web excerpts come from 37 sites; every site falls into one fold (fold = CRC-32 of its host name, "m.",
"wap." and "www." removed, modulo 2), so no site is seen on both sides. Fold A is the one rules are written
from; fold B is held out. The figures of each fold and of the whole set are printed side by side.

    .venv/bin/python scripts/score_folds.py            # tests/data/web
    .venv/bin/python scripts/score_folds.py --json     # one JSON object per fold
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zlib
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scoring import score, write_predictions  # noqa: E402

WEB = ROOT / "tests" / "data" / "web"
FOLD_NAMES = ("A (tuned on)", "B (held out)")


def site(url: str) -> str:
    host = urlparse(url).hostname or ""
    for prefix in ("m.", "wap.", "www."):
        host = host.removeprefix(prefix)
    return host


def folds(web: Path = WEB) -> tuple[list[str], list[str]]:
    """The document ids of fold A and fold B, grouped by site."""
    out: tuple[list[str], list[str]] = ([], [])
    for line in (web / "SOURCES.tsv").read_text("utf-8").splitlines()[1:]:
        doc, url = line.split("\t")[:2]
        out[zlib.crc32(site(url).encode()) % 2].append(doc)
    return out


def fold_scores(web: Path = WEB) -> dict[str, dict]:
    """The scorer's summary for fold A, fold B and all documents."""
    with tempfile.TemporaryDirectory() as tmp:
        predictions = write_predictions(sorted((web / "docs").glob("*.txt")), Path(tmp) / "pred.jsonl")
        result = {}
        for name, docs in zip(FOLD_NAMES, folds(web), strict=True):
            result[name] = score(web, predictions, *[arg for doc in docs for arg in ("--doc", doc)])
        result["all"] = score(web, predictions)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("web", nargs="?", type=Path, default=WEB)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = fold_scores(args.web)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"{'fold':14} {'docs':>4} {'noise':>6} {'kept':>5} {'sec F1':>6} {'met F1':>6} {'name':>5} {'kind':>5}")
    for name, s in result.items():
        m, sec, c = s["metrics"], s["sections"], s["cleaning"]
        print(f"{name:14} {s['docs']:>4} {c['noise_removed']:>6.3f} {c['content_kept']:>5.2f} {sec['f1']:>6.3f}"
              f" {m['f1']:>6.3f} {m['name_acc']:>5.3f} {m['kind_acc']:>5.3f}")


if __name__ == "__main__":
    main()
