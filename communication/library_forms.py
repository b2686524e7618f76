"""Forms of the document library and of the documentation packs. They carry what was typed; the rules (version
numbers, the changes note, the file's type, what a pack may carry) are checked by communication.services.library,
whose refusals are shown next to their field."""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communication.models import DocumentationPack, DocumentVersion, Language, LibraryDocument
from das.models import Commune, Programme
from training.models import Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=255)
    title_ar = forms.CharField(label=_("Titre en arabe"), max_length=255, required=False)
    category = forms.ChoiceField(label=_("Catégorie"), choices=LibraryDocument.Category.choices)
    audience = forms.ChoiceField(label=_("Public"), choices=LibraryDocument.Audience.choices)
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False, empty_label=_("Tous programmes")
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = Programme.objects.filter(is_active=True)
        if document is not None and document.programme_id:
            programmes = Programme.objects.filter(is_active=True) | Programme.objects.filter(pk=document.programme_id)
        self.fields["programme"].queryset = programmes.select_related("phase").order_by("phase__start_year", "code")
        self.fields["title_ar"].widget.attrs.update({"dir": "rtl", "lang": "ar"})


class DocumentCreateForm(DocumentForm):
    language = forms.ChoiceField(
        label=_("Langue du premier fichier"), choices=Language.choices, initial=Language.FRENCH, required=False
    )
    file = forms.FileField(
        label=_("Premier fichier (facultatif)"),
        required=False,
        help_text=_("PDF ou document Word, Excel, OpenDocument ; il devient la version 1 dans sa langue."),
    )


class VersionForm(forms.Form):
    language = forms.ChoiceField(label=_("Langue"), choices=Language.choices)
    file = forms.FileField(label=_("Fichier"), help_text=_("PDF ou document Word, Excel, OpenDocument."))
    changes = forms.CharField(
        label=_("Changements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire à partir de la deuxième version d'une langue."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Motif du retrait"), widget=forms.Textarea(attrs={"rows": 2}))


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Titre contient"), required=False)
    category = forms.ChoiceField(
        label=_("Catégorie"), required=False, choices=[("", _("Toutes"))] + LibraryDocument.Category.choices
    )
    audience = forms.ChoiceField(
        label=_("Public"), required=False, choices=[("", _("Tous"))] + LibraryDocument.Audience.choices
    )
    language = forms.ChoiceField(
        label=_("Disponible en"), required=False, choices=[("", _("Toutes langues"))] + Language.choices
    )
    status = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous"))] + LibraryDocument.Status.choices
    )

    def __init__(self, *args, managers=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not managers:
            del self.fields["status"]


def teams_eaq_first(*, active_only=True):
    """The teams, EAQ first (the packs go mostly to the neighbourhood teams), then by commune and name."""
    teams = Team.objects.filter(is_active=True) if active_only else Team.objects.all()
    return (
        teams.select_related("commune")
        .annotate(
            eaq_first=Case(When(kind=Team.Kind.EAQ, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("eaq_first", "commune__name_fr", "name")
    )


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, team):
        return f"{team} – {team.commune.name_fr}"


class VersionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, version):
        return f"{version.document.title} – {version.get_language_display()} v{version.number}"


class PackForm(forms.Form):
    team = TeamChoiceField(label=_("Équipe destinataire"), queryset=Team.objects.none())
    sent_on = forms.DateField(label=_("Envoyé le"), widget=DATE)
    channel = forms.ChoiceField(label=_("Mode de remise"), choices=DocumentationPack.Channel.choices)
    versions = VersionChoiceField(
        label=_("Documents remis"),
        queryset=DocumentVersion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, versions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams_eaq_first()
        self.fields["versions"].queryset = versions if versions is not None else DocumentVersion.objects.none()
        self.fields["sent_on"].initial = timezone.localdate()


class PackFilterForm(forms.Form):
    team = TeamChoiceField(label=_("Équipe"), queryset=Team.objects.none(), required=False, empty_label=_("Toutes"))
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=Commune.objects.order_by("name_fr"), required=False, empty_label=_("Toutes")
    )
    year = forms.IntegerField(label=_("Année"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams_eaq_first(active_only=False)
