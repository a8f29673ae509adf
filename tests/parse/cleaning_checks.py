"""The check every cleaning case table runs: a case gives the raw text and what cleaning makes of it."""

from services.parse.cleaning import clean_text
from shared.document import CleanText

SAME = None  # expected result of a must-keep case: the raw text itself, with the identity offset map


def check(raw: str, cleaned: str | None) -> None:
    result = clean_text(raw)
    if cleaned is SAME:
        assert result == CleanText.identity(raw)
    else:
        assert result.text == cleaned
