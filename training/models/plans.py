"""The yearly training plan (plan annuel de formation) and its actions.

The plan's status moves only through training.services.plans (named transitions on training.workflows.PLAN_WORKFLOW):
brouillon → validé par le chef → présenté au CPDH (the CPDH's decision on an agenda item, training.agenda) →
en exécution → clôturé. Its actions are changed while it is a draft only.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped
from training.models.people import ActorType


@audited()
class TrainingPlan(Timestamped):
    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        VALIDATED = "valide", _("Validé par le chef")
        PRESENTED = "presente_cpdh", _("Présenté au CPDH")
        IN_PROGRESS = "en_execution", _("En exécution")
        CLOSED = "cloture", _("Clôturé")

    year = models.PositiveSmallIntegerField(
        _("année"), unique=True, validators=[MinValueValidator(2005), MaxValueValidator(2100)]
    )
    title = models.CharField(_("intitulé"), max_length=255, blank=True)
    objectives = models.TextField(_("orientations et objectifs"), blank=True)
    status = models.CharField(_("statut"), max_length=14, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
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
    # The CPDH's decision on the plan's agenda item (training.agenda, kind « plan_formation »).
    cpdh_decision = models.ForeignKey(
        "committees.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décision du CPDH"),
    )
    started_at = models.DateTimeField(_("mis en exécution le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturé le"), null=True, blank=True)
    closing_note = models.TextField(_("bilan de clôture"), blank=True)
    return_reason = models.TextField(_("motif du renvoi en brouillon"), blank=True)

    class Meta:
        verbose_name = _("plan annuel de formation")
        verbose_name_plural = _("plans annuels de formation")
        ordering = ["-year"]

    def __str__(self):
        return str(_("Plan de formation %(year)s") % {"year": self.year})

    def get_absolute_url(self):
        return reverse("training:plan_detail", args=[self.pk])


@audited()
class PlanAction(Timestamped):
    class Provider(models.TextChoices):
        DAS = "das", _("DAS")
        MINISTRY = "ministere", _("Ministère / Coordination nationale")
        EXTERNAL = "externe", _("Organisme externe")

    plan = models.ForeignKey(TrainingPlan, on_delete=models.PROTECT, related_name="actions", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("n°"), editable=False)
    module = models.ForeignKey(
        "training.Module", on_delete=models.PROTECT, related_name="plan_actions", verbose_name=_("module")
    )
    target_group = models.CharField(_("public cible"), max_length=24, choices=ActorType.choices)
    planned_participants = models.PositiveIntegerField(
        _("nombre de bénéficiaires prévu"), validators=[MinValueValidator(1)]
    )
    planned_sessions = models.PositiveSmallIntegerField(
        _("nombre de sessions prévu"), default=1, validators=[MinValueValidator(1)]
    )
    period_start = models.DateField(_("période : du"))
    period_end = models.DateField(_("période : au"))
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "das.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    provider = models.CharField(_("opérateur"), max_length=10, choices=Provider.choices)
    provider_partner = models.ForeignKey(
        "das.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisme externe"),
    )
    budget_line = models.ForeignKey(
        "das.BudgetLine", on_delete=models.PROTECT, related_name="+", verbose_name=_("rubrique budgétaire")
    )
    planned_cost = models.DecimalField(
        _("coût prévu (DH)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    needs = models.ManyToManyField(
        "training.Need", blank=True, related_name="plan_actions", verbose_name=_("besoins visés")
    )
    notes = models.TextField(_("observations"), blank=True)

    class Meta:
        verbose_name = _("action de formation")
        verbose_name_plural = _("actions de formation")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="training_action_unique_number"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="training_action_period_ordered",
                violation_error_message=_("La fin de la période précède son début."),
            ),
            models.CheckConstraint(condition=models.Q(planned_cost__gte=0), name="training_action_cost_positive"),
            models.CheckConstraint(
                condition=models.Q(planned_participants__gte=1), name="training_action_participants_positive"
            ),
        ]

    def __str__(self):
        return f"{self.plan.year}-{self.number:02d} – {self.module.title}"

    def get_absolute_url(self):
        return reverse("training:action_detail", args=[self.pk])
