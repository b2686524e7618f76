"""Forms of the tranches and payments: input and its French messages only; the writes are in
projects.services.tranches."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from das.fields import MoneyField, MoneyInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


AMOUNTS, PERCENTAGES = "montant", "pourcentage"


class ScheduleModeForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Les tranches sont saisies en"),
        choices=[(AMOUNTS, _("montants (DH)")), (PERCENTAGES, _("pourcentages de la contribution INDH"))],
        initial=AMOUNTS,
        required=False,  # absent: amounts
        widget=forms.RadioSelect,
    )


class TrancheLineForm(forms.Form):
    amount = MoneyField(
        label=_("Montant (DH) ou pourcentage"),
        widget=MoneyInput,
        help_text=_("En pourcentages, la dernière tranche reçoit l'arrondi au centime."),
    )
    conditions = forms.CharField(
        label=_("Conditions de déblocage"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Par exemple : justification de la tranche précédente, taux d'avancement atteint."),
    )
    due_on = forms.DateField(label=_("Échéance prévue le"), widget=DATE, required=False)
    progress_threshold = forms.IntegerField(
        label=_("Seuil d'avancement physique (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Le déblocage attend que l'avancement du projet atteigne ce seuil."),
    )


# Three spare lines: an empty schedule is typed in one go (a single line allowed only a single tranche); the lines
# left blank are ignored.
TrancheFormSet = forms.formset_factory(TrancheLineForm, extra=3, can_delete=True)


def schedule_initial(tranches) -> list[dict]:
    return [
        {
            "amount": t.amount,
            "conditions": t.conditions,
            "due_on": t.due_on,
            "progress_threshold": t.progress_threshold,
        }
        for t in tranches
    ]


def schedule_lines(mode: str, formset, indh):
    """The formset's lines as TrancheLine (amounts in DH), converting percentages of ``indh`` exactly; raises the
    service's ValidationError when the percentages do not add up to 100."""
    from projects.services.tranches import TrancheLine, amounts_from_percentages

    rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    amounts = [row["amount"] for row in rows]
    if mode == PERCENTAGES and rows:
        amounts = amounts_from_percentages(indh, amounts)
    return [
        TrancheLine(amount, row.get("conditions", ""), row.get("due_on"), row.get("progress_threshold"))
        for amount, row in zip(amounts, rows, strict=True)
    ]


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
