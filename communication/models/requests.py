"""Requests for communication support (an event to cover, materials to design or print, media relations) from
project holders and animation teams, followed until they are closed (communication.services.requests):
ouverte → en cours → traitée (the answer given) → clôturée, and reopened when the requester comes back.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped


@audited()
class CommunicationRequest(Timestamped):
    class RequesterKind(models.TextChoices):
        HOLDER = "porteur", _("Porteur de projet")
        TEAM = "equipe", _("Équipe d'animation (EAC/EAQ)")
        OTHER = "autre", _("Autre acteur")

    class Kind(models.TextChoices):
        EVENT = "evenement", _("Couverture d'un événement")
        MATERIALS = "supports", _("Supports de communication (conception, impression)")
        MEDIA = "medias", _("Relations avec les médias")
        SIGNAGE = "signaletique", _("Signalétique et panneaux de projet")
        ADVICE = "conseil", _("Conseil en communication")
        OTHER = "autre", _("Autre")

    class Status(models.TextChoices):
        OPEN = "ouverte", _("Ouverte")
        IN_PROGRESS = "en_cours", _("En cours de traitement")
        ANSWERED = "traitee", _("Traitée")
        CLOSED = "cloturee", _("Clôturée")

    # Requests the division is still working on, and requests not yet closed (answered included).
    IN_PROGRESS_STATUSES = (Status.OPEN, Status.IN_PROGRESS)
    NOT_CLOSED_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.ANSWERED)

    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    requester_kind = models.CharField(_("demandeur"), max_length=8, choices=RequesterKind.choices)
    holder = models.ForeignKey(
        "das.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("porteur de projet"),
    )
    team = models.ForeignKey(
        "training.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communication_requests",
        verbose_name=_("équipe d'animation"),
    )
    requester_name = models.CharField(_("autre demandeur"), max_length=200, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("projet concerné"),
    )
    commune = models.ForeignKey(
        "das.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    kind = models.CharField(_("nature de l'appui"), max_length=12, choices=Kind.choices)
    subject = models.CharField(_("objet"), max_length=255)
    request = models.TextField(_("demande"))
    received_on = models.DateField(_("reçue le"))
    wanted_by = models.DateField(_("souhaitée pour le"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suivie par"),
    )
    answer = models.TextField(_("suite donnée"), blank=True)
    answered_on = models.DateField(_("traitée le"), null=True, blank=True)
    closed_on = models.DateField(_("clôturée le"), null=True, blank=True)
    closing_note = models.TextField(_("observations de clôture"), blank=True)

    class Meta:
        verbose_name = _("demande d'appui en communication")
        verbose_name_plural = _("demandes d'appui en communication")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"{self.reference} – {self.subject}"

    def get_absolute_url(self):
        return reverse("communication:request_detail", args=[self.pk])

    @property
    def requester_display(self):
        if self.requester_kind == self.RequesterKind.HOLDER and self.holder_id:
            return str(self.holder)
        if self.requester_kind == self.RequesterKind.TEAM and self.team_id:
            return str(self.team)
        return self.requester_name
