"""Forms of the yearly proximity-communication plan. They only carry what was typed: the rules (one plan a year, an
action's date inside the plan's year, its budget, its responsible) are checked by communication.services.plans,
whose refusals are shown next to their field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communication.models import Audience, CommunicationAction
from communication.services.plans import responsible_candidates
from das.fields import MoneyField
from das.models import BudgetLine, Commune

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"objectives": 4, "target_audiences": 3}


class PlanEditForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=255, required=False)
    objectives = forms.CharField(label=_("Objectifs"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    target_audiences = forms.CharField(
        label=_("Publics cibles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : associations et coopératives, porteurs de projets, jeunes, femmes, élus."),
    )


class PlanCreateForm(PlanEditForm):
    year = forms.IntegerField(label=_("Année"), min_value=2005, max_value=2100)
    field_order = ["year", "title", "objectives", "target_audiences"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif du renvoi en brouillon"), widget=forms.Textarea(attrs={"rows": 4}))


class ClosingForm(forms.Form):
    closing_note = forms.CharField(
        label=_("Bilan de clôture"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ce qui a été réalisé, ce qui ne l'a pas été et pourquoi, les enseignements pour le plan suivant."),
    )


class ResponsibleField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Intitulé de l'action"), max_length=255)
    kind = forms.ChoiceField(label=_("Type d'action"), choices=[("", "---------"), *CommunicationAction.Kind.choices])
    channel = forms.ChoiceField(label=_("Canal"), choices=[("", "---------"), *CommunicationAction.Channel.choices])
    audience = forms.ChoiceField(label=_("Public cible"), choices=[("", "---------"), *Audience.choices])
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        required=False,
        empty_label=_("Toute la préfecture"),
        help_text=_("Laissez « Toute la préfecture » pour une action qui couvre toutes les communes."),
    )
    planned_on = forms.DateField(label=_("Date prévue"), widget=DATE)
    budget_line = forms.ModelChoiceField(
        label=_("Rubrique budgétaire"), queryset=BudgetLine.objects.none(), required=False
    )
    planned_budget = MoneyField(label=_("Budget prévu (DH)"), min_value=None, max_digits=14)
    responsible = ResponsibleField(label=_("Responsable"), queryset=responsible_candidates().none())
    expected_reach = forms.IntegerField(label=_("Portée attendue (personnes)"), initial=0)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, plan, action=None):
        initial = {}
        if action is not None:
            initial = {name: getattr(action, name) for name in self.base_fields}
            for name in ("commune", "budget_line", "responsible"):
                initial[name] = getattr(action, f"{name}_id")
        super().__init__(data, initial=initial)
        self.plan = plan
        # A budget line no longer in use or a responsible who left, already chosen, stays listed, so the service can
        # say why it is refused.
        keep_line = action.budget_line_id if action else None
        self.fields["budget_line"].queryset = (
            BudgetLine.objects.filter(is_active=True) | BudgetLine.objects.filter(pk=keep_line)
        ).order_by("code")
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")
        self.fields["responsible"].queryset = responsible_candidates(keep=action.responsible_id if action else None)
        self.fields["planned_on"].help_text = _("Une date de l'année %(year)s.") % {"year": plan.year}

    def clean_planned_budget(self):
        budget = self.cleaned_data["planned_budget"]
        if budget is not None and budget < 0:
            raise forms.ValidationError(_("Le budget prévu ne peut pas être négatif."))
        return budget

    def clean_expected_reach(self):
        reach = self.cleaned_data["expected_reach"]
        if reach is not None and reach < 0:
            raise forms.ValidationError(_("La portée attendue ne peut pas être négative."))
        return reach

    def clean_planned_on(self):
        day = self.cleaned_data["planned_on"]
        if day is not None and day.year != self.plan.year:
            raise forms.ValidationError(
                _("La date prévue doit se situer dans l'année du plan (%(year)s).") % {"year": self.plan.year}
            )
        return day
