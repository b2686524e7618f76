"""Coordination records of the provinces area with a page, a history and attachments (das.records), and the
area's place on the service's space (coordination.space)."""
