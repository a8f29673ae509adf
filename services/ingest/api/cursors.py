"""Keyset cursors: where the next page of a listing starts, as an opaque string the client hands back.

A listing in upload order is keyed by (created_at, document id[, position in the document]); a page ends at the
key of its last row and the next one starts after it, so every page costs the same however deep it is (an
OFFSET makes the database walk and drop every earlier row). A cursor that cannot be read answers 422.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import HTTPException

from shared.db.models import as_utc

# An OFFSET page makes the database read and drop every row before it: at 100k documents a name search 1,000 rows
# in costs 29 ms on SQLite and 44 ms on PostgreSQL, 20,000 rows in 0.4 s and 0.7 s (bench/status_reads.py). So an
# offset deeper than this is refused with a pointer to `after`, which costs the same at any depth.
MAX_OFFSET = 200
LAST_POSITION = 2**31 - 1  # a position past the last metric of any document (the column is a 32-bit integer)


@dataclass(frozen=True)
class Key:
    created_at: datetime  # the document's upload time (UTC)
    document_id: str
    position: int = -1  # in a metric listing: the metric's place in its document (-1: before its first)

    def encode(self) -> str:
        raw = json.dumps([as_utc(self.created_at).isoformat(), self.document_id, self.position])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, name: str = "after") -> Key:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, document_id, position = json.loads(raw)
        created_at = datetime.fromisoformat(moment)
        if (not isinstance(document_id, str) or len(document_id) > 64 or type(position) is not int
                or not -1 <= position <= LAST_POSITION):
            raise ValueError
        created_at = created_at.replace(tzinfo=UTC) if created_at.tzinfo is None else created_at.astimezone(UTC)
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeDecodeError):
        raise HTTPException(422,
                            f"{name}: not a cursor this service handed out (use the `next` of a page)") from None
    return Key(created_at, document_id, position)


def refuse_deep_offset(offset: int) -> None:
    """422 for an offset page that starts more than MAX_OFFSET rows in."""
    if offset > MAX_OFFSET:
        raise HTTPException(422, f"an offset page starts at most {MAX_OFFSET} rows in (this one: {offset}); page "
                                 "on with `after` (the `next` of each page), which costs the same at any depth")
