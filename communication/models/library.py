"""The document library (bibliothèque documentaire): procedure manuals, selection criteria, model documents, call
notices, each kept in versions per language; documentation packs sent to the animation teams (EAQ).

Publication moves only through communication.services.library: brouillon → publié → retiré (and republished). The
current version of a document in a language is its highest-numbered version in that language.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.models.base import Timestamped


class Language(models.TextChoices):
    FRENCH = "fr", _("Français")
    ARABIC = "ar", _("Arabe")


@audited()
class LibraryDocument(Timestamped):
    class Category(models.TextChoices):
        MANUAL = "manuel", _("Manuel de procédures")
        CRITERIA = "criteres", _("Critères de sélection")
        MODEL = "modele", _("Modèle de document")
        CALL_NOTICE = "avis_appel", _("Avis d'appel à projets")
        GUIDE = "guide", _("Guide et fiche pratique")
        REGULATION = "texte", _("Texte de référence (circulaire, note)")
        OTHER = "autre", _("Autre")

    class Audience(models.TextChoices):
        STAFF = "interne", _("Personnel de la division")
        ACTORS = "acteurs", _("Acteurs de l'INDH (porteurs, EAC/EAQ, comités)")
        PUBLIC = "public", _("Grand public")

    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        PUBLISHED = "publie", _("Publié")
        WITHDRAWN = "retire", _("Retiré")

    title = models.CharField(_("titre"), max_length=255)
    title_ar = models.CharField(_("titre (arabe)"), max_length=255, blank=True)
    category = models.CharField(_("catégorie"), max_length=12, choices=Category.choices)
    audience = models.CharField(_("public"), max_length=10, choices=Audience.choices)
    description = models.TextField(_("description"), blank=True)
    programme = models.ForeignKey(
        "das.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publié par"),
    )
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("motif du retrait"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("créé par")
    )

    class Meta:
        verbose_name = _("document de la bibliothèque")
        verbose_name_plural = _("documents de la bibliothèque")
        ordering = ["category", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("communication:document_detail", args=[self.pk])


@audited()
class DocumentVersion(models.Model):
    document = models.ForeignKey(
        LibraryDocument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("document")
    )
    language = models.CharField(_("langue"), max_length=2, choices=Language.choices)
    number = models.PositiveSmallIntegerField(_("version"), editable=False)
    attachment = models.OneToOneField(
        "das.Attachment", on_delete=models.PROTECT, related_name="library_version", verbose_name=_("fichier")
    )
    changes = models.TextField(_("changements par rapport à la version précédente"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("déposée par")
    )
    uploaded_at = models.DateTimeField(_("déposée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("version d'un document")
        verbose_name_plural = _("versions des documents")
        ordering = ["document", "language", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language", "number"], name="communication_version_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.document} – {self.get_language_display()} v{self.number}"

    def get_absolute_url(self):
        return reverse("communication:document_detail", args=[self.document_id])


@audited()
class DocumentationPack(Timestamped):
    """Documents handed to an animation team (EAQ/EAC): which versions, when, how; the journal keeps every pack."""

    class Channel(models.TextChoices):
        HAND = "main_propre", _("Remise en main propre")
        MAIL = "courrier", _("Courrier")
        EMAIL = "email", _("Courrier électronique")
        TRAINING = "formation", _("Lors d'une session de formation")

    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    team = models.ForeignKey(
        "training.Team", on_delete=models.PROTECT, related_name="documentation_packs", verbose_name=_("équipe")
    )
    sent_on = models.DateField(_("envoyé le"))
    channel = models.CharField(_("mode de remise"), max_length=12, choices=Channel.choices)
    versions = models.ManyToManyField(DocumentVersion, related_name="packs", verbose_name=_("documents remis"))
    note = models.TextField(_("observations"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("envoyé par")
    )

    class Meta:
        verbose_name = _("pack documentaire")
        verbose_name_plural = _("packs documentaires")
        ordering = ["-sent_on", "-pk"]

    def __str__(self):
        return f"{self.reference} – {self.team}"

    def get_absolute_url(self):
        return reverse("communication:pack_detail", args=[self.pk])
