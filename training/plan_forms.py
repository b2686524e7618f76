"""Forms of the yearly training plan. They only carry what was typed: the rules (one plan a year, an action's module,
public, period, provider, budget line and cost) are checked by training.services.plans, whose refusals are shown
next to their field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from das.fields import MoneyField
from das.models import BudgetLine, Commune, Partner
from training.models import ActorType, Module, Need, PlanAction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Année"), min_value=2005, max_value=2100)
    title = forms.CharField(label=_("Intitulé"), max_length=255, required=False)
    objectives = forms.CharField(
        label=_("Orientations et objectifs"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    copy_previous = forms.BooleanField(
        label=_("Reprendre les actions du plan de l'année précédente"),
        required=False,
        help_text=_(
            "Les périodes sont reportées sur la nouvelle année ; les besoins visés sont à choisir à nouveau."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1


class PlanEditForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=255, required=False)
    objectives = forms.CharField(
        label=_("Orientations et objectifs"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif du renvoi en brouillon"), widget=forms.Textarea(attrs={"rows": 4}))


class ClosingForm(forms.Form):
    closing_note = forms.CharField(
        label=_("Bilan de clôture"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ce qui a été réalisé, ce qui ne l'a pas été et pourquoi, les enseignements pour le plan suivant."),
    )


class NeedChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, need):
        return f"{need.theme.code} – {need.description[:90]} ({need.get_target_group_display()}, {need.people_count})"


class ActionForm(forms.Form):
    module = forms.ModelChoiceField(label=_("Module"), queryset=Module.objects.none())
    target_group = forms.ChoiceField(label=_("Public cible"), choices=[("", "---------"), *ActorType.choices])
    planned_participants = forms.IntegerField(label=_("Bénéficiaires prévus"), min_value=1)
    planned_sessions = forms.IntegerField(label=_("Sessions prévues"), min_value=1, initial=1)
    period_start = forms.DateField(label=_("Période : du"), widget=DATE)
    period_end = forms.DateField(label=_("Période : au"), widget=DATE)
    place = forms.CharField(label=_("Lieu"), max_length=255, required=False)
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.none(), required=False)
    provider = forms.ChoiceField(label=_("Opérateur"), choices=PlanAction.Provider.choices)
    provider_partner = forms.ModelChoiceField(
        label=_("Organisme externe"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("Seulement pour un opérateur « Organisme externe »."),
    )
    budget_line = forms.ModelChoiceField(label=_("Rubrique budgétaire"), queryset=BudgetLine.objects.none())
    planned_cost = MoneyField(label=_("Coût prévu (DH)"), min_value=None)
    needs = NeedChoiceField(
        label=_("Besoins visés"),
        queryset=Need.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, plan, action=None):
        initial = {}
        if action is not None:
            initial = {name: getattr(action, name) for name in self.base_fields if name != "needs"}
            for name in ("module", "commune", "provider_partner", "budget_line"):
                initial[name] = getattr(action, f"{name}_id")
            initial["needs"] = [need.pk for need in action.needs.all()]
        super().__init__(data, initial=initial)
        # An inactive module or budget line already chosen stays listed, so the service can say why it is refused.
        keep_module = action.module_id if action else None
        keep_line = action.budget_line_id if action else None
        self.fields["module"].queryset = Module.objects.filter(is_active=True) | Module.objects.filter(pk=keep_module)
        self.fields["budget_line"].queryset = BudgetLine.objects.filter(is_active=True) | BudgetLine.objects.filter(
            pk=keep_line
        )
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")
        self.fields["provider_partner"].queryset = Partner.objects.order_by("name")
        self.fields["needs"].queryset = (
            Need.objects.filter(year=plan.year).select_related("theme").order_by("theme__code", "priority", "pk")
        )
        self.fields["needs"].help_text = _("Besoins recensés pour %(year)s ; filtrez-les par thème ci-dessus.") % {
            "year": plan.year
        }

    def clean_planned_cost(self):
        cost = self.cleaned_data["planned_cost"]
        if cost is not None and cost < 0:
            raise forms.ValidationError(_("Le coût prévu ne peut pas être négatif."))
        return cost
