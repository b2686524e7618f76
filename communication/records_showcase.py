"""Communication records of the showcase area that have a page, a history and attachments (das.records)."""
