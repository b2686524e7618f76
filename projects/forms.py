"""Forms of the calls for projects: input and its French error messages only; the writes are in projects.services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from das.fields import MoneyField, MoneyInput, money_formfield
from das.models import Commune, Locality, Partner, Programme
from projects.models import CallForProjects
from projects.services.calls import AMENDABLE_FIELDS

DATETIME_INPUT = "%Y-%m-%dT%H:%M"
PERCENT_INVALID = _("Saisissez un pourcentage, par exemple 70 ou 62,5.")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (it submits aaaa-mm-jjThh:mm, which the input formats accept)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_INPUT)


class PercentInput(MoneyInput):
    def format_value(self, value):
        if isinstance(value, Decimal):
            text = f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"
            return text.replace(".", ",")
        return super().format_value(value)


class PercentField(MoneyField):
    """A percentage typed the French way (``62,5``)."""

    default_error_messages = {"invalid": PERCENT_INVALID}


def call_formfield(model_field, **kwargs):
    """Amounts become MoneyFields; the INDH share a percentage typed the French way."""
    if model_field.name == "max_indh_share":
        return model_field.formfield(form_class=PercentField, **kwargs)
    return money_formfield(model_field, **kwargs)


def locality_choices():
    return Locality.objects.select_related("commune").order_by("commune__name_fr", "name_fr")


class LocalityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.commune} — {obj}"


TEXT_WIDGETS = {
    "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    "description_fr": forms.Textarea(attrs={"rows": 4}),
    "description_ar": forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
    "opens_at": DateTimeInput(),
    "closes_at": DateTimeInput(),
    "envelope": MoneyInput(),
    "min_amount": MoneyInput(),
    "max_amount": MoneyInput(),
    "max_indh_share": PercentInput(),
}


class CallForm(forms.ModelForm):
    eligible_holder_types = forms.MultipleChoiceField(
        label=_("Porteurs éligibles"),
        choices=Partner.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes ciblées"),
        queryset=Commune.objects.order_by("name_fr"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Aucune commune choisie : toute la préfecture. Ctrl + clic pour en choisir plusieurs."),
    )
    localities = LocalityChoiceField(
        label=_("Quartiers et douars ciblés"),
        queryset=locality_choices(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Facultatif. Ctrl + clic pour en choisir plusieurs."),
    )

    class Meta:
        model = CallForProjects
        fields = [
            "phase",
            "programme",
            "axis",
            "year",
            "title_fr",
            "title_ar",
            "description_fr",
            "description_ar",
            "envelope",
            "min_amount",
            "max_amount",
            "max_indh_share",
            "eligible_holder_types",
            "opens_at",
            "closes_at",
            "scoring_scale",
            "reference_pattern",
        ]
        formfield_callback = call_formfield
        widgets = TEXT_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.select_related("phase").order_by(
            "phase__start_year", "code"
        )
        self.fields["axis"].queryset = self.fields["axis"].queryset.select_related("programme")
        self.fields["localities"].queryset = locality_choices()
        if self.instance.pk:
            self.fields["communes"].initial = list(self.instance.communes.all())
            self.fields["localities"].initial = list(self.instance.localities.all())

    def clean_eligible_holder_types(self):
        return list(self.cleaned_data.get("eligible_holder_types") or [])


class CallCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il figure dans l'historique de l'appel."),
    )


class CallAmendForm(forms.Form):
    """The amendable fields of a published call, prefilled, and the reason of the amendment."""

    reason = forms.CharField(
        label=_("Motif de l'avenant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire : il est repris dans la liste des avenants de l'appel."),
    )

    def __init__(self, *args, call: CallForProjects, **kwargs):
        self.call = call
        kwargs["initial"] = {
            **{name: getattr(call, name) for name in AMENDABLE_FIELDS},
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
        fields = forms.fields_for_model(
            CallForProjects, fields=AMENDABLE_FIELDS, formfield_callback=call_formfield, widgets=TEXT_WIDGETS
        )
        reason = self.fields.pop("reason")
        self.fields.update(fields)
        self.fields["reason"] = reason

    def changes(self) -> dict:
        """Only what differs from the call (a date typed without seconds equals the same minute)."""
        changed = {}
        for name in AMENDABLE_FIELDS:
            new, old = self.cleaned_data.get(name), getattr(self.call, name)
            if hasattr(old, "second") and new is not None:
                old = old.replace(second=0, microsecond=0)
            if new != old:
                changed[name] = new
        return changed


class ItemForm(forms.Form):
    """A line of a call's lists; an empty line is ignored (the page offers a few empty ones)."""

    label_fr = forms.CharField(label=_("Libellé (français)"), max_length=255, required=False)
    label_ar = forms.CharField(
        label=_("Libellé (arabe)"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    content_fields = ("label_fr", "label_ar")

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) not in (None, "") for name in self.content_fields)

    def clean(self):
        data = super().clean()
        if not self.is_blank() and not data.get("label_fr"):
            self.add_error("label_fr", _("Indiquez le libellé en français."))
        return data


class DocumentItemForm(ItemForm):
    required = forms.BooleanField(label=_("Obligatoire"), required=False, initial=True)


class EligibilityItemForm(ItemForm):
    pass


class SelectionItemForm(ItemForm):
    weight = PercentField(
        label=_("Pondération (%)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "weight-input", "size": 6}),
    )
    content_fields = ("label_fr", "label_ar", "weight")

    def clean(self):
        data = super().clean()
        if not self.is_blank() and data.get("weight") is None and "weight" not in self.errors:
            self.add_error("weight", _("Indiquez la pondération du critère."))
        return data


class ItemFormSet(forms.BaseFormSet):
    def rows(self):
        """The filled, kept lines, in the page's order."""
        return [f for f in self.forms if f.cleaned_data and not f.is_blank() and not self._should_delete_form(f)]


def item_formset(form_class):
    return forms.formset_factory(form_class, formset=ItemFormSet, extra=3, can_delete=True, max_num=100)


DocumentFormSet = item_formset(DocumentItemForm)
EligibilityFormSet = item_formset(EligibilityItemForm)
SelectionFormSet = item_formset(SelectionItemForm)
