"""Communication records of the library area that have a page, a history and attachments (das.records)."""
