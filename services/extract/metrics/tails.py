"""End-anchored patterns searched on the tail of a string only.

Python's re tries an end-anchored pattern ("(?:达到|为|…)$") at every position of the string, so a 30-character
window costs 30 attempts of a long alternation. No match can start further from the end than the pattern's
longest match (plus one for ``$`` before a final newline), so searching from there finds the same match;
lookbehinds still see the characters before the search position.
"""

from __future__ import annotations

import re


class TailPattern:
    def __init__(self, pattern: re.Pattern[str], longest: int):
        """``longest``: the longest text the pattern can match (tests/extract/test_tails.py checks it)."""
        self.pattern = pattern
        self.longest = longest
        self._width = longest + 1

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text, max(0, len(text) - self._width))

    def strip(self, text: str) -> str:
        """``pattern.sub("", text)`` for a pattern anchored at the end (it matches at most once)."""
        found = self.search(text)
        return text[:found.start()] + text[found.end():] if found else text
