"""The province's file for a meeting of the CRDH (comité régional de développement humain).

The dossier belongs to one CRDH meeting of the committees app. Its programming and progress figures are not stored:
they are read from the live project data each time the page, the PDF or the Excel file is produced
(coordination.crdh_selectors). What the province asks the CRDH (requests) is stored; each request goes on the CRDH
meeting's agenda (agenda kind « demande_crdh », coordination/agenda.py) and the CRDH's decision on it is recorded and
followed through the committees app, like a CPDH decision.

brouillon → validé par le chef → transmis à la région; the chef may send a validated dossier back to the draft, and
the service may take a transmitted one back with a reason until the meeting is held (coordination.services.crdh).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination.models.common import MONEY
from das.audit import audited
from das.models.base import Timestamped


@audited()
class CrdhDossier(Timestamped):
    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        VALIDATED = "valide", _("Validé par le chef")
        SENT = "transmis", _("Transmis à la région")

    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    meeting = models.OneToOneField(
        "committees.Meeting",
        on_delete=models.PROTECT,
        related_name="crdh_dossier",
        verbose_name=_("réunion du CRDH"),
    )
    year = models.PositiveSmallIntegerField(_("année de programmation"))
    title = models.CharField(_("intitulé"), max_length=255)
    introduction = models.TextField(_("note de présentation"), blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("préparé par")
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validé par"),
    )
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("transmis le"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transmis par"),
    )
    reopen_reason = models.TextField(_("motif de la reprise en brouillon"), blank=True)

    class Meta:
        verbose_name = _("dossier de la province pour le CRDH")
        verbose_name_plural = _("dossiers de la province pour le CRDH")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self):
        return reverse("coordination:crdh_detail", args=[self.pk])


@audited()
class CrdhRequest(Timestamped):
    """What the province asks the CRDH: to validate its programming, complementary credits, a reallocation…"""

    class Kind(models.TextChoices):
        PROGRAMMING = "programmation", _("Validation de la programmation")
        CREDITS = "credits", _("Crédits complémentaires")
        REALLOCATION = "reaffectation", _("Réaffectation de crédits")
        DEROGATION = "derogation", _("Dérogation")
        ARBITRATION = "arbitrage", _("Arbitrage")
        OTHER = "autre", _("Autre demande")

    dossier = models.ForeignKey(CrdhDossier, on_delete=models.PROTECT, related_name="requests")
    position = models.PositiveSmallIntegerField(_("rang"))
    kind = models.CharField(_("nature"), max_length=14, choices=Kind.choices)
    subject = models.CharField(_("objet"), max_length=255)
    justification = models.TextField(_("justification"))
    amount = models.DecimalField(_("montant demandé (DH)"), null=True, blank=True, **MONEY)
    programme = models.ForeignKey(
        "das.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="crdh_requests", verbose_name=_("projets concernés")
    )
    # Set by the CRDH's decision (coordination/agenda.py), through the committees app's decision service.
    decision = models.OneToOneField(
        "committees.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="crdh_request",
        verbose_name=_("décision du CRDH"),
    )

    class Meta:
        verbose_name = _("demande de la province au CRDH")
        verbose_name_plural = _("demandes de la province au CRDH")
        ordering = ["dossier", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "position"], name="coordination_crdh_request_position"),
        ]

    def __str__(self):
        return f"{self.dossier.reference} / {self.position} – {self.subject}"

    def get_absolute_url(self):
        return reverse("coordination:crdh_request_detail", args=[self.pk])
