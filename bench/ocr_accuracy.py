"""OCR accuracy and speed on scanned pages made from reports of the full corpus, per engine and resolution.

    .venv/bin/python bench/ocr_accuracy.py [--reports N] [--dpi 150 200 300] [--engines rapidocr tesseract]

Each report's opening page is typeset on A4 with a CJK font and degraded like a scan (skew up to ±0.6°, blur,
grain, dust, JPEG compression: tests/parse/scanned_pages.py), then read back. Printed per engine and dpi:
  CER        character error rate against the typeset text (edit distance / reference length, whitespace ignored)
  metric F1  the indicators (name, value, unit) the analysis core finds in the OCR'd page against those it finds
             in the same page's text read as text (1.0: the scan loses none; goal >= 0.9 at 200 dpi)
  pages/s    pages per CPU second of one core (this process's CPU time for RapidOCR, which runs on one thread;
             the tesseract child processes' CPU time for Tesseract)
rapidocr is the reader reportflow uses (services/parse/readers/ocr.py: the same line joining and OCR
normalisation); tesseract (Debian's tesseract-ocr + tesseract-ocr-chi-sim, via pytesseract) is read line by line
through the same normalisation and joining, and is skipped when not installed.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.analyze import analyze_text  # noqa: E402
from services.parse.readers import read_document  # noqa: E402
from services.parse.readers.ocr_text import normalise_line  # noqa: E402
from services.parse.readers.pdf import Line, pages_text  # noqa: E402
from tests.parse.scanned_pages import Scan, corpus_text, image_bytes, page_images, rendered_text  # noqa: E402

REPORTS = ("s0002.txt", "s0040.txt", "s0120.txt", "s0200.txt", "s0290.txt")
PAGE_CHARACTERS = 1400  # about one A4 page at 14 pt


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        previous = current
    return previous[-1]


def cer(reference: str, read: str) -> float:
    reference, read = "".join(reference.split()), "".join(read.split())
    return edit_distance(reference, read) / max(1, len(reference))


def metric_keys(text: str) -> Counter:
    return Counter((m.name, m.value, m.unit) for m in analyze_text(text, "page").metrics)


def f1(reference: Counter, found: Counter) -> float:
    if not reference and not found:
        return 1.0
    hits = sum((reference & found).values())
    precision, recall = hits / max(1, sum(found.values())), hits / max(1, sum(reference.values()))
    return 2 * precision * recall / (precision + recall) if hits else 0.0


def read_rapidocr(image) -> str:
    return read_document(image_bytes(image), "page.png")


def read_tesseract(image) -> str:
    import pytesseract

    data = pytesseract.image_to_data(image, lang="chi_sim", output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(data["text"]):
        if word.strip():
            lines.setdefault((data["block_num"][index], data["par_num"][index], data["line_num"][index]), []).append(index)
    out = []
    for indexes in lines.values():
        left = min(data["left"][i] for i in indexes)
        right = max(data["left"][i] + data["width"][i] for i in indexes)
        top = min(data["top"][i] for i in indexes)
        bottom = max(data["top"][i] + data["height"][i] for i in indexes)
        text = normalise_line("".join(data["text"][i] for i in indexes))
        out.append(Line(text, left, right, max(bottom - top, 1), False, image.height - (top + bottom) / 2))
    return pages_text([out])


ENGINES = {"rapidocr": read_rapidocr, "tesseract": read_tesseract}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=3, help="reports of the full corpus, one page each")
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 200, 300])
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES))
    parser.add_argument("--dump", type=Path, help="write each OCR'd page here (for the cleaning case table)")
    args = parser.parse_args()
    engines = [e for e in args.engines if e != "tesseract" or _tesseract_installed()]
    texts = {name: corpus_text(name, PAGE_CHARACTERS) for name in REPORTS[:args.reports]}
    print(f"{len(texts)} report pages ({', '.join(texts)}), scanned with skew, blur, grain, dust and JPEG")
    print(f"{'engine':<10} {'dpi':>4} {'CER':>7} {'metric F1':>10} {'metrics':>8} {'pages/s/core':>13}")
    for engine in engines:
        read = ENGINES[engine]
        read(page_images("预热", Scan(150), max_pages=1)[0])  # model loading is not timed
        for dpi in args.dpi:
            errors, scores, counted, cpu, pages = [], [], 0, 0.0, 0
            for number, (name, text) in enumerate(texts.items()):
                image = page_images(text, Scan(dpi), max_pages=1, seed=number)[0]
                reference = rendered_text(text, dpi, max_pages=1)
                started = time.process_time() + children_cpu()
                found = read(image)
                cpu += time.process_time() + children_cpu() - started
                pages += 1
                if args.dump:
                    args.dump.mkdir(parents=True, exist_ok=True)
                    (args.dump / f"{engine}-{dpi}-{name}").write_text(found)
                    (args.dump / f"reference-{dpi}-{name}").write_text(reference)
                errors.append(cer(reference, found))
                wanted = metric_keys(reference)
                counted += sum(wanted.values())
                scores.append(f1(wanted, metric_keys(found)))
            print(f"{engine:<10} {dpi:>4} {sum(errors) / len(errors):>7.2%} {sum(scores) / len(scores):>10.3f} "
                  f"{counted:>8} {pages / cpu:>13.3f}")


def _tesseract_installed() -> bool:
    import shutil

    try:
        import pytesseract  # noqa: F401
    except ImportError:
        print("tesseract: pytesseract not installed, skipped")
        return False
    if shutil.which("tesseract") is None:
        print("tesseract: not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim), skipped")
        return False
    return True


if __name__ == "__main__":
    main()
