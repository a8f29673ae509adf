"""API tokens: created (shown once) and revoked by `reportflow token`, stored as their SHA-256.

Tokens are 256 random bits, so a plain SHA-256 is enough to keep a stolen database from yielding usable tokens
(a slow password hash guards low-entropy secrets, which these are not).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from shared.db.models import ApiToken, utcnow
from shared.errors import ReportflowError

PREFIX = "rf_"


class TokenError(ReportflowError):
    """No such token, or it cannot be created as asked."""


@dataclass(frozen=True)
class Created:
    id: str
    name: str
    token: str  # the only time it is seen


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create(session: Session, name: str) -> Created:
    name = name.strip()
    if not name or len(name) > 128:
        raise TokenError("a token needs a name of 1 to 128 characters")
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(name=name, token_hash=digest(token))
    session.add(row)
    session.flush()
    return Created(row.id, name, token)


def revoke(session: Session, id_or_name: str) -> list[str]:
    rows = session.scalars(select(ApiToken).where(
        or_(ApiToken.id == id_or_name, ApiToken.name == id_or_name), ApiToken.revoked_at.is_(None))).all()
    if not rows:
        raise TokenError(f"no active token with id or name {id_or_name!r}")
    for row in rows:
        row.revoked_at = utcnow()
    return [row.id for row in rows]


def verify(session: Session, token: str) -> ApiToken | None:
    """The active token row for ``token``, or None."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(token)))
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.token_hash, digest(token)):
        return None
    return row


def active(session: Session, token_id: str) -> bool:
    row = session.get(ApiToken, token_id)
    return row is not None and row.revoked_at is None


def listing(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.created_at)))
