"""Committees (CPDH, CLDH, CRDH, commissions), their members and their règlement intérieur."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped


@audited()
class Committee(Timestamped):
    class Kind(models.TextChoices):
        CPDH = "cpdh", _("CPDH – Comité provincial de développement humain")
        CLDH = "cldh", _("CLDH – Comité local de développement humain")
        CRDH = "crdh", _("CRDH – Comité régional de développement humain")
        LAUNCH = "lancement", _("Commission de lancement des projets")
        FOLLOW_UP = "suivi", _("Commission de suivi des projets")
        RECEPTION = "reception", _("Commission de réception des projets")

    class DecisionRule(models.TextChoices):
        CONSENSUS = "consensus", _("Par consensus")
        SIMPLE_MAJORITY = "majorite_simple", _("À la majorité simple des votants présents")
        ABSOLUTE_MAJORITY = "majorite_absolue", _("À la majorité absolue des membres votants")

    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200)
    name_ar = models.CharField(_("nom (arabe)"), max_length=200, blank=True)
    commune = models.ForeignKey(
        "das.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committees",
        verbose_name=_("commune"),
        help_text=_("Obligatoire pour un CLDH."),
    )
    chaired_by = models.CharField(
        _("présidé par"), max_length=200, blank=True, help_text=_("Par exemple « Le Gouverneur de la province ».")
    )
    is_active = models.BooleanField(_("actif"), default=True)
    # Règlement intérieur: the quorum is floor(voting × percent / 100) + 1 with "plus one", else the ceiling.
    quorum_percent = models.DecimalField(
        _("quorum (pourcentage des membres votants)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
    )
    quorum_plus_one = models.BooleanField(_("plus un"), default=True, help_text=_("« La moitié plus un »."))
    proxies_count = models.BooleanField(_("les membres représentés comptent dans le quorum"), default=True)
    second_convocation_without_quorum = models.BooleanField(
        _("seconde convocation sans condition de quorum"), default=True
    )
    decision_rule = models.CharField(
        _("mode de décision"), max_length=20, choices=DecisionRule.choices, default=DecisionRule.CONSENSUS
    )
    # Composition rules (phase III for the CPDH); left empty when the committee has none.
    max_members = models.PositiveSmallIntegerField(_("nombre maximal de membres"), null=True, blank=True)
    min_women_percent = models.DecimalField(
        _("part minimale de femmes (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    min_youth_percent = models.DecimalField(
        _("part minimale de jeunes (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rules_text = models.TextField(_("autres dispositions du règlement intérieur"), blank=True)

    class Meta:
        verbose_name = _("comité")
        verbose_name_plural = _("comités")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], name="committee_name_unique", violation_error_message=_("Un comité porte déjà ce nom.")
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="cldh") | models.Q(commune__isnull=False),
                name="committee_cldh_has_commune",
                violation_error_message=_("Un CLDH est rattaché à une commune."),
            ),
        ]

    def __str__(self):
        if (get_language() or "fr").startswith("ar") and self.name_ar:
            return self.name_ar
        return self.name

    def get_absolute_url(self):
        return reverse("committees:committee_detail", args=[self.pk])

    def clean(self):
        if self.kind == self.Kind.CLDH and not self.commune_id:
            raise ValidationError({"commune": _("Un CLDH est rattaché à une commune.")})
        if self.quorum_plus_one and self.quorum_percent is not None and self.quorum_percent >= 100:
            raise ValidationError({"quorum_plus_one": _("Avec un quorum de 100 %, « plus un » est impossible.")})


@audited()
class Member(Timestamped):
    class College(models.TextChoices):
        ELECTED = "elus", _("Élus")
        ADMINISTRATION = "administration", _("Administration et services extérieurs")
        CIVIL_SOCIETY = "societe_civile", _("Société civile")
        RESOURCE = "personnes_ressources", _("Personnes-ressources")

    class Function(models.TextChoices):
        CHAIR = "president", _("Président")
        MEMBER = "membre", _("Membre")
        SECRETARY = "secretaire", _("Secrétaire")
        OBSERVER = "observateur", _("Observateur")

    class Sex(models.TextChoices):
        WOMAN = "F", _("Femme")
        MAN = "H", _("Homme")

    class AgeGroup(models.TextChoices):
        YOUNG = "jeune", _("Jeune (moins de 35 ans)")
        ADULT = "adulte", _("35 à 59 ans")
        SENIOR = "senior", _("60 ans et plus")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="members", verbose_name=_("comité"))
    full_name = models.CharField(_("nom et prénom"), max_length=200)
    full_name_ar = models.CharField(_("nom et prénom (arabe)"), max_length=200, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    title = models.CharField(
        _("qualité"), max_length=200, blank=True, help_text=_("Par exemple « Président du conseil provincial ».")
    )
    college = models.CharField(_("collège"), max_length=24, choices=College.choices)
    function = models.CharField(
        _("fonction au comité"), max_length=12, choices=Function.choices, default=Function.MEMBER
    )
    is_voting = models.BooleanField(_("voix délibérative"), default=True, help_text=_("Sinon, voix consultative."))
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    age_group = models.CharField(_("tranche d'âge"), max_length=8, choices=AgeGroup.choices)
    term_start = models.DateField(_("début du mandat"))
    term_end = models.DateField(_("fin du mandat"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["committee", "function", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True) | models.Q(term_end__gte=models.F("term_start")),
                name="member_term_ends_after_start",
                violation_error_message=_("La fin du mandat précède son début."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("committees:committee_detail", args=[self.committee_id])

    def sits_on(self, day) -> bool:
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)
