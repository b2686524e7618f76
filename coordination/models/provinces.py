"""Coordination with the other prefectures and provinces of the region: counterparts and their contacts, joint
projects spanning several provinces (each province's share), and coordination meetings with their minutes and the
actions decided (coordination.services.provinces).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination.models.common import MONEY
from das.audit import audited
from das.models.base import Timestamped


@audited()
class Counterpart(Timestamped):
    """Another prefecture or province the service works with (its division de l'action sociale)."""

    province = models.OneToOneField(
        "das.Province", on_delete=models.PROTECT, related_name="counterpart", verbose_name=_("préfecture / province")
    )
    division_name = models.CharField(_("service interlocuteur"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notes = models.TextField(_("observations"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("préfecture ou province partenaire")
        verbose_name_plural = _("préfectures et provinces partenaires")
        ordering = ["province__name_fr"]

    def __str__(self):
        return str(self.province)

    def get_absolute_url(self):
        return reverse("coordination:counterpart_detail", args=[self.pk])


@audited()
class CounterpartContact(Timestamped):
    counterpart = models.ForeignKey(Counterpart, on_delete=models.CASCADE, related_name="contacts")
    full_name = models.CharField(_("nom et prénom"), max_length=200)
    function = models.CharField(_("fonction"), max_length=200)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_main = models.BooleanField(_("interlocuteur principal"), default=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_main", "full_name"]
        constraints = [
            # One main contact per counterpart (the service checks it first, under a lock, with a clear message).
            models.UniqueConstraint(
                fields=["counterpart"],
                condition=models.Q(is_main=True),
                name="coordination_one_main_contact",
                violation_error_message=_("Cette province a déjà un interlocuteur principal."),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.function})"


@audited()
class JointProject(Timestamped):
    """A project spanning several provinces; each province's share is a JointProjectShare (ours included)."""

    class Status(models.TextChoices):
        PREPARATION = "preparation", _("En préparation")
        AGREED = "convenu", _("Convenu entre les provinces")
        IN_PROGRESS = "en_cours", _("En cours")
        COMPLETED = "acheve", _("Achevé")
        ABANDONED = "abandonne", _("Abandonné")

    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    title = models.CharField(_("intitulé"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    programme = models.ForeignKey(
        "das.Programme", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("programme")
    )
    lead_province = models.ForeignKey(
        "das.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province chef de file")
    )
    total_cost = models.DecimalField(_("coût global (DH)"), **MONEY)
    start_on = models.DateField(_("démarrage prévu le"), null=True, blank=True)
    end_on = models.DateField(_("achèvement prévu le"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.PREPARATION)
    status_note = models.TextField(_("motif ou observation du statut"), blank=True)

    class Meta:
        verbose_name = _("projet commun à plusieurs provinces")
        verbose_name_plural = _("projets communs à plusieurs provinces")
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self):
        return reverse("coordination:joint_project_detail", args=[self.pk])


@audited()
class JointProjectShare(models.Model):
    joint_project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="shares")
    province = models.ForeignKey(
        "das.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("préfecture / province")
    )
    amount = models.DecimalField(_("part (DH)"), **MONEY)
    # The province's own project record, when the share is ours (or recorded here).
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_shares",
        verbose_name=_("projet de la province"),
    )
    communes = models.CharField(_("communes concernées"), max_length=255, blank=True)
    beneficiaries = models.PositiveIntegerField(_("bénéficiaires visés"), default=0)

    class Meta:
        verbose_name = _("part d'une province")
        verbose_name_plural = _("parts des provinces")
        ordering = ["joint_project", "-amount", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["joint_project", "province"], name="coordination_joint_share_province"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="coordination_joint_share_amount_positive"),
        ]

    def __str__(self):
        return f"{self.joint_project.reference} – {self.province}"


@audited()
class CoordinationMeeting(Timestamped):
    class Status(models.TextChoices):
        PLANNED = "planifiee", _("Planifiée")
        HELD = "tenue", _("Tenue (procès-verbal établi)")
        CANCELLED = "annulee", _("Annulée")

    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    subject = models.CharField(_("objet"), max_length=255)
    date = models.DateField(_("date"))
    time = models.TimeField(_("heure"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=255)
    host_province = models.ForeignKey(
        "das.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province hôte")
    )
    provinces = models.ManyToManyField(
        "das.Province", related_name="+", verbose_name=_("préfectures et provinces participantes")
    )
    joint_projects = models.ManyToManyField(
        JointProject, blank=True, related_name="meetings", verbose_name=_("projets communs examinés")
    )
    agenda = models.TextField(_("ordre du jour"), blank=True)
    attendees = models.TextField(_("participants"), blank=True)
    minutes = models.TextField(_("procès-verbal"), blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    held_at = models.DateTimeField(_("procès-verbal établi le"), null=True, blank=True)
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True)

    class Meta:
        verbose_name = _("réunion de coordination")
        verbose_name_plural = _("réunions de coordination")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.reference} – {self.subject}"

    def get_absolute_url(self):
        return reverse("coordination:meeting_detail", args=[self.pk])


@audited()
class CoordinationAction(Timestamped):
    """An action decided in a coordination meeting, followed until done."""

    class Status(models.TextChoices):
        OPEN = "ouverte", _("En cours")
        DONE = "realisee", _("Réalisée")

    meeting = models.ForeignKey(CoordinationMeeting, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(_("action à mener"))
    responsible_province = models.ForeignKey(
        "das.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province chargée")
    )
    responsible = models.CharField(_("responsable"), max_length=200, blank=True)
    due_on = models.DateField(_("échéance"))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("réalisée le"), null=True, blank=True)
    done_note = models.TextField(_("compte rendu"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("action de coordination")
        verbose_name_plural = _("actions de coordination")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="ouverte") | models.Q(done_on__isnull=False),
                name="coordination_action_done_dated",
            ),
        ]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("coordination:meeting_detail", args=[self.meeting_id])
