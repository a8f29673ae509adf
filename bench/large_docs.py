"""Seconds and peak memory per stage for large documents: is the analysis linear in size and bounded in memory?

    .venv/bin/python bench/large_docs.py [--sizes 1 5 20 50] [--keep DIR]

For each size (MB of UTF-8 text) a document is made by concatenating full-corpus reports (tests/data/full, decoded
as the reader decodes them; a report repeating an earlier one left out, and each copy's digits and clause order
varied so no report comes back verbatim: the cleaner would drop the repeat) up to that size (every size the same mix of all the reports), and each stage runs in a subprocess of its own, as a worker runs it,
so its peak RSS is its own:
  clean    read_document + clean_text on the stored bytes, and the offset map encoded as the store keeps it
  section  the cleaned text restored from its stored form, find_outline
  extract  the cleaned text and outline restored, extract_metrics
(the functions the Celery stages call, without the database and S3 round trips). Each stage's output goes to a
file the next stage reads. Printed per size and stage: CPU seconds of the stage's work (time.process_time; the
machine is shared, so CPU, not wall time), peak RSS of the subprocess and its peak before the work ("warm": the
imports and one small document analysed, as a worker has done since it started: jieba's dictionary), then the slope
of log(seconds) against log(size) over all sizes per stage and in total (1.0 = linear; target <= 1.1), and peak
RSS against the bound of 10x the text size + 150 MiB.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FULL_CORPUS = ROOT / "tests" / "data" / "full" / "docs"
STAGES = ("clean", "section", "extract")
SLOPE_TARGET = 1.1
TASK_LIMIT_SECONDS = 300
MIB = 1024 * 1024


def distinct_reports() -> list[str]:
    """The full-corpus reports, decoded as the reader decodes them, less those that repeat an earlier one (the
    corpus holds some reports scraped from several sites: the cleaner would drop them as repeated paragraphs)."""
    from services.parse.readers import read_document

    seen: set[str] = set()
    reports = []
    for path in sorted(FULL_CORPUS.glob("*.txt")):
        text = read_document(path.read_bytes(), path.name)
        keys = {key for line in text.split("\n") if len(key := "".join(line.split())) >= REPEAT_KEY_MIN}
        if keys and len(keys & seen) > REPEATED_SHARE * len(keys):
            continue
        seen |= keys
        reports.append(text)
    return reports


def vary(report: str, n: int) -> str:
    """The n-th copy of a report: digits shifted by n and the clauses of each line rotated by n, so a report
    used again is not a verbatim repeat (which the cleaner removes) yet reads the same to every rule."""
    lines = []
    for line in report.translate(_DIGIT_SHIFTS[n % 10]).split("\n"):
        clauses = line.split("，")
        turn = n % len(clauses)
        lines.append("，".join(clauses[turn:] + clauses[:turn]))
    return "\n".join(lines)


_DIGIT_SHIFTS = [str.maketrans("0123456789", "".join(str((d + k) % 10) for d in range(10))) for k in range(10)]
REPEAT_KEY_MIN = 30  # lines this long (without spaces) are compared, like the cleaner's repeated paragraphs
REPEATED_SHARE = 0.2


def make_document(megabytes: float, reports: list[str], path: Path) -> int:
    """The reports one after another (a blank line between), each copy varied, up to ``megabytes`` of UTF-8.

    Every size holds the same mix: whole passes over all the reports, then the first share of every report's
    lines that makes up the rest (taking whole reports in order would give a small size only the first few,
    whose density of headings and figures is their own).
    """
    wanted = int(megabytes * 1e6)
    total = sum(len(r.encode("utf-8")) + 2 for r in reports)
    passes, rest = divmod(wanted / total, 1)
    pieces, n = [], 0
    for _ in range(int(passes)):
        for report in reports:
            pieces.append(vary(report, n) + "\n\n")
            n += 1
    for report in reports:
        lines = report.split("\n")
        pieces.append(vary("\n".join(lines[: math.ceil(rest * len(lines))]), n) + "\n\n")
        n += 1
    data = "".join(pieces).encode("utf-8")[:wanted].decode("utf-8", "ignore").encode("utf-8")  # no character cut
    path.write_bytes(data)
    return len(data)


def peak_rss_mib() -> float:
    """This process's peak RSS (VmHWM: ru_maxrss would carry the parent's peak over the exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: the best there is


_WARM_UP = "一、工作回顾\n全年地区生产总值增长5.2%，完成投资3.5亿元，新增就业1200人。\n"


def run_stage(stage: str, workdir: Path) -> dict:
    """One stage in this process; what it read and wrote are files in ``workdir``."""
    from services.extract.metrics import extract_metrics
    from services.parse.cleaning import clean_text
    from services.parse.readers import read_document
    from services.parse.sectioning import find_outline
    from shared.db.offsets import encode_offsets, restore_clean_text
    from shared.document import CleanText, Outline, Part, Section

    # what a worker has done once since it started: imports, and its first document (jieba's dictionaries, loaded
    # by the cleaner's word test and the extractor's naming, and the numeral parser); not the stage's time or memory
    if stage == "clean":
        from services.parse.cleaning.words import crosses_word

        crosses_word("非税收", "入")
        clean_text(_WARM_UP)
    elif stage == "section":
        find_outline(_WARM_UP)
    else:
        extract_metrics(CleanText.identity(_WARM_UP), find_outline(_WARM_UP))
    after_imports = peak_rss_mib()
    result: dict = {}
    if stage == "clean":
        data = (workdir / "document.txt").read_bytes()
        start = time.process_time()
        clean = clean_text(read_document(data, "document.txt"))
        runs, raw_length = encode_offsets(clean.offsets)
        seconds = time.process_time() - start
        del data
        (workdir / "clean.txt").write_text(clean.text, "utf-8")
        (workdir / "offsets.json").write_text(json.dumps({"runs": runs, "raw_length": raw_length}))
        result["runs"] = len(runs)
        result["kept"] = f"{len(clean.text.encode('utf-8')) / 1e6:.1f} MB"
    else:
        text = (workdir / "clean.txt").read_text("utf-8")
        stored = json.loads((workdir / "offsets.json").read_text())
        if stage == "section":
            start = time.process_time()
            clean = restore_clean_text(text, stored["runs"], stored["raw_length"])
            outline = find_outline(clean.text)
            seconds = time.process_time() - start
            (workdir / "outline.json").write_text(json.dumps({
                "sections": [asdict(s) for s in outline.sections], "parts": [asdict(p) for p in outline.parts],
            }, ensure_ascii=False))
            result["sections"] = len(outline.sections)
        else:
            saved = json.loads((workdir / "outline.json").read_text())
            outline = Outline([Section(**s) for s in saved["sections"]], [Part(**p) for p in saved["parts"]])
            start = time.process_time()
            clean = restore_clean_text(text, stored["runs"], stored["raw_length"])
            metrics = extract_metrics(clean, outline)
            seconds = time.process_time() - start
            result["metrics"] = len(metrics)
    result.update(seconds=seconds, peak_mib=peak_rss_mib(), imports_mib=after_imports)
    return result


def slope(sizes: list[float], seconds: list[float]) -> float:
    """Least-squares slope of log(seconds) on log(size)."""
    xs, ys = [math.log(s) for s in sizes], [math.log(max(t, 1e-6)) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20, 50], help="MB of text (default 1 5 20 50)")
    parser.add_argument("--keep", type=Path, help="write the documents and stage outputs here, and keep them")
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)  # a subprocess: run one stage
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(run_stage(args.stage, args.workdir)))
        return

    base = args.keep or Path(tempfile.mkdtemp(prefix="large-docs-"))
    reports = distinct_reports()
    rows: dict[str, list[float]] = {stage: [] for stage in STAGES}
    sizes: list[float] = []
    print(f"{'size':>8} {'stage':8} {'CPU s':>8} {'s/MB':>6} {'peak RSS':>9} {'warm':>8} {'bound':>8}  output")
    for megabytes in args.sizes:
        workdir = base / f"{megabytes:g}MB"
        workdir.mkdir(parents=True, exist_ok=True)
        size = make_document(megabytes, reports, workdir / "document.txt") / 1e6
        sizes.append(size)
        bound = 10 * size * 1e6 / MIB + 150
        total = 0.0
        for stage in STAGES:
            done = subprocess.run(
                [sys.executable, __file__, "--stage", stage, "--workdir", str(workdir)],
                capture_output=True, text=True, check=False,
            )
            if done.returncode:
                sys.exit(f"{stage} failed on {size:.1f} MB:\n{done.stderr}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            rows[stage].append(result["seconds"])
            total += result["seconds"]
            output = ", ".join(f"{result[k]} {k}" for k in ("kept", "runs", "sections", "metrics") if k in result)
            flag = "" if result["peak_mib"] <= bound else "  OVER BOUND"
            print(f"{size:7.1f}M {stage:8} {result['seconds']:8.2f} {result['seconds'] / size:6.2f} "
                  f"{result['peak_mib']:7.0f}Mi {result['imports_mib']:6.0f}Mi {bound:6.0f}Mi  {output}{flag}")
        print(f"{size:7.1f}M {'all':8} {total:8.2f} {total / size:6.2f}"
              f"{'' if total < TASK_LIMIT_SECONDS else '   OVER THE TASK LIMIT'}")
    if len(sizes) > 1:
        totals = [sum(rows[stage][n] for stage in STAGES) for n in range(len(sizes))]
        slopes = "   ".join(f"{stage} {slope(sizes, rows[stage]):.2f}" for stage in STAGES)
        print(f"\nslope of log(CPU s) on log(size), {sizes[0]:g}-{sizes[-1]:g} MB: {slopes}   "
              f"all {slope(sizes, totals):.2f}   (target <= {SLOPE_TARGET:g})")
    if not args.keep:
        for path in sorted(base.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        base.rmdir()


if __name__ == "__main__":
    main()
