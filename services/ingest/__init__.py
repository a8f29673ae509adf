"""Ingest service: the HTTP API that stores uploads and queues their processing."""
