"""Human-development indicators of the territory (indicateurs de développement humain): a catalogue of territorial
indicators (poverty rate, school enrolment, access to drinking water…) and their values per commune — or quartier /
douar — and year, as the monitoring service observes them or imports them from the statistics it receives.

They are not the projects' own indicators (projects.models.execution.Indicator, targets and measures of one
project): these describe the territory, and the dashboard compares them with the INDH money each territory received.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


@audited()
class TerritorialIndicator(Timestamped):
    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "hausse", _("Plus la valeur est élevée, mieux c'est")
        LOWER_IS_BETTER = "baisse", _("Plus la valeur est basse, mieux c'est")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name_fr = models.CharField(_("intitulé"), max_length=200)
    name_ar = models.CharField(_("intitulé (arabe)"), max_length=200, blank=True)
    unit = models.CharField(_("unité"), max_length=40, help_text=_("Par exemple : %, ‰, élèves, km."))
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Par exemple : HCP, RGPH 2024, Direction provinciale.")
    )
    direction = models.CharField(_("sens"), max_length=8, choices=Direction.choices)
    description = models.TextField(_("définition et mode de calcul"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True, help_text=_("Sinon, il n'est plus proposé à la saisie."))

    class Meta:
        verbose_name = _("indicateur de développement humain")
        verbose_name_plural = _("indicateurs de développement humain")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.name}"

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_ar if get_language() == "ar" and self.name_ar else self.name_fr

    def get_absolute_url(self):
        return reverse("projects:territorial_indicator_detail", args=[self.pk])

    def is_worse(self, value, reference) -> bool:
        """Whether ``value`` is worse than ``reference`` for this indicator."""
        if self.direction == self.Direction.HIGHER_IS_BETTER:
            return value < reference
        return value > reference


@audited()
class TerritorialIndicatorValue(Timestamped):
    """One observed value: an indicator, a commune (or one of its quartiers / douars), a year."""

    indicator = models.ForeignKey(
        TerritorialIndicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicateur")
    )
    commune = models.ForeignKey("das.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"))
    locality = models.ForeignKey(
        "das.Locality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quartier / douar"),
    )
    year = models.PositiveSmallIntegerField(_("année"), validators=YEAR)
    value = models.DecimalField(_("valeur"), max_digits=16, decimal_places=2)
    note = models.CharField(_("observation"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saisie par")
    )

    class Meta:
        verbose_name = _("valeur d'indicateur de développement humain")
        verbose_name_plural = _("valeurs d'indicateurs de développement humain")
        ordering = ["indicator__code", "year", "commune__name_fr"]
        constraints = [
            # A commune-level value has no locality: NULLS NOT DISTINCT keeps it unique too.
            models.UniqueConstraint(
                fields=["indicator", "commune", "locality", "year"],
                nulls_distinct=False,
                name="territorial_value_one_per_place_and_year",
                violation_error_message=_("Une valeur existe déjà pour cet indicateur, ce territoire et cette année."),
            ),
        ]

    def __str__(self):
        place = self.locality or self.commune
        return f"{self.indicator.code} – {place} – {self.year}"
