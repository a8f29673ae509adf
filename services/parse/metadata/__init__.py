"""Report metadata: who issued a report, for which place and period, and what kind of report it is.

Contract (the services code against exactly this)::

    from services.parse.metadata import find_metadata, ReportMetadata
    meta = find_metadata(text, outline, filename)   # cleaned text, its Outline (or None), the uploaded name
    meta.to_dict()  # {"issuer", "level", "body_kind", "province", "city", "county", "town", "year", "period",
                    #  "report_type", "meeting_date"}

Plain Python, no service needed; never raises on any text (an empty or odd text gives all fields None).
Every field is ``str | int | None`` and None when the text does not say it: a field is left empty rather than
guessed (precision over recall).

* ``issuer`` — the body as the report names it: "南漳镇人民政府", "区住建局", "长治市上党区统计局",
  "XX镇人民政府" (a placeholder name is kept in the issuer, never in a place field). For a 政府工作报告 it is the
  government whose report it is, written "<place>人民政府" ("延长县人民政府", "珠海市斗门区人民政府"), or
  "国务院". A bare level word with no organ and no name ("镇2010年工作总结", "乡镇…") gives no issuer.
* ``level`` — one of shared.chinese.LEVELS: national, province, city, county, town, subdistrict, village.
  A 市辖区 and a 县 are county; a 局 has the level of the government it belongs to ("县林业局" → county). A
  lone "X市" is a city only where the text speaks of the counties under it (it may be a county-level city).
* ``body_kind`` — one of shared.chinese.BODY_KINDS: government (人民政府, 街道办事处, 村委会, or a place named
  with no organ: "XX镇2023年工作总结"), department (局, 厅, 委员会, 办公室), party (党委, 党工委), other.
* ``province`` / ``city`` / ``county`` / ``town`` — the units the issuer's name states, official spelling of
  the text ("上海市", "杨浦区", "长白新村街道"); a 街道 goes in ``town``; the four municipalities are provinces.
* ``year`` — the year the report is about. A 政府工作报告 delivered in early 2024 reviews 2023: year=2023 (from
  its review heading "一、2023年工作回顾", else the meeting date's year − 1, or the same year for a meeting in
  October or later, else the title's year − 1: "2024年XX县政府工作报告" is the one delivered in 2024). A
  总结/计划/汇报 has the year of its title ("2023年工作总结和2024年工作计划" → 2023).
* ``period`` — "年度", "上半年", "下半年", "前三季度", "一季度"…"四季度", "1-9月", "五年", "十四五"…; a
  政府工作报告 is "年度".
* ``report_type`` — one of shared.chinese.REPORT_TYPES: 政府工作报告, 工作总结 (also a 总结 with a plan
  after it), 工作计划, 工作汇报, 述职报告, 要点, other (预算报告, 通报, 绩效评价报告).
* ``meeting_date`` — ISO "2024-01-15": the day a 政府工作报告 (or another report to a 人民代表大会) was
  delivered, from "——2024年1月15日在XX县第X届人民代表大会第X次会议上" or a date line under the title.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import PurePath

from services.parse.metadata import rules
from shared.chinese import CN_DIGIT_VALUES, LEVELS, MUNICIPALITIES, PLACEHOLDER_CHARS, PROVINCES, cn_number
from shared.document import Outline

__all__ = ["ReportMetadata", "find_metadata"]

_PROVINCE_NAMES = tuple(sorted((full for full, _ in PROVINCES), key=len, reverse=True))
_RANK = {level: rank for rank, level in enumerate(LEVELS)}
# Where each level's unit goes among the place fields.
_FIELD_OF_LEVEL = {"province": "province", "city": "city", "county": "county", "town": "town",
                   "subdistrict": "town"}
_HEAD_LINES = 16
_HEAD_CHARS = 2000


@dataclass(frozen=True)
class ReportMetadata:
    issuer: str | None = None
    level: str | None = None
    body_kind: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    town: str | None = None
    year: int | None = None
    period: str | None = None
    report_type: str | None = None
    meeting_date: str | None = None

    def to_dict(self) -> dict[str, str | int | None]:
        return asdict(self)


@dataclass(frozen=True)
class _Body:
    name: str
    kind: str | None
    level: str | None
    units: tuple[tuple[str, str], ...]  # (name, level), outermost first; placeholder names included
    named: bool  # has a name of its own beyond a bare level word
    generic: bool = False  # a category, not one body: "乡镇人民政府", "政府"


def find_metadata(text: str, outline: Outline | None = None, filename: str | None = None) -> ReportMetadata:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    head = lines[:_HEAD_LINES]
    joined_head = "".join(head)[:_HEAD_CHARS]
    titles = _title_candidates(head, outline, filename)
    compilation = outline is not None and len(outline.parts) > 1

    meeting = rules.MEETING.search(joined_head)
    gwr_titles = [t for t in titles if rules.TYPE_WORDS[0][0].search(t)]
    title, report_type = _typed_title(titles)
    if gwr_titles:
        title, report_type = gwr_titles[0], "政府工作报告"
    elif report_type in (None, "工作总结") and (
        (meeting and meeting.group("national")) or rules.ON_BEHALF_TO_CONGRESS.search(joined_head)
        or (report_type is None and meeting and rules.SPEAKER.search(joined_head))
    ):
        # a report to the congress that its first lines do not name: "各位代表：现在，我代表XX县人民政府，向
        # 大会报告政府工作" (a title lost in scraping, or a heading "一、2023年工作回顾" first)
        report_type = "政府工作报告"
    if report_type not in ("政府工作报告", "述职报告") and rules.OWN_POST.search("".join(lines[:4])[:400]):
        report_type = "述职报告"

    meeting_date = _meeting_date(meeting, head, report_type == "政府工作报告")
    if report_type == "政府工作报告":
        body = _government_of(meeting, head, joined_head, title)
        year = _reviewed_year(outline, lines, meeting_date, gwr_titles or ([title] if title else []))
        period = "年度"
    else:
        body = None if compilation else _report_body(title, lines, meeting)
        year, period = _title_year_period(title)

    places = _places(body, text)
    province = places.get("province")
    if province is None and body is not None:  # "(山东省)关于临沂市郯城县…的报告"
        province = next((name for t in titles for name in _PROVINCE_NAMES if name in t), None)
    return ReportMetadata(
        issuer=body.name if body and not body.generic and (body.named or body.kind) else None,
        level=_level(body, text),
        body_kind=body.kind if body else None,
        province=province,
        city=places.get("city"),
        county=places.get("county"),
        town=places.get("town"),
        year=year,
        period=period,
        report_type=report_type,
        meeting_date=meeting_date,
    )


# --- titles ---------------------------------------------------------------------------------------------


def _clean_title(line: str) -> str:
    line = re.split(r"[，,。；;:：]", line, maxsplit=1)[0] if not line.startswith("标题") else line
    line = rules.TITLE_NOISE.sub("", line.replace(" ", "").replace("\u3000", ""))
    return rules.TITLE_NOISE.sub("", line)[: rules.TITLE_MAX_CHARS]


def _title_candidates(head: list[str], outline: Outline | None, filename: str | None) -> list[str]:
    candidates: list[str] = []
    if outline is not None:
        candidates += [s.title for s in outline.sections[:3] if s.level == 0]
    for line in head[:4]:
        if rules.SALUTATION.match(line):
            break
        if not rules.HEADING_START.match(line):
            candidates.append(line)
    if filename:
        candidates.append(PurePath(filename).stem)
    seen: list[str] = []
    for candidate in candidates:
        cleaned = _clean_title(candidate)
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return seen


def _type_of(title: str) -> tuple[str, re.Match[str]] | None:
    """The report type a title names and where: the earliest type word; after 关于, the last one (the
    document's noun ends the title: "…关于2021年…发展计划执行情况的通报")."""
    found: list[tuple[int, str, re.Match[str]]] = []
    for pattern, kind in rules.TYPE_WORDS:
        for match in pattern.finditer(title):
            found.append((match.start(), kind, match))
    if not found:
        return None
    position, kind, match = max(found, key=lambda f: f[0]) if "关于" in title else min(found, key=lambda f: f[0])
    if kind == "工作计划" and rules.PLAN_AFTER_REVIEW.search(title[:position]) and "工作" in title[:position]:
        kind = "工作总结"
    return kind, match


def _typed_title(titles: list[str]) -> tuple[str | None, str | None]:
    for title in titles:
        typed = _type_of(title)
        if typed:
            return title, typed[0]
    return None, None  # no line names the report's type: no title to read year, period or body from


def _title_year_period(title: str | None) -> tuple[int | None, str | None]:
    if not title:
        return None, None
    typed = _type_of(title)
    scope = title[: typed[1].end()] if typed and "关于" not in title else title
    year_match = rules.TITLE_YEAR.search(scope)
    year = int(year_match.group(1)) if year_match else None
    period = None
    for pattern, name in rules.PERIOD_WORDS:
        match = pattern.search(scope)
        if match:
            period = name.format(*match.groups()) if match.groups() else name
            break
    if period is None and year is not None:
        period = "年度"
    return year, period


# --- bodies and places ----------------------------------------------------------------------------------


def _is_placeholder(name: str) -> bool:
    return any(ch in PLACEHOLDER_CHARS for ch in name)


def _unit_at(text: str, start: int) -> list[tuple[int, str]]:
    """Every unit that can start at ``start``: (end, level), shortest first."""
    found = []
    for name in _PROVINCE_NAMES:
        if text.startswith(name, start):
            found.append((start + len(name), "province"))
    for end in range(start + 2, min(len(text), start + 9) + 1):
        piece = text[start:end]
        for suffix, level in rules.UNIT_SUFFIXES:
            if piece.endswith(suffix) and len(piece) > len(suffix):
                own = piece[: -len(suffix)]
                if (rules.UNIT_NAME.fullmatch(own) and own not in rules.NOT_A_NAME
                        and not rules.NOT_A_UNIT.search(piece)):
                    found.append((end, level))
                break
    return sorted(set(found))


def _parse_units(text: str, start: int = 0, above: int = -1) -> list[tuple[str, str]] | None:
    """Units covering text[start:] exactly, each below the one before; None when they cannot."""
    if start == len(text):
        return []
    for end, level in _unit_at(text, start):
        if _RANK[level] <= above:
            continue
        rest = _parse_units(text, end, _RANK[level])
        if rest is not None:
            return [(text[start:end], level), *rest]
    return None


def _split_units(text: str) -> tuple[list[tuple[str, str]], str]:
    """The longest run of units the text starts with, and what follows (a department's name)."""
    for cut in range(len(text), 0, -1):
        units = _parse_units(text[:cut])
        if units:
            return units, text[cut:]
    return [], text


def _parse_body(name: str) -> _Body | None:
    name = name.strip(" ()（）【】[]“”\"")
    if not name:
        return None
    if rules.NATIONAL_BODY in name:
        return _Body(rules.NATIONAL_BODY, "government", "national", (), True)
    kind = organ_level = None
    places = name
    party = rules.PARTY_COMMITTEE.fullmatch(name)
    if party:  # "中共XX县委员会": the party committee of the place
        return _parse_body(party.group(1)) and _party(name, _parse_body(party.group(1)))
    for organ, organ_kind, level in rules.ORGANS:
        if name.endswith(organ):
            kind, organ_level = organ_kind, level
            places = name[: -len(organ)]
            if organ.startswith("街道"):
                places += "街道"
            elif organ.startswith("村"):
                places += "村"
            break
    places = re.sub(r"人民政府|政府", "", places)
    if not places:
        return _Body(name, kind, organ_level, (), False, generic=True) if kind else None
    units, rest = _split_units(places)
    level = organ_level or (units[-1][1] if units else None)
    named = bool(units)
    if rest:
        bare = None if units else rules.BARE_LEVEL.match(rest)
        after = rest[bare.end():] if bare else rest
        if bare:
            level = organ_level or _BARE_LEVELS[bare.group()]
        if after:
            if kind is not None or not rules.DEPARTMENT.fullmatch(after):
                return None
            kind, named = "department", True
        elif bare and bare.group() == "乡镇":
            return _Body(name, kind, level, (), False, generic=True)
    elif kind is None:
        kind = "government"  # a place named alone issues its own report: "XX镇2023年工作总结"
    return _Body(name, kind, level, tuple(units), named)


_BARE_LEVELS = {"乡镇": "town", "街道": "subdistrict", "省": "province", "市": "city", "县": "county",
                "区": "county", "镇": "town", "乡": "town", "村": "village"}


def _party(name: str, place: _Body) -> _Body:
    return _Body(name, "party", place.level, place.units, place.named)


def _report_body(title: str | None, lines: list[str], meeting: re.Match[str] | None) -> _Body | None:
    candidates: list[_Body] = []
    if title:
        typed = _type_of(title)
        scope = title.split("关于")[0] if "关于" in title else (title[: typed[1].start()] if typed else title)
        for piece in re.split(r"(?:19|20)\d{2}\s*年?度?|(?:19|20)[Xx×*]{2}年|上半年|下半年|前三季度|年度|年终|"
                              r"五年|[“\"]?十[一二三四五]五[”\"]?|[（(][^）)]*[）)]", scope):
            body = _parse_body(piece)
            if body:
                candidates.append(body)
    if meeting:  # a report to the congress by a department: "郯城县财政局" under the meeting line
        after = "\n".join(lines[:_HEAD_LINES])
        for line in after.splitlines():
            body = _parse_body(line) if len(line) <= 20 else None
            if body and body.kind == "department":
                candidates.append(body)
    candidates += _signature(lines)
    named = [b for b in candidates if b.named]
    return (named or candidates or [None])[0]


def _signature(lines: list[str]) -> list[_Body]:
    tail = lines[-rules.SIGNATURE_LINES:]
    found = []
    for before, line in zip(tail, tail[1:], strict=False):
        if rules.SIGNATURE_DATE.match(line) and len(before) <= 30:
            body = _parse_body(before)
            if body and body.kind:
                found.append(body)
    return found


def _government(place: str) -> _Body | None:
    place = re.sub(r"人民政府|政府$", "", place)
    if not place:
        return None
    return _parse_body(place + "人民政府")


def _government_of(meeting: re.Match[str] | None, head: list[str], joined_head: str,
                   title: str | None) -> _Body | None:
    candidates: list[_Body] = []
    if meeting:
        if meeting.group("national"):
            return _Body(rules.NATIONAL_BODY, "government", "national", (), True)
        if meeting.group("place"):
            candidates.append(_government(meeting.group("place")))
    congress = rules.ON_BEHALF_TO_CONGRESS.search(joined_head)
    if congress and (congress.group("national") or congress.group("body") == rules.NATIONAL_BODY):
        return _Body(rules.NATIONAL_BODY, "government", "national", (), True)
    for pattern in (rules.SPEAKER, rules.ON_BEHALF):
        for match in pattern.finditer(joined_head):
            body = match.group("body")
            if body == rules.NATIONAL_BODY:
                return _Body(rules.NATIONAL_BODY, "government", "national", (), True)
            candidates.append(_government(rules.BEFORE_BODY.sub("", body)))
    if title:
        typed = _type_of(title)
        scope = title[: typed[1].start()] if typed else title
        if rules.NATIONAL_BODY in scope:
            return _Body(rules.NATIONAL_BODY, "government", "national", (), True)
        scope = re.sub(r"(?:19|20)\d{2}\s*年?", "", scope)
        if scope:
            candidates.append(_government(scope))
    bodies = [b for b in candidates if b is not None]
    if not bodies:
        return None
    return max(bodies, key=lambda b: (len(b.units), sum(len(n) for n, _ in b.units)))


def _places(body: _Body | None, text: str) -> dict[str, str]:
    places: dict[str, str] = {}
    if body is None:
        return places
    for index, (name, level) in enumerate(body.units):
        if _is_placeholder(name):
            continue
        if level == "province" or name in MUNICIPALITIES:
            places["province"] = name
        elif level == "city" and name.endswith("市") and index == len(body.units) - 1:
            city_level = _lone_city_level(text)
            if city_level:
                places[_FIELD_OF_LEVEL[city_level]] = name
        elif level in _FIELD_OF_LEVEL:
            places[_FIELD_OF_LEVEL[level]] = name
    return places


def _lone_city_level(text: str) -> str | None:
    """A lone X市 (no unit below it in the name) is a prefecture-level or a county-level city."""
    if rules.CITY_EVIDENCE.search(text):
        return "city"
    return None


def _level(body: _Body | None, text: str) -> str | None:
    if body is None:
        return None
    if body.units and body.units[-1][0] in MUNICIPALITIES:
        return "province"
    if body.units and body.units[-1][1] == "city" and body.units[-1][0].endswith("市") and body.level == "city":
        return _lone_city_level(text)
    if not body.units and body.level == "city":
        return _lone_city_level(text)
    return body.level


# --- dates and years ------------------------------------------------------------------------------------


def _number(group: str) -> int:
    if group.isdigit() and group.isascii():
        return int(group)
    if len(group) == 4 and "十" not in group:  # a year written digit by digit: 二〇二六
        return int("".join(str(CN_DIGIT_VALUES.get(ch, 0)) for ch in group))
    return cn_number(group)


def _iso(year: str, month: str, day: str) -> str | None:
    y, m, d = _number(year), _number(month), _number(day)
    if not (1949 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _meeting_date(meeting: re.Match[str] | None, head: list[str], to_congress: bool) -> str | None:
    if meeting and meeting.group(1):
        return _iso(meeting.group(1), meeting.group(2), meeting.group(3))
    if to_congress:
        for line in head[:8]:
            match = rules.DATE_LINE.match(line)
            if match:
                return _iso(*match.groups())
    return None


def _reviewed_year(outline: Outline | None, lines: list[str], meeting_date: str | None,
                   titles: list[str]) -> int | None:
    headings = [s.title for s in outline.sections if s.level >= 1][:2] if outline is not None else []
    headings += [line for line in lines[:30] if len(line) <= 40]
    for heading in headings:
        match = rules.REVIEW_YEAR.search(heading)
        if match and not re.search(r"计划|安排|打算|任务|目标|建议", heading[: match.end()]):
            return int(match.group(1))
    if meeting_date:
        year, month = int(meeting_date[:4]), int(meeting_date[5:7])
        return year if month >= 10 else year - 1
    for title in titles:
        match = rules.TITLE_YEAR.search(title)
        if match:
            return int(match.group(1)) - 1
    return None
