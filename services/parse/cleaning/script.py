"""The report's own script for what the analysis shows.

Cleaning reads a traditional-script report in simplified script (OpenCC t2s, character for character: every rule
is written in simplified), but the text, headings and indicator names are shown as the report writes them, as the
annotation guide wants them (names in the document's script, 個 and 戶 kept as units). The cleaned text's offset
map gives each cleaned character its raw one; where t2s made the one of the other, the raw one is restored.

Only a report written in traditional script is restored (rules.TRADITIONAL_MIN_SHARE of its Han characters
converted): a simplified report quoting a traditional name keeps its simplified text and names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from services.parse.cleaning import rules
from services.parse.cleaning.chars import converter, traditional_chars
from shared.chinese import HAN_CLASS
from shared.document import CleanText

_HAN = re.compile(f"[{HAN_CLASS}]")


@dataclass(frozen=True)
class SourceScript:
    text: str  # the cleaned text in the report's script: the same length and offsets
    table: dict[int, str]  # simplified character → the report's one, for str.translate

    def restore(self, value: str | None) -> str | None:
        """A string the analysis made of the cleaned text (a heading, a name), in the report's script."""
        return value.translate(self.table) if value else value

    @classmethod
    def of(cls, clean: CleanText, raw: str) -> SourceScript | None:
        """The report's script, or None when the report is not written in traditional script."""
        if _traditional().search(raw) is None:  # (one scan: most reports hold no traditional character)
            return None
        text = list(clean.text)
        pairs: Counter[tuple[str, str]] = Counter()
        for i, ch in enumerate(clean.text):
            source = raw[clean.offsets[i]] if clean.offsets[i] < len(raw) else ch
            if source != ch and _simplified(source) == ch:
                text[i] = source
                pairs[ch, source] += 1
        han = len(_HAN.findall(clean.text))
        if not pairs or sum(pairs.values()) < rules.TRADITIONAL_MIN_SHARE * han:
            return None
        table: dict[int, str] = {}
        for (simplified, source), _ in pairs.most_common():  # the report's most frequent form of each character
            table.setdefault(ord(simplified), source)
        return cls("".join(text), table)


@cache
def _simplified(ch: str) -> str:
    return converter().convert(ch)


@cache
def _traditional() -> re.Pattern[str]:
    return re.compile(f"[{traditional_chars()}]")
