"""Uploads of the dev reports with new bytes (other tests on the same servers upload the originals)."""

from __future__ import annotations

import secrets

from services_testkit import REPORTS


def unique_dev_reports() -> list[tuple[str, bytes]]:
    def marked(name: str) -> bytes:
        marker = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(12))
        return (REPORTS / name).read_bytes() + f"\n附：测试标记 {marker}\n".encode()

    return [(path.name, marked(path.name)) for path in sorted(REPORTS.glob("*.txt"))]


def metric_rows(database_url: str, document_ids: list[str]) -> dict[int, tuple]:
    """metric id → (document id, row) straight from the database: the expected side of the tests."""
    from sqlalchemy import select

    from shared.db.models import MetricRow
    from shared.db.session import session_scope

    with session_scope(database_url) as session:
        rows = session.scalars(select(MetricRow).where(MetricRow.document_id.in_(document_ids))).all()
        session.expunge_all()
    return {row.id: row for row in rows}
