"""Where each metric comes from: its indicator group, the sentence of the cleaned text it was read from, and
offsets into the cleaned text (the metric's own start/end are offsets into the raw document)."""

from __future__ import annotations

from shared.document import CleanText, Metric

# A sentence ends after one of these (a line break ends a table row or a heading too).
SENTENCE_ENDS = frozenset("。！？；!?;\n")
# A sentence longer than this (a run-on table dump) is cut to this many characters each side of the metric.
MAX_SIDE = 200


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding the cleaned span [start, end): from after the previous sentence end to the next
    one, inclusive; at most MAX_SIDE characters each side of the span."""
    left = start
    floor = max(0, start - MAX_SIDE)
    while left > floor and text[left - 1] not in SENTENCE_ENDS:
        left -= 1
    right = end
    ceiling = min(len(text), end + MAX_SIDE)
    while right < ceiling and text[right] not in SENTENCE_ENDS:
        right += 1
    if right < len(text) and text[right] in SENTENCE_ENDS and text[right] != "\n":
        right += 1  # the sentence keeps its full stop
    while left < start and text[left].isspace():
        left += 1
    return left, right


def provenance(clean: CleanText, metric: Metric, indicator: str) -> dict:
    """The provenance columns of one metric row (shared.db.models.MetricRow)."""
    clean_start = min(clean.clean_offset(metric.start), len(clean.text))
    clean_end = max(clean_start, min(clean.clean_offset(metric.end), len(clean.text)))
    left, right = sentence_span(clean.text, clean_start, clean_end)
    return {"indicator": indicator, "sentence": clean.text[left:right].strip(), "sentence_start": left,
            "clean_start": clean_start, "clean_end": clean_end}
