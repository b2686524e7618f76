"""INDH actors the division trains (the register of people trained), the EAC / EAQ teams and their support requests.

A person is registered once and shared: a committee member (committees.Member), a team member and a participant of
a training session point to the same ``Person``, so one person's training history is one list.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped


class Sex(models.TextChoices):
    WOMAN = "F", _("Femme")
    MAN = "H", _("Homme")


class AgeGroup(models.TextChoices):
    # The same groups as the committees' members (committees.Member.AgeGroup): one person, one reading.
    YOUNG = "jeune", _("Jeune (moins de 35 ans)")
    ADULT = "adulte", _("35 à 59 ans")
    SENIOR = "senior", _("60 ans et plus")


class ActorType(models.TextChoices):
    """The kinds of INDH actors the division trains; also the target groups of modules, needs and plan actions."""

    EAC = "eac", _("Membre d'EAC")
    EAQ = "eaq", _("Membre d'EAQ")
    CLDH = "cldh", _("Membre de CLDH")
    CPDH = "cpdh", _("Membre du CPDH")
    HOLDER = "porteur", _("Porteur de projet")
    ASSOCIATION = "association", _("Association")
    COOPERATIVE = "cooperative", _("Coopérative")
    DAS_STAFF = "personnel_das", _("Personnel de la DAS")
    STATE_SERVICE = "service_deconcentre", _("Service déconcentré")
    ELECTED = "elu", _("Élu")
    OTHER = "autre", _("Autre")


@audited()
class Person(Timestamped):
    full_name = models.CharField(_("nom et prénom"), max_length=200)
    full_name_ar = models.CharField(_("nom et prénom (arabe)"), max_length=200, blank=True)
    # The name without accents, case, punctuation or extra spaces, its words sorted: what duplicate detection compares.
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    cin = models.CharField(
        _("CIN"), max_length=12, blank=True, help_text=_("Carte d'identité nationale, si la personne la donne.")
    )
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    age_group = models.CharField(_("tranche d'âge"), max_length=8, choices=AgeGroup.choices)
    actor_type = models.CharField(_("type d'acteur"), max_length=24, choices=ActorType.choices)
    partner = models.ForeignKey(
        "das.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trained_people",
        verbose_name=_("organisation (partenaire)"),
    )
    committee_member = models.ForeignKey(
        "committees.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trained_people",
        verbose_name=_("membre de comité"),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("Quand elle n'est ni un partenaire enregistré ni un comité."),
    )
    function = models.CharField(_("fonction"), max_length=200, blank=True)
    commune = models.ForeignKey(
        "das.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notes = models.TextField(_("observations"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("personne formée")
        verbose_name_plural = _("personnes formées")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cin"],
                condition=~models.Q(cin=""),
                name="training_person_unique_cin",
                violation_error_message=_("Une personne porte déjà ce numéro de CIN."),
            ),
            # One person in the register per committee seat.
            models.UniqueConstraint(
                fields=["committee_member"],
                condition=models.Q(committee_member__isnull=False),
                name="training_person_unique_committee_member",
                violation_error_message=_("Ce membre de comité est déjà inscrit au registre."),
            ),
        ]

    def __str__(self):
        if (get_language() or "fr").startswith("ar") and self.full_name_ar:
            return self.full_name_ar
        return self.full_name

    def get_absolute_url(self):
        return reverse("training:person_detail", args=[self.pk])

    @property
    def organisation_display(self) -> str:
        """The organisation every page shows: the partner, else the committee seat's committee, else the free text.
        Callers listing people select_related ``partner`` and ``committee_member__committee``."""
        if self.partner_id:
            return self.partner.name
        if self.committee_member_id:
            return str(self.committee_member.committee)
        return self.organisation

    def save(self, *args, **kwargs):
        from training.matching import name_key

        self.name_key = name_key(self.full_name)
        super().save(*args, **kwargs)


@audited()
class Team(Timestamped):
    """An Équipe d'Animation Communale (EAC) or de Quartier (EAQ)."""

    class Kind(models.TextChoices):
        EAC = "eac", _("EAC – Équipe d'animation communale")
        EAQ = "eaq", _("EAQ – Équipe d'animation de quartier")

    kind = models.CharField(_("type"), max_length=3, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200)
    commune = models.ForeignKey("das.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"))
    locality = models.ForeignKey(
        "das.Locality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quartier / douar"),
        help_text=_("Obligatoire pour une EAQ."),
    )
    formed_on = models.DateField(_("constituée le"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("observations"), blank=True)

    class Meta:
        verbose_name = _("équipe d'animation")
        verbose_name_plural = _("équipes d'animation")
        ordering = ["commune__name_fr", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="eaq") | models.Q(locality__isnull=False),
                name="training_team_eaq_has_locality",
                violation_error_message=_("Une EAQ est rattachée à un quartier."),
            ),
            models.UniqueConstraint(
                fields=["commune", "name"],
                name="training_team_unique_name_per_commune",
                violation_error_message=_("Une équipe de cette commune porte déjà ce nom."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display().split(' ')[0]} {self.name}"

    def get_absolute_url(self):
        return reverse("training:team_detail", args=[self.pk])


@audited()
class TeamMember(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinateur", _("Coordinateur local")
        ANIMATOR = "animateur", _("Animateur")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="members", verbose_name=_("équipe"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="team_memberships", verbose_name=_("personne")
    )
    role = models.CharField(_("rôle dans l'équipe"), max_length=12, choices=Role.choices, default=Role.ANIMATOR)
    joined_on = models.DateField(_("entrée le"))
    left_on = models.DateField(_("sortie le"), null=True, blank=True)

    class Meta:
        verbose_name = _("membre d'équipe")
        verbose_name_plural = _("membres d'équipe")
        ordering = ["team", "role", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="training_team_member_leaves_after_joining",
                violation_error_message=_("La sortie précède l'entrée dans l'équipe."),
            ),
            # A person sits once at a time in a team.
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=models.Q(left_on__isnull=True),
                name="training_team_member_once",
                violation_error_message=_("Cette personne est déjà membre de l'équipe."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


@audited()
class SupportRequest(Timestamped):
    """A team's request for support (appui) from the division, followed until it is closed."""

    class Domain(models.TextChoices):
        SOCIAL = "social", _("Social")
        TECHNICAL = "technique", _("Technique")
        ADMINISTRATIVE = "administratif", _("Administratif")
        ACCOUNTING = "comptable", _("Comptable")
        FINANCIAL = "financier", _("Financier")

    class Status(models.TextChoices):
        OPEN = "ouverte", _("Ouverte")
        IN_PROGRESS = "en_cours", _("En cours de traitement")
        ANSWERED = "repondue", _("Répondue")
        CLOSED = "cloturee", _("Clôturée")

    # Requests being handled (the team waits on the division), and requests not yet closed (answered included).
    IN_PROGRESS_STATUSES = (Status.OPEN, Status.IN_PROGRESS)
    NOT_CLOSED_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.ANSWERED)

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="support_requests", verbose_name=_("équipe"))
    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    domain = models.CharField(_("domaine"), max_length=14, choices=Domain.choices)
    subject = models.CharField(_("objet"), max_length=255)
    request = models.TextField(_("demande"))
    received_on = models.DateField(_("reçue le"))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suivie par"),
    )
    answer = models.TextField(_("réponse apportée"), blank=True)
    answered_on = models.DateField(_("répondue le"), null=True, blank=True)
    closed_on = models.DateField(_("clôturée le"), null=True, blank=True)
    closing_note = models.TextField(_("observations de clôture"), blank=True)

    class Meta:
        verbose_name = _("demande d'appui")
        verbose_name_plural = _("demandes d'appui")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"{self.reference} – {self.subject}"

    def get_absolute_url(self):
        return reverse("training:support_request_detail", args=[self.pk])
