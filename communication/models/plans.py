"""The yearly proximity-communication plan (plan de communication de proximité), its actions and their realisation.

The plan's status moves only through communication.services.plans (named transitions on
communication.workflows.PLAN_WORKFLOW): brouillon → validé par le chef → en exécution → clôturé; the chef may send a
validated plan back to the draft. Actions are changed while the plan is a draft; they are carried out (one
realisation each, communication.services.execution) while it is in execution.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communication.models.common import Audience
from das.audit import audited
from das.models.base import Timestamped

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


@audited()
class CommunicationPlan(Timestamped):
    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        VALIDATED = "valide", _("Validé par le chef")
        IN_PROGRESS = "en_execution", _("En exécution")
        CLOSED = "cloture", _("Clôturé")

    year = models.PositiveSmallIntegerField(
        _("année"), unique=True, validators=[MinValueValidator(2005), MaxValueValidator(2100)]
    )
    title = models.CharField(_("intitulé"), max_length=255, blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    target_audiences = models.TextField(_("publics cibles"), blank=True)
    status = models.CharField(_("statut"), max_length=14, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("préparé par")
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validé par"),
    )
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    started_at = models.DateTimeField(_("mis en exécution le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturé le"), null=True, blank=True)
    closing_note = models.TextField(_("bilan de clôture"), blank=True)
    return_reason = models.TextField(_("motif du renvoi en brouillon"), blank=True)

    class Meta:
        verbose_name = _("plan de communication de proximité")
        verbose_name_plural = _("plans de communication de proximité")
        ordering = ["-year"]

    def __str__(self):
        return str(_("Plan de communication %(year)s") % {"year": self.year})

    def get_absolute_url(self):
        return reverse("communication:plan_detail", args=[self.pk])


@audited()
class CommunicationAction(Timestamped):
    class Kind(models.TextChoices):
        CARAVAN = "caravane", _("Caravane")
        WORKSHOP = "atelier", _("Atelier de sensibilisation")
        INFO_MEETING = "reunion", _("Réunion d'information")
        RADIO = "radio", _("Émission radio")
        TELEVISION = "television", _("Émission télévisée")
        PUBLICATION = "publication", _("Publication")
        POSTERS = "affichage", _("Affichage")
        OPEN_DAY = "portes_ouvertes", _("Journée portes ouvertes")
        INAUGURATION = "inauguration", _("Inauguration")
        SOCIAL_MEDIA = "reseaux_sociaux", _("Réseaux sociaux")
        EXHIBITION = "exposition", _("Exposition / foire")
        OTHER = "autre", _("Autre")

    class Channel(models.TextChoices):
        FACE_TO_FACE = "proximite", _("Proximité (rencontre directe)")
        RADIO = "radio", _("Radio")
        TELEVISION = "television", _("Télévision")
        PRESS = "presse", _("Presse écrite et électronique")
        PRINT = "imprimes", _("Imprimés et affichage")
        WEB = "web", _("Site web et réseaux sociaux")
        EVENT = "evenement", _("Événement")

    class Status(models.TextChoices):
        PLANNED = "prevue", _("Prévue")
        DONE = "realisee", _("Réalisée")
        CANCELLED = "annulee", _("Annulée")

    plan = models.ForeignKey(
        CommunicationPlan, on_delete=models.PROTECT, related_name="actions", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("n°"), editable=False)
    title = models.CharField(_("intitulé"), max_length=255)
    kind = models.CharField(_("type d'action"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("canal"), max_length=12, choices=Channel.choices)
    audience = models.CharField(_("public cible"), max_length=16, choices=Audience.choices)
    # No commune: the action is province-wide (a radio programme, a publication).
    commune = models.ForeignKey(
        "das.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    planned_on = models.DateField(_("date prévue"))
    budget_line = models.ForeignKey(
        "das.BudgetLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rubrique budgétaire"),
    )
    planned_budget = models.DecimalField(_("budget prévu (DH)"), **MONEY)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsable")
    )
    expected_reach = models.PositiveIntegerField(_("portée attendue (personnes)"), default=0)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True)

    class Meta:
        verbose_name = _("action de communication")
        verbose_name_plural = _("actions de communication")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="communication_action_unique_number"),
            models.CheckConstraint(
                condition=models.Q(planned_budget__gte=0), name="communication_action_budget_positive"
            ),
        ]

    def __str__(self):
        return f"{self.plan.year}-{self.number:02d} – {self.title}"

    def get_absolute_url(self):
        return reverse("communication:action_detail", args=[self.pk])


@audited()
class ActionRealisation(Timestamped):
    """What was actually done for an action: when, where, who came, with whom, what the press said, what it cost."""

    action = models.OneToOneField(
        CommunicationAction, on_delete=models.PROTECT, related_name="realisation", verbose_name=_("action")
    )
    carried_out_on = models.DateField(_("réalisée le"))
    place = models.CharField(_("lieu"), max_length=255)
    commune = models.ForeignKey(
        "das.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    # People reached beyond those counted in the room (listeners, readers, views): an estimate, stated as such.
    reach = models.PositiveIntegerField(_("portée atteinte (personnes)"), default=0)
    actual_cost = models.DecimalField(_("coût réel (DH)"), **MONEY)
    partners = models.ManyToManyField(
        "das.Partner", blank=True, related_name="+", verbose_name=_("partenaires associés")
    )
    summary = models.TextField(_("déroulement et résultats"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saisie par")
    )

    class Meta:
        verbose_name = _("réalisation d'une action de communication")
        verbose_name_plural = _("réalisations des actions de communication")
        ordering = ["-carried_out_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(actual_cost__gte=0), name="communication_realisation_cost"),
        ]

    def __str__(self):
        return str(_("Réalisation de %(action)s") % {"action": self.action})

    def get_absolute_url(self):
        return reverse("communication:action_detail", args=[self.action_id])


class RealisationAttendance(models.Model):
    """Participants of a realisation, by type of participant and sex."""

    realisation = models.ForeignKey(ActionRealisation, on_delete=models.CASCADE, related_name="attendance")
    audience = models.CharField(_("type de participants"), max_length=16, choices=Audience.choices)
    women = models.PositiveIntegerField(_("femmes"), default=0)
    men = models.PositiveIntegerField(_("hommes"), default=0)

    class Meta:
        verbose_name = _("participants par type")
        verbose_name_plural = _("participants par type")
        ordering = ["realisation", "audience"]
        constraints = [
            models.UniqueConstraint(fields=["realisation", "audience"], name="communication_attendance_unique_type")
        ]

    def __str__(self):
        return f"{self.get_audience_display()} : {self.women} F / {self.men} H"


class PressCoverage(models.Model):
    class Medium(models.TextChoices):
        PRINT = "presse_ecrite", _("Presse écrite")
        ONLINE = "presse_electronique", _("Presse électronique")
        RADIO = "radio", _("Radio")
        TELEVISION = "television", _("Télévision")
        SOCIAL = "reseaux_sociaux", _("Réseaux sociaux")

    realisation = models.ForeignKey(ActionRealisation, on_delete=models.CASCADE, related_name="press")
    medium = models.CharField(_("support"), max_length=20, choices=Medium.choices)
    outlet = models.CharField(_("média"), max_length=160)
    title = models.CharField(_("titre ou sujet"), max_length=255, blank=True)
    published_on = models.DateField(_("paru le"), null=True, blank=True)
    link = models.URLField(_("lien"), blank=True)

    class Meta:
        verbose_name = _("couverture médiatique")
        verbose_name_plural = _("couverture médiatique")
        ordering = ["realisation", "published_on", "pk"]

    def __str__(self):
        return f"{self.outlet} – {self.title}" if self.title else self.outlet


class RealisationPhoto(models.Model):
    """A photo of the action; the file is an attachment (das.Attachment) whose type was read from its bytes."""

    realisation = models.ForeignKey(ActionRealisation, on_delete=models.CASCADE, related_name="photos")
    attachment = models.OneToOneField(
        "das.Attachment", on_delete=models.CASCADE, related_name="communication_photo", verbose_name=_("fichier")
    )
    caption = models.CharField(_("légende"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("photo de l'action")
        verbose_name_plural = _("photos de l'action")
        ordering = ["realisation", "pk"]

    def __str__(self):
        return self.caption or self.attachment.original_name
