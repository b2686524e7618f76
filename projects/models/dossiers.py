"""Dossiers filed in answer to a call: registration, completeness, instruction, scoring, preselection."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped

MONEY = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


@audited()
class Dossier(Timestamped):
    class Status(models.TextChoices):
        RECEIVED = "recu", _("Reçu")
        INCOMPLETE = "incomplet", _("Incomplet")
        ADMISSIBLE = "recevable", _("Recevable")
        INADMISSIBLE = "irrecevable", _("Irrecevable")
        ELIGIBLE = "eligible", _("Éligible (en évaluation)")
        INELIGIBLE = "non_eligible", _("Non éligible")
        SCORED = "evalue", _("Évalué")
        PRESELECTED = "preselectionne", _("Présélectionné")
        NOT_RETAINED = "non_retenu", _("Non retenu")
        VALIDATED = "valide_cpdh", _("Validé par le CPDH")
        REJECTED = "rejete_cpdh", _("Rejeté par le CPDH")

    class Channel(models.TextChoices):
        PAPER = "papier", _("Dépôt papier")
        EMAIL = "email", _("E-mail")

    call = models.ForeignKey(
        "projects.CallForProjects", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("appel")
    )
    number = models.PositiveIntegerField(_("numéro d'ordre"))
    reference = models.CharField(_("référence"), max_length=60)
    holder = models.ForeignKey(
        "das.Partner", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("porteur")
    )
    title = models.CharField(_("intitulé du projet"), max_length=255)
    summary = models.TextField(_("résumé"), blank=True)
    commune = models.ForeignKey(
        "das.Commune", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("commune")
    )
    locality = models.ForeignKey(
        "das.Locality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("quartier / douar"),
    )
    sector = models.ForeignKey(
        "das.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("secteur"),
    )
    beneficiaries_total = models.PositiveIntegerField(_("bénéficiaires visés"), default=0)
    beneficiaries_women = models.PositiveIntegerField(_("dont femmes"), default=0)
    beneficiaries_youth = models.PositiveIntegerField(_("dont jeunes"), default=0)
    beneficiaries_disabled = models.PositiveIntegerField(_("dont personnes en situation de handicap"), default=0)
    estimated_cost = models.DecimalField(_("coût estimatif (DH)"), **MONEY)
    indh_share = models.DecimalField(_("part INDH demandée (DH)"), **MONEY)
    holder_contribution = models.DecimalField(_("contribution du porteur (DH)"), **MONEY)
    duration_months = models.PositiveSmallIntegerField(_("durée (mois)"), validators=[MinValueValidator(1)])
    received_at = models.DateTimeField(_("reçu le"))
    channel = models.CharField(_("mode de dépôt"), max_length=10, choices=Channel.choices, default=Channel.PAPER)
    is_late = models.BooleanField(_("hors délai"), default=False)
    late_override_reason = models.TextField(_("motif de la dérogation (hors délai)"), blank=True)
    late_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dérogation accordée par"),
    )
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    status_reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("dossier de candidature")
        verbose_name_plural = _("dossiers de candidature")
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="dossier_number_unique_per_call"),
            # Two calls of one year and programme may share the reference pattern: unique within the call.
            models.UniqueConstraint(
                fields=["call", "reference"],
                name="dossier_reference_unique_per_call",
                violation_error_message=_("Cette référence existe déjà dans l'appel."),
            ),
            models.CheckConstraint(
                condition=models.Q(beneficiaries_women__lte=models.F("beneficiaries_total"))
                & models.Q(beneficiaries_youth__lte=models.F("beneficiaries_total"))
                & models.Q(beneficiaries_disabled__lte=models.F("beneficiaries_total")),
                name="dossier_beneficiary_parts_within_total",
                violation_error_message=_("Une catégorie de bénéficiaires dépasse le total."),
            ),
            models.CheckConstraint(
                condition=models.Q(indh_share__lte=models.F("estimated_cost")),
                name="dossier_indh_share_within_cost",
                violation_error_message=_("La part INDH dépasse le coût du projet."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self):
        return reverse("projects:dossier_detail", args=[self.pk])


@audited()
class PartnerContribution(models.Model):
    """A partner's share in a dossier's financing plan."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="contributions")
    partner = models.ForeignKey("das.Partner", on_delete=models.PROTECT, related_name="+", verbose_name=_("partenaire"))
    amount = models.DecimalField(_("contribution (DH)"), **MONEY)

    class Meta:
        verbose_name = _("contribution d'un partenaire")
        constraints = [models.UniqueConstraint(fields=["dossier", "partner"], name="contribution_unique_partner")]


@audited()
class DossierPiece(models.Model):
    """A required document of the call, provided or missing for this dossier."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pieces")
    document = models.ForeignKey("projects.CallDocument", on_delete=models.PROTECT, related_name="+")
    is_provided = models.BooleanField(_("fournie"), default=False)

    class Meta:
        ordering = ["document__position", "document_id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "document"], name="piece_unique_per_dossier")]


@audited()
class EligibilityCheck(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="eligibility_checks")
    criterion = models.ForeignKey("projects.EligibilityCriterion", on_delete=models.PROTECT, related_name="+")
    is_met = models.BooleanField(_("satisfait"))
    comment = models.TextField(_("commentaire"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "criterion"], name="eligibility_check_unique")]


@audited()
class Evaluation(models.Model):
    """One evaluator's scoring of one dossier."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evaluations")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("évaluateur")
    )
    no_conflict_declared_at = models.DateTimeField(
        _("absence de conflit d'intérêts déclarée le"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("notes remises le"), null=True, blank=True)
    weighted_total = models.DecimalField(
        _("note pondérée (sur 100)"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("évaluation")
        constraints = [models.UniqueConstraint(fields=["dossier", "evaluator"], name="evaluation_unique_evaluator")]


@audited()
class Score(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("projects.SelectionCriterion", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("note"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)])
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "criterion"], name="score_unique_criterion")]


@audited()
class Preselection(models.Model):
    """The service's proposed list for a call, then the head's validation."""

    call = models.OneToOneField("projects.CallForProjects", on_delete=models.PROTECT, related_name="preselection")
    dossiers = models.ManyToManyField(Dossier, related_name="+", verbose_name=_("dossiers proposés"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    not_retained_reason = models.TextField(_("motif pour les dossiers non retenus"))

    class Meta:
        verbose_name = _("présélection")
