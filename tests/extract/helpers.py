"""Run the metric extractor on a snippet, with an optional hand-built outline."""

from services.extract.metrics import extract_metrics
from services.parse.cleaning.chars import normalize_characters
from services.parse.cleaning.offsets import apply_text_edits
from shared.document import CleanText, Metric, Outline, Section


def metrics_of(text: str, outline: Outline | None = None, **options) -> list[Metric]:
    """Snippets are written as reports have them; extraction reads cleaned text, so the cleaner's character
    normalisation runs first (same length: offsets into the snippet stay)."""
    cleaned = apply_text_edits(text, normalize_characters(text))
    assert len(cleaned) == len(text), "snippets hold no control characters"
    return extract_metrics(CleanText.identity(cleaned), outline or Outline(), **options)


def values_of(text: str) -> list[tuple[float | None, str]]:
    return [(m.value, m.unit) for m in metrics_of(text)]


def review_then_plan(review: str, plan: str, title: str = "XX镇2023年工作总结和2024年工作计划") -> tuple[str, Outline]:
    """A report with a title line, a 2023 review section and a 2024 plan section."""
    head1, head2 = "一、2023年工作完成情况", "二、2024年工作计划"
    text = f"{title}\n{head1}\n{review}\n{head2}\n{plan}\n"
    t1 = text.index(head1)
    t2 = text.index(head2)
    sections = [
        Section(level=0, title=title, kind="review", start=0, end=len(text)),
        Section(level=1, title=head1, kind="review", start=t1, end=t2),
        Section(level=1, title=head2, kind="plan", start=t2, end=len(text)),
    ]
    return text, Outline(sections=sections)
