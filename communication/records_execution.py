"""Communication records of the execution area that have a page, a history and attachments (das.records)."""
