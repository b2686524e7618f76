"""Partners and project holders (porteurs de projet)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped
from das.validators import normalize_rib, validate_ice, validate_rib


@audited()
class Partner(Timestamped):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        COOPERATIVE = "cooperative", _("Coopérative")
        GIE = "gie", _("GIE")
        COMMUNE = "commune", _("Commune")
        COMMUNE_GROUP = "groupement_communes", _("Groupement de communes")
        CHAMBER = "chambre", _("Chambre professionnelle")
        STATE_SERVICE = "service_deconcentre", _("Service déconcentré")
        PUBLIC_BODY = "etablissement_public", _("Établissement public")
        INTERNATIONAL_NGO = "ong_internationale", _("ONG internationale")
        COMPANY = "entreprise", _("Entreprise")

    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("raison sociale / nom"), max_length=255)
    name_ar = models.CharField(_("nom (arabe)"), max_length=255, blank=True)
    acronym = models.CharField(_("sigle"), max_length=50, blank=True)
    receipt_number = models.CharField(
        _("n° de récépissé"), max_length=60, blank=True, help_text=_("Récépissé de dépôt (associations).")
    )
    ice = models.CharField(_("ICE"), max_length=15, blank=True, validators=[validate_ice])
    trade_register = models.CharField(_("RC"), max_length=40, blank=True)
    tax_id = models.CharField(_("IF"), max_length=40, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "das.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("commune"),
    )
    representative_name = models.CharField(_("représentant légal"), max_length=150, blank=True)
    representative_title = models.CharField(_("qualité du représentant"), max_length=100, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    bank_name = models.CharField(_("banque"), max_length=120, blank=True)
    rib = models.CharField(_("RIB"), max_length=24, blank=True, validators=[validate_rib])
    notes = models.TextField(_("observations"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        ordering = ["name"]
        indexes = [models.Index(Upper("name"), name="partner_upper_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["ice"],
                condition=~models.Q(ice=""),
                name="partner_unique_ice",
                violation_error_message=_("Un partenaire porte déjà cet ICE."),
            ),
            models.UniqueConstraint(
                fields=["rib"],
                condition=~models.Q(rib=""),
                name="partner_unique_rib",
                violation_error_message=_("Un partenaire porte déjà ce RIB."),
            ),
        ]

    def __str__(self):
        # Arabic pages show the Arabic name when there is one, like every bilingual record.
        if (get_language() or "fr").startswith("ar") and self.name_ar:
            return self.name_ar
        return self.name

    def get_absolute_url(self):
        return reverse("partners:detail", args=[self.pk])

    def clean(self):
        self.rib = normalize_rib(self.rib)
        if self.kind == self.Kind.ASSOCIATION and not self.receipt_number:
            raise ValidationError(
                {"receipt_number": _("Le numéro de récépissé est exigé pour une association.")}, code="required"
            )


@audited()
class PartnerContact(models.Model):
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partenaire")
    )
    full_name = models.CharField(_("nom complet"), max_length=150)
    title = models.CharField(_("fonction"), max_length=100, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name
