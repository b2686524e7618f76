"""Official reports archived when they are generated for sending (rapport mensuel, trimestriel, suivi trimestriel
des ILDH, rapport semestriel des ILDH, bilan annuel): the very file that was sent, with its parameters, who asked for
it and when. A report generated for sending is prepared in the background; the row carries its progress."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportArchive(models.Model):
    class Kind(models.TextChoices):
        MONTHLY = "mensuel", _("Rapport mensuel")
        QUARTERLY = "trimestriel", _("Rapport trimestriel")
        ILDH_QUARTERLY = "ildh_trimestriel", _("Suivi trimestriel des ILDH")
        ILDH_HALF_YEARLY = "ildh_semestriel", _("Rapport semestriel d'avancement des ILDH")
        ANNUAL = "bilan_annuel", _("Bilan annuel")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    class Status(models.TextChoices):
        PENDING = "en_attente", _("En attente")
        RUNNING = "en_cours", _("En préparation")
        READY = "pret", _("Prêt")
        FAILED = "echec", _("Échec")

    kind = models.CharField(_("rapport"), max_length=20, choices=Kind.choices)
    period = models.CharField(_("période"), max_length=10, help_text=_("2026-T3, 2026-S1, 2026-07 ou 2026."))
    language = models.CharField(_("langue"), max_length=2, default="fr")
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    parameters = models.JSONField(_("paramètres"), default=dict, blank=True)
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    error = models.TextField(_("erreur"), blank=True)
    file = models.FileField(_("fichier"), upload_to="rapports/%Y/", max_length=255, blank=True)
    file_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), default=0)
    note = models.CharField(_("destinataire / observation"), max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("demandé par")
    )
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapport archivé")
        verbose_name_plural = _("rapports archivés")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["kind", "period"], name="report_archive_kind_period")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period} ({self.get_file_format_display()})"
