"""The SQL store: typed models, lazily built sessions, Alembic migrations."""
