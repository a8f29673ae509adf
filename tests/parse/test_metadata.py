"""Report metadata against values written by reading each report (tests/parse/data/metadata_cases.jsonl).

Each case names its source (dev set, web set, full corpus) and what was read in the report ("read": title,
opening, speaker, review heading). Fields a case leaves out are expected None: the report does not say them.
Precision over recall: a field found must be right; a field missed only counts against the share right.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest

from services.analyze import analyze_path
from services.parse.metadata import ReportMetadata, find_metadata
from shared.chinese import BODY_KINDS, LEVELS, REPORT_TYPES
from shared.document import Outline

ROOT = Path(__file__).resolve().parents[2]
CASES = [json.loads(line) for line in (Path(__file__).parent / "data" / "metadata_cases.jsonl").open(encoding="utf-8")]
FIELDS = [f.name for f in fields(ReportMetadata)]
# Share of all fields (found or rightly left None) that must be right over the table.
MIN_SHARE_RIGHT = 0.95


def _found(case: dict) -> dict:
    path = ROOT / case["path"]
    analysis = analyze_path(path)
    return find_metadata(analysis.text, analysis.outline, path.name).to_dict()


@pytest.fixture(scope="module")
def found() -> dict[str, dict]:
    return {case["path"]: _found(case) for case in CASES}


def test_the_table_spans_sources_levels_and_types():
    assert len(CASES) >= 40
    assert {case["source"] for case in CASES} == {"dev", "web", "full"}
    assert {case.get("level") for case in CASES} >= {"national", "province", "city", "county", "town", "subdistrict"}
    assert {case.get("report_type") for case in CASES} >= {"政府工作报告", "工作总结", "工作计划", "工作汇报", "述职报告",
                                                            "other"}
    for case in CASES:
        assert set(case) - {"source", "path", "read"} <= set(FIELDS), case["path"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['source']}:{Path(c['path']).stem}" for c in CASES])
def test_no_field_is_wrong(case, found):
    """A field found equals what the report says (None is allowed where the rules cannot tell)."""
    got = found[case["path"]]
    wrong = {name: (got[name], case.get(name)) for name in FIELDS
             if got[name] is not None and got[name] != case.get(name)}
    assert not wrong, f"{case['path']} ({case['read']}): found ≠ expected: {wrong}"


def test_share_of_fields_right(found):
    right = sum(found[case["path"]][name] == case.get(name) for case in CASES for name in FIELDS)
    total = len(CASES) * len(FIELDS)
    print(f"metadata: {right}/{total} fields right ({right / total:.1%}) over {len(CASES)} reports")
    assert right / total >= MIN_SHARE_RIGHT


@pytest.mark.parametrize("source", ["dev", "web", "full"])
def test_every_source_mostly_right(source, found):
    cases = [case for case in CASES if case["source"] == source]
    right = sum(found[case["path"]][name] == case.get(name) for case in cases for name in FIELDS)
    assert right / (len(cases) * len(FIELDS)) >= 0.9


def test_values_come_from_the_closed_vocabularies(found):
    for got in found.values():
        assert got["level"] in (*LEVELS, None)
        assert got["body_kind"] in (*BODY_KINDS, None)
        assert got["report_type"] in (*REPORT_TYPES, None)


# Built from the shapes reports take (title, signature block, opening), not from a file of the corpora.
SHAPES = [
    # a signature block at the end names the body when the title does not
    ("2023年工作总结\n一、主要工作\n全年完成固定资产投资3亿元。\n东风镇人民政府\n2023年12月20日",
     {"issuer": "东风镇人民政府", "level": "town", "body_kind": "government", "town": "东风镇", "year": 2023,
      "period": "年度", "report_type": "工作总结"}),
    # a party body, a county above it
    ("中共平安县委员会2022年上半年工作总结\n今年以来，全县……",
     {"issuer": "中共平安县委员会", "level": "county", "body_kind": "party", "county": "平安县", "year": 2022,
      "period": "上半年", "report_type": "工作总结"}),
    ("平安县大河乡党委2024年工作要点\n一、总体要求",
     {"issuer": "平安县大河乡党委", "level": "town", "body_kind": "party", "county": "平安县", "town": "大河乡",
      "year": 2024, "period": "年度", "report_type": "要点"}),
    # a village committee
    ("新华村村委会2023年工作汇报\n各位村民代表：",
     {"issuer": "新华村村委会", "level": "village", "body_kind": "government", "year": 2023, "period": "年度",
      "report_type": "工作汇报"}),
    # a 政府工作报告 with a Chinese-numeral date, a province and a speaker line
    ("政府工作报告\n——二〇二四年一月二十二日在山东省第十四届人民代表大会第二次会议上\n山东省省长 周某\n各位代表：\n"
     "现在，我代表省人民政府，向大会报告工作。\n一、2023年工作回顾",
     {"issuer": "山东省人民政府", "level": "province", "body_kind": "government", "province": "山东省",
      "year": 2023, "period": "年度", "report_type": "政府工作报告", "meeting_date": "2024-01-22"}),
    # a "十四五" summary of a bureau
    ("县农业农村局“十四五”工作总结\n五年来……",
     {"issuer": "县农业农村局", "level": "county", "body_kind": "department", "period": "十四五",
      "report_type": "工作总结"}),
    # a development zone's committee: an agency of no level we can name; a department name with 城乡 is no town
    ("高新区管委会2023年工作总结", {"issuer": "高新区管委会", "body_kind": "department", "year": 2023,
                                   "period": "年度", "report_type": "工作总结"}),
    ("东湖县住房和城乡建设局2023年1-9月工作总结",
     {"issuer": "东湖县住房和城乡建设局", "level": "county", "body_kind": "department", "county": "东湖县",
      "year": 2023, "period": "1-9月", "report_type": "工作总结"}),
]


@pytest.mark.parametrize(("text", "expected"), SHAPES, ids=[text.split("\n")[0][:20] for text, _ in SHAPES])
def test_report_shapes(text, expected):
    got = find_metadata(text, Outline(), None).to_dict()
    assert {k: v for k, v in got.items() if v is not None} == expected


def test_no_text_no_metadata():
    assert find_metadata("", None, None) == ReportMetadata()
    assert find_metadata("随便一句话。", None, "a.txt").to_dict() == dict.fromkeys(FIELDS)


def test_the_file_name_is_a_title_of_last_resort():
    got = find_metadata("今年以来，我局坚持……\n一、主要工作", None, "县林业局2023年工作总结.docx")
    assert (got.issuer, got.level, got.body_kind, got.year, got.report_type) == (
        "县林业局", "county", "department", 2023, "工作总结")
