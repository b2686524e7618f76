"""Forms of the human-development indicators: the catalogue entry, the import upload and the analysis filters.
The rules (codes, bounds, years) are in projects.services.territorial; these forms only carry what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from das.models import Commune
from projects.models import TerritorialIndicator


class TerritorialIndicatorForm(forms.ModelForm):
    class Meta:
        model = TerritorialIndicator
        fields = ["code", "name_fr", "name_ar", "unit", "source", "direction", "description", "is_active"]
        widgets = {"name_ar": forms.TextInput(attrs={"dir": "rtl"}), "description": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self):  # the service says it in French, next to the code, also under concurrency
        pass


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Classeur Excel (.xlsx)"),
        help_text=_("Établi à partir du modèle : une ligne par valeur, sans cellule fusionnée."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class AnalysisForm(forms.Form):
    """The GET filters of the analysis pages (indicator, year, commune), each page using the ones it needs."""

    indicateur = forms.ModelChoiceField(label=_("Indicateur"), queryset=TerritorialIndicator.objects.none())
    annee = forms.TypedChoiceField(label=_("Année"), coerce=int, choices=())
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=Commune.objects.order_by("name_fr"), required=False, empty_label=_("Province")
    )

    def __init__(self, data=None, *, years=(), fields=("indicateur", "annee", "commune")):
        super().__init__(data)
        self.fields["indicateur"].queryset = TerritorialIndicator.objects.order_by("code")
        self.fields["annee"].choices = [(year, year) for year in years]
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]
