"""One module per resource: batches, documents, health."""
