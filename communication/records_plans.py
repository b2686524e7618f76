"""Communication records of the plans area that have a page, a history and attachments (das.records)."""
