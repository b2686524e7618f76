"""Territory: région → préfecture/province → commune → arrondissement → quartier / douar."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import BilingualNamed


@audited()
class Region(BilingualNamed):
    code = models.CharField(_("code"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name_fr"]


@audited()
class Province(BilingualNamed):
    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", _("Préfecture")
        PROVINCE = "province", _("Province")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("région"))
    code = models.CharField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.PROVINCE)

    class Meta:
        verbose_name = _("préfecture / province")
        verbose_name_plural = _("préfectures / provinces")
        ordering = ["name_fr"]


class PopulationMixin(models.Model):
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    households = models.PositiveIntegerField(_("ménages"), null=True, blank=True)

    class Meta:
        abstract = True


@audited()
class Commune(BilingualNamed, PopulationMixin):
    class Kind(models.TextChoices):
        URBAN = "urbaine", _("Urbaine")
        RURAL = "rurale", _("Rurale")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("province")
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    cercle = models.CharField(_("cercle"), max_length=120, blank=True)
    caidat = models.CharField(_("caïdat"), max_length=120, blank=True)
    target_phases = models.ManyToManyField(
        "das.Phase",
        blank=True,
        through="das.CommuneTargetPhase",
        verbose_name=_("cible INDH (phases)"),
        related_name="target_communes",
    )

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name_fr"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="rurale") | (models.Q(cercle="") & models.Q(caidat="")),
                name="commune_cercle_caidat_rural_only",
                violation_error_message=_("Le cercle et le caïdat ne concernent que les communes rurales."),
            )
        ]


@audited()
class Arrondissement(BilingualNamed):
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="arrondissements", verbose_name=_("commune")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    households = models.PositiveIntegerField(_("ménages"), null=True, blank=True)

    class Meta:
        verbose_name = _("arrondissement")
        verbose_name_plural = _("arrondissements")
        ordering = ["name_fr"]
        constraints = [models.UniqueConstraint(fields=["commune", "name_fr"], name="arrondissement_unique_name")]


@audited()
class Locality(BilingualNamed, PopulationMixin):
    """A quartier (urban) or a douar (rural)."""

    class Kind(models.TextChoices):
        QUARTIER = "quartier", _("Quartier")
        DOUAR = "douar", _("Douar")

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="localities", verbose_name=_("commune"))
    arrondissement = models.ForeignKey(
        Arrondissement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="localities",
        verbose_name=_("arrondissement"),
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    target_phases = models.ManyToManyField(
        "das.Phase",
        blank=True,
        through="das.LocalityTargetPhase",
        verbose_name=_("cible INDH (phases)"),
        related_name="target_localities",
    )

    def clean(self):
        if self.arrondissement_id and self.commune_id and self.arrondissement.commune_id != self.commune_id:
            raise ValidationError({"arrondissement": _("Cet arrondissement appartient à une autre commune.")})

    class Meta:
        verbose_name = _("quartier / douar")
        verbose_name_plural = _("quartiers / douars")
        ordering = ["commune__name_fr", "name_fr"]
        constraints = [models.UniqueConstraint(fields=["commune", "name_fr"], name="locality_unique_name_per_commune")]


# Explicit link tables so that which communes and localities are INDH targets is journaled too.
@audited()
class CommuneTargetPhase(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE)
    phase = models.ForeignKey("das.Phase", on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commune", "phase"], name="commune_target_phase_unique")]


@audited()
class LocalityTargetPhase(models.Model):
    locality = models.ForeignKey(Locality, on_delete=models.CASCADE)
    phase = models.ForeignKey("das.Phase", on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["locality", "phase"], name="locality_target_phase_unique")]
