"""Conventions de partenariat of INDH projects: drafted from a template of numbered articles, signed by the Governor.

The template's articles are data the head of division edits; a convention copies them when it is drafted and may
amend its own copy until it leaves the draft. The parties (the Governor for the INDH, the holder, the partners) each
bring a contribution; together they must equal the project's cost plan. Amendments (avenants), tranches and payments
will hang off ``Convention`` (its reference, its parties and its articles) without changing these tables.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped
from projects.models.projects import MONEY


@audited()
class ConventionTemplate(Timestamped):
    """The model convention the division drafts from; the head keeps its articles up to date."""

    name = models.CharField(_("nom"), max_length=160)
    is_default = models.BooleanField(_("modèle par défaut"), default=False)

    class Meta:
        verbose_name = _("modèle de convention")
        verbose_name_plural = _("modèles de convention")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="convention_template_one_default"
            )
        ]

    def __str__(self):
        return self.name


class ArticleText(models.Model):
    """A numbered article, in French and in Arabic. Its text may name the project's facts between braces:
    {projet}, {code}, {porteur}, {commune}, {province}, {cout}, {part_indh}, {duree}."""

    number = models.PositiveSmallIntegerField(_("numéro"))
    title_fr = models.CharField(_("titre (français)"), max_length=200)
    title_ar = models.CharField(_("titre (arabe)"), max_length=200, blank=True)
    body_fr = models.TextField(_("texte (français)"))
    body_ar = models.TextField(_("texte (arabe)"), blank=True)

    class Meta:
        abstract = True
        ordering = ["number", "pk"]

    def __str__(self):
        return f"{self.number}. {self.title_fr}"


@audited()
class ConventionTemplateArticle(ArticleText):
    template = models.ForeignKey(ConventionTemplate, on_delete=models.CASCADE, related_name="articles")

    class Meta(ArticleText.Meta):
        verbose_name = _("article du modèle de convention")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="convention_template_article_number_unique")
        ]


@audited()
class Convention(Timestamped):
    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        VALIDATED = "validee", _("Validée par le chef")
        TRANSMITTED = "transmise", _("Transmise au Cabinet")
        SIGNED = "signee", _("Signée")
        EXECUTING = "en_execution", _("En exécution")
        CLOSED = "cloturee", _("Clôturée")
        TERMINATED = "resiliee", _("Résiliée")

    reference = models.CharField(_("numéro"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("année"))
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="conventions", verbose_name=_("projet")
    )
    template = models.ForeignKey(
        ConventionTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conventions",
        verbose_name=_("modèle"),
    )
    title = models.CharField(_("objet"), max_length=255)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    validated_at = models.DateTimeField(_("validée le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validée par"),
    )
    transmitted_at = models.DateTimeField(_("transmise au Cabinet le"), null=True, blank=True)
    signed_on = models.DateField(_("signée le"), null=True, blank=True)
    signed_scan = models.ForeignKey(
        "das.Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("convention signée (scan)"),
    )
    execution_started_on = models.DateField(_("mise en exécution le"), null=True, blank=True)
    closed_on = models.DateField(_("clôturée le"), null=True, blank=True)
    terminated_on = models.DateField(_("résiliée le"), null=True, blank=True)
    termination_reason = models.TextField(_("motif de résiliation"), blank=True)

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["-year", "-reference"]
        constraints = [
            # One live convention per project; a terminated one may be followed by a new one.
            models.UniqueConstraint(
                fields=["project"],
                condition=~models.Q(status="resiliee"),
                name="convention_one_live_per_project",
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self):
        return reverse("projects:convention_detail", args=[self.pk])


@audited()
class ConventionParty(models.Model):
    """A signatory and what it brings: the Governor (president of the CPDH) brings the INDH share."""

    class Kind(models.TextChoices):
        GOVERNOR = "gouverneur", _("Gouverneur, président du CPDH (INDH)")
        HOLDER = "porteur", _("Porteur du projet")
        PARTNER = "partenaire", _("Partenaire")

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("qualité"), max_length=12, choices=Kind.choices)
    partner = models.ForeignKey(
        "das.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partenaire"),
    )
    contribution = models.DecimalField(_("contribution (DH)"), **MONEY)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("partie à la convention")
        verbose_name_plural = _("parties à la convention")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="gouverneur", partner__isnull=True)
                | (~models.Q(kind="gouverneur") & models.Q(partner__isnull=False)),
                name="convention_party_partner_unless_governor",
            ),
            models.UniqueConstraint(
                fields=["convention"], condition=models.Q(kind="gouverneur"), name="convention_one_governor"
            ),
            models.UniqueConstraint(
                fields=["convention", "partner"],
                condition=models.Q(partner__isnull=False),
                name="convention_party_unique_partner",
            ),
        ]

    def __str__(self):
        return str(self.partner) if self.partner_id else str(self.get_kind_display())


@audited()
class ConventionArticle(ArticleText):
    """The convention's own article, copied from the template and editable while the convention is a draft."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="articles")

    class Meta(ArticleText.Meta):
        verbose_name = _("article de convention")
        constraints = [
            models.UniqueConstraint(fields=["convention", "number"], name="convention_article_number_unique")
        ]


@audited()
class ConventionReturn(models.Model):
    """The Governor's office sent the convention back with observations; they stay on the record."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="returns")
    returned_at = models.DateTimeField(_("retournée le"), auto_now_add=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("par")
    )
    observations = models.TextField(_("observations"))

    class Meta:
        verbose_name = _("retour du Cabinet")
        verbose_name_plural = _("retours du Cabinet")
        ordering = ["-returned_at", "-pk"]
