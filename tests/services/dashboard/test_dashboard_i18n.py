"""The dashboard's languages and times, without servers: every message of the templates and of app.js has
its zh-CN translation, the language is chosen by ?lang= then the cookie, and times show in the set zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from starlette.requests import Request

from services.ingest.web import WEB_DIR
from services.ingest.web.i18n import LABEL_WORDS, SCRIPT_MESSAGES, catalogue, language_of, translate
from shared.db.models import METADATA_FIELDS
from shared.settings import get_settings

MESSAGE = re.compile(r"""_\(\s*(["'])(.*?)\1""")


def template_messages() -> set[str]:
    return {m.group(2) for path in (WEB_DIR / "templates").glob("*.html") for m in MESSAGE.finditer(path.read_text())}


def test_every_message_has_a_chinese_translation():
    zh = catalogue("zh-CN")
    wanted = template_messages() | set(SCRIPT_MESSAGES) | set(LABEL_WORDS) | set(METADATA_FIELDS)
    missing = sorted(m for m in wanted if not zh.get(m))
    assert not missing, f"messages without a zh-CN translation in the .po catalogue: {missing}"
    assert len(template_messages()) > 50


def test_app_js_asks_only_for_known_messages():
    script = (WEB_DIR / "static" / "app.js").read_text()
    asked = {m.group(1) for m in re.finditer(r'\bt\("([^"]+)"', script)}
    assert asked and asked <= set(SCRIPT_MESSAGES), asked - set(SCRIPT_MESSAGES)


def test_translation_fills_in_values_in_both_languages():
    assert translate("zh-CN", "{n} reports", n=3) == "3 份报告"
    assert translate("en", "{n} reports", n=3) == "3 reports"


def _request(query: str = "", cookie: str | None = None) -> Request:
    headers = [(b"cookie", f"rf_lang={cookie}".encode())] if cookie else []
    return Request({"type": "http", "query_string": query.encode(), "headers": headers})


@pytest.mark.parametrize(("query", "cookie", "language"), [
    pytest.param("", None, "zh-CN", id="default Chinese"),
    pytest.param("lang=en", None, "en", id="asked for English"),
    pytest.param("", "en", "en", id="English kept in the cookie"),
    pytest.param("lang=zh-CN", "en", "zh-CN", id="the query wins over the cookie"),
    pytest.param("lang=zh", None, "zh-CN", id="zh alone"),
    pytest.param("lang=klingon", None, "zh-CN", id="unknown language"),
])
def test_the_language_chosen(query, cookie, language):
    assert language_of(_request(query, cookie)) == language


@pytest.mark.parametrize(("zone", "shown"), [
    pytest.param(None, "2026-12-01 20:30:00 UTC+08", id="Asia/Shanghai by default"),
    pytest.param("UTC", "2026-12-01 12:30:00 UTC", id="UTC"),
    pytest.param("Europe/Berlin", "2026-12-01 13:30:00 UTC+01", id="another zone"),
    pytest.param("Not/A_Zone", "2026-12-01 12:30:00 UTC", id="an unknown zone falls back to UTC"),
])
def test_times_in_the_dashboards_time_zone(monkeypatch, zone, shown):
    from services.ingest.web.pages import _when

    if zone is None:
        monkeypatch.delenv("REPORTFLOW_TIMEZONE", raising=False)
    else:
        monkeypatch.setenv("REPORTFLOW_TIMEZONE", zone)
    get_settings.cache_clear()
    try:
        assert _when(datetime(2026, 12, 1, 12, 30, tzinfo=UTC)) == shown
        assert _when(datetime(2026, 12, 1, 12, 30)) == shown  # SQLite gives naive UTC times back
    finally:
        get_settings.cache_clear()


def test_the_highlight_marks_the_sentence_and_the_figure_escaped():
    from services.ingest.web.pages import highlighted_text

    text = "一、概况\n全年粮食产量<约>12.5万吨。其他。"
    sentence = (5, text.index("。") + 1)
    figure = (text.index("12.5"), text.index("万吨") + 2)
    html = str(highlighted_text(text, sentence, figure))
    assert html == ('一、概况\n<mark class="sentence" id="highlight">全年粮食产量&lt;约&gt;<strong class="figure">'
                    '12.5万吨</strong>。</mark>其他。')
    assert str(highlighted_text(text, None, None)) == text.replace("<", "&lt;").replace(">", "&gt;")
