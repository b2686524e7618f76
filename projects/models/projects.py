"""INDH projects. A project is born from a CPDH decision on a dossier, with what the dossier said, or registered
directly by the head of division (a programme run without a call, a project taken over from before the system); the
projects issue adds conventions, execution and follow-up on top of this record."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped
from projects.models.proximity import ProximityBeneficiaries

MONEY = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}
# A GPS point must fall within Morocco, southern provinces included (a generous box: a typo like a swapped sign or
# latitude/longitude is what it catches).
LATITUDE_RANGE = (Decimal("20.5"), Decimal("36.1"))
LONGITUDE_RANGE = (Decimal("-17.5"), Decimal("-0.9"))
GPS = {"max_digits": 9, "decimal_places": 6, "null": True, "blank": True}


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

    class Origin(models.TextChoices):
        CPDH = "cpdh", _("Décision du CPDH sur un dossier")
        DIRECT = "direct", _("Enregistré directement par le chef de division")
        TAKEN_OVER = "repris", _("Repris d'avant le système")

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
    axis = models.ForeignKey(
        "das.Axis", on_delete=models.PROTECT, null=True, blank=True, related_name="projects", verbose_name=_("axe")
    )
    # The rubrique of the fund the project's INDH share is committed and paid on (the credits' money picture).
    budget_line = models.ForeignKey(
        "das.BudgetLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("rubrique budgétaire"),
    )
    ildh = models.ForeignKey(
        "projects.ILDH",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("ILDH"),
    )
    origin = models.CharField(_("origine"), max_length=8, choices=Origin.choices, default=Origin.CPDH)
    delegated_owner = models.ForeignKey(
        "das.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegated_projects",
        verbose_name=_("maître d'ouvrage délégué"),
        help_text=_("Seulement s'il diffère du porteur."),
    )
    latitude = models.DecimalField(_("latitude"), **GPS)
    longitude = models.DecimalField(_("longitude"), **GPS)
    summary = models.TextField(_("résumé"), blank=True)
    estimated_cost = models.DecimalField(_("coût global (DH)"), **MONEY)
    indh_share = models.DecimalField(_("part INDH (DH)"), **MONEY)
    holder_contribution = models.DecimalField(_("contribution du porteur (DH)"), **MONEY)
    beneficiaries_total = models.PositiveIntegerField(_("bénéficiaires visés"), default=0)
    beneficiaries_women = models.PositiveIntegerField(_("dont femmes"), default=0)
    beneficiaries_youth = models.PositiveIntegerField(_("dont jeunes"), default=0)
    beneficiaries_disabled = models.PositiveIntegerField(_("dont personnes en situation de handicap"), default=0)
    jobs_planned = models.PositiveIntegerField(_("emplois prévus"), default=0)
    jobs_created = models.PositiveIntegerField(_("emplois créés"), default=0)
    # Activité génératrice de revenus: the AGR manual asks for a feasibility study and a financing of the beneficiary's
    # own contribution, the INDH share and a micro-credit. Blank unless is_agr.
    is_agr = models.BooleanField(_("activité génératrice de revenus (AGR)"), default=False)
    agr_feasibility_done = models.BooleanField(_("étude de faisabilité réalisée"), default=False)
    agr_feasibility_on = models.DateField(_("étude de faisabilité du"), null=True, blank=True)
    agr_personal_contribution = models.DecimalField(_("apport personnel (DH)"), null=True, blank=True, **MONEY)
    agr_microcredit_amount = models.DecimalField(_("micro-crédit (DH)"), null=True, blank=True, **MONEY)
    agr_microcredit_institution = models.CharField(_("institution de micro-crédit"), max_length=160, blank=True)
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
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=LATITUDE_RANGE[0],
                    latitude__lte=LATITUDE_RANGE[1],
                    longitude__gte=LONGITUDE_RANGE[0],
                    longitude__lte=LONGITUDE_RANGE[1],
                ),
                name="project_gps_point_in_morocco",
                violation_error_message=_("Le point GPS doit avoir une latitude et une longitude situées au Maroc."),
            ),
            models.CheckConstraint(
                condition=models.Q(is_agr=True)
                | models.Q(
                    agr_feasibility_done=False,
                    agr_feasibility_on__isnull=True,
                    agr_personal_contribution__isnull=True,
                    agr_microcredit_amount__isnull=True,
                    agr_microcredit_institution="",
                ),
                name="project_agr_fields_only_for_agr",
                violation_error_message=_("Les informations AGR ne concernent que les projets AGR."),
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self.axis_id and self.programme_id and self.axis.programme_id != self.programme_id:
            errors["axis"] = _("Cet axe n'appartient pas au programme choisi.")
        if self.locality_id and self.commune_id and self.locality.commune_id != self.commune_id:
            errors["locality"] = _("Ce quartier ou douar appartient à une autre commune.")
        if self.delegated_owner_id and self.delegated_owner_id == self.holder_id:
            errors["delegated_owner"] = _("Le maître d'ouvrage délégué est le porteur : laissez ce champ vide.")
        errors.update(gps_errors(self.latitude, self.longitude))
        if self.agr_feasibility_on and not self.agr_feasibility_done:
            errors["agr_feasibility_done"] = _("Une date d'étude de faisabilité suppose l'étude réalisée.")
        if self.agr_microcredit_institution.strip() and not self.agr_microcredit_amount:
            errors["agr_microcredit_amount"] = _("Indiquez le montant du micro-crédit.")
        if self.agr_microcredit_amount and not self.agr_microcredit_institution.strip():
            errors["agr_microcredit_institution"] = _("Indiquez l'institution qui accorde le micro-crédit.")
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("L'achèvement prévu précède le démarrage prévu.")
        if errors:
            raise ValidationError(errors)

    def clear_agr_fields(self):
        """A project that is not (or no longer) an AGR keeps none of the AGR information."""
        self.agr_feasibility_done = False
        self.agr_feasibility_on = None
        self.agr_personal_contribution = None
        self.agr_microcredit_amount = None
        self.agr_microcredit_institution = ""

    @property
    def has_gps_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

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


def gps_errors(latitude, longitude) -> dict:
    """French messages, keyed by field, for a GPS point given half, or outside Morocco."""
    if latitude is None and longitude is None:
        return {}
    if latitude is None:
        return {"latitude": _("Indiquez aussi la latitude (ou aucune des deux coordonnées).")}
    if longitude is None:
        return {"longitude": _("Indiquez aussi la longitude (ou aucune des deux coordonnées).")}
    errors = {}
    if not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        errors["latitude"] = _("Une latitude au Maroc est comprise entre %(low)s et %(high)s (par exemple 30,42).") % {
            "low": LATITUDE_RANGE[0],
            "high": LATITUDE_RANGE[1],
        }
    if not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        errors["longitude"] = _(
            "Une longitude au Maroc est négative, comprise entre %(low)s et %(high)s (par exemple -9,60)."
        ) % {"low": LONGITUDE_RANGE[0], "high": LONGITUDE_RANGE[1]}
    return errors


@audited()
class ProjectTerritory(models.Model):
    """A commune, or a quartier / douar of it, the project covers, with the share of the project declared for it:
    figures per territory (cost, INDH share, beneficiaries) split the project's by that share."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="territories")
    commune = models.ForeignKey("das.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"))
    locality = models.ForeignKey(
        "das.Locality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quartier / douar"),
    )
    share = models.DecimalField(
        _("part du projet (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("territoire du projet")
        verbose_name_plural = _("territoires du projet")
        ordering = ["project", "-share", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "commune", "locality"],
                nulls_distinct=False,
                name="project_territory_unique",
                violation_error_message=_("Ce territoire est saisi deux fois."),
            ),
            models.CheckConstraint(
                condition=models.Q(share__gt=0, share__lte=100), name="project_territory_share_percent"
            ),
        ]

    def __str__(self):
        place = f"{self.commune} — {self.locality}" if self.locality_id else str(self.commune)
        return f"{place} ({self.share} %)"

    def clean(self):
        super().clean()
        if self.locality_id and self.commune_id and self.locality.commune_id != self.commune_id:
            raise ValidationError({"locality": _("Ce quartier ou douar appartient à une autre commune.")})


@audited()
class ProjectBeneficiaries(models.Model):
    """How many people of one sex and age group the project targets, or has reached."""

    class Kind(models.TextChoices):
        TARGETED = "vise", _("Visés")
        REACHED = "atteint", _("Atteints")

    Sex = ProximityBeneficiaries.Sex
    AgeGroup = ProximityBeneficiaries.AgeGroup

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="beneficiary_lines")
    kind = models.CharField(_("visés ou atteints"), max_length=8, choices=Kind.choices)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    age_group = models.CharField(_("tranche d'âge"), max_length=10, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(_("nombre"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("bénéficiaires du projet")
        verbose_name_plural = _("bénéficiaires du projet")
        ordering = ["project", "kind", "sex", "age_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "sex", "age_group"],
                name="project_beneficiaries_unique_line",
                violation_error_message=_("Cette ligne de bénéficiaires est saisie deux fois."),
            ),
            models.CheckConstraint(condition=models.Q(count__gte=1), name="project_beneficiaries_positive"),
        ]
