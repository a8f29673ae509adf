"""Code every reportflow service shares: errors, document types, settings, storage, database, queue."""
