"""Technical studies and works coordinated with the Division des Équipements (or another competent service, or a
design office) for INDH projects: what is studied or built, by whom, planned and actual dates, status, the deliverables
expected and uploaded, and the projects each serves. A study is late when its planned end or a deliverable's due date
has passed and it is not done (coordination.studies_selectors).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination.models.common import MONEY
from das.audit import audited
from das.models.base import Timestamped


@audited()
class TechnicalStudy(Timestamped):
    class Kind(models.TextChoices):
        FEASIBILITY = "faisabilite", _("Étude de faisabilité")
        TECHNICAL = "technique", _("Étude technique (APS, APD)")
        GEOTECHNICAL = "geotechnique", _("Étude géotechnique")
        TOPOGRAPHIC = "topographique", _("Levé topographique")
        TENDER_FILE = "dce", _("Dossier de consultation (DCE)")
        WORKS = "travaux", _("Travaux")
        WORKS_SUPERVISION = "suivi_travaux", _("Suivi et contrôle des travaux")
        OTHER = "autre", _("Autre")

    class PerformerKind(models.TextChoices):
        EQUIPMENT_DIVISION = "division_equipements", _("Division des Équipements")
        TECHNICAL_SERVICE = "service_technique", _("Service technique compétent")
        DESIGN_OFFICE = "bureau_etudes", _("Bureau d'études")
        CONTRACTOR = "entreprise", _("Entreprise")

    class Status(models.TextChoices):
        PLANNED = "programmee", _("Programmée")
        IN_PROGRESS = "en_cours", _("En cours")
        SUSPENDED = "suspendue", _("Suspendue")
        COMPLETED = "achevee", _("Achevée")
        CANCELLED = "annulee", _("Annulée")

    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    performer_kind = models.CharField(_("réalisé par"), max_length=22, choices=PerformerKind.choices)
    performer_name = models.CharField(_("bureau d'études, service ou entreprise"), max_length=200)
    contract_reference = models.CharField(_("marché ou bon de commande"), max_length=80, blank=True)
    amount = models.DecimalField(_("montant (DH)"), null=True, blank=True, **MONEY)
    planned_start = models.DateField(_("début prévu"))
    planned_end = models.DateField(_("fin prévue"))
    actual_start = models.DateField(_("commencée le"), null=True, blank=True)
    actual_end = models.DateField(_("achevée le"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    status_note = models.TextField(_("motif ou observation du statut"), blank=True)
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="technical_studies", verbose_name=_("projets servis")
    )

    class Meta:
        verbose_name = _("étude ou travaux techniques")
        verbose_name_plural = _("études et travaux techniques")
        ordering = ["planned_end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")), name="study_planned_end_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(actual_end__isnull=True)
                | models.Q(actual_start__isnull=False, actual_end__gte=models.F("actual_start")),
                name="study_actual_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self):
        return reverse("coordination:study_detail", args=[self.pk])


@audited()
class StudyDeliverable(Timestamped):
    """A deliverable expected from the study (report, plans, DCE, reception minutes), and its file once received."""

    study = models.ForeignKey(TechnicalStudy, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(_("livrable"), max_length=200)
    due_on = models.DateField(_("attendu le"))
    received_on = models.DateField(_("reçu le"), null=True, blank=True)
    file = models.ForeignKey(
        "das.Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fichier"),
    )
    note = models.TextField(_("observations"), blank=True)

    class Meta:
        verbose_name = _("livrable")
        verbose_name_plural = _("livrables")
        ordering = ["study", "due_on", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("coordination:study_detail", args=[self.study_id])
