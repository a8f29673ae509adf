"""reportflow's services: ingest (HTTP API), parse (clean, section) and extract (metrics)."""
