"""A report's metadata as shown everywhere: what the section stage found, overridden by the user's corrections.

The found values (DocumentMetadata) are replaced whenever the section stage runs again; the corrections
(MetadataCorrection) are never touched by the pipeline, so a correction survives reprocessing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.chinese import LEVEL_ALIASES, LEVEL_NAMES, LEVELS
from shared.db.models import METADATA_FIELDS, METADATA_INT_FIELDS, DocumentMetadata, MetadataCorrection

PLACE_FIELDS = ("province", "city", "county", "town")
_LEVEL_CODES = {**{name: code for code, name in LEVEL_NAMES.items()}, **LEVEL_ALIASES, **{c: c for c in LEVELS}}


def level_code(value: str | None) -> str | None:
    """The stored level (``town``) for what a user types: the code itself, its Chinese name (乡镇) or an alias
    (镇, 县级); anything else unchanged (a filter on it then finds nothing, a correction keeps it as given)."""
    if value is None:
        return None
    return _LEVEL_CODES.get(value.strip().lower() if value.isascii() else value.strip(), value)


@dataclass(frozen=True)
class MetadataView:
    values: dict[str, str | int | None]  # every field, corrections applied
    found: dict[str, str | int | None]  # what the section stage found
    corrected: dict[str, str | int | None]  # the user's corrections only

    def place(self) -> str:
        return "".join(str(self.values[f]) for f in PLACE_FIELDS if self.values.get(f))


def _found_dict(row: DocumentMetadata | None) -> dict:
    return {field: getattr(row, field) if row is not None else None for field in METADATA_FIELDS}


def metadata_views(session: Session, document_ids: Iterable[str]) -> dict[str, MetadataView]:
    ids = list(dict.fromkeys(document_ids))
    found: dict[str, DocumentMetadata] = {}
    corrections: dict[str, dict] = {}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):  # within every backend's parameter limit
        found.update((row.document_id, row) for row in session.scalars(
            select(DocumentMetadata).where(DocumentMetadata.document_id.in_(chunk))))
        corrections.update((row.document_id, row.fields or {}) for row in session.scalars(
            select(MetadataCorrection).where(MetadataCorrection.document_id.in_(chunk))))
    views = {}
    for document_id in ids:
        base = _found_dict(found.get(document_id))
        corrected = {k: v for k, v in corrections.get(document_id, {}).items() if k in METADATA_FIELDS}
        views[document_id] = MetadataView({**base, **corrected}, base, corrected)
    return views


def metadata_view(session: Session, document_id: str) -> MetadataView:
    return metadata_views(session, [document_id])[document_id]


class BadCorrection(ValueError):
    """A correction names an unknown field or gives a value of the wrong type (HTTP 422)."""


def normalised_correction(changes: dict) -> dict:
    """Check a correction: known fields only, the year an integer, other values short strings; "" → null."""
    clean = {}
    for field, value in changes.items():
        if field not in METADATA_FIELDS:
            raise BadCorrection(f"unknown metadata field {field!r}; known: {', '.join(METADATA_FIELDS)}")
        if isinstance(value, str):
            value = value.strip() or None
        if value is not None and field in METADATA_INT_FIELDS:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise BadCorrection(f"{field} must be a whole number, not {value!r}") from None
            if not 1900 <= value <= 2200:
                raise BadCorrection(f"{field} {value} is not a plausible year")
        elif value is not None and (not isinstance(value, str) or len(value) > 256):
            raise BadCorrection(f"{field} must be text of at most 256 characters")
        clean[field] = level_code(value) if field == "level" else value
    return clean


def correct_metadata(session: Session, document_id: str, changes: dict, reset: Iterable[str] = ()) -> MetadataView:
    """Keep the user's corrections (merged into earlier ones); ``reset`` fields go back to the found value."""
    changes = normalised_correction(changes)
    unknown = [field for field in reset if field not in METADATA_FIELDS]
    if unknown:
        raise BadCorrection(f"unknown metadata field {unknown[0]!r}")
    row = session.get(MetadataCorrection, document_id)
    if row is None:
        row = MetadataCorrection(document_id=document_id, fields={})
        session.add(row)
    merged = {**(row.fields or {}), **changes}
    for field in reset:
        merged.pop(field, None)
    row.fields = merged  # a new dict, so the JSON column is seen as changed
    session.flush()
    return metadata_view(session, document_id)


@dataclass(frozen=True)
class MetadataFilter:
    """Filters on the metadata, as the lists, exports and the pivot take them (None: any)."""

    level: str | None = None
    place: str | None = None  # a part of the place or issuer's name (乡镇, 县, 市 …)
    year: int | None = None
    report_type: str | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.level, self.place, self.year, self.report_type))

    def accepts(self, values: dict) -> bool:
        if self.level is not None and values.get("level") != level_code(self.level):
            return False
        if self.year is not None and values.get("year") != self.year:
            return False
        if self.report_type is not None and values.get("report_type") != self.report_type:
            return False
        if self.place is not None:
            where = " ".join(str(values.get(f) or "") for f in (*PLACE_FIELDS, "issuer"))
            if self.place not in where:
                return False
        return True
