"""Training sessions: their days, participants invited, presence per day, evaluations and the trainer's report.

A session's status moves through training.services.sessions: planifiée → tenue (its presences recorded) → clôturée
(its trainer's report in), or annulée. The scanned signed attendance sheet is an attachment of the session
(das.Attachment)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class TrainingSessionQuerySet(models.QuerySet):
    def held(self):
        """Sessions held (« tenue » or « clôturée »): the only ones whose presences count."""
        return self.filter(status__in=TrainingSession.HELD_STATUSES)


class ParticipantQuerySet(models.QuerySet):
    def trained(self):
        """Participants present at least one day in a held session (a person is trained when one of theirs is)."""
        # Exists rather than a join: one row per participant, whatever their number of presences.
        return self.filter(
            models.Exists(Presence.objects.filter(participant=models.OuterRef("pk"))),
            session__status__in=TrainingSession.HELD_STATUSES,
        )


@audited()
class TrainingSession(Timestamped):
    class Status(models.TextChoices):
        PLANNED = "planifiee", _("Planifiée")
        HELD = "tenue", _("Tenue")
        CLOSED = "cloturee", _("Clôturée")
        CANCELLED = "annulee", _("Annulée")

    # The shared definitions: a session is held when « tenue » or « clôturée »; open (still changeable) before that.
    HELD_STATUSES = (Status.HELD, Status.CLOSED)
    OPEN_STATUSES = (Status.PLANNED, Status.HELD)

    action = models.ForeignKey(
        "training.PlanAction", on_delete=models.PROTECT, related_name="sessions", verbose_name=_("action du plan")
    )
    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au"))
    place = models.CharField(_("lieu"), max_length=255)
    commune = models.ForeignKey(
        "das.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    trainer = models.CharField(_("formateur"), max_length=200)
    provider_partner = models.ForeignKey(
        "das.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisme formateur"),
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    actual_cost = models.DecimalField(
        _("coût réel (DH)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    trainer_report = models.TextField(_("rapport du formateur"), blank=True)
    report_recorded_at = models.DateTimeField(_("rapport saisi le"), null=True, blank=True)
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session de formation")
        verbose_name_plural = _("sessions de formation")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="training_session_dates_ordered",
                violation_error_message=_("La date de fin précède la date de début."),
            ),
            models.CheckConstraint(
                condition=models.Q(actual_cost__isnull=True) | models.Q(actual_cost__gte=0),
                name="training_session_cost_positive",
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.action.module.title}"

    def get_absolute_url(self):
        return reverse("training:session_detail", args=[self.pk])

    @property
    def is_held(self) -> bool:
        return self.status in self.HELD_STATUSES

    def certificate_eligible(self, present_days: int, day_count: int) -> bool:
        """An attestation goes to a participant present on every day of a held session (a session with days)."""
        return self.is_held and day_count > 0 and present_days >= day_count


@audited()
class SessionDay(models.Model):
    """One day of a session and the hours of training given that day (the session's hours are their sum)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("heures de formation"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("12"))],
    )

    class Meta:
        verbose_name = _("journée de formation")
        verbose_name_plural = _("journées de formation")
        ordering = ["session", "date"]
        constraints = [
            models.UniqueConstraint(fields=["session", "date"], name="training_session_day_once"),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=12), name="training_session_day_hours"
            ),
        ]

    def __str__(self):
        return self.date.strftime("%d/%m/%Y")


@audited()
class Participant(models.Model):
    """A person invited to a session; the days they attended are their presences."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="participants", verbose_name=_("session")
    )
    person = models.ForeignKey(
        "training.Person", on_delete=models.PROTECT, related_name="participations", verbose_name=_("personne")
    )
    invited_on = models.DateField(_("invité le"))
    days_present = models.ManyToManyField(
        SessionDay, through="training.Presence", blank=True, related_name="present", verbose_name=_("présent les")
    )
    certificate_number = models.CharField(_("n° d'attestation"), max_length=30, blank=True)
    certificate_issued_at = models.DateTimeField(_("attestation délivrée le"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["session", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="training_participant_once",
                violation_error_message=_("Cette personne est déjà invitée à la session."),
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~models.Q(certificate_number=""),
                name="training_certificate_number_unique",
            ),
        ]

    def __str__(self):
        return str(self.person)


@audited()
class Presence(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="presences")
    day = models.ForeignKey(SessionDay, on_delete=models.CASCADE, related_name="presences")

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [models.UniqueConstraint(fields=["participant", "day"], name="training_presence_once")]


@audited()
class SessionEvaluation(models.Model):
    """One participant's satisfaction grid (scores 1 to 5); anonymous when the sheet was not signed."""

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="evaluations")
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("participant"),
    )
    content = models.PositiveSmallIntegerField(_("contenu"), validators=SCORE)
    trainer = models.PositiveSmallIntegerField(_("animation du formateur"), validators=SCORE)
    organisation = models.PositiveSmallIntegerField(_("organisation et logistique"), validators=SCORE)
    materials = models.PositiveSmallIntegerField(_("supports"), validators=SCORE)
    usefulness = models.PositiveSmallIntegerField(_("utilité pour la fonction"), validators=SCORE)
    comment = models.TextField(_("commentaire"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("saisie le"), auto_now_add=True)

    CRITERIA = ("content", "trainer", "organisation", "materials", "usefulness")

    class Meta:
        verbose_name = _("évaluation de session")
        verbose_name_plural = _("évaluations de session")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=models.Q(participant__isnull=False),
                name="training_evaluation_once_per_participant",
                violation_error_message=_("Ce participant a déjà rempli sa grille."),
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
                    name=f"training_evaluation_{field}_1_to_5",
                )
                for field in ("content", "trainer", "organisation", "materials", "usefulness")
            ],
        ]
