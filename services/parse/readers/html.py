"""Main text of an HTML page (BeautifulSoup + lxml): furniture dropped, block elements become line breaks."""

from __future__ import annotations

import codecs

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from shared.chinese import HSPACE

from .encoding_tables import BOMS
from .html_rules import (
    ARTICLE_TAGS,
    BLOCK_TAGS,
    CELL_TAGS,
    CHARSET_SUPERSETS,
    CLASS_WORD_SPLIT,
    CONTENT_SELECTORS,
    DROP_TAGS,
    FURNITURE_SELECTORS,
    FURNITURE_WORDS,
    HTML_SPACE,
    MAX_FURNITURE_SHARE,
    META_CHARSET,
    MIN_CONTENT_SHARE,
    SITE_EDGE_TAGS,
    WRAP_BETWEEN_CJK,
)
from .text import decode_text


def decode_html(data: bytes, filename: str) -> str:
    """Decode by BOM, then the declared meta charset when it decodes cleanly, else by detection."""
    if not data.startswith(tuple(bom for bom, _ in BOMS)):
        declared = META_CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii").lower()
            try:
                return data.decode(CHARSET_SUPERSETS.get(name, codecs.lookup(name).name))
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown declaration: fall back to detection
    text, _ = decode_text(data, filename)
    return text


def read_html(data: bytes, filename: str) -> str:
    soup = BeautifulSoup(decode_html(data, filename), "lxml")
    for element in soup.find_all(DROP_TAGS):
        element.decompose()
    for element in soup.find_all(string=lambda s: isinstance(s, Comment)):
        element.extract()
    for element in soup.select(", ".join(FURNITURE_SELECTORS)):
        element.decompose()
    for element in soup.find_all(SITE_EDGE_TAGS):
        if not element.decomposed and element.find_parent(ARTICLE_TAGS) is None:
            element.decompose()
    root = _content_root(soup)
    lines = _lines(root)
    title = soup.find("h1")
    if title is not None and root is not soup and title not in root.descendants:
        heading = _lines(title)
        lines = heading + [line for line in lines if line not in heading]
    return "\n".join(lines) + ("\n" if lines else "")


def _content_root(soup: BeautifulSoup) -> Tag:
    """The container of the article body when the page has a recognisable one, else the whole page."""
    page_size = len(soup.get_text(strip=True)) or 1
    for selector in CONTENT_SELECTORS:
        found = [(len(element.get_text(strip=True)), element) for element in soup.select(selector)]
        if found:
            size, element = max(found, key=lambda pair: pair[0])
            if size >= MIN_CONTENT_SHARE * page_size:
                return element
    body = soup.body or soup
    for element in body.find_all(_is_furniture_block):
        # a block named like furniture that holds much of the page is the article after all ("article-head")
        if not element.decomposed and len(element.get_text(strip=True)) < MAX_FURNITURE_SHARE * page_size:
            element.decompose()
    return body


def _is_furniture_block(element: Tag) -> bool:
    if element.name not in ("div", "ul", "table", "section", "p", "span", "td"):
        return False
    names = [*element.get("class", []), element.get("id", "")]
    words = {word.lower() for name in names for word in CLASS_WORD_SPLIT.split(name) if word}
    return bool(words & FURNITURE_WORDS)


def _lines(root: Tag) -> list[str]:
    parts: list[str] = []
    _walk(root, parts)
    text = "".join(parts)
    lines = (line.strip(HSPACE) for line in text.split("\n"))
    return [line for line in lines if line]


def _walk(node: Tag, parts: list[str], in_pre: bool = False) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a Doctype, CData or processing instruction
                parts.append(child if in_pre else HTML_SPACE.sub(" ", WRAP_BETWEEN_CJK.sub("", child)))
            continue
        if not isinstance(child, Tag):
            continue
        if child.name in BLOCK_TAGS:
            parts.append("\n")
        _walk(child, parts, in_pre or child.name == "pre")
        if child.name in BLOCK_TAGS:
            parts.append("\n")
        elif child.name in CELL_TAGS:
            parts.append("\t")

