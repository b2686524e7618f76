"""Achievements: a project published as a fiche de réalisation (photos before and after, beneficiaries, cost,
partners) once the chef has approved it; the approved fiches make the brochure and, later, a public page.

The fiche's status moves only through communication.services.showcase: brouillon → soumise au chef → publiée
(approved by the chef) → retirée; the chef may send a submitted fiche back to the draft with a reason.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped


@audited()
class AchievementSheet(Timestamped):
    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        SUBMITTED = "soumise", _("Soumise au chef")
        PUBLISHED = "publiee", _("Approuvée et publiée")
        WITHDRAWN = "retiree", _("Retirée")

    project = models.OneToOneField(
        "projects.Project", on_delete=models.PROTECT, related_name="achievement_sheet", verbose_name=_("projet")
    )
    title = models.CharField(_("titre de la fiche"), max_length=255)
    title_ar = models.CharField(_("titre (arabe)"), max_length=255, blank=True)
    summary = models.TextField(_("présentation"))
    summary_ar = models.TextField(_("présentation (arabe)"), blank=True)
    results = models.TextField(_("résultats et impact"), blank=True)
    beneficiaries = models.PositiveIntegerField(_("bénéficiaires"), default=0)
    beneficiaries_women = models.PositiveIntegerField(_("dont femmes"), default=0)
    cost = models.DecimalField(
        _("coût global (DH)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    indh_share = models.DecimalField(
        _("part INDH (DH)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    partners = models.ManyToManyField("das.Partner", blank=True, related_name="+", verbose_name=_("partenaires"))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("préparée par")
    )
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approuvée par"),
    )
    approved_at = models.DateTimeField(_("approuvée le"), null=True, blank=True)
    return_reason = models.TextField(_("motif du renvoi"), blank=True)
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("motif du retrait"), blank=True)

    class Meta:
        verbose_name = _("fiche de réalisation")
        verbose_name_plural = _("fiches de réalisation")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(beneficiaries_women__lte=models.F("beneficiaries")),
                name="communication_sheet_women_within_total",
                violation_error_message=_("Le nombre de femmes dépasse le nombre de bénéficiaires."),
            ),
            models.CheckConstraint(
                condition=models.Q(indh_share__lte=models.F("cost")),
                name="communication_sheet_share_within_cost",
                violation_error_message=_("La part INDH dépasse le coût global."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("communication:sheet_detail", args=[self.pk])


class SheetPhoto(models.Model):
    class Moment(models.TextChoices):
        BEFORE = "avant", _("Avant")
        AFTER = "apres", _("Après")
        OTHER = "autre", _("Autre")

    sheet = models.ForeignKey(AchievementSheet, on_delete=models.CASCADE, related_name="photos")
    attachment = models.OneToOneField(
        "das.Attachment", on_delete=models.CASCADE, related_name="sheet_photo", verbose_name=_("fichier")
    )
    moment = models.CharField(_("moment"), max_length=6, choices=Moment.choices)
    caption = models.CharField(_("légende"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("photo de la fiche")
        verbose_name_plural = _("photos de la fiche")
        ordering = ["sheet", "moment", "pk"]

    def __str__(self):
        return self.caption or self.attachment.original_name
