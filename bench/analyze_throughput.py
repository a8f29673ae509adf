"""Throughput of the analysis core on the dev reports, in MB/s per core (MB = 10^6 bytes of UTF-8 input).

    .venv/bin/python bench/analyze_throughput.py [--repeat N] [REPORT ...]

Prints, for the same texts in the same run:
  clean+section            clean_text + find_outline
  analyze                  clean_text + find_outline + extract_metrics (the whole analysis core)
  extract only             extract_metrics on already cleaned and sectioned text
  jionlp extract_money     JioNLP's money extractor (the optional `bench` extra), for comparison
Times are CPU seconds of this process (time.process_time), so the figures are per core whatever else runs.
One-time start-up (jieba's dictionary, JioNLP's import) is measured apart and left out of the rates.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.analyze import analyze_text  # noqa: E402
from services.extract.metrics import clear_caches, extract_metrics  # noqa: E402
from services.parse.cleaning import clean_text  # noqa: E402
from services.parse.sectioning import find_outline  # noqa: E402


def cpu_seconds(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        clear_caches()  # no run may reuse the tagging or numeral parsing of an earlier one
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def report(label: str, megabytes: float, seconds: float, note: str = "") -> None:
    rate = megabytes / seconds if seconds else float("inf")
    print(f"{label:24} {rate:8.2f} MB/s per core   ({seconds * 1000:8.1f} ms CPU){note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reports", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=10,
                        help="runs per stage; the fastest counts (default 10: the CPU is shared, slow runs are common)")
    args = parser.parse_args()
    paths = args.reports or sorted((ROOT / "tests" / "data" / "reports").glob("*.txt"))
    texts = [p.read_text("utf-8") for p in paths]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} reports, {megabytes:.3f} MB, best of {args.repeat} runs\n")

    start = time.process_time()
    analyze_text(texts[0], "warm-up")  # loads jieba with its user dictionary, and cn2an, once
    print(f"{'start-up (jieba, cn2an)':24} {(time.process_time() - start) * 1000:8.1f} ms CPU, once per process")

    def clean_and_section() -> None:
        for text in texts:
            find_outline(clean_text(text).text)

    prepared = [(c, find_outline(c.text)) for c in map(clean_text, texts)]

    def extract_only() -> None:
        for clean, outline in prepared:
            extract_metrics(clean, outline)

    def analyze() -> None:
        for i, text in enumerate(texts):
            analyze_text(text, str(i))

    found = sum(len(extract_metrics(c, o)) for c, o in prepared)
    money = sum(1 for c, o in prepared for m in extract_metrics(c, o) if m.unit == "元")
    report("clean+section", megabytes, cpu_seconds(clean_and_section, args.repeat))
    report("analyze", megabytes, cpu_seconds(analyze, args.repeat), "   target >= 2 MB/s")
    report("extract only", megabytes, cpu_seconds(extract_only, args.repeat),
           f"   {found} metrics, {money} in 元")
    jionlp_money(texts, megabytes, args.repeat)


def jionlp_money(texts: list[str], megabytes: float, repeat: int) -> None:
    start = time.process_time()
    try:
        import jionlp
    except Exception as exc:  # an optional extra: report and carry on whatever went wrong
        print(f"{'jionlp extract_money':24} not available ({type(exc).__name__}: {exc}); "
              f"install with: pip install -e '.[bench]'")
        return
    print(f"{'start-up (jionlp)':24} {(time.process_time() - start) * 1000:8.1f} ms CPU, once per process")
    found = sum(len(jionlp.ner.extract_money(text)) for text in texts)

    def run() -> None:
        for text in texts:
            jionlp.ner.extract_money(text)

    report("jionlp extract_money", megabytes, cpu_seconds(run, repeat), f"   {found} amounts")


if __name__ == "__main__":
    main()
