"""INDH reference data: phases, programmes, axes, sectors, target categories, budget lines, fiscal years.

All of it is data, not code: a phase IV can be added from the application.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import BilingualNamed


@audited()
class Phase(BilingualNamed):
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("Par exemple « III »."))
    name_en = models.CharField(_("nom (anglais)"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("année de début"))
    end_year = models.PositiveSmallIntegerField(_("année de fin"), null=True, blank=True)
    budget = models.DecimalField(
        _("enveloppe nationale (DH)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("phase INDH")
        verbose_name_plural = _("phases INDH")
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True) | models.Q(end_year__gte=models.F("start_year")),
                name="phase_end_after_start",
                violation_error_message=_("L'année de fin doit suivre l'année de début."),
            )
        ]


@audited()
class Programme(BilingualNamed):
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("phase"))
    code = models.CharField(_("code"), max_length=20)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["phase__start_year", "code"]
        constraints = [models.UniqueConstraint(fields=["phase", "code"], name="programme_unique_code_per_phase")]

    def __str__(self):
        return f"{self.code} – {self.name}"


@audited()
class Axis(BilingualNamed):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="axes", verbose_name=_("programme"))
    code = models.CharField(_("code"), max_length=20)

    class Meta:
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        ordering = ["programme__code", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="axis_unique_code_per_programme")]

    def __str__(self):
        return f"{self.code} – {self.name}"


@audited()
class Sector(BilingualNamed):
    code = models.CharField(_("code"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("secteur")
        verbose_name_plural = _("secteurs")
        ordering = ["name_fr"]


@audited()
class TargetCategory(BilingualNamed):
    """Populations a programme targets (e.g. the precarity categories)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="target_categories", verbose_name=_("programme")
    )
    code = models.CharField(_("code"), max_length=20)

    class Meta:
        verbose_name = _("catégorie cible")
        verbose_name_plural = _("catégories cibles")
        ordering = ["programme__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="target_category_unique_code_per_programme")
        ]


@audited()
class BudgetLine(BilingualNamed):
    """Rubrique budgétaire of the Fonds de soutien à l'INDH (not public: configured by each province)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("rubrique budgétaire")
        verbose_name_plural = _("rubriques budgétaires")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.name}"


@audited()
class FiscalYear(models.Model):
    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    is_closed = models.BooleanField(_("clôturé"), default=False)

    class Meta:
        verbose_name = _("exercice budgétaire")
        verbose_name_plural = _("exercices budgétaires")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)
