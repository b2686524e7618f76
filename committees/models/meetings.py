"""Meetings of a committee: agenda, attendance, decisions, the actions that execute them, rectifications."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped


@audited()
class Meeting(Timestamped):
    class Kind(models.TextChoices):
        PRESELECTION = "preselection", _("Présélection")
        VALIDATION = "validation", _("Validation")
        FOLLOW_UP = "suivi", _("Suivi")
        EXTRAORDINARY = "extraordinaire", _("Extraordinaire")

    class Status(models.TextChoices):
        PLANNED = "planifiee", _("Planifiée")
        CONVENED = "convoquee", _("Convoquée")
        CLOSED = "cloturee", _("Clôturée")
        CANCELLED = "annulee", _("Annulée")

    committee = models.ForeignKey(
        "committees.Committee", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("comité")
    )
    number = models.PositiveIntegerField(_("numéro"), editable=False)
    kind = models.CharField(_("type de réunion"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    time = models.TimeField(_("heure"))
    place = models.CharField(_("lieu"), max_length=255)
    chair = models.ForeignKey(
        "committees.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        verbose_name=_("présidée par"),
    )
    is_second_convocation = models.BooleanField(
        _("seconde convocation"), default=False, help_text=_("Réunion tenue après une première sans quorum.")
    )
    notes = models.TextField(_("observations"), blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    convened_at = models.DateTimeField(_("convoquée le"), null=True, blank=True)
    attendance_recorded = models.BooleanField(_("présences saisies"), default=False)
    # The quorum as established when attendance was recorded: the meeting keeps it whatever the committee's rules
    # and members become later (its decisions and its procès-verbal rest on it).
    quorum_voting_members = models.PositiveSmallIntegerField(_("membres votants en mandat"), null=True, blank=True)
    quorum_required = models.PositiveSmallIntegerField(_("quorum requis"), null=True, blank=True)
    quorum_counted = models.PositiveSmallIntegerField(_("membres votants comptés"), null=True, blank=True)
    quorum_waived = models.BooleanField(_("quorum non exigé (seconde convocation)"), default=False)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True)
    signed_minutes = models.ForeignKey(
        "das.Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("procès-verbal signé"),
    )

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["-date", "-time"]
        constraints = [models.UniqueConstraint(fields=["committee", "number"], name="meeting_number_unique")]

    def __str__(self):
        return _("%(committee)s – réunion n° %(number)s du %(date)s") % {
            "committee": self.committee,
            "number": self.number,
            "date": self.date.strftime("%d/%m/%Y"),
        }

    def get_absolute_url(self):
        return reverse("committees:meeting_detail", args=[self.pk])


@audited()
class AgendaItem(models.Model):
    """One point of the ordre du jour: a linked record of a registered kind (see committees.agenda) or free text."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("réunion"))
    position = models.PositiveSmallIntegerField(_("rang"))
    kind = models.CharField(_("nature"), max_length=20)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(_("intitulé"), max_length=300)
    description = models.TextField(_("exposé"), blank=True)

    class Meta:
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("points de l'ordre du jour")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agenda_position_unique", deferrable=models.Deferrable.DEFERRED
            ),
            models.UniqueConstraint(
                fields=["meeting", "kind", "object_id"],
                condition=models.Q(object_id__isnull=False),
                name="agenda_record_once_per_meeting",
                violation_error_message=_("Ce dossier figure déjà à l'ordre du jour."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="texte", object_id__isnull=True)
                | (~models.Q(kind="texte") & models.Q(object_id__isnull=False)),
                name="agenda_item_linked_or_text",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def get_absolute_url(self):
        return reverse("committees:meeting_detail", args=[self.meeting_id])


@audited()
class Attendance(models.Model):
    class Presence(models.TextChoices):
        PRESENT = "present", _("Présent")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excuse", _("Excusé")
        REPRESENTED = "represente", _("Représenté")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("committees.Member", on_delete=models.PROTECT, related_name="attendances")
    presence = models.CharField(_("présence"), max_length=12, choices=Presence.choices)
    represented_by = models.CharField(_("représenté par"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("présence")
        ordering = ["meeting", "member__function", "member__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique_member"),
            models.CheckConstraint(
                condition=~models.Q(presence="represente") | ~models.Q(represented_by=""),
                name="attendance_representative_named",
                violation_error_message=_("Indiquez qui représente le membre."),
            ),
        ]


@audited()
class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approuve", _("Approuvé")
        APPROVED_WITH_RESERVES = "approuve_reserves", _("Approuvé avec réserves")
        REJECTED = "rejete", _("Rejeté")
        ADJOURNED = "ajourne", _("Ajourné")

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("décision"), max_length=20, choices=Outcome.choices)
    reserves = models.TextField(_("réserves"), blank=True)
    amended_amount = models.DecimalField(
        _("montant INDH retenu (DH)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    reason = models.TextField(_("motif"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("voix pour"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("voix contre"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="approuve_reserves") | ~models.Q(reserves=""),
                name="decision_reserves_stated",
                violation_error_message=_("Énoncez les réserves."),
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome__in=["rejete", "ajourne"]) | ~models.Q(reason=""),
                name="decision_reason_stated",
                violation_error_message=_("Indiquez le motif."),
            ),
        ]

    def __str__(self):
        return f"{self.item} : {self.get_outcome_display()}"

    def get_absolute_url(self):
        return reverse("committees:meeting_detail", args=[self.item.meeting_id])


@audited()
class Rectification(models.Model):
    """A correction to a closed meeting's decision: what changed, why, by whom (the decision keeps the new text)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="rectifications")
    reason = models.TextField(_("motif de la rectification"))
    changes = models.JSONField(_("modifications"), default=dict)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rectification")
        ordering = ["made_at"]


@audited()
class DecisionAction(Timestamped):
    """What must be done to execute a decision, by which service, by when."""

    class Service(models.TextChoices):
        MONITORING = "suivi_evaluation", _("Suivi et évaluation")
        TRAINING = "formation", _("Formation et renforcement des capacités")
        COMMUNICATION = "communication", _("Communication")
        COORDINATION = "coordination", _("Coordination sociale")
        SECRETARIAT = "secretariat", _("Secrétariat du CPDH")
        OTHER = "autre", _("Autre service")

    class Status(models.TextChoices):
        OPEN = "ouverte", _("En cours")
        DONE = "realisee", _("Réalisée")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(_("action à mener"))
    service = models.CharField(_("service chargé"), max_length=20, choices=Service.choices)
    due_on = models.DateField(_("échéance"))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("réalisée le"), null=True, blank=True)
    done_note = models.TextField(_("compte rendu d'exécution"), blank=True)

    class Meta:
        verbose_name = _("action d'exécution")
        verbose_name_plural = _("actions d'exécution")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="ouverte", done_on__isnull=True)
                | models.Q(status="realisee", done_on__isnull=False),
                name="action_done_has_date",
            ),
        ]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("committees:meeting_detail", args=[self.decision.item.meeting_id])
