"""Remove scrape and conversion noise from raw report text, keeping a cleaned→raw offset map.

Modules: ``rules`` (pattern tables, no logic), ``cleaner`` (the ordered steps), ``offsets`` (edit lists and the
offset map), ``chars`` / ``furniture`` / ``lines`` / ``fragments`` / ``wraps`` (the steps), ``words`` (jieba
word boundaries).
"""

from services.parse.cleaning.cleaner import clean_text

__all__ = ["clean_text"]
