"""Decode a plain-text upload whatever common Chinese encoding it is in, without ever returning mojibake.

Order: byte-order mark → strict UTF-8 → every Chinese candidate encoding scored by how much its reading looks
like Chinese prose (share of common hanzi and CJK punctuation, penalties for kana/Hangul/private-use/control
characters that mojibake produces) → charset-normalizer for files that are not Chinese at all.
"""

from __future__ import annotations

import unicodedata

from charset_normalizer import from_bytes

from shared.chinese import FULLWIDTH_ASCII_RANGE, HAN_BASIC_RANGES

from .detect import HEAD_SIZE, looks_binary
from .encoding_tables import (
    BOMS,
    CANDIDATES,
    CJK_PUNCTUATION,
    COMMON_HANZI,
    MAX_CHAOS,
    MIN_CHINESE_SCORE,
    MOJIBAKE_RANGES,
    SCORE_SAMPLE_CHARS,
)
from .errors import EmptyDocument, UndecodableText

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\x1a\x1b")
(_UNIFIED, _UNIFIED_END), (_EXT_A, _EXT_A_END) = HAN_BASIC_RANGES
_FULLWIDTH, _FULLWIDTH_END = FULLWIDTH_ASCII_RANGE


def _is_bad_control(char: str) -> bool:
    return (ord(char) < 32 and char not in _ALLOWED_CONTROLS) or 0x7F <= ord(char) <= 0x9F


def _in_mojibake_range(code: int) -> bool:
    return any(low <= code <= high for low, high in MOJIBAKE_RANGES)


def _char_score(char: str) -> float:
    code = ord(char)
    if char in COMMON_HANZI or char in CJK_PUNCTUATION or _FULLWIDTH <= code < _FULLWIDTH_END:
        return 1.0
    if _is_bad_control(char) or _in_mojibake_range(code):
        return -1.0
    if _UNIFIED <= code < _UNIFIED_END or _EXT_A <= code < _EXT_A_END:
        return 0.0  # a real but rare hanzi: names and places have some, mojibake has many
    if unicodedata.category(char) in ("Cn", "Co", "Cs"):
        return -1.0
    return -0.5  # accented Latin letters, odd symbols: what Latin-1 readings of multibyte text look like


def chinese_score(text: str) -> float:
    """Mean per-character score over the non-ASCII characters (and ASCII control bytes) of a sample."""
    sample = text[:SCORE_SAMPLE_CHARS]
    scored = [_char_score(c) for c in sample if ord(c) >= 128 or _is_bad_control(c)]
    return sum(scored) / len(scored) if scored else 1.0


def _has_bad_controls(text: str) -> bool:
    return any(_is_bad_control(c) for c in text[:SCORE_SAMPLE_CHARS])


def _decode_tolerant(data: bytes, codec: str) -> str | None:
    """Strict decoding, else decoding that tolerates a handful of bad bytes (a file cut mid-character)."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        pass
    text = data.decode(codec, errors="replace")
    return text if text.count("\ufffd") <= max(1, len(text) // 2000) else None


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """(text, encoding) of a text upload; raises EmptyDocument or UndecodableText."""
    if not data:
        raise EmptyDocument(filename, "the file is empty (0 bytes)")
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as error:
                raise UndecodableText(
                    filename, f"it starts with a {codec} byte-order mark but is not valid {codec} ({error.reason})"
                ) from None
    try:
        text = data.decode("utf-8")
        if not _has_bad_controls(text):
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    if looks_binary(data[:HEAD_SIZE]):
        raise UndecodableText(filename, "the content is binary data (NUL or control bytes), not text")
    best: tuple[float, str, str] | None = None
    for codec in ("utf-8", *CANDIDATES):
        if codec.startswith("utf-16") and len(data) % 2:
            continue
        text = _decode_tolerant(data, codec)
        if text is None:
            continue
        score = chinese_score(text)
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best and best[0] >= MIN_CHINESE_SCORE:
        return best[1], best[2]
    guess = from_bytes(data).best()
    if guess is not None and guess.chaos <= MAX_CHAOS and not _has_bad_controls(str(guess)):
        return str(guess), guess.encoding
    raise UndecodableText(
        filename,
        "the text is in no encoding reportflow recognises (tried UTF-8, GB18030/GBK, Big5, UTF-16); "
        "it may be binary or damaged",
    )


def read_txt(data: bytes, filename: str) -> str:
    text, _ = decode_text(data, filename)
    return text
