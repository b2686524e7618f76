"""Forms of the fiches de réalisation and the brochure. They carry what was typed; the rules (an achieved project,
one fiche per project, figures within the cost, photos that are images, the draft alone changes) are checked by
communication.services.showcase, whose refusals are shown next to their field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communication.models import SheetPhoto
from das.fields import MoneyField
from das.models import Commune, Partner, Programme

TEXTAREA = {"rows": 4}


class PartnerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, partner):
        return partner.name


class SheetForm(forms.Form):
    title = forms.CharField(label=_("Titre de la fiche"), max_length=255)
    title_ar = forms.CharField(label=_("Titre (arabe)"), max_length=255, required=False)
    summary = forms.CharField(
        label=_("Présentation"),
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Ce que le projet a réalisé, pour qui et où : quelques phrases pour le grand public."),
    )
    summary_ar = forms.CharField(label=_("Présentation (arabe)"), widget=forms.Textarea(attrs=TEXTAREA), required=False)
    results = forms.CharField(label=_("Résultats et impact"), widget=forms.Textarea(attrs=TEXTAREA), required=False)
    beneficiaries = forms.IntegerField(label=_("Bénéficiaires"), min_value=0, max_value=10_000_000)
    beneficiaries_women = forms.IntegerField(label=_("Dont femmes"), min_value=0, max_value=10_000_000)
    cost = MoneyField(label=_("Coût global (DH)"), max_digits=14)
    indh_share = MoneyField(label=_("Part INDH (DH)"), max_digits=14)
    partners = PartnerChoiceField(
        label=_("Partenaires"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Le porteur et les partenaires qui ont financé le projet."),
    )

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partner.objects.filter(pk__in=[p.pk for p in partners]).order_by("name")


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo (JPEG ou PNG)"))
    moment = forms.ChoiceField(label=_("Moment"), choices=SheetPhoto.Moment.choices)
    caption = forms.CharField(label=_("Légende"), max_length=255, required=False)


class ProgressPhotoChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, photo):
        return f"{photo.entry.recorded_on:%d/%m/%Y} – {photo.entry.percent} % – {photo.attachment.original_name}"


class ProgressPhotosForm(forms.Form):
    """Two photos of the works copied into the fiche: one « avant », one « après »."""

    before = ProgressPhotoChoiceField(label=_("Photo « avant »"), queryset=None)
    after = ProgressPhotoChoiceField(label=_("Photo « après »"), queryset=None)

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        from projects.models import ProgressPhoto

        ids = [photo.pk for photo in photos]
        queryset = ProgressPhoto.objects.filter(pk__in=ids).select_related("entry", "attachment")
        queryset = queryset.order_by("entry__recorded_on", "entry__pk", "pk")
        for name in ("before", "after"):
            self.fields[name].queryset = queryset
        if photos:
            self.fields["before"].initial = photos[0].pk
            self.fields["after"].initial = photos[-1].pk


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs=TEXTAREA))


class BrochureForm(forms.Form):
    """The brochure's selection; it reads as GET parameters (the PDF link carries them)."""

    GROUPS = [("programme", _("Par programme")), ("commune", _("Par commune"))]
    LANGUAGES = [("fr", _("Français")), ("ar", _("Arabe"))]

    group = forms.ChoiceField(label=_("Regrouper"), choices=GROUPS, initial="programme")
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False, empty_label=_("Tous les programmes")
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=Commune.objects.none(), required=False, empty_label=_("Toutes les communes")
    )
    language = forms.ChoiceField(label=_("Langue"), choices=LANGUAGES, initial="fr")
    year_from = forms.IntegerField(label=_("Année : de"), min_value=2005, max_value=2100, required=False)
    year_to = forms.IntegerField(label=_("Année : à"), min_value=2005, max_value=2100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.select_related("phase").order_by(
            "phase__start_year", "code"
        )
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("L'année de fin précède l'année de début."))
        return data
