"""Remove scrape and conversion noise from raw report text, keeping a cleaned→raw offset map."""

from shared.document import CleanText


def clean_text(raw: str) -> CleanText:
    # STUB: replaced by the cleaning work
    return CleanText.identity(raw)
