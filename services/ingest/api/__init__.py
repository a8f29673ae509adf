"""HTTP layer of the ingest service: dependencies, schemas, error handlers and routes."""
