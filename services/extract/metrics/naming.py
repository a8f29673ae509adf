"""Bound the indicator name of a number with jieba's segmentation, on the short text before and after it only.

jieba's part-of-speech tagger is slow (about 0.13 MB/s), so it never sees a whole document: each call gets one
clause-sized window, segmented as jieba would with its dictionary and the packaged indicator terms (loaded once,
lazily, in the compact form of services.extract.metrics.name_dictionary).
"""

from __future__ import annotations

import math
import re
import threading
from functools import cache, lru_cache

from services.extract.metrics import name_dictionary
from services.extract.metrics.naming_rules import (
    BRACKETS,
    CLOSE_QUOTES,
    DATE_PARTS,
    LIGHT_WORDS,
    MAX_BRACKET,
    MAX_NAME,
    OPEN_QUOTES,
    PINYIN,
    POST_STOP_WORDS,
    RELATION_WORDS,
    SKIPPED_BEFORE_NAME,
    STOP_TAGS,
    TRAILING_BASE,
    TRAILING_CHANGE,
    TRAILING_LINKS,
    TRAILING_MULTIPLE_BASE,
    YEAR_WORD,
)
from services.extract.metrics.patterns import CN_DIGITS
from shared.chinese import HAN_CLASS

_lock = threading.Lock()
_DATE_ENDINGS = frozenset("年月底末初份旬间来")  # last characters of YEAR_WORD matches, tested before the regex
# characters tagged on each side of a number: a short window first, the full one only when needed
_STEPS = (12, MAX_NAME + 4)


@cache
def _tagger() -> _Tagger:
    with _lock:
        return _Tagger(name_dictionary.load())


class _Tagger:
    """jieba's dictionary segmentation (no HMM) with the posseg tag table, without posseg's per-call layers, on
    the compact copy of jieba's dictionary (services.extract.metrics.name_dictionary).

    Same words and tags as ``POSTokenizer.lcut(text, HMM=False)`` for Han runs; digit runs are tagged "m",
    Latin runs "eng", anything else "x". CJK characters outside the dictionaries are tagged "n" (posseg
    says "x", which would read as punctuation).
    """

    def __init__(self, dictionary: name_dictionary.NameDictionary):
        self.dictionary = dictionary
        self._prefixes = dictionary.words.iter_prefixes_with_ids
        self._counts = dictionary.counts
        self._log_total = math.log(dictionary.total)

    def tag(self, text: str) -> tuple[tuple[str, str], ...]:
        if _ALL_HAN.fullmatch(text):  # most windows: one Han run
            return tuple(self._han(text))
        out: list[tuple[str, str]] = []
        for run in _RUNS.finditer(text):
            kind = run.lastgroup
            if kind == "han":
                out.extend(self._han(run.group()))
            elif kind == "digits":
                out.append((run.group(), "m"))
            elif kind == "latin":
                out.append((run.group(), "eng"))
            else:
                out.append((run.group(), "x"))
        return tuple(out)

    def _han(self, text: str) -> list[tuple[str, str]]:
        ends, key_ids = self._path(text)
        tag_of = self.dictionary.tag_of
        words = []
        i = 0
        while i < len(text):
            j = ends[i] + 1
            words.append((text[i:j], tag_of(key_ids[i]) if key_ids[i] >= 0 else name_dictionary.DEFAULT_TAG))
            i = j
        return words

    def _route(self, text: str) -> list[int]:
        """For each start, the end (inclusive) of the word on the most probable path."""
        return self._path(text)[0]

    def _path(self, text: str) -> tuple[list[int], list[int]]:
        """jieba's get_DAG + calc fused in one right-to-left pass: for each start, the end (inclusive) of the
        word on the most probable path and its key id in the dictionary (-1: the character alone, no word). The
        same sums in the same order as jieba, so the same segmentation: the trie gives the dictionary words
        starting at each place, shortest first, as jieba's DAG lists them."""
        prefixes, counts, log_total, log = self._prefixes, self._counts, self._log_total, math.log
        n = len(text)
        score = [0.0] * (n + 1)
        ends = [0] * n
        key_ids = [-1] * n
        for k in range(n - 1, -1, -1):
            best = best_end = best_id = None
            for word, key_id in prefixes(text[k:]):
                end = k + len(word)
                candidate = (log(counts[key_id]) - log_total) + score[end]
                if best is None or candidate >= best:  # ties go to the longer word, as max() of (score, end)
                    best, best_end, best_id = candidate, end - 1, key_id
            if best is None:  # no dictionary word starts here: the character alone, jieba's log(0 or 1)
                best, best_end, best_id = -log_total + score[k + 1], k, -1
            score[k] = best
            ends[k] = best_end
            key_ids[k] = best_id
        return ends, key_ids


_ALL_HAN = re.compile(f"[{HAN_CLASS}]+")
_RUNS = re.compile(f"(?P<han>[{HAN_CLASS}]+)|(?P<digits>[0-9][0-9.]*)|(?P<latin>[A-Za-z]+)|.", re.S)


def clear_cache() -> None:
    """Forget tagged windows (benchmarks clear it so repeated runs over one text measure real work)."""
    _tag.cache_clear()


@lru_cache(maxsize=4096)
def _tag(window: str) -> tuple[tuple[str, str], ...]:
    return _tagger().tag(window)


def strip_links(before: str, rate: bool, multiple: bool = False) -> str:
    """Drop link and change words between a name and its number (and, before a rate, the base it is measured
    against: "占总人口的", "完成全年计划的"; before a multiple, "为常年")."""
    previous = None
    while previous != before:
        previous = before
        before = TRAILING_LINKS.strip(before.rstrip())
        if rate:
            before = TRAILING_BASE.strip(TRAILING_CHANGE.strip(before))
        if multiple:
            before = TRAILING_MULTIPLE_BASE.strip(before)
    return before


def drop_pinyin(text: str) -> str:
    """The text without inline pinyin annotations (names hold none)."""
    return PINYIN.sub("", text) if "(" in text or "（" in text else text


def is_name(name: str) -> bool:
    """Whether a phrase can stand as an indicator name: not empty, not only a relation word or a year."""
    return bool(name) and name not in RELATION_WORDS and not _is_date_word(name)


def _is_date_word(word: str) -> bool:
    return word[-1] in _DATE_ENDINGS and YEAR_WORD.match(word) is not None


def _is_stop(word: str, tag: str) -> bool:
    return word in LIGHT_WORDS or tag in STOP_TAGS or _is_numeral(word, tag)


def _is_numeral(word: str, tag: str) -> bool:
    if _is_date_word(word):  # "一九五七年已经有七百多万人": a date ends the name
        return True
    if word in "○〇":  # the circle written for zero in old reports' years ("一九五○年")
        return True
    return tag == "m" and (any(ch.isdigit() for ch in word) or word in DATE_PARTS or all(ch in CN_DIGITS for ch in word))


def name_before(before: str) -> str:
    """The noun phrase ending a clause's text before a number, walking back until a light word or stop tag.

    A short window is tagged first; only a walk that runs into its edge is redone on the full window.
    """
    if not before:
        return ""
    for size in _STEPS:
        window = before[-size:]
        name, stopped = _walk_back(_tag(window))
        if stopped or len(window) == len(before):
            break
    return name


def _walk_back(tagged: tuple[tuple[str, str], ...]) -> tuple[str, bool]:
    kept: list[str] = []
    quote_depth = 0
    stopped = False
    for i in range(len(tagged) - 1, -1, -1):
        word, tag = tagged[i]
        if word in CLOSE_QUOTES:
            quote_depth += 1
        elif word in OPEN_QUOTES:
            quote_depth = max(0, quote_depth - 1)
        elif quote_depth == 0 and not kept and (word in SKIPPED_BEFORE_NAME or word in LIGHT_WORDS):
            continue  # "一般公共预算收入预计完成81000万元": the name is before the light words
        elif quote_depth == 0 and not kept and _date_part(tagged, i):
            continue  # "国内生产总值1987年达到10920亿元": a year between the name and its number
        elif quote_depth == 0 and _is_stop(word, tag) and not _noun_bound_di(tagged, i):
            if not kept and tag in ("ul", "uz"):  # "招录了3名公务员": walk on past 了
                continue
            stopped = True
            break
        if sum(map(len, kept)) + len(word) > MAX_NAME:
            stopped = True
            break
        kept.append(word)
    return _trim("".join(reversed(kept))), stopped


def _date_part(tagged: tuple[tuple[str, str], ...], i: int) -> bool:
    """A year or month token ("1987" "年", "一九八七年", "10月") met before any word of the name."""
    word, tag = tagged[i]
    if word in DATE_PARTS or _is_date_word(word):
        return True
    return tag == "m" and i + 1 < len(tagged) and tagged[i + 1][0] in DATE_PARTS


def _noun_bound_di(tagged: tuple[tuple[str, str], ...], i: int) -> bool:
    """A "地" right after a noun is a morpheme of the name ("耕地地力保护补贴"), not the adverbial particle
    that follows adjectives and adverbs ("积极地")."""
    return tagged[i][1] == "uv" and i > 0 and tagged[i - 1][1].startswith("n")


def strip_leading(phrase: str) -> str:
    """Drop light words, pronouns and prepositions that open a phrase ("全市规上工业增加值" → 规上工业增加值)."""
    tagged = list(_tag(phrase))
    while tagged and (tagged[0][0] in LIGHT_WORDS or tagged[0][1] in ("p", "r", "c", "t")):
        tagged.pop(0)
    return _trim("".join(w for w, _ in tagged))


def verb_before(before: str) -> str:
    """The content verb right before a number ("招录了3名公务员" → 招录), or ""."""
    tagged = [(w, t) for w, t in _tag(before[-_STEPS[0]:]) if t not in ("ul", "uz")]
    if tagged and tagged[-1][1] == "v" and tagged[-1][0] not in LIGHT_WORDS:
        return tagged[-1][0]
    return ""


def ends_with_verb(text: str) -> bool:
    tagged = [(w, t) for w, t in _tag(text[-_STEPS[0]:]) if t not in ("ul", "uz")]
    return bool(tagged) and tagged[-1][1] == "v"


def name_after(after: str) -> tuple[str, bool]:
    """The counted noun phrase right after a measure word ("10名干部职级普升", "4.2公里的青年路").

    Verbs may lead it ("扶持壮大村级集体经济项目") but a verb after its noun ends it when more follows
    ("6个企业解决流转土地"); a phrase of verbs only is a predicate, not a name.
    Returns the phrase and whether a verb leads it.
    """
    if after.startswith("的"):
        after = after[1:]
    after = _cut_long_bracket(after)
    if not after or after[0] in BRACKETS:
        return "", False
    for size in _STEPS:
        window = after[:size]
        tagged = _tag(window)
        counted, stopped = _walk_forward(tagged)
        if stopped or len(window) == len(after):
            break
    if not counted:
        return "", False
    return counted, tagged[0][1].startswith("v")


def _walk_forward(tagged: tuple[tuple[str, str], ...]) -> tuple[str, bool]:
    kept: list[str] = []
    has_noun = False
    quote_depth = 0
    stopped = False
    for i, (word, tag) in enumerate(tagged):
        if word in OPEN_QUOTES:
            quote_depth += 1
        elif word in CLOSE_QUOTES:
            quote_depth = max(0, quote_depth - 1)
        elif quote_depth == 0:
            if _ends_phrase(word, tag):
                stopped = True
                break
            if tag == "v" and has_noun and i + 1 < len(tagged) and not _ends_phrase(*tagged[i + 1]):
                stopped = True
                break
        if sum(map(len, kept)) + len(word) > MAX_NAME:
            stopped = True
            break
        kept.append(word)
        has_noun = has_noun or (not tag.startswith("v") and word not in OPEN_QUOTES + CLOSE_QUOTES)
    return (_trim("".join(kept)) if has_noun else ""), stopped


def _ends_phrase(word: str, tag: str) -> bool:
    return word in POST_STOP_WORDS or tag in STOP_TAGS or tag in ("uj", "x") or _is_numeral(word, tag)


def _cut_long_bracket(after: str) -> str:
    """Cut the text at a bracket that does not close soon: that is a note, not part of a name."""
    for i, ch in enumerate(after):
        if ch in BRACKETS:
            close = min((j for q in CLOSE_QUOTES if (j := after.find(q, i + 1)) >= 0), default=-1)
            if close < 0 or close - i > MAX_BRACKET:
                return after[:i]
    return after


def clause_after(after: str) -> str:
    """The rest of the clause after a number, when no noun phrase can be bounded ("36.29万元捐到慈善会账户")."""
    kept: list[str] = []
    for word, tag in _tag(_cut_long_bracket(after)[:MAX_NAME]):
        if not kept and (word in LIGHT_WORDS or word in POST_STOP_WORDS):
            continue
        if kept and (tag in STOP_TAGS or word in ("并", "已", "和", "及")):
            break
        kept.append(word)
    return _trim("".join(kept))


def _trim(name: str) -> str:
    name = name.strip(" 的了等")
    # an unbalanced quote or bracket left at either edge is punctuation, not part of the name
    # ("新增就业800人（预期目标为500人）": the second name is not "（预期目标")
    while name and (name[0] in CLOSE_QUOTES or (name[0] in OPEN_QUOTES and not _closes(name))):
        name = name[1:]
    while name and (name[-1] in OPEN_QUOTES or (name[-1] in CLOSE_QUOTES and not _opens(name))):
        name = name[:-1]
    return name


def _closes(name: str) -> bool:
    return any(q in name for q in CLOSE_QUOTES)


def _opens(name: str) -> bool:
    return any(q in name for q in OPEN_QUOTES)
