"""The stage table (shared.stages) is the one statement of the pipeline: everything else agrees with it."""

from __future__ import annotations

import pytest

from shared import stages, transitions
from shared.db.models import Base, Document, Status
from shared.queue import TASK_ROUTES, app


def test_every_stage_task_is_registered_by_its_module_and_routed_to_its_queue():
    app.loader.import_default_modules()
    for spec in stages.PIPELINE:
        assert spec.task in app.tasks, spec
        assert app.tasks[spec.task].__module__ == spec.module
        assert TASK_ROUTES[spec.task] == {"queue": spec.queue}
    assert stages.stage_of_task("reportflow.section") == stages.Stage.SECTION


def test_the_chain_is_linear_and_outputs_are_tables():
    assert [s.next for s in stages.PIPELINE] == [*stages.STAGES[1:], None]
    for spec in stages.PIPELINE:
        assert all(table in Base.metadata.tables for table in spec.outputs)
        assert all("document_id" in Base.metadata.tables[t].c for t in spec.outputs)
    assert stages.outputs_from("section") == ("sections", "parts", "document_metadata", "metrics")


def _document(status: Status | None = None) -> Document:
    return Document(id="d", status=status)


def test_transitions_follow_the_table():
    document = _document()
    transitions.accepted(document, stages.FIRST_STAGE)
    transitions.started(document, stages.Stage.CLEAN)
    transitions.advanced(document, stages.Stage.SECTION)
    assert (document.status, document.stage) == (Status.PROCESSING, stages.Stage.SECTION)
    transitions.advanced(document, None)
    assert (document.status, document.stage) == (Status.DONE, None)
    with pytest.raises(transitions.InvalidTransition):
        transitions.started(document, stages.Stage.CLEAN)
    # a late failure does not overwrite a final status
    assert transitions.failed(document, stages.Stage.EXTRACT, "late") is False
    assert document.status == Status.DONE
    transitions.queued(document, stages.Stage.EXTRACT)
    assert transitions.dead(document, stages.Stage.EXTRACT, "lost") is True
    assert (document.status, document.error) == (Status.DEAD, "lost")


def test_a_rejected_document_never_moves_again():
    document = _document()
    transitions.rejected(document, "empty")
    with pytest.raises(transitions.InvalidTransition):
        transitions.queued(document, stages.FIRST_STAGE)


def test_cancel_takes_its_sources_from_the_table():
    # in-flight documents only: a finished, rejected or duplicate one keeps its status
    assert transitions.sources_of(Status.CANCELLED) == {Status.QUEUED, Status.PROCESSING}
    assert transitions.sources_of(Status.DUPLICATE) == frozenset()
