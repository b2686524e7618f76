"""Communication records of the requests area that have a page, a history and attachments (das.records)."""
