"""Training records of the followup area that have a page, a history and attachments (das.records)."""
