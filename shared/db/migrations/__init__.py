"""Alembic migrations of the reportflow database (run with `reportflow migrate`)."""
