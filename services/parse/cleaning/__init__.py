"""Remove scrape and conversion noise from raw report text, keeping a cleaned→raw offset map."""

from services.parse.cleaning.cleaner import clean_text

__all__ = ["clean_text"]
