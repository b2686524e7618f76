"""Forms of the dossiers: input and its French error messages only; the writes are in projects.services.dossiers."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from das.fields import MoneyField, MoneyInput, money_formfield
from das.models import Commune, Locality, Partner, Sector
from projects.forms import DateTimeInput
from projects.models import Dossier

DOSSIER_FIELDS = [
    "title",
    "summary",
    "commune",
    "locality",
    "sector",
    "beneficiaries_total",
    "beneficiaries_women",
    "beneficiaries_youth",
    "beneficiaries_disabled",
    "estimated_cost",
    "indh_share",
    "holder_contribution",
    "duration_months",
    "received_at",
    "channel",
]
MONEY_NAMES = {"estimated_cost", "indh_share", "holder_contribution"}
NEW_HOLDER_FIELDS = [
    "new_holder_name",
    "new_holder_kind",
    "new_holder_commune",
    "new_holder_receipt_number",
    "new_holder_representative",
]
# A partner's field, as the dossier form names it (the partner's own errors are shown there).
HOLDER_ERROR_FIELDS = {
    "name": "new_holder_name",
    "kind": "new_holder_kind",
    "commune": "new_holder_commune",
    "receipt_number": "new_holder_receipt_number",
    "representative_name": "new_holder_representative",
    "phone": "new_holder_phone",
}


def active_partners():
    return Partner.objects.filter(is_active=True).order_by("name")


class LocalitySelect(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.commune} — {obj}"


class DocumentChecklist(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.label_fr} ({_('obligatoire') if obj.is_required else _('facultative')})"


class DossierForm(forms.Form):
    """A dossier as received: its holder (chosen, or created on the spot), the project, its plan, its pieces."""

    holder = forms.ModelChoiceField(
        label=_("Porteur (partenaire enregistré)"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("Ou remplissez « Nouveau porteur » ci-dessous s'il n'est pas encore enregistré."),
    )
    new_holder_name = forms.CharField(label=_("Nom du nouveau porteur"), max_length=255, required=False)
    new_holder_kind = forms.ChoiceField(
        label=_("Type"), choices=[("", "---------"), *Partner.Kind.choices], required=False
    )
    new_holder_commune = forms.ModelChoiceField(
        label=_("Commune du porteur"), queryset=Commune.objects.none(), required=False
    )
    new_holder_receipt_number = forms.CharField(
        label=_("N° de récépissé"), max_length=60, required=False, help_text=_("Exigé pour une association.")
    )
    new_holder_representative = forms.CharField(label=_("Représentant légal"), max_length=150, required=False)
    new_holder_phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label=_("Je confirme qu'il s'agit d'un partenaire différent de ceux signalés ci-dessus"),
    )

    def __init__(self, *args, call, holder_communes=None, communes=None, **kwargs):
        """``holder_communes`` and ``communes``: those a scoped user may choose for a new holder and for the dossier;
        None for every commune."""
        kwargs.setdefault("initial", {}).setdefault(
            "received_at", timezone.localtime().replace(second=0, microsecond=0)
        )
        super().__init__(*args, **kwargs)
        self.call = call
        self.duplicates = []  # filled by the view when partner_save finds similar partners
        self.hidden_duplicates = 0
        self.fields["holder"].queryset = active_partners()
        dossier_communes = communes
        communes = Commune.objects.order_by("name_fr")
        self.fields["new_holder_commune"].queryset = (
            communes.filter(pk__in=holder_communes) if holder_communes is not None else communes
        )
        model_fields = forms.fields_for_model(
            Dossier,
            fields=DOSSIER_FIELDS,
            formfield_callback=money_formfield,
            widgets={
                "summary": forms.Textarea(attrs={"rows": 3}),
                "received_at": DateTimeInput(),
                **{name: MoneyInput() for name in MONEY_NAMES},
            },
        )
        model_fields["commune"].queryset = (
            communes.filter(pk__in=dossier_communes) if dossier_communes is not None else communes
        )
        model_fields["locality"] = LocalitySelect(
            label=model_fields["locality"].label,
            queryset=Locality.objects.select_related("commune").order_by("commune__name_fr", "name_fr"),
            required=False,
        )
        model_fields["sector"].queryset = Sector.objects.order_by("name_fr")
        self.fields.update(model_fields)
        self.fields["provided"] = DocumentChecklist(
            label=_("Pièces fournies"),
            queryset=call.documents.all(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Cochez les pièces présentes dans le dossier déposé."),
        )

    def clean(self):
        data = super().clean()
        new_holder = any(data.get(name) for name in NEW_HOLDER_FIELDS)
        if data.get("holder") and new_holder:
            self.add_error("holder", _("Choisissez un porteur enregistré ou créez-en un nouveau, pas les deux."))
        elif not data.get("holder") and not new_holder and "holder" not in self.errors:
            self.add_error("holder", _("Choisissez le porteur ou remplissez « Nouveau porteur »."))
        elif new_holder:
            if not data.get("new_holder_name"):
                self.add_error("new_holder_name", _("Indiquez le nom du nouveau porteur."))
            if not data.get("new_holder_kind"):
                self.add_error("new_holder_kind", _("Indiquez le type du nouveau porteur."))
        locality, commune = data.get("locality"), data.get("commune")
        if locality and commune and locality.commune_id != commune.pk:
            self.add_error("locality", _("Ce quartier ou douar n'appartient pas à la commune choisie."))
        return data

    def new_holder(self) -> Partner | None:
        data = self.cleaned_data
        if data.get("holder"):
            return None
        return Partner(
            name=data["new_holder_name"],
            kind=data["new_holder_kind"],
            commune=data.get("new_holder_commune"),
            receipt_number=data.get("new_holder_receipt_number", ""),
            representative_name=data.get("new_holder_representative", ""),
            phone=data.get("new_holder_phone", ""),
        )

    def dossier_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in DOSSIER_FIELDS if name in data}


class ContributionForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partenaire"), queryset=Partner.objects.none(), required=False)
    amount = MoneyField(label=_("Contribution (DH)"), required=False, widget=MoneyInput())

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners if partners is not None else active_partners()

    def clean(self):
        data = super().clean()
        if data.get("partner") and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Indiquez le montant de la contribution."))
        if data.get("amount") and not data.get("partner"):
            self.add_error("partner", _("Indiquez le partenaire."))
        return data


class BaseContributionFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        self.partners = active_partners()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"partners": self.partners}

    def clean(self):
        seen = set()
        for form in self.forms:
            partner = form.cleaned_data.get("partner") if form.cleaned_data else None
            if partner is None:
                continue
            if partner.pk in seen:
                form.add_error("partner", _("Ce partenaire figure déjà dans le plan de financement."))
            seen.add(partner.pk)

    def contributions(self) -> list:
        return [
            (form.cleaned_data["partner"], form.cleaned_data["amount"])
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("partner")
        ]


ContributionFormSet = forms.formset_factory(ContributionForm, formset=BaseContributionFormSet, extra=3, max_num=20)


class PiecesForm(forms.Form):
    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        pieces = list(dossier.pieces.all())
        self.fields["provided"] = DocumentChecklist(
            label=_("Pièces fournies"),
            queryset=dossier.call.documents.all(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=[p.document_id for p in pieces if p.is_provided],
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Il figure sur la page du dossier et dans son historique."),
    )


class LateOverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la dérogation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Pourquoi ce dossier déposé après la clôture peut-il être examiné ?"),
    )


YES_NO = [("oui", _("Satisfait")), ("non", _("Non satisfait"))]


class EligibilityForm(forms.Form):
    """One line per eligibility criterion of the call: met or not, and a comment."""

    def __init__(self, *args, criteria, checks, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            check = checks.get(criterion.pk)
            self.fields[f"met_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.label_fr,
                choices=YES_NO,
                widget=forms.RadioSelect,
                initial=None if check is None else ("oui" if check.is_met else "non"),
                error_messages={"required": _("Indiquez si le critère est satisfait.")},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Commentaire"),
                required=False,
                widget=forms.TextInput(),
                initial=check.comment if check else "",
            )

    def rows(self):
        return [
            (criterion, self[f"met_{criterion.pk}"], self[f"comment_{criterion.pk}"]) for criterion in self.criteria
        ]

    def results(self) -> dict:
        return {
            criterion: (self.cleaned_data[f"met_{criterion.pk}"] == "oui", self.cleaned_data[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        }
