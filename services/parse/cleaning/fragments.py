"""Page-number fragments that a sharing site's page breaks cut into sentences ("…非税收\n2、入XX万元")."""

from __future__ import annotations

from typing import NamedTuple

from services.parse.cleaning import rules
from services.parse.cleaning.offsets import Edit
from services.parse.cleaning.words import crosses_word
from services.parse.cleaning.wraps import ends_sentence

# How surely a page break cut a sentence where a fragment stands. UNSURE: the line before is short and ends
# without sentence punctuation; it is a cut only if a word runs across the break.
NO_CUT, UNSURE, WEAK_CUT, STRONG_CUT = 0, 1, 2, 3


class _Fragment(NamedTuple):
    number: int
    start: int  # start of the line holding it
    end: int  # end of "N、"


def remove_page_fragments(text: str) -> list[Edit]:
    """Remove "N、" page numbers at line starts and glue the sentence they cut back together.

    Page numbers run 1、2、3… over successive page breaks, and most breaks fall mid-sentence, often mid-word.
    A real numbered list also counts up, but its items follow finished sentences or phrases, so its chain
    shows no strong cuts and stays.
    """
    edits: list[Edit] = []
    for chain in _chains(text):
        cuts = _cut_evidence(text, chain)
        if cuts is None:
            continue
        for fragment, cut in zip(chain, cuts, strict=True):
            if cut and not rules.HEADING_START.match(text, fragment.end):
                edits.append(Edit(fragment.start - 1, fragment.end))  # the line break goes too
            else:
                edits.append(Edit(fragment.start, fragment.end))
    return sorted(edits)


def _cut_evidence(text: str, chain: list[_Fragment]) -> list[int] | None:
    """The cut evidence of each break in the chain, or None when the chain is not page numbering.

    Words across breaks (jieba) are looked up only as far as the decision needs: cheap evidence usually
    settles it.
    """
    cuts = [_cheap_evidence(text, fragment) for fragment in chain]
    strong = cuts.count(STRONG_CUT)
    for i, fragment in enumerate(chain):
        if strong >= rules.FRAGMENT_MIN_STRONG_CUTS:
            break
        if cuts[i] in (UNSURE, WEAK_CUT) and _word_across(text, fragment):
            cuts[i] = STRONG_CUT
            strong += 1
    # a chain whose every break after the first cuts a sentence is page numbering even with one strong cut: a
    # sharing site's page 1 starts the text ("1、-精品合同推荐- 2008年…"), so its first number cuts nothing
    every_break_cut = all(cut in (WEAK_CUT, STRONG_CUT) for cut in cuts[1:])
    if strong < rules.FRAGMENT_MIN_STRONG_CUTS and not (strong and every_break_cut):
        return None
    for i, fragment in enumerate(chain):
        if cuts[i] == UNSURE:
            cuts[i] = STRONG_CUT if _word_across(text, fragment) else NO_CUT
    if sum(1 for cut in cuts if cut) < rules.FRAGMENT_MIN_CUT_SHARE * len(cuts) and not every_break_cut:
        return None
    return cuts


def _chains(text: str) -> list[list[_Fragment]]:
    """Group line-start numbers into chains of consecutive numbers (n, n+1, …) in document order."""
    chains: list[list[_Fragment]] = []
    waiting: dict[int, int] = {}  # next number a chain expects → index of that chain
    for match in rules.PAGE_FRAGMENT.finditer("\n" + text):
        # positions in "\n" + text: the match starts at the break, which is the line start in ``text``
        fragment = _Fragment(int(match.group(1)), match.start(), match.end() - 1)
        index = waiting.pop(fragment.number, None)
        if index is None:
            chains.append([fragment])
            index = len(chains) - 1
        else:
            chains[index].append(fragment)
        waiting[fragment.number + 1] = index
    return [chain for chain in chains if len(chain) >= 2]


def _previous_line(text: str, fragment: _Fragment) -> str:
    if fragment.start == 0:
        return ""
    return text[text.rfind("\n", 0, fragment.start - 1) + 1 : fragment.start - 1].rstrip(rules.HSPACE)


def _cheap_evidence(text: str, fragment: _Fragment) -> int:
    following = text[fragment.end : fragment.end + 1]
    if following and following in rules.CANNOT_START_SENTENCE:
        return STRONG_CUT
    previous = _previous_line(text, fragment)
    if previous and (previous[-1] in rules.CLAUSE_BREAK or _bare_heading_marker(previous)):
        return STRONG_CUT  # "批零户、" or a heading number with its heading on the next page: "(一)"
    if not previous or ends_sentence(previous):
        return NO_CUT
    return WEAK_CUT if len(previous) >= rules.FRAGMENT_MIN_PREVIOUS_CHARS else UNSURE


def _bare_heading_marker(line: str) -> bool:
    """Whether the line ends on a heading number whose heading text is missing ("…荣誉称号。 (一)")."""
    line = line.strip(rules.HSPACE)
    last = line[max(line.rfind(ch) for ch in rules.CLAUSE_CUTS) + 1 :]
    marker = rules.HEADING_START.match(last)
    return marker is not None and marker.end() == len(last)


def _word_across(text: str, fragment: _Fragment) -> bool:
    before = _previous_line(text, fragment)[-rules.WORD_WINDOW :]
    return bool(before) and crosses_word(before, text[fragment.end : fragment.end + rules.WORD_WINDOW])
