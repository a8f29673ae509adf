"""`reportflow migrate` and `reportflow reconcile`: the database schema and the reconciler loop."""

from __future__ import annotations

from typing import Annotated

import typer

from services.cli.root import app


@app.command()
def migrate(
    wait: Annotated[float, typer.Option(min=0, help="Seconds to keep retrying while the database does not "
                                                    "accept connections yet (e.g. a container still starting).")]
    = 0,
) -> None:
    """Create or upgrade the database schema (REPORTFLOW_DATABASE_URL) to the latest revision."""
    from shared.db.migrate import upgrade, wait_for_database

    wait_for_database(wait)
    upgrade()
    typer.echo("database schema is up to date")


@app.command()
def reconcile(
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
) -> None:
    """Queue again the documents in flight that no worker and no message account for (every
    REPORTFLOW_RECONCILE_INTERVAL seconds; several replicas share the work through a leader lease)."""
    import logging

    from shared.reconciler import holder_id, reconcile_once, run_forever

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if once:
        result = reconcile_once(holder_id())
        typer.echo(f"leader={result.leader} requeued={len(result.requeued)} dead={len(result.dead)}"
                   + (f" error={result.error}" if result.error else ""))
        return
    run_forever()
