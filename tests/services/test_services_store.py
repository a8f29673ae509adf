"""The SQL store on its own: migrations, the compact offset map, and idempotent saving of stage outputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from shared.db.models import Batch, CleanedText, Document, MetricRow, PartRow, SectionRow
from shared.db.offsets import decode_offsets, encode_offsets
from shared.db.results import load_clean_text, load_outline, save_clean_text, save_metrics, save_outline
from shared.db.session import get_engine, session_scope
from shared.document import CleanText, Metric, Outline, Part, Section


@pytest.mark.parametrize(
    "offsets",
    [
        pytest.param((0,), id="empty-text"),
        pytest.param(tuple(range(11)), id="nothing-removed"),
        pytest.param((0, 1, 2, 9, 10, 11, 30), id="a-line-removed"),
        pytest.param((3, 3, 4, 8), id="one-raw-char-expanded-to-two"),
        pytest.param((5, 4, 6, 7), id="reordered"),
    ],
)
def test_offset_map_round_trips(offsets):
    runs, raw_length = encode_offsets(offsets)
    assert decode_offsets(runs, raw_length) == offsets


def test_offset_map_of_a_cleaned_report_is_compact():
    # a typical cleaning: long kept stretches between a few removed lines
    offsets = (*range(0, 5000), *range(5200, 9000), *range(9100, 20000), 20050)
    runs, _ = encode_offsets(offsets)
    assert len(runs) == 3


def _document(session, name: str = "a.txt") -> str:
    batch = Batch()
    document = Document(batch=batch, filename=name, sha256="0" * 64, size=1, status="processing")
    session.add_all([batch, document])
    session.flush()
    return document.id


def _counts(document_id: str) -> dict[str, int]:
    with session_scope() as session:
        return {m.__tablename__: session.scalar(select(func.count()).select_from(m).where(m.document_id == document_id))
                for m in (CleanedText, SectionRow, PartRow, MetricRow)}


CLEAN = CleanText("一、成绩\n投资5亿元", (0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 16))
OUTLINE = Outline(sections=[Section(level=1, title="一、成绩", kind="review", start=0, end=10, part=1)],
                  parts=[Part(title="甲县报告", start=0, end=10)])
METRICS = [Metric(name="投资", value=5e8, unit="元", year=2023, section="一、成绩", text="投资5亿元", start=10, end=15),
           Metric(name="增长", value=None, unit="%", placeholder=True, kind="target", change="增长")]


def test_saving_a_stage_again_replaces_its_rows(service_env):
    with session_scope() as session:
        document_id = _document(session)
    for _ in range(2):
        with session_scope() as session:
            save_clean_text(session, document_id, CLEAN)
            save_outline(session, document_id, OUTLINE)
            save_metrics(session, document_id, METRICS)
    assert _counts(document_id) == {"cleaned_texts": 1, "sections": 1, "parts": 1, "metrics": 2}
    with session_scope() as session:
        assert load_clean_text(session, document_id) == CLEAN
        assert load_outline(session, document_id) == OUTLINE
        rows = session.scalars(select(MetricRow).where(MetricRow.document_id == document_id)
                               .order_by(MetricRow.position)).all()
        assert [Metric(**{f: getattr(r, f) for f in Metric.__dataclass_fields__}) for r in rows] == METRICS


def test_migrations_build_the_schema_the_models_describe(service_env):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from shared.db.models import Base

    with get_engine().connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_migrate_command_creates_the_schema_and_is_repeatable(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    cli = Path(sys.executable).with_name("reportflow")
    env = {**os.environ, "REPORTFLOW_DATABASE_URL": url}
    for _ in range(2):
        subprocess.run([str(cli), "migrate"], env=env, cwd=tmp_path, check=True, capture_output=True)
    tables = set(inspect(get_engine(url)).get_table_names())
    get_engine(url).dispose()
    assert {"batches", "documents", "stage_runs", "cleaned_texts", "sections", "parts", "metrics"} <= tables
