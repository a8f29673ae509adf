"""The dashboard's languages: zh-CN by default, English on request (``?lang=en``, kept in a cookie).

Templates and app.js are written with English message ids; the zh-CN translations are a gettext catalogue
(locale/zh_CN/LC_MESSAGES/messages.po) read with Babel when the app starts: edit the .po file, no build step.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import Request

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = {"zh-CN": "zh_CN", "en": None}  # None: the message ids themselves
DEFAULT_LANGUAGE = "zh-CN"
COOKIE = "rf_lang"


@cache
def catalogue(language: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    folder = LANGUAGES.get(language)
    if folder is None:
        return {}
    with open(LOCALE_DIR / folder / "LC_MESSAGES" / "messages.po", "rb") as po:
        return {m.id: m.string for m in read_po(po) if m.id and m.string and not m.fuzzy}


def language_of(request: Request) -> str:
    """?lang= wins, then the cookie, then zh-CN."""
    for asked in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if asked in LANGUAGES:
            return asked
        if asked and asked.lower().startswith("zh"):
            return "zh-CN"
    return DEFAULT_LANGUAGE


def translate(language: str, message: str, **values) -> str:
    text = catalogue(language).get(message, message)
    return text.format(**values) if values else text


# The messages app.js shows (it reads their translations from the page).
SCRIPT_MESSAGES = (
    "Choose one or more files first.", "Uploading {n} file(s)…", "Upload failed: {error}", "Reprocess",
    "{n} document(s) cancelled.", "{n} failed document(s) queued again.", "Queued again.", "complete",
    "processing…", "reconnecting…", "Saved.", "Cancel every document of this batch that is not finished?",
)


def script_catalogue(language: str) -> dict[str, str]:
    return {message: translate(language, message) for message in SCRIPT_MESSAGES}


# Words shown as labels (statuses, stages, kinds): app.js renders them as the server does.
LABEL_WORDS = ("queued", "processing", "done", "failed", "rejected", "duplicate", "cancelled", "dead", "running",
               "retrying", "clean", "section", "extract", "actual", "target", "plan", "review")


def label_catalogue(language: str) -> dict[str, str]:
    return {word: translate(language, word) for word in LABEL_WORDS}
