"""Throughput of the analysis core, in MB/s per core (MB = 10^6 bytes of UTF-8 text), on the dev reports and
on the full corpus, and the cost of the slowest full-corpus file per character against the median one.

    .venv/bin/python bench/analyze_throughput.py [--repeat N] [--corpus-repeat N] [--no-corpus] [REPORT ...]

Prints, for the same texts in the same run, first on the dev set, then on the full corpus:
  clean+section            clean_text + find_outline                                 (dev set: target >= 15)
  analyze                  clean_text + find_outline + extract_metrics (the whole analysis core)
  extract only             extract_metrics on already cleaned and sectioned text     (dev set only)
  jionlp extract_money     JioNLP's money extractor (the optional `bench` extra), for comparison
and, on the full corpus, the slowest-file ratio: clean+section CPU seconds per character of the slowest file over
the median file's (target <= 3), with the slowest files named. Full-corpus files are decoded by
`read_document` (GB2312/GBK too); the decoding is not timed.
Times are CPU seconds of this process (time.process_time), so the figures are per core whatever else runs; each
figure is the fastest of its runs, per file for the ratio (the CPU is shared, slow runs are common).
One-time start-up (jieba's dictionary, JioNLP's import) is measured apart and left out of the rates.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.analyze import analyze_text  # noqa: E402
from services.extract.metrics import clear_caches, extract_metrics  # noqa: E402
from services.parse.cleaning import clean_text  # noqa: E402
from services.parse.readers import read_document  # noqa: E402
from services.parse.sectioning import find_outline  # noqa: E402

DEV_SET = ROOT / "tests" / "data" / "reports"
FULL_CORPUS = ROOT / "tests" / "data" / "full" / "docs"
SLOWEST_RATIO_TARGET = 3.0
SLOWEST_SHOWN = 3


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


def utf8_megabytes(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def clean_and_section(text: str) -> None:
    find_outline(clean_text(text).text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reports", nargs="*", type=Path, help="UTF-8 reports instead of the dev set")
    parser.add_argument("--repeat", type=int, default=10,
                        help="runs per stage on the dev set; the fastest counts (default 10)")
    parser.add_argument("--corpus-repeat", type=int, default=3,
                        help="runs per file for the slowest-file ratio on the full corpus (default 3)")
    parser.add_argument("--no-corpus", action="store_true", help="the dev set only")
    args = parser.parse_args()
    paths = args.reports or sorted(DEV_SET.glob("*.txt"))
    texts = [p.read_text("utf-8") for p in paths]
    megabytes = utf8_megabytes(texts)
    print(f"dev set: {len(texts)} reports, {megabytes:.3f} MB, best of {args.repeat} runs\n")

    start = time.process_time()
    analyze_text(texts[0], "warm-up")  # loads jieba with its user dictionary, and cn2an, once
    print(f"{'start-up (jieba, cn2an)':24} {(time.process_time() - start) * 1000:8.1f} ms CPU, once per process")
    jionlp = load_jionlp()

    prepared = [(c, find_outline(c.text)) for c in map(clean_text, texts)]
    found = sum(len(extract_metrics(c, o)) for c, o in prepared)
    money = sum(1 for c, o in prepared for m in extract_metrics(c, o) if m.unit == "元")
    report("clean+section", megabytes, cpu_seconds(lambda: [clean_and_section(t) for t in texts], args.repeat),
           "   target >= 15 MB/s")
    report("analyze", megabytes, analyze_seconds(texts, args.repeat), "   target >= 2 MB/s")
    report("extract only", megabytes,
           cpu_seconds(lambda: [extract_metrics(c, o) for c, o in prepared], args.repeat),
           f"   {found} metrics, {money} in 元")
    jionlp_money(jionlp, texts, megabytes, args.repeat)

    if not args.no_corpus:
        full_corpus(jionlp, args.corpus_repeat)


def analyze_seconds(texts: list[str], repeat: int) -> float:
    return cpu_seconds(lambda: [analyze_text(text, str(i)) for i, text in enumerate(texts)], repeat)


def full_corpus(jionlp: object | None, repeat: int) -> None:
    paths = sorted(FULL_CORPUS.glob("*.txt"))
    texts = [read_document(p.read_bytes(), p.name) for p in paths]
    megabytes = utf8_megabytes(texts)
    print(f"\nfull corpus: {len(texts)} files, {megabytes:.1f} MB, best of {repeat} runs per file\n")
    per_file = [cpu_seconds(lambda t=text: clean_and_section(t), repeat) for text in texts]
    report("clean+section", megabytes, sum(per_file))
    # per character, not per byte: GB2312 pages and UTF-8 files weigh the same per character of text
    cost = [seconds / max(len(text), 1) for seconds, text in zip(per_file, texts, strict=True)]
    median = statistics.median(cost)
    slowest = sorted(range(len(paths)), key=cost.__getitem__, reverse=True)[:SLOWEST_SHOWN]
    names = ", ".join(f"{paths[i].stem} {cost[i] / median:.2f}x ({len(texts[i]) // 1000} K chars)" for i in slowest)
    print(f"{'slowest-file ratio':24} {cost[slowest[0]] / median:8.2f} x the median per character   "
          f"target <= {SLOWEST_RATIO_TARGET:g}   ({names})")
    report("analyze", megabytes, analyze_seconds(texts, 1), "   one run")
    jionlp_money(jionlp, texts, megabytes, 1, "   one run")


def load_jionlp() -> object | None:
    start = time.process_time()
    try:
        import jionlp
    except Exception as exc:  # an optional extra: report and carry on whatever went wrong
        print(f"{'jionlp extract_money':24} not available ({type(exc).__name__}: {exc}); "
              f"install with: pip install -e '.[bench]'")
        return None
    print(f"{'start-up (jionlp)':24} {(time.process_time() - start) * 1000:8.1f} ms CPU, once per process")
    return jionlp


def jionlp_money(jionlp: object | None, texts: list[str], megabytes: float, repeat: int, note: str = "") -> None:
    if jionlp is None:
        return
    extract_money = jionlp.ner.extract_money  # type: ignore[attr-defined]
    amounts: list[int] = []

    def run() -> None:
        amounts.clear()
        amounts.extend(len(extract_money(text)) for text in texts)

    seconds = cpu_seconds(run, repeat)
    report("jionlp extract_money", megabytes, seconds, f"   {sum(amounts)} amounts{note}")


if __name__ == "__main__":
    main()
