"""Build a report's heading tree (and split a compilation into its parts)."""

from services.parse.sectioning.outline import build_outline
from shared.document import Outline


def find_outline(text: str) -> Outline:
    """The headings of a cleaned report as nested sections (levels 0–4, plan/review kind), and its parts
    when the document is a compilation of several reports."""
    return build_outline(text)
