"""Audit trail storage: pghistory event tables share this base, whose rows are chained by hash.

The chain is written by database triggers (das.audit.CHAIN_FUNCTIONS_SQL) so that changes made by
queryset.update(), raw SQL or psql are chained exactly like those made through the ORM.
"""

import pghistory.models
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from das.audit import audited


class ChainedEvent(pghistory.models.Event):
    pgh_seq = models.BigIntegerField(null=True, editable=False, db_index=True)
    pgh_prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    pgh_hash = models.CharField(max_length=64, blank=True, editable=False)
    pgh_body = models.JSONField(null=True, editable=False)  # the hashed copy of the entry (das.audit)

    class Meta:
        abstract = True


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
