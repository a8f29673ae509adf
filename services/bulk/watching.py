"""Wait for uploaded batches to finish: the live view of ``reportflow watch`` (services.watch), or, if that
cannot follow the batch, polling GET /v1/batches/{id} with the same bars (documents, then each stage)."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from services.bulk.client import Api
from shared.stages import STAGE_NAMES as STAGES

POLL_SECONDS = 1.0
NOT_PROCESSED = ("rejected", "duplicate")


def stage_progress(documents: list[dict]) -> dict[str, tuple[int, int]]:
    """stage → (documents past it, documents that go through the pipeline)."""
    processed = [d for d in documents if d["status"] not in NOT_PROCESSED]
    result = {}
    for index, stage in enumerate(STAGES):
        passed = sum(1 for d in processed
                     if d["status"] == "done" or (d["stage"] in STAGES and STAGES.index(d["stage"]) > index))
        result[stage] = (passed, len(processed))
    return result


def poll_batches(api: Api, batch_ids: list[str], console: Console) -> None:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        overall = progress.add_task("[bold]processed", total=None)
        stages = {stage: progress.add_task(f"  {stage}", total=None) for stage in STAGES}
        while True:
            batches = [api.batch(batch_id) for batch_id in batch_ids]
            documents = [d for batch in batches for d in batch["documents"]]
            finished = sum(1 for d in documents if d["status"] not in ("queued", "processing"))
            progress.update(overall, completed=finished, total=len(documents))
            for stage, (passed, total) in stage_progress(documents).items():
                progress.update(stages[stage], completed=passed, total=total)
            if all(batch["progress"] >= 1.0 for batch in batches):
                return
            time.sleep(POLL_SECONDS)


def wait_for_batches(api: Api, batch_ids: list[str], console: Console) -> None:
    try:
        from services.watch import watch_batch
    except ImportError:  # the live view is optional: polling shows the same
        watch_batch = None
    unfollowed = []
    for batch_id in batch_ids:
        # watch_batch answers 2 when it cannot follow the stream; polling then takes over for that batch
        if watch_batch is None or watch_batch(batch_id, api.base_url, console) == 2:
            unfollowed.append(batch_id)
    if unfollowed:
        poll_batches(api, unfollowed, console)
