"""Whether a line break fell inside a word: jieba reads a dictionary word across it ("非税收|入" → 收入)."""

from __future__ import annotations

import logging
from functools import cache


def crosses_word(before: str, after: str) -> bool:
    """Whether jieba reads a word running across the boundary of ``before`` + ``after`` ("非税收|入" → 收入)."""
    pos = 0
    for word in _tokenizer().lcut(before + after, HMM=False):
        if pos < len(before) < pos + len(word):
            return True
        pos += len(word)
        if pos >= len(before):
            return False
    return False


@cache
def _tokenizer():
    import jieba  # loads its dictionary (about a second) only for documents that need it

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt
