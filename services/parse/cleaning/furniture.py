"""Web page furniture pasted with a report: navigation, toolbars, article metadata, footers, related lists."""

from __future__ import annotations

from services.parse.cleaning import rules
from services.parse.cleaning.lines import line_deletion
from services.parse.cleaning.offsets import Edit, merge_deletions
from shared.chinese import COMMAS, FULL_STOPS, SEMICOLONS

_SENTENCE_PUNCTUATION = FULL_STOPS + SEMICOLONS + COMMAS


def is_furniture(line: str) -> bool:
    stripped = line.strip(rules.HSPACE)
    if not stripped or len(stripped) > rules.FURNITURE_MAX_LINE:
        return False
    if rules.FURNITURE_LINE_NEEDS.search(stripped) is None:
        return False  # (none of what every furniture line holds: no pattern need be tried)
    pattern = rules.SITE_FURNITURE_LINE_FOR[
        "|" in stripped or "｜" in stripped, "." in stripped, rules.FIELD_LINE_NEEDS.search(stripped) is not None
    ]
    return pattern.fullmatch(stripped) is not None


def _is_related_item(line: str) -> bool:
    """A title listed under "相关文档推荐": short, no sentence punctuation inside, no heading number in front."""
    stripped = line.strip(rules.HSPACE)
    if not 0 < len(stripped) <= rules.RELATED_ITEM_MAX_CHARS or rules.HEADING_START.match(stripped):
        return False
    return not any(ch in stripped for ch in _SENTENCE_PUNCTUATION)


def remove_site_furniture(text: str) -> list[Edit]:
    """Drop furniture lines, the titles listed under a related-content header, and a page title's site name."""
    spans: list[tuple[int, int]] = []
    pos = 0
    in_related = False
    blanks: list[tuple[int, int]] = []
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if is_furniture(line):
            stripped = line.strip(rules.HSPACE)
            in_related = bool(rules.RELATED_HEADER.fullmatch(stripped))
            spans.append(line_deletion(text, start, end))
            continue
        if in_related and not line.strip(rules.HSPACE):
            blanks.append(line_deletion(text, start, end))  # between listed titles: goes with the next one
            continue
        if in_related and _is_related_item(line):
            spans += blanks
            blanks = []
            spans.append(line_deletion(text, start, end))
            continue
        in_related = False
        blanks = []
        if line.rstrip()[-1:] not in rules.SITE_TITLE_SUFFIX_LAST:
            continue  # (no site name at its end: the suffix need not be searched for)
        suffix = rules.SITE_TITLE_SUFFIX.search(line, max(0, len(line) - rules.SITE_TITLE_SUFFIX_MAX_CHARS))
        if suffix and not rules.HEADING_START.match(line) and not any(ch in line for ch in rules.SENTENCE_MARKS):
            spans.append((start + suffix.start(), start + suffix.end()))
    return merge_deletions(spans) if spans else []
