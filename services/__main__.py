"""`python -m services` runs the reportflow command line."""

from services.cli import app

app(prog_name="reportflow")
