"""International cooperation: the foreign partners (country, agency), their cooperation programmes in the province and
the social activities each programme finances (amount, co-financing, the INDH projects it supports), the reports due
to the partner, and the follow-up of each activity (coordination.services.cooperation).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination.models.common import MONEY
from das.audit import audited
from das.models.base import Timestamped


@audited()
class CooperationPartner(Timestamped):
    class Kind(models.TextChoices):
        BILATERAL = "bilaterale", _("Agence de coopération bilatérale")
        MULTILATERAL = "multilaterale", _("Organisation multilatérale")
        DECENTRALISED = "decentralisee", _("Collectivité étrangère (coopération décentralisée)")
        NGO = "ong", _("ONG internationale")
        FOUNDATION = "fondation", _("Fondation")
        OTHER = "autre", _("Autre")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=14, choices=Kind.choices)
    country = models.CharField(_("pays"), max_length=100)
    agency = models.CharField(_("agence ou représentation"), max_length=200, blank=True)
    contact_name = models.CharField(_("interlocuteur"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    website = models.URLField(_("site web"), blank=True)
    notes = models.TextField(_("observations"), blank=True)

    class Meta:
        verbose_name = _("partenaire de coopération internationale")
        verbose_name_plural = _("partenaires de coopération internationale")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.country})"

    def get_absolute_url(self):
        return reverse("coordination:cooperation_partner_detail", args=[self.pk])


@audited()
class CooperationProgramme(Timestamped):
    class Status(models.TextChoices):
        PREPARATION = "preparation", _("En préparation")
        IN_PROGRESS = "en_cours", _("En cours")
        CLOSED = "cloture", _("Clôturé")
        SUSPENDED = "suspendu", _("Suspendu")

    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    partner = models.ForeignKey(
        CooperationPartner, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("partenaire")
    )
    title = models.CharField(_("intitulé"), max_length=255)
    objectives = models.TextField(_("objectifs"), blank=True)
    agreement_reference = models.CharField(_("référence de l'accord"), max_length=80, blank=True)
    signed_on = models.DateField(_("accord signé le"), null=True, blank=True)
    start_on = models.DateField(_("début"))
    end_on = models.DateField(_("fin"))
    amount = models.DecimalField(_("montant global (DH)"), **MONEY)
    partner_contribution = models.DecimalField(_("contribution du partenaire (DH)"), **MONEY)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.PREPARATION)
    status_note = models.TextField(_("motif ou observation du statut"), blank=True)

    class Meta:
        verbose_name = _("programme de coopération")
        verbose_name_plural = _("programmes de coopération")
        ordering = ["-start_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(partner_contribution__gte=0, partner_contribution__lte=models.F("amount")),
                name="coordination_coop_programme_contribution",
            ),
            models.CheckConstraint(
                condition=models.Q(end_on__gte=models.F("start_on")), name="coordination_coop_dates"
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self):
        return reverse("coordination:cooperation_programme_detail", args=[self.pk])


@audited()
class CooperationActivity(Timestamped):
    """A social activity financed by a cooperation programme, with its co-financing and the projects it supports."""

    class Status(models.TextChoices):
        PLANNED = "programmee", _("Programmée")
        IN_PROGRESS = "en_cours", _("En cours")
        COMPLETED = "achevee", _("Achevée")
        CANCELLED = "annulee", _("Annulée")

    programme = models.ForeignKey(
        CooperationProgramme, on_delete=models.PROTECT, related_name="activities", verbose_name=_("programme")
    )
    title = models.CharField(_("intitulé"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    commune = models.ForeignKey(
        "das.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    amount = models.DecimalField(_("montant (DH)"), **MONEY)
    partner_amount = models.DecimalField(_("part du partenaire (DH)"), **MONEY)
    indh_amount = models.DecimalField(_("part INDH (DH)"), **MONEY)
    other_amount = models.DecimalField(_("autres co-financements (DH)"), **MONEY)
    other_funders = models.CharField(_("autres co-financeurs"), max_length=255, blank=True)
    start_on = models.DateField(_("début"), null=True, blank=True)
    end_on = models.DateField(_("fin"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    status_note = models.TextField(_("motif d'annulation"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    spent = models.DecimalField(_("dépensé (DH)"), default=0, **MONEY)
    projects = models.ManyToManyField(
        "projects.Project",
        through="ActivityProject",
        blank=True,
        related_name="cooperation_activities",
        verbose_name=_("projets soutenus"),
    )

    class Meta:
        verbose_name = _("activité sociale de coopération")
        verbose_name_plural = _("activités sociales de coopération")
        ordering = ["programme", "pk"]
        constraints = [
            # The co-financing adds up to the activity's amount (coordination.services.cooperation says it first).
            models.CheckConstraint(
                condition=models.Q(
                    amount=models.F("partner_amount") + models.F("indh_amount") + models.F("other_amount"),
                    partner_amount__gte=0,
                    indh_amount__gte=0,
                    other_amount__gte=0,
                ),
                name="coordination_coop_activity_cofinancing",
            ),
            models.CheckConstraint(
                condition=models.Q(spent__gte=0, spent__lte=models.F("amount")), name="coordination_coop_activity_spent"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("coordination:cooperation_activity_detail", args=[self.pk])


@audited()
class ActivityProject(models.Model):
    """An INDH project of the province supported by a cooperation activity, and the amount it brings to it."""

    activity = models.ForeignKey(CooperationActivity, on_delete=models.CASCADE, related_name="supported")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="cooperation_support", verbose_name=_("projet")
    )
    amount = models.DecimalField(_("apport au projet (DH)"), **MONEY)

    class Meta:
        verbose_name = _("projet soutenu")
        verbose_name_plural = _("projets soutenus")
        ordering = ["activity", "project__code"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "project"], name="coordination_activity_project"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="coordination_activity_project_amount"),
        ]

    def __str__(self):
        return f"{self.activity} – {self.project}"


@audited()
class ActivityFollowUp(models.Model):
    """A dated follow-up point of an activity: progress, amount spent so far, observations."""

    activity = models.ForeignKey(CooperationActivity, on_delete=models.CASCADE, related_name="follow_ups")
    on = models.DateField(_("date"))
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    spent = models.DecimalField(_("dépensé à cette date (DH)"), **MONEY)
    note = models.TextField(_("observations"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("saisi le"), auto_now_add=True)

    class Meta:
        verbose_name = _("point de suivi")
        verbose_name_plural = _("points de suivi")
        ordering = ["activity", "-on", "-pk"]


@audited()
class PartnerReport(Timestamped):
    """A report the province owes the partner (technical, financial), due on a date, submitted with its file."""

    class Kind(models.TextChoices):
        TECHNICAL = "technique", _("Rapport technique")
        FINANCIAL = "financier", _("Rapport financier")
        FINAL = "final", _("Rapport final")
        OTHER = "autre", _("Autre")

    programme = models.ForeignKey(
        CooperationProgramme, on_delete=models.PROTECT, related_name="reports", verbose_name=_("programme")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("intitulé (période couverte)"), max_length=255)
    due_on = models.DateField(_("dû le"))
    submitted_on = models.DateField(_("remis le"), null=True, blank=True)
    file = models.ForeignKey(
        "das.Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapport remis"),
    )
    note = models.TextField(_("observations"), blank=True)

    class Meta:
        verbose_name = _("rapport dû au partenaire")
        verbose_name_plural = _("rapports dus au partenaire")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return f"{self.title} ({self.programme.reference})"

    def get_absolute_url(self):
        return reverse("coordination:cooperation_programme_detail", args=[self.programme_id])
