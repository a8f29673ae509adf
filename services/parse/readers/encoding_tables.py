"""Tables behind text-encoding detection: which encodings to try, and which characters real Chinese text uses.

The common-character sets are built from the code tables themselves (no data file): GB2312 level 1 holds the
3,755 most frequent simplified characters, Big5's "常用字" block the 5,401 most frequent traditional ones.
Mojibake (GBK bytes read as Big5, Big5 read as GBK, anything read as UTF-16) lands mostly outside them, or on
kana, Greek, box drawing and private-use code points that Chinese prose never uses.
"""

from __future__ import annotations

import codecs
import contextlib

# byte-order marks, longest first (a UTF-32-LE BOM starts with the UTF-16-LE one)
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# tried on text that is not valid UTF-8, in order of preference when two score alike:
# GB18030 is a superset of GB2312/GBK (mainland files, Windows "ANSI" on Chinese systems);
# cp950 is Big5 as Windows writes it (Taiwan), big5hkscs adds Hong Kong characters;
# BOM-less UTF-16 comes out of some Windows tools and Excel "Unicode text" exports.
CANDIDATES: tuple[str, ...] = ("gb18030", "cp950", "big5hkscs", "utf-16-le", "utf-16-be")

# how text is mapped to names users recognise in messages
ENCODING_NAMES = {"gb18030": "GB18030/GBK", "cp950": "Big5", "big5hkscs": "Big5-HKSCS"}


def _decode_block(codec: str, leads: range, trails: list[int]) -> str:
    chars = []
    for lead in leads:
        for trail in trails:
            with contextlib.suppress(UnicodeDecodeError):
                chars.append(bytes((lead, trail)).decode(codec))
    return "".join(chars)


# GB2312 level 1: rows 0xB0–0xD7
_GB2312_LEVEL1 = _decode_block("gb2312", range(0xB0, 0xD8), list(range(0xA1, 0xFF)))
# Big5 常用字: 0xA440–0xC67E
_BIG5_FREQUENT = _decode_block(
    "big5", range(0xA4, 0xC7), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
)
COMMON_HANZI: frozenset[str] = frozenset(_GB2312_LEVEL1 + _BIG5_FREQUENT) - frozenset(
    _decode_block("big5", range(0xC6, 0xC7), list(range(0xA1, 0xFF)))  # 0xC6A1+ are not hanzi
)

# punctuation and symbols Chinese documents use (besides ASCII), counted as good evidence
CJK_PUNCTUATION = frozenset("。，、；：？！“”‘’（）《》〈〉【】「」『』〔〕—…·～－％．／＋×÷°℃‰№　")

# Unicode blocks that are common in mojibake and absent from Chinese reports (counted against a candidate)
MOJIBAKE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0080, 0x009F),  # C1 controls: Latin-1 reading of multibyte text
    (0x0370, 0x052F),  # Greek and Cyrillic: rows 0xA6/0xA7 of GB2312 hit by Big5 bytes
    (0x2500, 0x257F),  # box drawing
    (0x3040, 0x30FF),  # kana: rows 0xA4/0xA5 of GB2312 hit by Big5 lead bytes
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0xAC00, 0xD7AF),  # Hangul syllables: UTF-16 reading of GBK byte pairs
    (0xE000, 0xF8FF),  # private use: undefined GBK/Big5 cells
    (0xFFFD, 0xFFFD),  # replacement character
)

# a candidate must reach this score (see text.py) to be believed; below it the file is not Chinese text
MIN_CHINESE_SCORE = 0.6
# charset-normalizer's chaos (mess) ratio above which its guess is not readable text either
MAX_CHAOS = 0.3
# how much decoded text is scored (enough for a stable verdict, bounded time on big files)
SCORE_SAMPLE_CHARS = 20000
