"""Forms of the marchés: input and its French messages only; the rules across fields are in
projects.services.procurement."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from das.fields import MoneyInput, money_formfield
from das.filters import DateInput
from projects.models import Procurement
from projects.services.procurement import FIELDS

DATES = [
    "published_on",
    "bids_opened_on",
    "awarded_on",
    "service_order_on",
    "provisional_reception_on",
    "final_reception_on",
]


class ProcurementForm(forms.ModelForm):
    class Meta:
        model = Procurement
        fields = FIELDS
        formfield_callback = money_formfield
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 3}),
            "estimated_amount": MoneyInput(),
            "awarded_amount": MoneyInput(),
            "contractor_ice": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
            "reference": forms.TextInput(attrs={"dir": "ltr"}),
            **{name: DateInput() for name in DATES},
        }

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in FIELDS}


class EndForm(forms.Form):
    ending = forms.ChoiceField(
        label=_("Issue"),
        choices=[
            (Procurement.Ending.UNSUCCESSFUL, _("Déclaré infructueux")),
            (Procurement.Ending.CANCELLED, _("Annulé")),
        ],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}))
