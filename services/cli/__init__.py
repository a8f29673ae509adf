"""The `reportflow` command line: one module per command group, each command a thin wrapper over
services.cli.client (the one HTTP client of the ingest API) or over the local analysis core.

The entry point is ``services.cli:app``. Each module registers its commands on the app when imported, in the
order `reportflow --help` lists them.
"""

# isort: off
from services.cli import analyze, upload, watch, export, batches, actions, dev, admin, tokens  # noqa: F401
from services.cli.root import app

# isort: on

__all__ = ["app"]
