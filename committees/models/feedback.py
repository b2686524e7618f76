"""Remontées: proposals, comments, complaints and questions relayed between the CLDH and the CPDH."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from committees.models.meetings import DecisionAction
from das.audit import audited
from das.models.base import Timestamped


@audited()
class Feedback(Timestamped):
    class Kind(models.TextChoices):
        PROPOSAL = "proposition", _("Proposition")
        COMMENT = "commentaire", _("Commentaire")
        COMPLAINT = "plainte", _("Plainte")
        QUESTION = "demande_info", _("Demande d'information")

    class Source(models.TextChoices):
        BENEFICIARY = "beneficiaire", _("Bénéficiaire")
        EAQ = "eaq", _("EAC / EAQ")
        CLDH = "cldh", _("CLDH")
        HOLDER = "porteur", _("Porteur de projet")
        OTHER = "autre", _("Autre")

    class Channel(models.TextChoices):
        MAIL = "courrier", _("Courrier")
        EMAIL = "email", _("E-mail")
        PHONE = "telephone", _("Téléphone")
        VISIT = "visite", _("Visite")
        MEETING = "reunion", _("Réunion")
        FIELD = "terrain", _("Équipe d'animation (terrain)")

    class Status(models.TextChoices):
        RECEIVED = "recue", _("Reçue")
        ROUTED = "transmise", _("Transmise au service")
        ANSWERED = "repondue", _("Répondue")
        SENT = "envoyee", _("Réponse envoyée au CLDH")

    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    kind = models.CharField(_("nature"), max_length=14, choices=Kind.choices)
    source = models.CharField(_("origine"), max_length=14, choices=Source.choices)
    source_name = models.CharField(_("émetteur"), max_length=200, blank=True)
    commune = models.ForeignKey(
        "das.Commune", on_delete=models.PROTECT, related_name="feedback", verbose_name=_("commune")
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("projet concerné"),
    )
    received_on = models.DateField(_("reçue le"))
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    subject = models.CharField(_("objet"), max_length=255)
    content = models.TextField(_("contenu"))
    routed_to = models.CharField(
        _("service chargé de répondre"), max_length=20, choices=DecisionAction.Service.choices, blank=True
    )
    answer_due_on = models.DateField(_("réponse attendue le"))
    answer = models.TextField(_("réponse"), blank=True)
    answered_on = models.DateField(_("répondue le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_on = models.DateField(_("réponse envoyée le"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.RECEIVED)

    class Meta:
        verbose_name = _("remontée")
        verbose_name_plural = _("remontées")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer_due_on__gte=models.F("received_on")),
                name="feedback_due_after_receipt",
                violation_error_message=_("La réponse ne peut être attendue avant la réception."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.subject}"

    def get_absolute_url(self):
        return reverse("committees:feedback_detail", args=[self.pk])
