"""Build the indicator-name tagger's dictionary from jieba (services/extract/metrics/name_dictionary.py).

    .venv/bin/python scripts/build_name_dictionary.py      # rewrites services/extract/metrics/name_words.*

Run it after changing services/extract/metrics/indicator_terms.dict or upgrading jieba, and commit both files.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.extract.metrics.name_dictionary import VALUES_FILE, WORDS_FILE, build, save  # noqa: E402

FOLDER = ROOT / "services" / "extract" / "metrics"

if __name__ == "__main__":
    dictionary = build()
    save(dictionary, FOLDER)
    print(f"{len(dictionary.words)} words, {len(dictionary.tag_names)} tags: {FOLDER / WORDS_FILE} "
          f"({(FOLDER / WORDS_FILE).stat().st_size} bytes), {FOLDER / VALUES_FILE} "
          f"({(FOLDER / VALUES_FILE).stat().st_size} bytes)")
