"""Client side of bulk work: ``reportflow upload`` (directories, .zip archives, resumable) and ``reportflow export``."""
