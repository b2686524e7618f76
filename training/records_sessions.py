"""Training records of the sessions area that have a page, a history and attachments (das.records)."""
