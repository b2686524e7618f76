"""Appels à projets: the call, its required documents, its criteria and its amendments."""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models import Partner
from das.models.base import Timestamped

MONEY = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


@audited()
class CallForProjects(Timestamped):
    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        PUBLISHED = "publie", _("Publié")
        CLOSED = "cloture", _("Clôturé")
        EVALUATED = "evalue", _("Évalué")
        ARCHIVED = "archive", _("Archivé")
        CANCELLED = "annule", _("Annulé")

    phase = models.ForeignKey("das.Phase", on_delete=models.PROTECT, related_name="calls", verbose_name=_("phase"))
    programme = models.ForeignKey(
        "das.Programme", on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme")
    )
    axis = models.ForeignKey(
        "das.Axis", on_delete=models.PROTECT, null=True, blank=True, related_name="calls", verbose_name=_("axe")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    title_fr = models.CharField(_("intitulé (français)"), max_length=255)
    title_ar = models.CharField(_("intitulé (arabe)"), max_length=255, blank=True)
    description_fr = models.TextField(_("description (français)"), blank=True)
    description_ar = models.TextField(_("description (arabe)"), blank=True)
    communes = models.ManyToManyField(
        "das.Commune", blank=True, through="projects.CallCommune", verbose_name=_("communes ciblées")
    )
    localities = models.ManyToManyField(
        "das.Locality", blank=True, through="projects.CallLocality", verbose_name=_("quartiers et douars ciblés")
    )
    envelope = models.DecimalField(_("enveloppe (DH)"), **MONEY)
    min_amount = models.DecimalField(_("montant minimum par projet (DH)"), **MONEY)
    max_amount = models.DecimalField(_("montant maximum par projet (DH)"), **MONEY)
    max_indh_share = models.DecimalField(
        _("part INDH maximale (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    eligible_holder_types = ArrayField(
        models.CharField(max_length=30, choices=Partner.Kind.choices),
        default=list,
        verbose_name=_("porteurs éligibles"),
    )
    opens_at = models.DateTimeField(_("ouverture du dépôt"))
    closes_at = models.DateTimeField(_("clôture du dépôt"))
    scoring_scale = models.PositiveSmallIntegerField(
        _("barème de notation (note maximale)"), default=10, validators=[MinValueValidator(1)]
    )
    reference_pattern = models.CharField(
        _("modèle de référence des dossiers"),
        max_length=60,
        default="AAP-{year}-{programme}-{number:04d}",
        help_text=_("Variables : {year}, {programme}, {number}. Exemple : AAP-{year}-{programme}-{number:04d}."),
    )
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True)
    duplicated_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reprise de")
    )

    class Meta:
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        ordering = ["-year", "-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_amount__lte=models.F("max_amount")),
                name="call_min_not_above_max",
                violation_error_message=_("Le montant minimum dépasse le montant maximum."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_amount__lte=models.F("envelope")),
                name="call_max_within_envelope",
                violation_error_message=_("Le montant maximum par projet dépasse l'enveloppe."),
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
                violation_error_message=_("La clôture du dépôt doit suivre son ouverture."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return self.title_ar if (get_language() or "fr").startswith("ar") and self.title_ar else self.title_fr

    def get_absolute_url(self):
        return reverse("projects:call_detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.programme_id and self.phase_id and self.programme.phase_id != self.phase_id:
            errors["programme"] = _("Ce programme n'appartient pas à la phase choisie.")
        if self.axis_id and self.programme_id and self.axis.programme_id != self.programme_id:
            errors["axis"] = _("Cet axe n'appartient pas au programme choisi.")
        try:
            self.reference_pattern.format(year=2026, programme="P1", number=1)
        except (KeyError, IndexError, ValueError):
            errors["reference_pattern"] = _("Modèle invalide : seules {year}, {programme} et {number} sont permises.")
        if errors:
            raise ValidationError(errors)


@audited()
class CallCommune(models.Model):
    call = models.ForeignKey(CallForProjects, on_delete=models.CASCADE)
    commune = models.ForeignKey("das.Commune", on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "commune"], name="call_commune_unique")]


@audited()
class CallLocality(models.Model):
    call = models.ForeignKey(CallForProjects, on_delete=models.CASCADE)
    locality = models.ForeignKey("das.Locality", on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "locality"], name="call_locality_unique")]


class CallItem(models.Model):
    """A line of a call's list (document, criterion), bilingual and ordered."""

    label_fr = models.CharField(_("libellé (français)"), max_length=255)
    label_ar = models.CharField(_("libellé (arabe)"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.label_ar if (get_language() or "fr").startswith("ar") and self.label_ar else self.label_fr


@audited()
class CallDocument(CallItem):
    call = models.ForeignKey(CallForProjects, on_delete=models.CASCADE, related_name="documents")
    is_required = models.BooleanField(_("obligatoire"), default=True)

    class Meta(CallItem.Meta):
        verbose_name = _("pièce exigée")
        verbose_name_plural = _("pièces exigées")


@audited()
class EligibilityCriterion(CallItem):
    call = models.ForeignKey(CallForProjects, on_delete=models.CASCADE, related_name="eligibility_criteria")

    class Meta(CallItem.Meta):
        verbose_name = _("critère d'éligibilité")
        verbose_name_plural = _("critères d'éligibilité")


@audited()
class SelectionCriterion(CallItem):
    call = models.ForeignKey(CallForProjects, on_delete=models.CASCADE, related_name="selection_criteria")
    weight = models.DecimalField(
        _("pondération (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta(CallItem.Meta):
        verbose_name = _("critère de sélection")
        verbose_name_plural = _("critères de sélection")


@audited()
class CallAmendment(models.Model):
    """A change to a published call: what changed (old → new), why, by whom."""

    call = models.ForeignKey(CallForProjects, on_delete=models.CASCADE, related_name="amendments")
    reason = models.TextField(_("motif"))
    changes = models.JSONField(_("changements"), default=dict)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("avenant à l'appel")
        verbose_name_plural = _("avenants à l'appel")
        ordering = ["-made_at"]

    def __str__(self):
        return f"{self.call} — {self.made_at:%d/%m/%Y}"
