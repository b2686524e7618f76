"""Training needs and the training architecture: themes, needs, the catalogue of modules and the curricula."""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import BilingualNamed, Timestamped
from training.models.people import ActorType


@audited()
class NeedTheme(BilingualNamed):
    """A training theme the needs are grouped into to plan (gestion de projet, comptabilité associative…)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("thème de formation")
        verbose_name_plural = _("thèmes de formation")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.name}"


@audited()
class Need(Timestamped):
    """A training need expressed by a source (an EAQ, a CLDH, project holders, the CPDH…) and recorded by the service.

    Whether it is planned or covered is not stored: it follows from the plan actions that answer it
    (PlanAction.needs) and their sessions held (training.selectors)."""

    class Source(models.TextChoices):
        EAC = "eac", _("EAC")
        EAQ = "eaq", _("EAQ")
        CLDH = "cldh", _("CLDH")
        HOLDERS = "porteurs", _("Porteurs de projet")
        CPDH = "cpdh", _("CPDH")
        DAS = "das", _("DAS")
        MINISTRY = "ministere", _("Ministère / Coordination nationale")

    class Priority(models.TextChoices):
        HIGH = "1_haute", _("Haute")
        MEDIUM = "2_moyenne", _("Moyenne")
        LOW = "3_basse", _("Basse")

    year = models.PositiveSmallIntegerField(_("année"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    team = models.ForeignKey(
        "training.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("équipe à l'origine"),
    )
    committee = models.ForeignKey(
        "committees.Committee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comité à l'origine"),
    )
    theme = models.ForeignKey(NeedTheme, on_delete=models.PROTECT, related_name="needs", verbose_name=_("thème"))
    description = models.TextField(_("besoin exprimé"))
    target_group = models.CharField(_("public cible"), max_length=24, choices=ActorType.choices)
    commune = models.ForeignKey(
        "das.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    people_count = models.PositiveIntegerField(_("nombre de personnes"), validators=[MinValueValidator(1)])
    priority = models.CharField(_("priorité"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    expressed_on = models.DateField(_("exprimé le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saisi par")
    )

    class Meta:
        verbose_name = _("besoin de formation")
        verbose_name_plural = _("besoins de formation")
        ordering = ["-year", "priority", "theme__code", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(people_count__gte=1), name="training_need_people_positive"),
        ]

    def __str__(self):
        return f"{self.theme.code} – {self.get_target_group_display()} ({self.year})"

    def get_absolute_url(self):
        return reverse("training:need_detail", args=[self.pk])


@audited()
class Module(Timestamped):
    """A module of the training catalogue (the training architecture)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    title_fr = models.CharField(_("intitulé"), max_length=200)
    title_ar = models.CharField(_("intitulé (arabe)"), max_length=200, blank=True)
    themes = models.ManyToManyField(NeedTheme, blank=True, related_name="modules", verbose_name=_("thèmes couverts"))
    objectives = models.TextField(_("objectifs pédagogiques"))
    content = models.TextField(_("contenu"))
    duration_hours = models.DecimalField(
        _("durée (heures)"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    duration_days = models.PositiveSmallIntegerField(_("durée (jours)"), default=1, validators=[MinValueValidator(1)])
    target_groups = ArrayField(
        models.CharField(max_length=24, choices=ActorType.choices), default=list, verbose_name=_("publics cibles")
    )
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_by", verbose_name=_("modules prérequis")
    )
    prerequisites_note = models.TextField(_("autres prérequis"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True, help_text=_("Sinon, il n'est plus proposé au plan."))

    class Meta:
        verbose_name = _("module de formation")
        verbose_name_plural = _("modules de formation")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(duration_hours__gt=0), name="training_module_duration_positive"),
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        return self.title_ar if (get_language() or "fr").startswith("ar") and self.title_ar else self.title_fr

    def get_absolute_url(self):
        return reverse("training:module_detail", args=[self.pk])


@audited()
class Curriculum(Timestamped):
    """A curriculum (parcours de formation): modules in order, for one public (the first training of an EAQ…)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    title_fr = models.CharField(_("intitulé"), max_length=200)
    title_ar = models.CharField(_("intitulé (arabe)"), max_length=200, blank=True)
    target_group = models.CharField(_("public cible"), max_length=24, choices=ActorType.choices)
    description = models.TextField(_("description"), blank=True)
    modules = models.ManyToManyField(
        Module, through="training.CurriculumModule", related_name="curricula", verbose_name=_("modules")
    )
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("parcours de formation")
        verbose_name_plural = _("parcours de formation")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.title}"

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        return self.title_ar if (get_language() or "fr").startswith("ar") and self.title_ar else self.title_fr

    def get_absolute_url(self):
        return reverse("training:curriculum_detail", args=[self.pk])


@audited()
class CurriculumModule(models.Model):
    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="steps")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+", verbose_name=_("module"))
    position = models.PositiveSmallIntegerField(_("rang"))

    class Meta:
        verbose_name = _("module du parcours")
        verbose_name_plural = _("modules du parcours")
        ordering = ["curriculum", "position"]
        constraints = [
            models.UniqueConstraint(fields=["curriculum", "module"], name="training_curriculum_module_once"),
            models.UniqueConstraint(fields=["curriculum", "position"], name="training_curriculum_position_once"),
        ]
