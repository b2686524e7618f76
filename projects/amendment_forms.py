"""Forms of the avenants: input and its French messages only; the writes are in projects.services.amendments."""

from django import forms
from django.utils.translation import gettext_lazy as _

from das.fields import MoneyField, MoneyInput
from das.formatting import format_money


class AmendmentCreateForm(forms.Form):
    reason = forms.CharField(
        label=_("Objet et motif de l'avenant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Les montants, la durée et l'échéancier se modifient ensuite sur l'avenant."),
    )


class AmendmentTermsForm(forms.Form):
    """The object, the project's cost and duration after the avenant, and one contribution per party."""

    reason = forms.CharField(label=_("Objet et motif de l'avenant"), widget=forms.Textarea(attrs={"rows": 3}))
    cost = MoneyField(label=_("Coût du projet après l'avenant (DH)"), widget=MoneyInput)
    duration_months = forms.IntegerField(label=_("Durée après l'avenant (mois)"), min_value=1, max_value=240)

    def __init__(self, data=None, *, parties, **kwargs):
        super().__init__(data, **kwargs)
        self.parties = parties  # AmendmentParty rows, their ConventionParty selected
        for proposed in parties:
            party = proposed.party
            label = party.get_kind_display() + (f" : {party.partner}" if party.partner_id else "")
            self.fields[f"party_{party.pk}"] = MoneyField(
                label=_("Contribution — %(party)s (DH)") % {"party": label},
                widget=MoneyInput,
                initial=proposed.contribution,
                help_text=_("Actuellement : %(amount)s") % {"amount": format_money(party.contribution)},
            )

    def contributions(self) -> dict:
        return {p.party_id: self.cleaned_data[f"party_{p.party_id}"] for p in self.parties}
