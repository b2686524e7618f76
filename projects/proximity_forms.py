"""Forms of the proximity actions: input and its French error messages only; the writes are in
projects.services.proximity."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from das.fields import MoneyField, MoneyInput
from das.filters import DateInput
from das.models import Commune, Partner, TargetCategory
from projects.models import ProximityAction, ProximityBeneficiaries, ProximityFunding
from projects.services.proximity import BeneficiaryLine, FundingLine

ACTION_FIELDS = ["kind", "title", "description", "start_date", "end_date"]


class ProximityActionForm(forms.ModelForm):
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes"),
        queryset=Commune.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"required": _("Choisissez au moins une commune.")},
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partenaires"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = ProximityAction
        fields = ACTION_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = Commune.objects.order_by("name_fr")
        self.fields["partners"].queryset = Partner.objects.filter(is_active=True).order_by("name")
        if self.instance.pk:
            self.initial["communes"] = [c.pk for c in self.instance.communes.all()]
            self.initial["partners"] = [p.pk for p in self.instance.partners.all()]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La date de fin précède la date de début."))
        return data

    def action_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ACTION_FIELDS}

    def _post_clean(self):
        # The service validates the model (and numbers it); the form only checks its input.
        pass


class BeneficiaryForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Catégorie cible"), queryset=TargetCategory.objects.none(), required=False
    )
    sex = forms.ChoiceField(
        label=_("Sexe"), choices=[("", "---------"), *ProximityBeneficiaries.Sex.choices], required=False
    )
    age_group = forms.ChoiceField(
        label=_("Tranche d'âge"), choices=[("", "---------"), *ProximityBeneficiaries.AgeGroup.choices], required=False
    )
    count = forms.IntegerField(
        label=_("Nombre"),
        required=False,
        min_value=1,
        error_messages={"min_value": _("Le nombre de bénéficiaires doit être au moins 1.")},
    )

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories if categories is not None else TargetCategory.objects.all()

    def clean(self):
        data = super().clean()
        filled = data.get("count") is not None or data.get("sex") or data.get("age_group") or data.get("category")
        if filled:
            if not data.get("sex") and "sex" not in self.errors:
                self.add_error("sex", _("Indiquez le sexe."))
            if not data.get("age_group") and "age_group" not in self.errors:
                self.add_error("age_group", _("Indiquez la tranche d'âge."))
            if data.get("count") is None and "count" not in self.errors:
                self.add_error("count", _("Indiquez le nombre de bénéficiaires."))
        return data


class BaseBeneficiaryFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        self.categories = TargetCategory.objects.select_related("programme").order_by("programme__code", "code")
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"categories": self.categories}

    def clean(self):
        seen = set()
        for form in self.forms:
            data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
            if not data or data.get("count") is None:
                continue
            key = (getattr(data.get("category"), "pk", None), data.get("sex"), data.get("age_group"))
            if key in seen:
                form.add_error("count", _("Cette ligne de bénéficiaires est saisie deux fois."))
            seen.add(key)

    def lines(self) -> list[BeneficiaryLine]:
        return [
            BeneficiaryLine(
                form.cleaned_data.get("category"),
                form.cleaned_data["sex"],
                form.cleaned_data["age_group"],
                form.cleaned_data["count"],
            )
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("count") is not None
        ]


class FundingForm(forms.Form):
    payer = forms.ChoiceField(label=_("Financeur"), choices=ProximityFunding.Payer.choices, required=False)
    partner = forms.ModelChoiceField(label=_("Partenaire"), queryset=Partner.objects.none(), required=False)
    payer_label = forms.CharField(label=_("Autre financeur"), max_length=255, required=False)
    amount = MoneyField(
        label=_("Montant (DH)"),
        required=False,
        widget=MoneyInput(),
        error_messages={"min_value": _("Un montant ne peut pas être négatif.")},
    )

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners if partners is not None else Partner.objects.all()

    def clean(self):
        data = super().clean()
        if data.get("amount") is None:
            if (data.get("partner") or data.get("payer_label")) and "amount" not in self.errors:
                self.add_error("amount", _("Indiquez le montant."))
            return data
        payer = data.get("payer") or ProximityFunding.Payer.INDH
        data["payer"] = payer
        if payer == ProximityFunding.Payer.PARTNER and not data.get("partner"):
            self.add_error("partner", _("Choisissez le partenaire qui a payé."))
        if payer == ProximityFunding.Payer.OTHER and not (data.get("payer_label") or "").strip():
            self.add_error("payer_label", _("Nommez ce financeur."))
        return data


class BaseFundingFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        self.partners = Partner.objects.filter(is_active=True).order_by("name")
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"partners": self.partners}

    def lines(self) -> list[FundingLine]:
        return [
            FundingLine(
                payer=form.cleaned_data["payer"],
                amount=form.cleaned_data["amount"],
                partner=form.cleaned_data.get("partner"),
                payer_label=form.cleaned_data.get("payer_label", ""),
            )
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("amount") is not None
        ]


BeneficiaryFormSet = forms.formset_factory(BeneficiaryForm, formset=BaseBeneficiaryFormSet, extra=4, max_num=60)
FundingFormSet = forms.formset_factory(FundingForm, formset=BaseFundingFormSet, extra=3, max_num=30)


def beneficiary_initial(action) -> list[dict]:
    return [
        {"category": line.category_id, "sex": line.sex, "age_group": line.age_group, "count": line.count}
        for line in action.beneficiaries.all()
    ]


def funding_initial(action) -> list[dict]:
    return [
        {"payer": line.payer, "partner": line.partner_id, "payer_label": line.payer_label, "amount": line.amount}
        for line in action.fundings.all()
    ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Indiquez le motif de l'annulation.")},
        help_text=_("Il figure sur la page de l'action et dans son historique."),
    )
