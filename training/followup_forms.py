"""The follow-up's filters (a GET form): year, commune, type of actor (the actions' target group), module."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from training.followup_selectors import FollowupFilters, filter_choices
from training.models import ActorType


class FollowupFilterForm(forms.Form):
    annee = forms.TypedChoiceField(label=gettext_lazy("Année"), required=False, coerce=int, empty_value=None)
    commune = forms.TypedChoiceField(label=gettext_lazy("Commune"), required=False, coerce=int, empty_value=None)
    acteur = forms.ChoiceField(label=gettext_lazy("Type d'acteur"), required=False)
    module = forms.TypedChoiceField(label=gettext_lazy("Module"), required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, choices=None):
        super().__init__(data)
        choices = choices if choices is not None else filter_choices()
        options = {
            "annee": [(str(y), str(y)) for y in choices["years"]],
            "commune": [("", _("Toutes les communes"))] + [(str(c.pk), str(c)) for c in choices["communes"]],
            "acteur": [("", _("Tous les types d'acteurs"))] + [(v, str(label)) for v, label in ActorType.choices],
            "module": [("", _("Tous les modules"))] + [(str(m.pk), str(m)) for m in choices["modules"]],
        }
        unknown = gettext_lazy("Valeur inconnue : choisissez dans la liste.")
        for name, values in options.items():
            self.fields[name].choices = values
            self.fields[name].error_messages["invalid_choice"] = unknown
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["annee"].initial = str(timezone.localdate().year)

    def filters(self) -> FollowupFilters:
        """The filters from the valid fields (a bad field is left out, and shown with its message)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        for name in self.errors:
            attrs = self.fields[name].widget.attrs
            if "is-invalid" not in attrs["class"]:
                attrs["class"] += " is-invalid"
            attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}-error"})
        return FollowupFilters(
            year=data.get("annee") or timezone.localdate().year,
            commune=data.get("commune"),
            actor_type=data.get("acteur") or "",
            module=data.get("module"),
        )

    def describe(self, filters: FollowupFilters) -> list[tuple[str, str]]:
        """The filters as (label, value) pairs for the page, the PDF and the Excel « Paramètres » sheet."""
        pairs = [(_("Année"), str(filters.year))]
        for name, value in (("commune", filters.commune), ("acteur", filters.actor_type), ("module", filters.module)):
            label = dict(self.fields[name].choices).get(str(value or ""), str(value))
            pairs.append((str(self.fields[name].label), str(label)))
        return pairs
