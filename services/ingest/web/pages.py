"""The dashboard's pages: batches, one batch (live over SSE), one document (metadata, heading tree, metrics,
cleaned text with the metric's sentence highlighted), the pivot (reports × indicator groups) and search."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup, escape

from services.ingest.api.deps import SessionDep
from services.ingest.progress import STAGE_ORDER
from services.ingest.web import WEB_DIR
from services.ingest.web.i18n import (
    COOKIE,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    label_catalogue,
    language_of,
    script_catalogue,
    translate,
)
from services.ingest.web.queries import (
    REPROCESSABLE,
    RETRYABLE,
    batch_names,
    batch_page,
    document_extras,
    document_page,
    documents_metadata,
    recent_batches,
    search,
)
from shared.chinese import LEVEL_NAMES
from shared.db.metadata import MetadataFilter
from shared.db.models import BATCH_NAME_LENGTH, METADATA_FIELDS
from shared.pivot import Scope, indicator_groups, pivot
from shared.settings import get_settings

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=WEB_DIR / "templates")


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=8)
def _zone(name: str):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _when(moment: datetime | None) -> str:
    """A stored (UTC) time in the dashboard's time zone (REPORTFLOW_TIMEZONE, Asia/Shanghai by default)."""
    if moment is None:
        return ""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    local = moment.astimezone(_zone(get_settings().TIMEZONE))
    return local.strftime("%Y-%m-%d %H:%M:%S ") + (local.strftime("UTC%z")[:-2] if local.utcoffset() else "UTC")


def _seconds(run) -> str:
    if run.started_at is None or run.finished_at is None:
        return ""
    seconds = (run.finished_at - run.started_at).total_seconds()
    return f"{seconds:.2f} s" if seconds < 60 else f"{seconds / 60:.1f} min"


@pass_context
def _gettext(context, message: str, **values) -> str:
    return translate(context.get("lang", "zh-CN"), message, **values)


@pass_context
def _lang_url(context, language: str) -> str:
    request: Request = context["request"]
    query = {k: v for k, v in request.query_params.multi_items() if k != "lang"}
    return request.url.path + "?" + urlencode([*query.items(), ("lang", language)])


@pass_context
def _level_name(context, level: str | None) -> str:
    """A stored level (``town``) as the reader says it: 乡镇 in Chinese, the code in English."""
    if not level:
        return ""
    return LEVEL_NAMES.get(level, level) if context.get("lang", DEFAULT_LANGUAGE) != "en" else level


templates.env.filters["number"] = _number
templates.env.filters["level_name"] = _level_name
templates.env.filters["when"] = _when
templates.env.filters["seconds"] = _seconds
templates.env.globals["_"] = _gettext
templates.env.globals["lang_url"] = _lang_url
templates.env.globals["METADATA_FIELDS"] = METADATA_FIELDS
templates.env.globals["batch_name_length"] = BATCH_NAME_LENGTH


def render(request: Request, name: str, context: dict, status_code: int = 200) -> HTMLResponse:
    lang = language_of(request)
    response = templates.TemplateResponse(request, name, {
        **context, "lang": lang, "languages": list(LANGUAGES), "script_messages": script_catalogue(lang),
        "labels": label_catalogue(lang)},
        status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, lang, max_age=365 * 86400, samesite="strict")
    return response


def not_found(request: Request, what: str, key: str) -> HTMLResponse:
    return render(request, "error.html", {"what": what, "key": key}, status_code=404)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, session: SessionDep) -> HTMLResponse:
    batches = recent_batches(session)
    return render(request, "index.html", {"batches": batches,
                                          "names": batch_names(session, [b.id for b in batches])})


@router.get("/batches/{batch_id}", response_class=HTMLResponse)
def batch(request: Request, batch_id: str, session: SessionDep) -> HTMLResponse:
    found = batch_page(session, batch_id)
    if found is None:
        return not_found(request, "batch", batch_id)
    batch, progress, documents = found
    in_flight = progress.counts.get("queued", 0) + progress.counts.get("processing", 0)
    return render(request, "batch.html", {
        "batch": batch, "progress": progress, "documents": documents, "stages": STAGE_ORDER,
        "metadata": documents_metadata(session, documents), "reprocessable": REPROCESSABLE,
        "can_retry": any(progress.counts.get(s, 0) for s in RETRYABLE), "can_cancel": in_flight > 0})


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document(request: Request, document_id: str, session: SessionDep, metric: int | None = None) -> HTMLResponse:
    page = document_page(session, document_id)
    if page is None:
        return not_found(request, "document", document_id)
    return render(request, "document.html", {"page": page, "extras": document_extras(session, page, metric),
                                             "stages": STAGE_ORDER})


def page_filter(level: str = "", place: str = "", year: str = "", type: str = "") -> MetadataFilter:
    """The pivot form's filters: a form sends its empty fields too, and a year that is not a number is none."""
    year = year.strip()
    return MetadataFilter(level=level.strip()[:32] or None, place=place.strip()[:64] or None,
                          year=int(year) if year.isdigit() and len(year) == 4 else None,
                          report_type=type.strip()[:64] or None)


@router.get("/pivot", response_class=HTMLResponse)
def pivot_page(request: Request, session: SessionDep, only: MetadataFilter = Depends(page_filter),
               indicators: str = "", kind: str = "", batch_id: str = "") -> HTMLResponse:
    scope = Scope(batch_id=batch_id or None, metadata=only, kind=kind if kind in ("actual", "target") else None)
    chosen = tuple(part.strip() for part in indicators.replace("，", ",").split(",") if part.strip())
    table = pivot(session, scope, chosen, with_empty=True)  # every report in scope, blanks where none
    groups = indicator_groups(session, scope)[:200]
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "lang" and v])
    return render(request, "pivot.html", {
        "table": table, "groups": groups, "only": only, "indicators": ", ".join(chosen), "kind": kind,
        "batch_id": batch_id, "query": query})


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, session: SessionDep, q: str = "") -> HTMLResponse:
    q = q.strip()[:64]
    found = search(session, q) if q else None
    return render(request, "search.html", {"q": q, "found": found})


def highlighted_text(text: str, sentence: tuple[int, int] | None, span: tuple[int, int] | None) -> Markup:
    """The cleaned text, escaped, with the chosen metric's sentence and number marked."""
    if sentence is None:
        return escape(text)
    s0, s1 = max(0, sentence[0]), min(len(text), sentence[1])
    m0, m1 = span if span else (s0, s0)
    m0, m1 = max(s0, min(m0, s1)), max(s0, min(m1, s1))
    return Markup("").join((
        escape(text[:s0]), Markup('<mark class="sentence" id="highlight">'), escape(text[s0:m0]),
        Markup('<strong class="figure">'), escape(text[m0:m1]), Markup("</strong>"), escape(text[m1:s1]),
        Markup("</mark>"), escape(text[s1:])))


templates.env.globals["highlighted_text"] = highlighted_text
