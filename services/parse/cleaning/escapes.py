"""Literal escapes left in the text: escaped line breaks ("\\r\\n" as two characters), R's "<U+00A0>", HTML
character references ("&nbsp;") and the "??" a lossy encoder wrote for spaces, turned into the characters they
stand for."""

from __future__ import annotations

import html
import html.entities

from services.parse.cleaning import rules
from services.parse.cleaning.offsets import Edit

# Named references HTML still reads without their ";" ("&nbsp", "&amp", "&copy"), as whole names.
_LEGACY = frozenset(name for name in html.entities.html5 if not name.endswith(";"))


def decode_escapes(text: str) -> list[Edit]:
    """One edit per escape; each decoded character maps to the start of its escape in the raw text.

    The kinds open on different characters ("\\", "<", "&", "?") and what an escape decodes to is not read
    again, so the edits never overlap.
    """
    edits: list[Edit] = []
    if "\\" in text:
        edits += _string_escapes(text)
    if "<U+" in text:
        for match in rules.CODEPOINT_ESCAPE.finditer(text):
            code = int(match.group(1), 16)
            if code <= 0x10FFFF and not 0xD800 <= code < 0xE000:  # surrogates stand for nothing alone
                edits.append(Edit(*match.span(), chr(code)))
    if "&" in text:
        edits += _character_references(text)
    if "??" in text:  # same length: the spaces map to their "?" one for one
        edits += [
            Edit(*m.span(), " " * len(m.group())) for m in rules.ENCODER_SPACES.finditer(text) if _encoder_spaces(text, *m.span())
        ]
    return sorted(edits)


def _encoder_spaces(text: str, start: int, end: int) -> bool:
    """A run of "?" with something other than printable ASCII (or the text's edge) on one side at least."""
    kept = rules.ENCODER_SPACES_KEPT_BESIDE
    return start == 0 or end == len(text) or text[start - 1] not in kept or text[end] not in kept


def _string_escapes(text: str) -> list[Edit]:
    escapes = list(rules.STRING_ESCAPE.finditer(text))
    if sum(1 for m in escapes if m.group() in rules.ESCAPED_BREAKS) < rules.ESCAPED_BREAK_MIN:
        return []
    edits = []
    for match in escapes:
        escape = match.group()
        if escape[1] == "u":
            code = int(escape[2:], 16)
            if 0xD800 <= code < 0xE000:  # half of a surrogate pair: stands for nothing alone
                continue
            decoded = chr(code)
        else:
            decoded = rules.ESCAPED_CHARACTER.get(escape, escape[1])
        edits.append(Edit(*match.span(), decoded))
    return edits


def _character_references(text: str) -> list[Edit]:
    edits = []
    for match in rules.CHARACTER_REFERENCE.finditer(text):
        ref = match.group("ref")
        if not ref.endswith(";") and not ref.startswith("#") and (match.group("next") or ref not in _LEGACY):
            continue
        decoded = html.unescape("&" + ref)
        if decoded == "&" + ref or decoded == "\ufffd":  # not a reference, or one to nothing (&#0;)
            continue
        edits.append(Edit(match.start(), match.start("ref") + len(ref), decoded))
    return edits
