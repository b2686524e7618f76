"""Literacy and non-formal education (alphabétisation et éducation non formelle).

A campaign (campagne, e.g. 2025-2026) holds operations; an operation is a programme run by an operator — most often an
association under convention — in a commune, through classes held in centres. Learners are counted, not named: per
class, the number enrolled and the number completing, by sex and age group (LiteracyHeadcount). The campaign's figures
and the yearly summary are computed from these counts (coordination.literacy_selectors).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination.models.common import MONEY, Sex
from das.audit import audited
from das.models.base import Timestamped


class AgeGroup(models.TextChoices):
    CHILD = "9-14", _("9 à 14 ans")
    YOUTH = "15-24", _("15 à 24 ans")
    ADULT = "25-44", _("25 à 44 ans")
    SENIOR = "45+", _("45 ans et plus")


@audited()
class LiteracyCampaign(Timestamped):
    class Status(models.TextChoices):
        PLANNED = "programmee", _("Programmée")
        IN_PROGRESS = "en_cours", _("En cours")
        CLOSED = "cloturee", _("Clôturée")

    # The campaign runs over a school year: start_year 2025 is « 2025-2026 ».
    start_year = models.PositiveSmallIntegerField(
        _("année de démarrage"), unique=True, validators=[MinValueValidator(2005), MaxValueValidator(2100)]
    )
    title = models.CharField(_("intitulé"), max_length=255, blank=True)
    start_on = models.DateField(_("début"))
    end_on = models.DateField(_("fin"))
    target_learners = models.PositiveIntegerField(_("objectif (apprenants)"), default=0)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    closing_note = models.TextField(_("bilan de clôture"), blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("campagne d'alphabétisation")
        verbose_name_plural = _("campagnes d'alphabétisation")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gt=F("start_on")), name="coordination_campaign_dates"),
        ]

    def __str__(self):
        return f"{self.start_year}-{self.start_year + 1}"

    def get_absolute_url(self):
        return reverse("coordination:campaign_detail", args=[self.pk])


@audited()
class LiteracyCentre(Timestamped):
    class Kind(models.TextChoices):
        MOSQUE = "mosquee", _("Mosquée")
        SCHOOL = "ecole", _("École")
        ASSOCIATION = "association", _("Local associatif")
        YOUTH_CENTRE = "maison_jeunes", _("Maison de jeunes")
        WOMEN_CENTRE = "foyer_feminin", _("Foyer féminin")
        SOCIAL_CENTRE = "centre_social", _("Centre socio-éducatif")
        PRISON = "penitentiaire", _("Établissement pénitentiaire")
        OTHER = "autre", _("Autre")

    name = models.CharField(_("nom du centre"), max_length=200)
    kind = models.CharField(_("type"), max_length=14, choices=Kind.choices)
    commune = models.ForeignKey(
        "das.Commune", on_delete=models.PROTECT, related_name="literacy_centres", verbose_name=_("commune")
    )
    locality = models.ForeignKey(
        "das.Locality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quartier / douar"),
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("centre d'alphabétisation")
        verbose_name_plural = _("centres d'alphabétisation")
        ordering = ["commune__name_fr", "name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="coordination_centre_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.commune})"


@audited()
class LiteracyOperation(Timestamped):
    class Programme(models.TextChoices):
        GENERAL = "general", _("Programme général")
        FUNCTIONAL = "fonctionnel", _("Alphabétisation fonctionnelle")
        POST_LITERACY = "post_alpha", _("Post-alphabétisation")
        MOSQUES = "mosquees", _("Programme des mosquées")
        PUBLIC_OPERATORS = "operateurs_publics", _("Programme des opérateurs publics")
        NON_FORMAL = "enf", _("Éducation non formelle (école de la deuxième chance)")

    class Status(models.TextChoices):
        PLANNED = "programmee", _("Programmée")
        IN_PROGRESS = "en_cours", _("En cours")
        COMPLETED = "achevee", _("Achevée")
        CANCELLED = "annulee", _("Annulée")

    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    campaign = models.ForeignKey(
        LiteracyCampaign, on_delete=models.PROTECT, related_name="operations", verbose_name=_("campagne")
    )
    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices)
    operator = models.ForeignKey(
        "das.Partner", on_delete=models.PROTECT, related_name="literacy_operations", verbose_name=_("opérateur")
    )
    # The operator's convention: an INDH convention recorded in the projects app, or a convention signed elsewhere
    # (e.g. with the Agence nationale de lutte contre l'analphabétisme), by its reference.
    convention = models.ForeignKey(
        "projects.Convention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="literacy_operations",
        verbose_name=_("convention INDH"),
    )
    convention_reference = models.CharField(_("référence de la convention"), max_length=80, blank=True)
    convention_amount = models.DecimalField(_("montant de la convention (DH)"), null=True, blank=True, **MONEY)
    commune = models.ForeignKey(
        "das.Commune", on_delete=models.PROTECT, related_name="literacy_operations", verbose_name=_("commune")
    )
    start_on = models.DateField(_("début"))
    end_on = models.DateField(_("fin"))
    target_learners = models.PositiveIntegerField(_("objectif (apprenants)"), default=0)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    status_note = models.TextField(_("motif ou observation du statut"), blank=True)

    class Meta:
        verbose_name = _("opération d'alphabétisation")
        verbose_name_plural = _("opérations d'alphabétisation")
        ordering = ["-campaign__start_year", "reference"]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gt=F("start_on")), name="coordination_operation_dates"),
        ]

    def __str__(self):
        return f"{self.reference} – {self.get_programme_display()} ({self.operator})"

    def get_absolute_url(self):
        return reverse("coordination:operation_detail", args=[self.pk])


@audited()
class LiteracyClass(Timestamped):
    class Level(models.TextChoices):
        LEVEL_1 = "niveau_1", _("Niveau 1 (débutant)")
        LEVEL_2 = "niveau_2", _("Niveau 2 (consolidation)")
        POST_LITERACY = "post_alpha", _("Post-alphabétisation")
        NON_FORMAL = "enf", _("Éducation non formelle")

    operation = models.ForeignKey(
        LiteracyOperation, on_delete=models.PROTECT, related_name="classes", verbose_name=_("opération")
    )
    centre = models.ForeignKey(
        LiteracyCentre, on_delete=models.PROTECT, related_name="classes", verbose_name=_("centre")
    )
    name = models.CharField(_("classe"), max_length=100)
    level = models.CharField(_("niveau"), max_length=12, choices=Level.choices)
    instructor = models.CharField(_("animateur / animatrice"), max_length=200, blank=True)
    start_on = models.DateField(_("début"))
    end_on = models.DateField(_("fin"))
    hours = models.PositiveSmallIntegerField(_("volume horaire (heures)"), null=True, blank=True)

    class Meta:
        verbose_name = _("classe d'alphabétisation")
        verbose_name_plural = _("classes d'alphabétisation")
        ordering = ["operation", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "name"], name="coordination_class_name"),
            models.CheckConstraint(condition=Q(end_on__gt=F("start_on")), name="coordination_class_dates"),
        ]

    def __str__(self):
        return f"{self.name} – {self.centre.name}"

    def get_absolute_url(self):
        return reverse("coordination:class_detail", args=[self.pk])


@audited()
class LiteracyHeadcount(models.Model):
    """Learners of a class of one sex and age group: enrolled, and completing (évalués avec succès)."""

    literacy_class = models.ForeignKey(LiteracyClass, on_delete=models.CASCADE, related_name="headcounts")
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    age_group = models.CharField(_("tranche d'âge"), max_length=6, choices=AgeGroup.choices)
    enrolled = models.PositiveIntegerField(_("inscrits"), default=0)
    completed = models.PositiveIntegerField(_("ayant achevé"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("effectif d'apprenants")
        verbose_name_plural = _("effectifs d'apprenants")
        ordering = ["literacy_class", "sex", "age_group"]
        constraints = [
            models.UniqueConstraint(fields=["literacy_class", "sex", "age_group"], name="coordination_headcount_key"),
            models.CheckConstraint(condition=Q(completed__lte=F("enrolled")), name="coordination_completed_enrolled"),
        ]

    def __str__(self):
        return f"{self.literacy_class} – {self.get_sex_display()} {self.get_age_group_display()}"
