"""Remove scrape and conversion noise from raw report text, keeping a cleaned→raw offset map."""

from __future__ import annotations

from collections.abc import Callable

from services.parse.cleaning import (
    chars,
    chrome,
    escapes,
    fragments,
    furniture,
    lines,
    notices,
    repeats,
    wraps,
)
from services.parse.cleaning.offsets import Edit, OffsetMap, apply_text_edits, check_edits
from shared.document import CleanText

# A step reads the current text and returns a same-length text (1:1 substitution) or edits over it.
Step = Callable[[str], "str | list[Edit]"]

# Order matters: controls, width and script are normalised before the patterns that read digits and words;
# markers go before the lines they sit on are judged; page fragments are removed before broken lines are glued.
STEPS: tuple[Step, ...] = (
    escapes.decode_escapes,  # first: what a literal "\r\n", "<U+00A0>", "&nbsp;" stands for is normalised like raw text
    chars.normalize_characters,
    lines.remove_paywall_markers,
    chrome.remove_page_chrome,  # before stray spaces go: the gaps between the cells of a metadata table stand
    furniture.remove_site_furniture,  # and so do the gaps between footer fields
    notices.remove_notices,  # after the chrome: a licence box's tag lines ("Public domain") have gone
    chars.remove_stray_spaces,
    lines.remove_running_heads,  # before page counters go with the noise spans: heads are found beside them
    lines.remove_noise_spans,
    lines.remove_page_mark_lines,
    # before repeated paragraphs: a whole repeated copy goes with the short lines (headings) between its
    # paragraphs, which are left when only the paragraphs go
    repeats.remove_repeated_blocks,
    lines.remove_repeated_paragraphs,
    repeats.remove_excerpts,
    fragments.remove_page_fragments,
    wraps.join_broken_lines,
    chars.fix_ocr_digits,
)


def clean_text(raw: str) -> CleanText:
    text = raw
    offsets = OffsetMap(len(raw))
    changed_length = False
    for step in STEPS:
        result = step(text)
        if isinstance(result, str):
            if len(result) != len(text):
                raise AssertionError(f"{step.__name__} changed the text length without edits")
            text = result
        elif result:
            edits = check_edits(result, len(text))
            text = apply_text_edits(text, edits)
            offsets.apply(edits)
            changed_length = True
    if not changed_length:
        return CleanText.identity(text)
    return CleanText(text, offsets.freeze())
