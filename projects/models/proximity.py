"""Actions de proximité et de solidarité: the lighter operations the division follows beside projects (cold wave,
Ramadan, school-start kits, medical caravans…), with their communes, partners, beneficiaries and costs.

Beneficiaries are lines (category × sex × age group → count) so the dashboards can sum them along any of those axes;
the cost is the sum of the funding lines, each saying who paid (INDH, a partner, or another payer named in words).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped

MONEY = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


@audited()
class ProximityAction(Timestamped):
    class Kind(models.TextChoices):
        COLD_WAVE = "vague_froid", _("Vague de froid")
        RAMADAN = "ramadan", _("Opération Ramadan")
        SCHOOL_START = "rentree_scolaire", _("Rentrée scolaire (kits)")
        MEDICAL_CARAVAN = "caravane_medicale", _("Caravane médicale")
        DISASTER_RELIEF = "aide_sinistres", _("Aide aux sinistrés")
        OTHER = "autre", _("Autre")

    class Status(models.TextChoices):
        PLANNED = "planifiee", _("Planifiée")
        DONE = "realisee", _("Réalisée")
        CANCELLED = "annulee", _("Annulée")

    reference = models.CharField(_("référence"), max_length=40, unique=True, editable=False)
    kind = models.CharField(_("type d'action"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("date de début"))
    end_date = models.DateField(_("date de fin"))
    communes = models.ManyToManyField(
        "das.Commune", through="projects.ProximityCommune", related_name="proximity_actions", verbose_name=_("communes")
    )
    partners = models.ManyToManyField(
        "das.Partner",
        blank=True,
        through="projects.ProximityPartner",
        related_name="proximity_actions",
        verbose_name=_("partenaires"),
    )
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.TextField(_("motif de l'annulation"), blank=True)

    class Meta:
        verbose_name = _("action de proximité")
        verbose_name_plural = _("actions de proximité")
        ordering = ["-start_date", "-reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="proximity_end_after_start",
                violation_error_message=_("La date de fin précède la date de début."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self):
        return reverse("projects:proximity_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La date de fin précède la date de début.")})

    @property
    def year(self):
        return self.start_date.year if self.start_date else None


@audited()
class ProximityCommune(models.Model):
    action = models.ForeignKey(ProximityAction, on_delete=models.CASCADE)
    commune = models.ForeignKey("das.Commune", on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "commune"], name="proximity_commune_unique")]


@audited()
class ProximityPartner(models.Model):
    action = models.ForeignKey(ProximityAction, on_delete=models.CASCADE)
    partner = models.ForeignKey("das.Partner", on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "partner"], name="proximity_partner_unique")]


@audited()
class ProximityBeneficiaries(models.Model):
    """How many people of one category, sex and age group the action reached."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("Femmes")
        MALE = "M", _("Hommes")

    class AgeGroup(models.TextChoices):
        CHILD = "enfant", _("Enfants (moins de 15 ans)")
        YOUTH = "jeune", _("Jeunes (15 à 34 ans)")
        ADULT = "adulte", _("Adultes (35 à 59 ans)")
        ELDERLY = "age", _("Personnes âgées (60 ans et plus)")

    action = models.ForeignKey(ProximityAction, on_delete=models.CASCADE, related_name="beneficiaries")
    category = models.ForeignKey(
        "das.TargetCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("catégorie cible"),
    )
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    age_group = models.CharField(_("tranche d'âge"), max_length=10, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(_("nombre"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("bénéficiaires de l'action")
        verbose_name_plural = _("bénéficiaires de l'action")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "category", "sex", "age_group"],
                nulls_distinct=False,
                name="proximity_beneficiaries_unique_line",
                violation_error_message=_("Cette ligne de bénéficiaires est saisie deux fois."),
            ),
            models.CheckConstraint(condition=models.Q(count__gte=1), name="proximity_beneficiaries_positive"),
        ]


@audited()
class ProximityFunding(models.Model):
    """Who paid what for the action: INDH, a partner, or another payer named in words."""

    class Payer(models.TextChoices):
        INDH = "indh", _("INDH")
        PARTNER = "partenaire", _("Partenaire")
        OTHER = "autre", _("Autre")

    action = models.ForeignKey(ProximityAction, on_delete=models.CASCADE, related_name="fundings")
    payer = models.CharField(_("financeur"), max_length=12, choices=Payer.choices, default=Payer.INDH)
    partner = models.ForeignKey(
        "das.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partenaire"),
    )
    payer_label = models.CharField(_("autre financeur"), max_length=255, blank=True)
    amount = models.DecimalField(_("montant (DH)"), **MONEY)

    class Meta:
        verbose_name = _("financement de l'action")
        verbose_name_plural = _("financements de l'action")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(payer="partenaire") & models.Q(partner__isnull=False))
                | (~models.Q(payer="partenaire") & models.Q(partner__isnull=True)),
                name="proximity_funding_partner_iff_partner_payer",
                violation_error_message=_("Choisissez le partenaire qui a payé (et seulement pour un partenaire)."),
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="proximity_funding_amount_positive"),
        ]

    def clean(self):
        super().clean()
        if self.payer == self.Payer.PARTNER and not self.partner_id:
            raise ValidationError({"partner": _("Choisissez le partenaire qui a payé.")})
        if self.payer != self.Payer.PARTNER:
            self.partner = None
        if self.payer == self.Payer.OTHER and not self.payer_label.strip():
            raise ValidationError({"payer_label": _("Nommez ce financeur.")})

    @property
    def payer_display(self):
        if self.payer == self.Payer.PARTNER and self.partner_id:
            return str(self.partner)
        if self.payer == self.Payer.OTHER:
            return self.payer_label
        return self.get_payer_display()
