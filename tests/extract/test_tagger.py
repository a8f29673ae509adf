"""The fused DAG + route of naming._Tagger, on the compact dictionary, segments and tags exactly as jieba's
get_DAG + calc and posseg's table do; the shipped dictionary is what a build from jieba gives today."""

import re
from functools import cache
from pathlib import Path

import pytest

from services.extract.metrics import name_dictionary
from services.extract.metrics.naming import _tagger

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _windows(data_dir: Path) -> list[str]:
    paths = sorted((data_dir / "reports").glob("*.txt"))
    paths += sorted((Path(__file__).parent / "heldout_like" / "reports").glob("*.txt"))
    runs = [run for path in paths for run in _HAN_RUN.findall(path.read_text("utf-8"))]
    # whole runs and the window shapes naming uses: the last 12 / first 28 characters, and a mid slice
    return [w for run in runs for w in {run, run[-12:], run[:28], run[3:40]} if w]


@cache
def _jieba():
    return name_dictionary.jieba_tokenizer()


def _jieba_route(text: str) -> list[int]:
    tokenizer, _ = _jieba()
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(text, tokenizer.get_DAG(text), route)
    return [route[i][1] for i in range(len(text))]


def _jieba_tags(text: str) -> list[tuple[str, str]]:
    ends, (_, table) = _jieba_route(text), _jieba()
    words, i = [], 0
    while i < len(text):
        words.append((text[i:ends[i] + 1], table.get(text[i:ends[i] + 1], "n")))
        i = ends[i] + 1
    return words


def test_same_segmentation_and_tags_as_jieba_on_report_text(data_dir):
    tagger = _tagger()
    windows = _windows(data_dir)
    assert len(windows) > 1000
    assert [w for w in windows if tagger._route(w) != _jieba_route(w)] == []
    assert [w for w in windows if list(tagger.tag(w)) != _jieba_tags(w)] == []


def test_the_shipped_dictionary_is_a_fresh_build_from_jieba(tmp_path):
    name_dictionary.save(name_dictionary.build(), tmp_path)
    shipped = Path(name_dictionary.__file__).parent
    for name in (name_dictionary.WORDS_FILE, name_dictionary.VALUES_FILE):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), (
            f"{name} is stale: run scripts/build_name_dictionary.py")


@pytest.mark.parametrize("text", [
    pytest.param("耕地地力保护补贴", id="user-dictionary-term"),
    pytest.param("圩", id="single-rare-character"),
    pytest.param("鿏鿐鿑", id="characters-outside-the-dictionary"),
])
def test_same_segmentation_as_jieba_on_edge_cases(text):
    tagger = _tagger()
    assert tagger._route(text) == _jieba_route(text) and list(tagger.tag(text)) == _jieba_tags(text)
