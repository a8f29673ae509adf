"""The fused DAG + route of naming._Tagger segments exactly as jieba's get_DAG + calc does."""

import re
from pathlib import Path

import pytest

from services.extract.metrics.naming import _tagger

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _windows(data_dir: Path) -> list[str]:
    paths = sorted((data_dir / "reports").glob("*.txt"))
    paths += sorted((Path(__file__).parent / "heldout_like" / "reports").glob("*.txt"))
    runs = [run for path in paths for run in _HAN_RUN.findall(path.read_text("utf-8"))]
    # whole runs and the window shapes naming uses: the last 12 / first 28 characters, and a mid slice
    return [w for run in runs for w in {run, run[-12:], run[:28], run[3:40]} if w]


def _jieba_route(tokenizer, text: str) -> list[int]:
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(text, tokenizer.get_DAG(text), route)
    return [route[i][1] for i in range(len(text))]


def test_same_segmentation_as_jieba_on_report_text(data_dir):
    tagger = _tagger()
    windows = _windows(data_dir)
    assert len(windows) > 1000
    differ = [w for w in windows if tagger._route(w) != _jieba_route(tagger.tokenizer, w)]
    assert differ == []


@pytest.mark.parametrize("text", [
    pytest.param("耕地地力保护补贴", id="user-dictionary-term"),
    pytest.param("圩", id="single-rare-character"),
    pytest.param("鿏鿐鿑", id="characters-outside-the-dictionary"),
])
def test_same_segmentation_as_jieba_on_edge_cases(text):
    tagger = _tagger()
    assert tagger._route(text) == _jieba_route(tagger.tokenizer, text)
