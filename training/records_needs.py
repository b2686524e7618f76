"""Training records of the needs area that have a page, a history and attachments (das.records)."""
