"""Forms of the project record and of the ILDH: input and its French messages only; the rules and the writes are in
projects.services.record."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from das.fields import MoneyField, MoneyInput, money_formfield
from das.filters import DateInput
from das.models import Axis, BudgetLine, Commune, Locality, Partner, Programme, Sector
from projects.models import ILDH, ILDHMember, Project, ProjectBeneficiaries
from projects.services.record import (
    COST_PLAN_FIELDS,
    RECORD_FIELDS,
    BeneficiaryLine,
    FundingLine,
    MemberLine,
    TerritoryLine,
)

AGR_FIELDS = [
    "agr_feasibility_done",
    "agr_feasibility_on",
    "agr_personal_contribution",
    "agr_microcredit_amount",
    "agr_microcredit_institution",
]
REGISTER_ONLY = ["validated_on", "planned_start", "planned_end", "reserves"]


def formfield(model_field, **kwargs):
    """Amounts as people type them (MoneyField); the GPS coordinates stay plain decimals (a longitude is negative)."""
    if model_field.name in {"latitude", "longitude"}:
        return model_field.formfield(**kwargs)
    return money_formfield(model_field, **kwargs)


GPS_HELP = _("En degrés décimaux, par exemple 30,4202 et -9,5982 ; les deux ou aucune.")


class ProjectRecordForm(forms.ModelForm):
    """The record's fields; with ``registering`` also the dates and the former code of a taken-over project."""

    taken_over = forms.BooleanField(
        label=_("Projet repris d'avant le système"),
        required=False,
        help_text=_("Il garde son ancien code s'il est indiqué et libre ; sinon un code lui est attribué."),
    )
    former_code = forms.CharField(label=_("Ancien code"), max_length=40, required=False)

    class Meta:
        model = Project
        fields = [*COST_PLAN_FIELDS, *RECORD_FIELDS, *REGISTER_ONLY]
        formfield_callback = formfield
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "reserves": forms.Textarea(attrs={"rows": 2}),
            "validated_on": DateInput(),
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "agr_feasibility_on": DateInput(),
            "estimated_cost": MoneyInput(),
            "indh_share": MoneyInput(),
            "holder_contribution": MoneyInput(),
            "agr_personal_contribution": MoneyInput(),
            "agr_microcredit_amount": MoneyInput(),
            "latitude": forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
            "longitude": forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
        }

    def __init__(self, *args, registering=False, money_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.registering = registering
        if not registering:
            for name in [*REGISTER_ONLY, "taken_over", "former_code"]:
                del self.fields[name]
        else:
            self.fields["validated_on"].label = _("Approuvé / enregistré le")
        if money_locked:
            # Shown, not changed: the convention is signed, an avenant carries any change of money.
            for name in COST_PLAN_FIELDS:
                self.fields[name].disabled = True
        partners = Partner.objects.filter(is_active=True).order_by("name")
        self.fields["holder"].queryset = partners
        self.fields["delegated_owner"].queryset = partners
        self.fields["programme"].queryset = Programme.objects.select_related("phase").order_by(
            "phase__start_year", "code"
        )
        self.fields["axis"].queryset = Axis.objects.select_related("programme").order_by("programme__code", "code")
        # Active rubriques only; one no longer used stays offered on a project that already carries it.
        current_line = self.instance.budget_line_id if self.instance and self.instance.pk else None
        self.fields["budget_line"].queryset = BudgetLine.objects.filter(
            Q(is_active=True) | Q(pk=current_line)
        ).order_by("code")
        self.fields["budget_line"].help_text = _("La rubrique du fonds sur laquelle la part INDH est engagée.")
        self.fields["sector"].queryset = Sector.objects.order_by("name_fr")
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")
        self.fields["locality"].queryset = Locality.objects.select_related("commune").order_by(
            "commune__name_fr", "name_fr"
        )
        self.fields["ildh"].queryset = ILDH.objects.select_related("commune").order_by("-start_year", "reference")
        self.fields["latitude"].help_text = GPS_HELP
        self.fields["latitude"].localize = True
        self.fields["longitude"].localize = True
        for name in ("latitude", "longitude"):
            self.fields[name].error_messages["invalid"] = _("Saisissez des degrés décimaux, par exemple 30,4202.")
        self.fields["beneficiaries_total"].help_text = _(
            "Calculés à partir des lignes de bénéficiaires visés quand vous en saisissez."
        )

    def clean(self):
        data = super().clean()
        if self.registering and (data.get("former_code") or "").strip() and not data.get("taken_over"):
            self.add_error("former_code", _("Seul un projet repris d'avant le système garde son ancien code."))
        return data

    def _post_clean(self):
        # The service validates the project (and numbers it); the form only checks its input.
        pass

    def record_fields(self, *, with_cost_plan: bool) -> dict:
        names = list(RECORD_FIELDS) + (list(COST_PLAN_FIELDS) if with_cost_plan else [])
        if self.registering:
            names += REGISTER_ONLY
        return {name: self.cleaned_data.get(name) for name in names}


class TerritoryForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.none(), required=False)
    locality = forms.ModelChoiceField(label=_("Quartier / douar"), queryset=Locality.objects.none(), required=False)
    share = forms.DecimalField(
        label=_("Part (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        localize=True,
    )

    def __init__(self, *args, communes=None, localities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes if communes is not None else Commune.objects.all()
        self.fields["locality"].queryset = localities if localities is not None else Locality.objects.all()

    def clean_share(self):
        # Checked here rather than by min_value / max_value: their validators %-format the message with the limit,
        # and the "%" of these sentences then breaks the page (ValueError: incomplete format).
        share = self.cleaned_data.get("share")
        if share is not None and share <= 0:
            raise forms.ValidationError(_("Une part est supérieure à 0 %."))
        if share is not None and share > 100:
            raise forms.ValidationError(_("Une part ne dépasse pas 100 %."))
        return share

    def clean(self):
        data = super().clean()
        if data.get("commune") or data.get("locality") or data.get("share") is not None:
            if not data.get("commune") and "commune" not in self.errors:
                self.add_error("commune", _("Choisissez la commune."))
            if data.get("share") is None and "share" not in self.errors:
                self.add_error("share", _("Indiquez la part de ce territoire."))
        return data


class BaseTerritoryFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        self.communes = Commune.objects.order_by("name_fr")
        self.localities = Locality.objects.select_related("commune").order_by("commune__name_fr", "name_fr")
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"communes": self.communes, "localities": self.localities}

    def lines(self) -> list[TerritoryLine]:
        return [
            TerritoryLine(form.cleaned_data["commune"], form.cleaned_data["share"], form.cleaned_data.get("locality"))
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("commune")
        ]


class ProjectBeneficiaryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Visés / atteints"), choices=[("", "---------"), *ProjectBeneficiaries.Kind.choices], required=False
    )
    sex = forms.ChoiceField(
        label=_("Sexe"), choices=[("", "---------"), *ProjectBeneficiaries.Sex.choices], required=False
    )
    age_group = forms.ChoiceField(
        label=_("Tranche d'âge"), choices=[("", "---------"), *ProjectBeneficiaries.AgeGroup.choices], required=False
    )
    count = forms.IntegerField(
        label=_("Nombre"),
        required=False,
        min_value=1,
        error_messages={"min_value": _("Le nombre de bénéficiaires doit être au moins 1.")},
    )

    def clean(self):
        data = super().clean()
        if any(data.get(name) not in (None, "") for name in ("kind", "sex", "age_group", "count")):
            for name, message in (
                ("kind", _("Indiquez s'il s'agit de bénéficiaires visés ou atteints.")),
                ("sex", _("Indiquez le sexe.")),
                ("age_group", _("Indiquez la tranche d'âge.")),
                ("count", _("Indiquez le nombre de bénéficiaires.")),
            ):
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, message)
        return data


class BaseProjectBeneficiaryFormSet(forms.BaseFormSet):
    def lines(self) -> list[BeneficiaryLine]:
        return [
            BeneficiaryLine(d["kind"], d["sex"], d["age_group"], d["count"])
            for d in (form.cleaned_data for form in self.forms)
            if d and d.get("count") is not None
        ]


class PartnerFundingForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partenaire"), queryset=Partner.objects.none(), required=False)
    amount = MoneyField(
        label=_("Contribution (DH)"),
        required=False,
        widget=MoneyInput(),
        error_messages={"min_value": _("Un montant ne peut pas être négatif.")},
    )

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners if partners is not None else Partner.objects.all()

    def clean(self):
        data = super().clean()
        if data.get("partner") and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Indiquez le montant."))
        if data.get("amount") is not None and not data.get("partner") and "partner" not in self.errors:
            self.add_error("partner", _("Choisissez le partenaire."))
        return data


class BasePartnerFundingFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        self.partners = Partner.objects.filter(is_active=True).order_by("name")
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"partners": self.partners}

    def lines(self) -> list[FundingLine]:
        return [
            FundingLine(form.cleaned_data["partner"], form.cleaned_data["amount"])
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("partner")
        ]


TerritoryFormSet = forms.formset_factory(TerritoryForm, formset=BaseTerritoryFormSet, extra=3, max_num=40)
ProjectBeneficiaryFormSet = forms.formset_factory(
    ProjectBeneficiaryForm, formset=BaseProjectBeneficiaryFormSet, extra=4, max_num=16
)
PartnerFundingFormSet = forms.formset_factory(
    PartnerFundingForm, formset=BasePartnerFundingFormSet, extra=3, max_num=30
)


def territory_initial(project) -> list[dict]:
    return [{"commune": t.commune_id, "locality": t.locality_id, "share": t.share} for t in project.territories.all()]


def beneficiary_initial(project) -> list[dict]:
    return [
        {"kind": line.kind, "sex": line.sex, "age_group": line.age_group, "count": line.count}
        for line in project.beneficiary_lines.all()
    ]


def funding_initial(project) -> list[dict]:
    return [{"partner": f.partner_id, "amount": f.amount} for f in project.fundings.all()]


# --- ILDH ------------------------------------------------------------------------------------------------------------


class ILDHForm(forms.ModelForm):
    class Meta:
        model = ILDH
        fields = ["title", "commune", "locality", "start_year", "end_year", "diagnostic_summary"]
        widgets = {"diagnostic_summary": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, communes=None, **kwargs):
        """``communes``: those a scoped user may choose (projects.scope); None for every commune."""
        super().__init__(*args, **kwargs)
        choices = Commune.objects.order_by("name_fr")
        self.fields["commune"].queryset = choices if communes is None else choices.filter(pk__in=communes)
        self.fields["locality"].queryset = Locality.objects.select_related("commune").order_by(
            "commune__name_fr", "name_fr"
        )

    def _post_clean(self):
        pass


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Nom et prénom"), max_length=160, required=False)
    sex = forms.ChoiceField(label=_("Sexe"), choices=[("", "---------"), *ILDHMember.Sex.choices], required=False)
    function = forms.CharField(label=_("Fonction / qualité"), max_length=160, required=False)
    organisation = forms.CharField(label=_("Organisme"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if any((data.get(name) or "").strip() for name in ("name", "sex", "function", "organisation")):
            for name, message in (
                ("name", _("Indiquez le nom du membre.")),
                ("sex", _("Indiquez le sexe.")),
                ("function", _("Indiquez sa fonction (coordinateur local, animateur…).")),
            ):
                if not (data.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, message)
        return data


class BaseMemberFormSet(forms.BaseFormSet):
    def lines(self) -> list[MemberLine]:
        return [
            MemberLine(d["name"], d["sex"], d["function"], d.get("organisation", ""))
            for d in (form.cleaned_data for form in self.forms)
            if d and (d.get("name") or "").strip()
        ]


MemberFormSet = forms.formset_factory(MemberForm, formset=BaseMemberFormSet, extra=3, max_num=40)


def member_initial(ildh) -> list[dict]:
    return [
        {"name": m.name, "sex": m.sex, "function": m.function, "organisation": m.organisation}
        for m in ildh.members.all()
    ]
