"""Credits: what the INDH fund notifies to the province, and how the division splits it (la répartition).

A notification is never changed: a correction is a new entry with a signed amount that points to the one it corrects,
so the sum of a year's entries is what was notified, and the history keeps every step. The split of a year's credits
by programme and budget line is versioned: version 1 goes to the DBM; a change after transmission is a new version,
and the DBM reads what changed between the two. The sum per programme never exceeds what was notified for it (the
services check it under the fiscal year's row lock; a database constraint cannot see across the two tables).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped
from projects.models.projects import MONEY

SIGNED_MONEY = {"max_digits": 16, "decimal_places": 2}


@audited()
class CreditNotification(Timestamped):
    class Source(models.TextChoices):
        FUND = "fonds", _("Fonds de soutien à l'INDH")
        PARTNER = "partenaire", _("Partenaire")
        OTHER = "autre", _("Autre")

    fiscal_year = models.ForeignKey(
        "das.FiscalYear", on_delete=models.PROTECT, related_name="credit_notifications", verbose_name=_("exercice")
    )
    programme = models.ForeignKey(
        "das.Programme", on_delete=models.PROTECT, related_name="credit_notifications", verbose_name=_("programme")
    )
    amount = models.DecimalField(
        _("montant (DH)"), help_text=_("Négatif pour une correction à la baisse."), **SIGNED_MONEY
    )
    reference = models.CharField(_("référence de la notification"), max_length=60)
    notified_on = models.DateField(_("notifiée le"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.FUND)
    partner = models.ForeignKey(
        "das.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partenaire"),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrige la notification"),
    )
    note = models.TextField(_("observations"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saisie par")
    )

    class Meta:
        verbose_name = _("notification de crédits")
        verbose_name_plural = _("notifications de crédits")
        ordering = ["-fiscal_year__year", "notified_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(amount=0),
                name="credit_notification_amount_not_zero",
                violation_error_message=_("Le montant ne peut pas être nul."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0) | models.Q(corrects__isnull=False),
                name="credit_notification_negative_only_as_correction",
                violation_error_message=_("Un montant négatif n'est possible que pour une correction."),
            ),
            models.CheckConstraint(
                condition=~models.Q(source="partenaire") | models.Q(partner__isnull=False),
                name="credit_notification_partner_source_names_partner",
                violation_error_message=_("Indiquez le partenaire qui notifie ces crédits."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.programme.code} ({self.fiscal_year})"

    def get_absolute_url(self):
        return reverse("projects:credit_notification_detail", args=[self.pk])

    @property
    def phase(self):
        return self.programme.phase


@audited()
class CreditAllocation(Timestamped):
    """One version of a year's répartition: a grid of programmes × budget lines."""

    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        VALIDATED = "validee", _("Validée par le chef")
        TRANSMITTED = "transmise", _("Transmise à la DBM")
        ACKNOWLEDGED = "accusee", _("Accusée de réception par la DBM")

    OPEN = (Status.DRAFT, Status.VALIDATED)
    SENT = (Status.TRANSMITTED, Status.ACKNOWLEDGED)

    fiscal_year = models.ForeignKey(
        "das.FiscalYear", on_delete=models.PROTECT, related_name="credit_allocations", verbose_name=_("exercice")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version précédente"),
    )
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("objet de la version"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("préparée par")
    )
    validated_at = models.DateTimeField(_("validée le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validée par"),
    )
    transmittal_number = models.CharField(_("bordereau d'envoi n°"), max_length=40, blank=True)
    transmitted_on = models.DateField(_("transmise à la DBM le"), null=True, blank=True)
    transmitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transmise par"),
    )
    acknowledged_on = models.DateField(_("accusée de réception le"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accusée par"),
    )
    acknowledgement_note = models.TextField(_("observations de la DBM"), blank=True)
    # The CPDH may approve a répartition through an agenda item (projects.agenda, kind « repartition »).
    cpdh_decision = models.ForeignKey(
        "committees.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décision du CPDH"),
    )

    class Meta:
        verbose_name = _("répartition des crédits")
        verbose_name_plural = _("répartitions des crédits")
        ordering = ["-fiscal_year__year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "number"], name="credit_allocation_unique_version"),
            # One version being prepared at a time for a year: the next starts once this one has gone to the DBM.
            models.UniqueConstraint(
                fields=["fiscal_year"],
                condition=models.Q(status__in=["brouillon", "validee"]),
                name="credit_allocation_one_open_version",
                violation_error_message=_("Une version de la répartition est déjà en préparation pour cet exercice."),
            ),
        ]

    def __str__(self):
        return _("Répartition %(year)s – version %(number)s") % {"year": self.fiscal_year, "number": self.number}

    def get_absolute_url(self):
        return reverse("projects:credit_allocation_detail", args=[self.pk])


@audited()
class AllocationLine(models.Model):
    allocation = models.ForeignKey(CreditAllocation, on_delete=models.CASCADE, related_name="lines")
    programme = models.ForeignKey("das.Programme", on_delete=models.PROTECT, related_name="+")
    budget_line = models.ForeignKey("das.BudgetLine", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("montant (DH)"), **MONEY)

    class Meta:
        verbose_name = _("ligne de répartition")
        verbose_name_plural = _("lignes de répartition")
        ordering = ["programme__code", "budget_line__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "programme", "budget_line"], name="allocation_line_unique_cell"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="allocation_line_amount_not_negative"),
        ]
