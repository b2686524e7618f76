"""Marchés publics of a project executed by a public maître d'ouvrage (commune, state service, public body).

The division does not run the procurement; it follows it: the dates people record (publication, opening of bids,
award, ordre de service, receptions) give the marché's status and its delays, computed rather than typed, so they
never disagree with the dates. The status depends on today (a publication announced for next week is not yet
"publié"), so it is computed, in Python for one marché (``state``) and in SQL for lists and alerts
(``projects.procurement_selectors``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped
from das.validators import validate_ice
from projects.models.projects import MONEY


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, on the last day of a shorter month (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@audited()
class Procurement(Timestamped):
    class Procedure(models.TextChoices):
        # Décret n° 2-12-349 (marchés publics) and the communes' own rules: the procedures a DAS sees.
        OPEN_TENDER = "aoo", _("Appel d'offres ouvert")
        RESTRICTED_TENDER = "aor", _("Appel d'offres restreint")
        PRESELECTION_TENDER = "ao_preselection", _("Appel d'offres avec présélection")
        CONTEST = "concours", _("Concours")
        NEGOTIATED = "negociee", _("Procédure négociée")
        ARCHITECTURAL = "consultation_architecturale", _("Consultation architecturale")
        PURCHASE_ORDER = "bon_commande", _("Bon de commande")

    class Status(models.TextChoices):
        PREPARING = "preparation", _("En préparation")
        PUBLISHED = "publie", _("Publié")
        BIDS_OPENED = "plis_ouverts", _("Plis ouverts")
        AWARDED = "attribue", _("Attribué")
        EXECUTING = "execution", _("En exécution")
        PROVISIONAL = "reception_provisoire", _("Réceptionné provisoirement")
        FINAL = "reception_definitive", _("Réceptionné définitivement")
        UNSUCCESSFUL = "infructueux", _("Infructueux")
        CANCELLED = "annule", _("Annulé")

    class Ending(models.TextChoices):
        NONE = "", _("—")
        UNSUCCESSFUL = "infructueux", _("Déclaré infructueux")
        CANCELLED = "annule", _("Annulé")

    class DurationUnit(models.TextChoices):
        MONTHS = "mois", _("mois")
        DAYS = "jours", _("jours")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="procurements", verbose_name=_("projet")
    )
    procedure = models.CharField(_("procédure"), max_length=30, choices=Procedure.choices)
    reference = models.CharField(
        _("référence du marché"),
        max_length=60,
        unique=True,
        error_messages={"unique": _("Un marché porte déjà cette référence.")},
        help_text=_("Le numéro donné par le maître d'ouvrage, par exemple 12/2025/CT."),
    )
    subject = models.TextField(_("objet"))
    contracting_authority = models.CharField(
        _("maître d'ouvrage"), max_length=255, blank=True, help_text=_("Vide : le porteur du projet.")
    )
    estimated_amount = models.DecimalField(_("estimation (DH TTC)"), **MONEY)
    published_on = models.DateField(_("publié le"), null=True, blank=True)
    bids_opened_on = models.DateField(_("ouverture des plis le"), null=True, blank=True)
    awarded_on = models.DateField(_("attribué le"), null=True, blank=True)
    contractor_name = models.CharField(_("attributaire"), max_length=255, blank=True)
    contractor_ice = models.CharField(_("ICE de l'attributaire"), max_length=15, blank=True, validators=[validate_ice])
    awarded_amount = models.DecimalField(_("montant attribué (DH TTC)"), null=True, blank=True, **MONEY)
    service_order_on = models.DateField(_("ordre de service le"), null=True, blank=True)
    duration = models.PositiveSmallIntegerField(_("délai d'exécution"), null=True, blank=True)
    duration_unit = models.CharField(
        _("unité du délai"), max_length=5, choices=DurationUnit.choices, default=DurationUnit.MONTHS
    )
    # Ordre de service + délai, kept on the row (it does not depend on today) so lists filter and sort on it.
    planned_end_on = models.DateField(_("achèvement contractuel le"), null=True, blank=True, editable=False)
    provisional_reception_on = models.DateField(_("réception provisoire le"), null=True, blank=True)
    final_reception_on = models.DateField(_("réception définitive le"), null=True, blank=True)
    ending = models.CharField(_("issue"), max_length=12, choices=Ending.choices, blank=True, default="")
    ended_on = models.DateField(_("infructueux ou annulé le"), null=True, blank=True)
    ending_reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("marché")
        verbose_name_plural = _("marchés")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(estimated_amount__gt=0), name="procurement_estimate_positive"),
            models.CheckConstraint(
                condition=models.Q(ending="") | models.Q(ended_on__isnull=False), name="procurement_ending_has_date"
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("projects:procurement_detail", args=[self.pk])

    def compute_planned_end(self) -> dt.date | None:
        if not (self.service_order_on and self.duration):
            return None
        if self.duration_unit == self.DurationUnit.DAYS:
            return self.service_order_on + dt.timedelta(days=self.duration)
        return add_months(self.service_order_on, self.duration)

    def save(self, *args, **kwargs):
        self.planned_end_on = self.compute_planned_end()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "planned_end_on"}
        super().save(*args, **kwargs)

    @property
    def over_estimate(self) -> bool:
        """Awarded above the estimate: allowed (the commission may accept it) but shown."""
        return self.awarded_amount is not None and self.awarded_amount > self.estimated_amount

    def state(self, today: dt.date | None = None) -> ProcurementState:
        return procurement_state(self, today or timezone.localdate())


@dataclass(frozen=True)
class ProcurementState:
    status: str
    days_late: int  # execution: days past the contractual end without provisional reception (or until it)
    award_days_late: int  # bids opened, no award, past the validity of the offers
    late: bool  # a deadline passed and the step is still missing (what the alerts count)

    @property
    def label(self):
        return Procurement.Status(self.status).label


def award_limit_days() -> int:
    return settings.DAS_PROCUREMENT_AWARD_DAYS


def procurement_status(p: Procurement, today: dt.date) -> str:
    """The same rule as projects.procurement_selectors.status_expression, for one marché in memory."""
    Status = Procurement.Status
    if p.ending:
        return p.ending
    for field, status in [
        ("final_reception_on", Status.FINAL),
        ("provisional_reception_on", Status.PROVISIONAL),
        ("service_order_on", Status.EXECUTING),
        ("awarded_on", Status.AWARDED),
    ]:
        if getattr(p, field):
            return status
    if p.bids_opened_on and p.bids_opened_on <= today:
        return Status.BIDS_OPENED
    if p.published_on and p.published_on <= today:
        return Status.PUBLISHED
    return Status.PREPARING


def procurement_state(p: Procurement, today: dt.date) -> ProcurementState:
    status = procurement_status(p, today)
    live = not p.ending
    days_late = 0
    if live and p.planned_end_on:
        until = p.provisional_reception_on or today
        days_late = max((until - p.planned_end_on).days, 0)
    award_days_late = 0
    if live and p.bids_opened_on and not p.awarded_on:
        award_days_late = max((today - p.bids_opened_on).days - award_limit_days(), 0)
    late = (days_late > 0 and not p.provisional_reception_on) or award_days_late > 0
    return ProcurementState(status, days_late, award_days_late, late)
