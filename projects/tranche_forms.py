"""Forms of the tranches and payments: input and its French messages only; the writes are in
projects.services.tranches."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from das.fields import MoneyField, MoneyInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrancheLineForm(forms.Form):
    amount = MoneyField(label=_("Montant (DH)"), widget=MoneyInput)
    conditions = forms.CharField(
        label=_("Conditions de déblocage"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Par exemple : justification de la tranche précédente, taux d'avancement atteint."),
    )


TrancheFormSet = forms.formset_factory(TrancheLineForm, extra=1, can_delete=True)


class ReleaseForm(forms.Form):
    on = forms.DateField(label=_("Conditions constatées le"), widget=DATE, initial=timezone.localdate)
    confirmed = forms.BooleanField(
        label=_("Je constate que les conditions de déblocage de cette tranche sont remplies")
    )


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Date du paiement"), widget=DATE, initial=timezone.localdate)
    amount = MoneyField(label=_("Montant (DH)"), widget=MoneyInput)
    payment_order = forms.CharField(label=_("Référence de l'ordre de paiement"), max_length=60)
    rib = forms.CharField(
        label=_("RIB du porteur"), max_length=40, help_text=_("24 chiffres ; les espaces sont acceptés.")
    )
