"""What of a web page is the report and what is page furniture. Ordered tables; selectors use CSS syntax."""

import re

from shared.chinese import CHINESE_TEXT_CLASS, NBSP

# never text: code, styling, embedded media, form controls
DROP_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "button", "select", "input", "textarea", "head",
)

# site furniture around the article (menus, banners, footers with 版权所有/备案号, sidebars, share bars)
FURNITURE_SELECTORS: tuple[str, ...] = (
    "nav", "aside", "menu",
    "[role=navigation]", "[role=banner]", "[role=contentinfo]", "[role=complementary]", "[role=search]",
    "[hidden]", "[aria-hidden=true]",
)
# <header>/<footer> are site furniture unless they sit inside the article (then they hold its title/source)
SITE_EDGE_TAGS: tuple[str, ...] = ("header", "footer")
ARTICLE_TAGS: tuple[str, ...] = ("article", "main")

# containers that hold the article body, most specific first: HTML5 landmarks, then the content areas of the
# CMSs Chinese government sites run on (TRS WCM "TRS_Editor", gov.cn "pages_content", "zoom" font-size box)
CONTENT_SELECTORS: tuple[str, ...] = (
    "article", "main", "[role=main]",
    ".TRS_Editor", "#UCAP-CONTENT", ".pages_content", "#zoom", ".zoom", "#Zoom",
    ".article-content", ".article_content", ".news_content", ".content", "#content",
)
# class/id words of site furniture on pages with no recognisable content container (then the whole body is
# read): menus, banners, breadcrumbs "当前位置：首页 > …", footers with 版权所有/ICP备案, share and link bars
FURNITURE_WORDS: frozenset[str] = frozenset((
    "nav", "navbar", "menu", "header", "head", "top", "topbar", "banner", "footer", "foot", "bottom",
    "breadcrumb", "crumb", "crumbs", "position", "location", "sidebar", "side", "share", "copyright",
    "links", "friendlink", "search",
))
# a furniture-named block holding more of the page's text than this is kept
MAX_FURNITURE_SHARE = 0.2
# class/id values are split into words: "main-nav", "site_footer", "topNav" → main nav / site footer / top nav
CLASS_WORD_SPLIT = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")

# a content container is trusted only when it holds at least this share of the page's text
MIN_CONTENT_SHARE = 0.3

# elements after which a line ends
BLOCK_TAGS: frozenset[str] = frozenset((
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "html", "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "thead", "tfoot", "tr", "ul",
))
# table cells are separated like .docx cells
CELL_TAGS: frozenset[str] = frozenset(("td", "th"))

# <meta charset="gb2312"> / <meta http-equiv="Content-Type" content="text/html; charset=gbk">
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]+)", re.I)
# declared names mapped to the superset that actually decodes what sites send under them
CHARSET_SUPERSETS: dict[str, str] = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "euc-cn": "gb18030",
    "big5": "cp950", "x-x-big5": "cp950", "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "utf-8",
}

# a source line break between two Chinese characters (HTML editors wrap long lines) is no space in Chinese
WRAP_BETWEEN_CJK = re.compile(rf"(?<=[{CHINESE_TEXT_CLASS}])[ \t\r]*\n[ \t\r\n]*(?=[{CHINESE_TEXT_CLASS}])")

# runs of HTML whitespace collapse to one space (non-breaking spaces survive as indentation noise otherwise)
HTML_SPACE = re.compile(rf"[ \t\r\n\f{NBSP}]+")
