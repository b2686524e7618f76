"""Execution follow-up of a project: dated physical-progress entries (with photos), the visits of the launch,
follow-up and reception commissions (with their PV), and indicators chosen from a catalogue with values per period.

The latest progress entry (by date) is copied onto the project (Project.physical_progress / progress_updated_on) by
projects.services.execution, under the project's row lock; nothing else writes those two fields.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped


@audited()
class ProgressEntry(Timestamped):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="progress_entries", verbose_name=_("projet")
    )
    recorded_on = models.DateField(_("date du constat"))
    percent = models.PositiveSmallIntegerField(
        _("avancement physique (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    narrative = models.TextField(_("travaux réalisés"))
    problems = models.TextField(_("difficultés rencontrées"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saisi par")
    )

    class Meta:
        verbose_name = _("avancement physique")
        verbose_name_plural = _("avancements physiques")
        ordering = ["-recorded_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100),
                name="progress_entry_percent",
                violation_error_message=_("L'avancement physique ne peut dépasser 100 %."),
            )
        ]

    def __str__(self):
        return _("Avancement de %(percent)s %% au %(date)s") % {
            "percent": self.percent,
            "date": self.recorded_on.strftime("%d/%m/%Y"),
        }

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.project_id]) + "#avancement"


@audited()
class ProgressPhoto(models.Model):
    """A photo of the works; the file is an attachment (das.Attachment) whose type was read from its bytes."""

    entry = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="photos")
    attachment = models.OneToOneField(
        "das.Attachment", on_delete=models.CASCADE, related_name="progress_photo", verbose_name=_("fichier")
    )

    class Meta:
        verbose_name = _("photo de chantier")
        verbose_name_plural = _("photos de chantier")
        ordering = ["entry", "pk"]

    def __str__(self):
        return self.attachment.original_name


@audited()
class CommissionVisit(Timestamped):
    class Kind(models.TextChoices):
        LAUNCH = "lancement", _("Lancement")
        FOLLOW_UP = "suivi", _("Suivi")
        PROVISIONAL = "reception_provisoire", _("Réception provisoire")
        FINAL = "reception_definitive", _("Réception définitive")

    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        CLOSED = "clos", _("PV clos")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="visits", verbose_name=_("projet")
    )
    kind = models.CharField(_("type de visite"), max_length=24, choices=Kind.choices)
    visited_on = models.DateField(_("date de la visite"))
    commission = models.ForeignKey(
        "committees.Committee", on_delete=models.PROTECT, related_name="visits", verbose_name=_("commission")
    )
    other_attendees = models.TextField(
        _("autres participants"), blank=True, help_text=_("Une personne par ligne : nom, qualité.")
    )
    findings = models.TextField(_("constats"))
    reserves = models.TextField(_("réserves"), blank=True)
    recommendations = models.TextField(_("recommandations"), blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Given when the PV is closed: the official register of PVs has no gap for drafts given up.
    reference = models.CharField(_("numéro du PV"), max_length=30, blank=True)
    closed_on = models.DateField(_("PV clos le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PV clos par"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saisi par")
    )

    class Meta:
        verbose_name = _("visite de commission")
        verbose_name_plural = _("visites de commission")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~models.Q(reference=""), name="commission_visit_reference_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status="brouillon") | ~models.Q(reference=""),
                name="commission_visit_closed_has_reference",
            ),
        ]

    def __str__(self):
        label = self.reference or _("brouillon")
        return _("Visite de %(kind)s du %(date)s (%(label)s)") % {
            "kind": self.get_kind_display().lower(),
            "date": self.visited_on.strftime("%d/%m/%Y"),
            "label": label,
        }

    def get_absolute_url(self):
        return reverse("projects:visit_detail", args=[self.pk])


@audited()
class VisitMember(models.Model):
    """A member of the commission present at the visit (its attendance sheet)."""

    visit = models.ForeignKey(CommissionVisit, on_delete=models.CASCADE, related_name="present")
    member = models.ForeignKey("committees.Member", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("membre présent")
        verbose_name_plural = _("membres présents")
        ordering = ["visit", "member__full_name"]
        constraints = [models.UniqueConstraint(fields=["visit", "member"], name="visit_member_unique")]


@audited()
class Indicator(Timestamped):
    """The catalogue of indicators the division follows (élèves scolarisés, taux d'occupation, chiffre d'affaires…)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("intitulé"), max_length=200)
    name_ar = models.CharField(_("intitulé (arabe)"), max_length=200, blank=True)
    unit = models.CharField(_("unité"), max_length=40, help_text=_("Par exemple : élèves, %, DH, personnes."))
    description = models.TextField(_("définition et mode de calcul"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True, help_text=_("Sinon, il n'est plus proposé aux projets."))

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["code"]

    def __str__(self):
        name = self.name_ar if (get_language() or "fr").startswith("ar") and self.name_ar else self.name
        return f"{self.code} – {name}"

    def get_absolute_url(self):
        return reverse("projects:indicator_update", args=[self.pk])


@audited()
class ProjectIndicator(models.Model):
    class Periodicity(models.TextChoices):
        QUARTER = "trimestre", _("Trimestrielle")
        SEMESTER = "semestre", _("Semestrielle")
        YEAR = "annee", _("Annuelle")

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="indicators")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="project_uses", verbose_name=_("indicateur")
    )
    target = models.DecimalField(
        _("valeur cible"), max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    periodicity = models.CharField(
        _("périodicité"), max_length=10, choices=Periodicity.choices, default=Periodicity.QUARTER
    )

    class Meta:
        verbose_name = _("indicateur du projet")
        verbose_name_plural = _("indicateurs du projet")
        ordering = ["project", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["project", "indicator"], name="project_indicator_unique")]

    def __str__(self):
        return str(self.indicator)


PERIODS = {
    ProjectIndicator.Periodicity.QUARTER: ["T1", "T2", "T3", "T4"],
    ProjectIndicator.Periodicity.SEMESTER: ["S1", "S2"],
    ProjectIndicator.Periodicity.YEAR: ["A"],
}


@audited()
class IndicatorValue(models.Model):
    class Period(models.TextChoices):
        Q1 = "T1", _("1er trimestre")
        Q2 = "T2", _("2e trimestre")
        Q3 = "T3", _("3e trimestre")
        Q4 = "T4", _("4e trimestre")
        S1 = "S1", _("1er semestre")
        S2 = "S2", _("2e semestre")
        YEAR = "A", _("Année entière")

    project_indicator = models.ForeignKey(ProjectIndicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("année"), validators=[MinValueValidator(2005), MaxValueValidator(2100)])
    period = models.CharField(_("période"), max_length=2, choices=Period.choices)
    value = models.DecimalField(_("valeur"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)])
    comment = models.CharField(_("commentaire"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saisi par")
    )

    class Meta:
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateur")
        ordering = ["project_indicator", "year", "period"]
        constraints = [
            models.UniqueConstraint(fields=["project_indicator", "year", "period"], name="indicator_value_unique")
        ]

    def __str__(self):
        return f"{self.year} {self.get_period_display()} : {self.value}"
