"""Avenants (amendments) of a signed convention: they change the parties' contributions (hence the INDH
contribution, the ceiling of the payments), the duration or the tranche schedule, and follow the convention's
signature path (brouillon → validé → transmis au Cabinet → signé, or retourné with observations).

An avenant is drafted as a full proposal copied from the convention (cost, duration, each party's contribution,
each tranche); what differs from the convention at signature is applied to it and frozen in ``changes`` (before →
after), so the convention's page and the history say what each avenant changed.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped
from projects.models.conventions import Convention, ConventionParty
from projects.models.projects import MONEY

OPEN_STATUSES = ("brouillon", "valide", "transmis")


@audited()
class Amendment(Timestamped):
    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        VALIDATED = "valide", _("Validé par le chef")
        TRANSMITTED = "transmis", _("Transmis au Cabinet")
        SIGNED = "signe", _("Signé")
        ABANDONED = "abandonne", _("Abandonné")

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("convention")
    )
    number = models.PositiveSmallIntegerField(_("numéro d'ordre"))
    reference = models.CharField(_("numéro"), max_length=50, unique=True)
    reason = models.TextField(_("objet et motif de l'avenant"))
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # The proposal: the project's cost and duration after the avenant (the parties are in AmendmentParty, the
    # schedule in AmendmentTranche).
    cost = models.DecimalField(_("coût du projet après l'avenant (DH)"), **MONEY)
    duration_months = models.PositiveSmallIntegerField(
        _("durée après l'avenant (mois)"), validators=[MinValueValidator(1)]
    )
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validé par"),
    )
    transmitted_at = models.DateTimeField(_("transmis au Cabinet le"), null=True, blank=True)
    signed_on = models.DateField(_("signé le"), null=True, blank=True)
    signed_scan = models.ForeignKey(
        "das.Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avenant signé (scan)"),
    )
    abandoned_at = models.DateTimeField(_("abandonné le"), null=True, blank=True)
    # What the signature changed on the convention: [{"item": "cost"|"duration"|"party"|"tranche", "label": …,
    # "before": …, "after": …}], values as strings (Decimal kept exact); empty until the signature.
    changes = models.JSONField(_("modifications appliquées"), default=list, blank=True)

    class Meta:
        verbose_name = _("avenant")
        verbose_name_plural = _("avenants")
        ordering = ["convention", "number"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "number"], name="amendment_number_unique"),
            # One avenant under way per convention: the next one starts from what the previous one signed.
            models.UniqueConstraint(
                fields=["convention"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="amendment_one_open_per_convention",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("projects:amendment_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@audited()
class AmendmentParty(models.Model):
    """A party's contribution after the avenant."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="parties")
    party = models.ForeignKey(ConventionParty, on_delete=models.CASCADE, related_name="+", verbose_name=_("partie"))
    contribution = models.DecimalField(_("contribution après l'avenant (DH)"), **MONEY)

    class Meta:
        verbose_name = _("contribution proposée par l'avenant")
        ordering = ["party__position", "party_id"]
        constraints = [models.UniqueConstraint(fields=["amendment", "party"], name="amendment_party_unique")]


@audited()
class AmendmentTranche(models.Model):
    """A tranche of the schedule after the avenant (numbered as the convention's tranches)."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("numéro"))
    amount = models.DecimalField(_("montant (DH)"), **MONEY)
    conditions = models.TextField(_("conditions de déblocage"), blank=True)
    due_on = models.DateField(_("échéance prévue le"), null=True, blank=True)
    progress_threshold = models.PositiveSmallIntegerField(
        _("seuil d'avancement physique (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("tranche proposée par l'avenant")
        ordering = ["amendment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["amendment", "number"], name="amendment_tranche_number_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="amendment_tranche_amount_positive"),
        ]


@audited()
class AmendmentReturn(models.Model):
    """The Governor's office sent the avenant back to draft with observations; they stay on the record."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="returns")
    returned_at = models.DateTimeField(_("retourné le"), auto_now_add=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("par")
    )
    observations = models.TextField(_("observations"))

    class Meta:
        verbose_name = _("retour du Cabinet sur un avenant")
        verbose_name_plural = _("retours du Cabinet sur les avenants")
        ordering = ["-returned_at", "-pk"]
