"""Find every quantitative indicator in a cleaned, sectioned report."""

from shared.document import CleanText, Metric, Outline


def extract_metrics(clean: CleanText, outline: Outline) -> list[Metric]:
    # STUB: replaced by the metric extraction work
    return []
