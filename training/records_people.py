"""Training records of the people area that have a page, a history and attachments (das.records)."""
