"""INDH projects. Here a project is born from a CPDH decision on a dossier, with what the dossier said; the projects
issue adds conventions, execution and follow-up on top of this record."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped

MONEY = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


@audited()
class Project(Timestamped):
    class Status(models.TextChoices):
        VALIDATED = "valide", _("Validé")
        CONVENTIONED = "conventionne", _("Conventionné")
        IN_PROGRESS = "en_cours", _("En cours")
        COMPLETED = "acheve", _("Achevé (réception provisoire)")
        CLOSED = "cloture", _("Clôturé (réception définitive)")
        SUSPENDED = "suspendu", _("Suspendu")
        ABANDONED = "abandonne", _("Abandonné")

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("intitulé"), max_length=255)
    dossier = models.OneToOneField(
        "projects.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project",
        verbose_name=_("dossier de candidature"),
    )
    phase = models.ForeignKey("das.Phase", on_delete=models.PROTECT, related_name="projects", verbose_name=_("phase"))
    programme = models.ForeignKey(
        "das.Programme", on_delete=models.PROTECT, related_name="projects", verbose_name=_("programme")
    )
    holder = models.ForeignKey(
        "das.Partner", on_delete=models.PROTECT, related_name="projects", verbose_name=_("porteur")
    )
    commune = models.ForeignKey(
        "das.Commune", on_delete=models.PROTECT, related_name="projects", verbose_name=_("commune")
    )
    locality = models.ForeignKey(
        "das.Locality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("quartier / douar"),
    )
    sector = models.ForeignKey(
        "das.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("secteur"),
    )
    summary = models.TextField(_("résumé"), blank=True)
    estimated_cost = models.DecimalField(_("coût global (DH)"), **MONEY)
    indh_share = models.DecimalField(_("part INDH (DH)"), **MONEY)
    holder_contribution = models.DecimalField(_("contribution du porteur (DH)"), **MONEY)
    beneficiaries_total = models.PositiveIntegerField(_("bénéficiaires visés"), default=0)
    beneficiaries_women = models.PositiveIntegerField(_("dont femmes"), default=0)
    beneficiaries_youth = models.PositiveIntegerField(_("dont jeunes"), default=0)
    beneficiaries_disabled = models.PositiveIntegerField(_("dont personnes en situation de handicap"), default=0)
    duration_months = models.PositiveSmallIntegerField(_("durée (mois)"), validators=[MinValueValidator(1)])
    validated_on = models.DateField(_("validé le"))
    reserves = models.TextField(_("réserves du CPDH"), blank=True)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.VALIDATED)
    planned_start = models.DateField(_("démarrage prévu le"), null=True, blank=True)
    planned_end = models.DateField(_("achèvement prévu le"), null=True, blank=True)
    actual_start = models.DateField(_("démarré le"), null=True, blank=True)
    provisional_reception_on = models.DateField(_("réception provisoire le"), null=True, blank=True)
    final_reception_on = models.DateField(_("réception définitive le"), null=True, blank=True)
    suspended_from_status = models.CharField(
        _("statut avant suspension"), max_length=16, choices=Status.choices, blank=True
    )
    status_reason = models.TextField(_("motif (suspension, abandon)"), blank=True)
    # The latest physical-progress entry, kept on the project so lists, alerts and tranche conditions read it
    # without a subquery; written only by the progress service.
    physical_progress = models.PositiveSmallIntegerField(
        _("avancement physique (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    progress_updated_on = models.DateField(_("avancement mis à jour le"), null=True, blank=True)

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["-validated_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(beneficiaries_women__lte=models.F("beneficiaries_total"))
                & models.Q(beneficiaries_youth__lte=models.F("beneficiaries_total"))
                & models.Q(beneficiaries_disabled__lte=models.F("beneficiaries_total")),
                name="project_beneficiary_parts_within_total",
                violation_error_message=_("Une catégorie de bénéficiaires dépasse le total."),
            ),
            models.CheckConstraint(
                condition=models.Q(physical_progress__lte=100),
                name="project_physical_progress_percent",
                violation_error_message=_("L'avancement physique ne peut dépasser 100 %."),
            ),
            models.CheckConstraint(
                condition=models.Q(indh_share__lte=models.F("estimated_cost")),
                name="project_indh_share_within_cost",
                violation_error_message=_("La part INDH dépasse le coût du projet."),
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.pk])

    @property
    def partners_total(self) -> Decimal:
        return sum((f.amount for f in self.fundings.all()), Decimal("0"))


@audited()
class ProjectFunding(models.Model):
    """A partner's share in a project's cost plan."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fundings")
    partner = models.ForeignKey("das.Partner", on_delete=models.PROTECT, related_name="+", verbose_name=_("partenaire"))
    amount = models.DecimalField(_("contribution (DH)"), **MONEY)

    class Meta:
        verbose_name = _("contribution au projet")
        constraints = [models.UniqueConstraint(fields=["project", "partner"], name="project_funding_unique_partner")]
