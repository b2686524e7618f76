"""Initiatives Locales de Développement Humain: the multi-year plan of a commune or of a quartier, drafted by its
CLDH from the participatory diagnostic its animation team (EAC for a commune, EAQ for a quartier) ran. Projects attach
to an ILDH (Project.ildh); its page follows their physical and financial progress."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped
from projects.models.proximity import ProximityBeneficiaries

YEAR = [MinValueValidator(2005), MaxValueValidator(2100)]  # the INDH started in 2005


@audited()
class ILDH(Timestamped):
    reference = models.CharField(_("référence"), max_length=40, unique=True, editable=False)
    title = models.CharField(_("intitulé"), max_length=255)
    commune = models.ForeignKey(
        "das.Commune", on_delete=models.PROTECT, related_name="ildhs", verbose_name=_("commune")
    )
    locality = models.ForeignKey(
        "das.Locality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ildhs",
        verbose_name=_("quartier"),
        help_text=_("Pour une ILDH de quartier ; vide pour l'ILDH de la commune."),
    )
    start_year = models.PositiveSmallIntegerField(_("de l'année"), validators=YEAR)
    end_year = models.PositiveSmallIntegerField(_("à l'année"), validators=YEAR)
    diagnostic_summary = models.TextField(_("synthèse du diagnostic participatif"), blank=True)

    class Meta:
        verbose_name = _("ILDH")
        verbose_name_plural = _("ILDH")
        ordering = ["-start_year", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="ildh_end_after_start",
                violation_error_message=_("L'année de fin précède l'année de début."),
            )
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self):
        return reverse("projects:ildh_detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self.locality_id and self.commune_id and self.locality.commune_id != self.commune_id:
            errors["locality"] = _("Ce quartier appartient à une autre commune.")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("L'année de fin précède l'année de début.")
        if errors:
            raise ValidationError(errors)

    @property
    def team_label(self) -> str:
        """A quartier's ILDH is run by an Équipe d'Animation de Quartier, a commune's by an Équipe d'Animation
        Communale."""
        return (
            _("Équipe d'animation de quartier (EAQ)") if self.locality_id else _("Équipe d'animation communale (EAC)")
        )

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"


@audited()
class ILDHMember(models.Model):
    """A member of the ILDH's animation team (EAC / EAQ): a local coordinator or an animator."""

    Sex = ProximityBeneficiaries.Sex

    ildh = models.ForeignKey(ILDH, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("nom et prénom"), max_length=160)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    function = models.CharField(_("fonction / qualité"), max_length=160, help_text=_("Coordinateur local, animateur…"))
    organisation = models.CharField(_("organisme"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("membre de l'équipe d'animation")
        verbose_name_plural = _("membres de l'équipe d'animation")
        ordering = ["ildh", "pk"]
