"""Forms of the credits: input and its French messages only; the rules (ceilings, dates, who) are in
projects.services.credits."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from das.fields import MoneyField, MoneyInput
from das.filters import DateInput
from das.models import Partner, Programme
from projects.models import CreditNotification


def programmes_for(year: int):
    """The active programmes of a phase running in ``year``, phases in order."""
    from projects.credit_pages import running_in

    programmes = Programme.objects.filter(running_in(year), is_active=True).select_related("phase")
    return programmes.order_by("phase__start_year", "code")


class NotificationForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    amount = MoneyField(label=_("Montant notifié (DH)"), widget=MoneyInput())
    reference = forms.CharField(
        label=_("Référence de la notification"), max_length=60, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    notified_on = forms.DateField(label=_("Notifiée le"), widget=DateInput(), initial=timezone.localdate)
    source = forms.ChoiceField(
        label=_("Source"), choices=CreditNotification.Source.choices, initial=CreditNotification.Source.FUND
    )
    partner = forms.ModelChoiceField(
        label=_("Partenaire"),
        queryset=Partner.objects.filter(is_active=True).order_by("name"),
        required=False,
        help_text=_("Seulement pour des crédits notifiés par un partenaire."),
    )
    note = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes_for(year)

    def clean(self):
        data = super().clean()
        if data.get("source") == CreditNotification.Source.PARTNER and not data.get("partner"):
            self.add_error("partner", _("Indiquez le partenaire qui notifie ces crédits."))
        return data


class CorrectionForm(forms.Form):
    amount = MoneyField(
        label=_("Montant de la correction (DH)"),
        min_value=None,
        widget=MoneyInput(),
        help_text=_("Négatif pour une baisse, par exemple -150 000,00."),
    )
    reference = forms.CharField(
        label=_("Référence de la correction"), max_length=60, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    notified_on = forms.DateField(label=_("Notifiée le"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Motif de la correction"), widget=forms.Textarea(attrs={"rows": 3}))


class TransmitForm(forms.Form):
    on = forms.DateField(label=_("Transmise à la DBM le"), widget=DateInput(), initial=timezone.localdate)


class AcknowledgeForm(forms.Form):
    on = forms.DateField(label=_("Reçue le"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class GridForm(forms.Form):
    """One amount per programme × budget line; an empty cell is zero."""

    expected_stamp = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Objet de la version"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data=None, *, grid, allocation):
        initial = {"expected_stamp": allocation.updated_at.isoformat(), "note": allocation.note}
        for row in grid.rows:
            for cell in row.cells:
                initial[cell.name] = cell.amount if cell.amount else None
        super().__init__(data, initial=initial)
        self.keys = {}
        for row in grid.rows:
            for cell in row.cells:
                self.keys[cell.name] = (row.programme.pk, cell.budget_line.pk)
                self.fields[cell.name] = MoneyField(
                    label=f"{row.programme.code} × {cell.budget_line.code}",
                    required=False,
                    widget=MoneyInput(attrs={"class": "form-control form-control-sm text-end credit-cell"}),
                )

    def clean(self):
        data = super().clean()
        for name in self.errors:
            if name in self.keys:
                self.fields[name].widget.attrs["class"] += " is-invalid"
        return data

    def clean_expected_stamp(self):
        try:
            return dt.datetime.fromisoformat(self.cleaned_data["expected_stamp"])
        except ValueError as exc:
            raise forms.ValidationError(_("La grille n'est pas complète : rechargez-la.")) from exc

    def cells(self) -> dict:
        return {key: self.cleaned_data.get(name) or 0 for name, key in self.keys.items()}

    def typed_amounts(self) -> dict:
        """What was typed, as amounts where it reads as one (a wrong entry counts as zero in the totals)."""
        amounts = {}
        for name in self.keys:
            try:
                amounts[name] = self.fields[name].clean(self.data.get(name, "")) or 0
            except forms.ValidationError:
                amounts[name] = 0
        return amounts
