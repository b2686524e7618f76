"""Audit trail storage: pghistory event tables share this base, whose rows are chained by hash.

The chain is written by database triggers (das.audit.CHAIN_FUNCTIONS_SQL) so that changes made by
queryset.update(), raw SQL or psql are chained exactly like those made through the ORM.
"""

import pghistory.models
from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from das.audit import audited


class ChainedEvent(pghistory.models.Event):
    pgh_seq = models.BigIntegerField(null=True, editable=False, db_index=True)
    pgh_prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    pgh_hash = models.CharField(max_length=64, blank=True, editable=False)
    pgh_body = models.JSONField(null=True, editable=False)  # the hashed copy of the entry (das.audit)

    class Meta:
        abstract = True


class JournalEntry(models.Model):
    """The journal's single table: one row per audit entry, copied by a trigger (das.audit.JOURNAL_FUNCTION_SQL) in
    the transaction that writes the entry, with the record's data and its diff to the record's previous entry, so
    the journal and the history pages read one indexed table instead of the union of every event table.

    A copy for reading: the chain (ChainedEvent) stays the proof. The field names are pghistory's aggregate ones
    (pghistory.models.MiddlewareEvents), which the pages, filters and exports read."""

    event_table = models.CharField(max_length=63, editable=False)  # the event table, and pgh_id the row in it
    pgh_id = models.BigIntegerField(editable=False)
    pgh_created_at = models.DateTimeField(_("date"), editable=False)
    pgh_label = models.CharField(_("opération"), max_length=32, editable=False)
    pgh_obj_model = models.CharField(_("type de fiche"), max_length=64, editable=False)
    pgh_obj_id = models.TextField(_("fiche"), null=True, editable=False)
    pgh_data = models.JSONField(editable=False)
    pgh_diff = models.JSONField(null=True, editable=False)
    pgh_context = models.JSONField(null=True, editable=False)
    # The context's user, as a key the journal filters and joins on (no constraint: an entry outlives anything).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("utilisateur"),
    )

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("entrées du journal")
        ordering = ["-pgh_created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event_table", "pgh_id"], name="journal_entry_unique_event")]
        indexes = [
            # The journal's order, and the same order within each filter it offers.
            models.Index(F("pgh_created_at").desc(), F("id").desc(), name="journal_entry_date"),
            models.Index("pgh_obj_model", F("pgh_created_at").desc(), F("id").desc(), name="journal_entry_model"),
            models.Index("user", F("pgh_created_at").desc(), F("id").desc(), name="journal_entry_user"),
            models.Index("pgh_label", F("pgh_created_at").desc(), F("id").desc(), name="journal_entry_label"),
            # One record's history, and the previous entry the trigger diffs against.
            models.Index("pgh_obj_model", "pgh_obj_id", "pgh_id", name="journal_entry_record"),
        ]


class AuditChainHead(models.Model):
    """One row: the sequence number and hash of the newest journal entry."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("tête de la chaîne du journal")


@audited()
class DownloadRecord(models.Model):
    """Who took which official document or export, and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="downloads")
    downloaded_at = models.DateTimeField(_("téléchargé le"), auto_now_add=True)
    kind = models.CharField(_("type"), max_length=40)
    file_name = models.CharField(_("fichier"), max_length=255)
    source = models.CharField(_("page"), max_length=500)

    class Meta:
        verbose_name = _("téléchargement")
        ordering = ["-downloaded_at"]

    def __str__(self):
        return f"{self.file_name} ({self.user})"
