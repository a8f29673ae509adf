"""Indicator groups: the canonical name that variants of one indicator share.

STUB, written on the services branch until the analysis core's module lands (same contract): it drops a few
leading qualifiers only. The lead replaces this file at merge.
"""

from __future__ import annotations

import re

_QUALIFIERS = re.compile(r"^(?:全年|全镇|全县|全市|全区|累计|共)+")


def canonical_indicator(name: str) -> str:
    return _QUALIFIERS.sub("", name).strip() or name
