"""Figures for report metadata and indicator groups over the corpora (issue #12), printed, not asserted.

    .venv/bin/python scripts/metadata_and_groups_report.py

* metadata against the full corpus' own labels (tests/data/full/SOURCES.tsv: level, and report_key =
  level-place-year, the year the report was delivered, so the reviewed year is one less): report type, level,
  year and place, each right / wrong / left None;
* indicator groups: distinct metric names before and canonical groups after, per corpus.
"""

from __future__ import annotations

import collections
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.analyze import analyze_path  # noqa: E402
from services.extract.metrics.groups import canonical_indicator  # noqa: E402

FULL = ROOT / "tests/data/full"
LEVEL = {"national": "national", "provincial": "province", "city": "city", "county": "county", "district": "county"}
PLACE_FIELD = {"provincial": "province", "city": "city", "county": "county", "district": "county"}


def main() -> None:
    stats: collections.Counter = collections.Counter()
    wrong: dict[str, list] = collections.defaultdict(list)
    names: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for row in csv.DictReader((FULL / "SOURCES.tsv").open(encoding="utf-8"), delimiter="\t"):
        analysis = analyze_path(FULL / "docs" / f"{row['id']}.txt")
        names["full"].update(m.name for m in analysis.metrics)
        meta = analysis.metadata
        parts = row["report_key"].split("-")
        checks = {"report_type": (meta["report_type"], "政府工作报告"), "level": (meta["level"], LEVEL[row["level"]]),
                  "year": (meta["year"], int(parts[-1]) - 1)}
        if len(parts) == 3:
            got = meta[PLACE_FIELD[row["level"]]]
            checks["place"] = (got and got.startswith(parts[1]), True) if got else (None, True)
        for field, (got, want) in checks.items():
            outcome = "none" if got is None else "right" if got == want else "wrong"
            stats[field, outcome] += 1
            if outcome == "wrong":
                wrong[field].append((row["id"], row["report_key"], got))
    for field in ("report_type", "level", "year", "place"):
        print(f"{field:12} right {stats[field, 'right']:3}  wrong {stats[field, 'wrong']:3}  none {stats[field, 'none']:3}")
    for field, cases in wrong.items():
        print(f"  {field} wrong: {cases}")
    for path in sorted((ROOT / "tests/data/web/docs").glob("*.txt")):
        names["web"].update(m.name for m in analyze_path(path).metrics)
    for corpus, counter in names.items():
        groups = {canonical_indicator(name) for name in counter}
        print(f"{corpus}: {sum(counter.values())} metrics, {len(counter)} distinct names → {len(groups)} groups")


if __name__ == "__main__":
    main()
