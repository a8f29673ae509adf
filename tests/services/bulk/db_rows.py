"""What the database holds for a batch, read directly with SQLAlchemy: the expected side of the API tests."""

from __future__ import annotations

from sqlalchemy import select

from shared.db.models import Document, MetricRow, SectionRow, Status
from shared.db.session import session_scope


def batch_metric_rows(database_url: str, batch_id: str) -> list[tuple[Document, MetricRow]]:
    """(batch document, metric row) in upload order then document order; a duplicate gets its original's."""
    with session_scope(database_url) as session:
        documents = session.scalars(select(Document).where(Document.batch_id == batch_id)
                                    .order_by(Document.created_at, Document.id)).all()
        rows = []
        for document in documents:
            source = document.duplicate_of if document.status == Status.DUPLICATE else document.id
            metrics = session.scalars(select(MetricRow).where(MetricRow.document_id == source)
                                      .order_by(MetricRow.position)).all()
            rows.extend((document, metric) for metric in metrics)
        session.expunge_all()
        return rows


def all_metric_rows(database_url: str) -> list[tuple[Document, MetricRow]]:
    with session_scope(database_url) as session:
        rows = session.execute(select(Document, MetricRow).join(MetricRow, MetricRow.document_id == Document.id)
                               .order_by(Document.created_at, Document.id, MetricRow.position)).all()
        session.expunge_all()
        return [tuple(row) for row in rows]


def section_titles(database_url: str, document_id: str) -> list[tuple[int, str]]:
    with session_scope(database_url) as session:
        return [tuple(row) for row in session.execute(
            select(SectionRow.level, SectionRow.title).where(SectionRow.document_id == document_id)
            .order_by(SectionRow.position)).all()]


def metadata_values(database_url: str, document_id: str) -> dict:
    """The document's metadata as shown: found by the section stage, with the user's corrections over it."""
    from shared.db.metadata import metadata_view

    with session_scope(database_url) as session:
        return metadata_view(session, document_id).values
