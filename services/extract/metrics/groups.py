"""Indicator groups: one canonical name for the variants of one indicator across reports.

``canonical_indicator("全年粮食作物播种面积") == canonical_indicator("粮食播种面积") == "粮食播种面积"``.

Plain Python, no service needed. The name is normalised (NFKC, spaces, quotes, bracketed notes and 的
dropped), then the qualifiers of area and span and the completion verbs are dropped from its ends
(``group_rules.LEADING`` / ``TRAILING``: 全年, 全县, 累计, 今年, 共, 完成, 实现, 达到 …), 总 before what it
totals, and the synonyms of ``indicator_synonyms.tsv`` (plus a user file named by the setting
``REPORTFLOW_INDICATOR_SYNONYMS``, read once) are applied until nothing changes. Different indicators keep
different names: 粮食产量 / 粮食播种面积, 一般公共预算收入 / 支出, 城镇 / 农村居民人均可支配收入, 城镇登记 /
调查失业率.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from services.extract.metrics import group_rules as rules

SYNONYMS_FILE = Path(__file__).with_name("indicator_synonyms.tsv")
_MAX_PASSES = 4


class Synonyms:
    """Variant → canonical replacements: whole-name ones (``^variant``) and ones inside a name."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.whole: dict[str, str] = {}
        inside: dict[str, str] = {}
        for variant, canonical in pairs:
            if variant.startswith("^"):
                self.whole[variant[1:]] = canonical
            else:
                inside[variant] = canonical
        self.inside = sorted(inside.items(), key=lambda pair: len(pair[0]), reverse=True)

    @classmethod
    def read(cls, *paths: Path) -> Synonyms:
        pairs: list[tuple[str, str]] = []
        for path in paths:
            for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                variant, sep, canonical = line.partition("\t")
                if not sep or not variant.strip() or not canonical.strip():
                    raise ValueError(f"{path}:{number}: expected 'variant<TAB>canonical', got {line!r}")
                variant = variant.strip()
                whole = "^" if variant.startswith("^") else ""
                pairs.append((whole + _normalise(variant.removeprefix("^")), _normalise(canonical.strip())))
        return cls(pairs)

    def apply(self, name: str) -> str:
        name = self.whole.get(name, name)
        for variant, canonical in self.inside:
            if variant in name:
                name = name.replace(variant, canonical)
        return self.whole.get(name, name)


@lru_cache(maxsize=1)
def default_synonyms() -> Synonyms:
    """The shipped table and the user's (setting INDICATOR_SYNONYMS), read once per process."""
    from shared.settings import get_settings

    extra = get_settings().INDICATOR_SYNONYMS
    return Synonyms.read(SYNONYMS_FILE, *([Path(extra)] if extra else []))


def _normalise(name: str) -> str:
    name = unicodedata.normalize("NFKC", name)
    name = rules.BRACKETED.sub("", name)
    return rules.NOISE.sub("", name)


def _strip(name: str) -> str:
    while True:
        before = name
        for pattern in (rules.LEADING, rules.TRAILING):
            shorter = pattern.sub("", name, count=1)
            if len(shorter) >= rules.MIN_CHARS:
                name = shorter
        if name == before:
            return name


def _reword(name: str) -> str:
    for pattern, replacement in (*rules.TOTAL, *rules.VERB_FIRST):
        reworded = pattern.sub(replacement, name)
        if len(reworded) >= rules.MIN_CHARS:
            name = reworded
    return name


def canonical_indicator(name: str, synonyms: Synonyms | None = None) -> str:
    """The canonical name of the indicator ``name`` words; a name no rule touches comes back normalised."""
    synonyms = synonyms or default_synonyms()
    normalised = _normalise(name)
    if not normalised:
        return name.strip()
    current = normalised
    for _ in range(_MAX_PASSES):
        changed = synonyms.apply(_reword(_strip(current)))
        if changed == current:
            break
        current = changed
    return current
