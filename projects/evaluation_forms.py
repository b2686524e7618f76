"""Forms of the evaluation: input and its French error messages only; the writes are in projects.services.dossiers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from das.fields import MoneyField
from das.models import User
from projects import permissions
from projects.models import Dossier

SCORE_INVALID = _("Saisissez une note, par exemple 7 ou 7,5.")


def evaluator_choices():
    """Active users whose roles grant the scoring permission."""
    return (
        User.objects.filter(is_active=True, role_assignments__role__permissions__contains=[permissions.EVALUATE])
        .distinct()
        .order_by("full_name", "username")
    )


class EvaluatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


class DossierChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference} – {obj.title}"


class EvaluatorsAssignForm(forms.Form):
    dossiers = DossierChoiceField(
        label=_("Dossiers"),
        queryset=Dossier.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins un dossier.")},
    )
    evaluators = EvaluatorChoiceField(
        label=_("Évaluateurs"),
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8, "class": "form-select"}),
        error_messages={"required": _("Choisissez au moins un évaluateur.")},
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = Dossier.objects.filter(call=call, status=Dossier.Status.ELIGIBLE)
        self.fields["evaluators"].queryset = evaluator_choices()


class NoConflictForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Je déclare n'avoir aucun lien d'intérêt (familial, professionnel, associatif ou financier) "
            "avec le porteur de ce projet."
        ),
        error_messages={"required": _("Cochez la déclaration pour continuer.")},
    )


def score_text(value) -> str:
    """A stored note as people type it: 8.00 → « 8 », 7.50 → « 7,5 »."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class ScoreField(MoneyField):
    default_error_messages = {"invalid": SCORE_INVALID}


class ScoresForm(forms.Form):
    """One note and one comment per selection criterion of the call (fields ``value_<pk>``, ``comment_<pk>``)."""

    def __init__(self, *args, criteria, scale, scores=None, **kwargs):
        scores = scores or {}
        initial = kwargs.pop("initial", {}) or {}
        for criterion in criteria:
            score = scores.get(criterion.pk)
            if score is not None:
                initial.setdefault(f"value_{criterion.pk}", score_text(score.value))
                initial.setdefault(f"comment_{criterion.pk}", score.comment)
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = list(criteria)
        self.scale = scale
        for criterion in self.criteria:
            self.fields[f"value_{criterion.pk}"] = ScoreField(
                label=criterion.label_fr,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control form-control-sm"}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Commentaire"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 1, "class": "form-control form-control-sm"}),
            )

    def rows(self):
        """(criterion, note field, comment field) for the template."""
        return [(c, self[f"value_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict:
        """{criterion: (value, comment)} for the criteria given a note (blank ones are left for later)."""
        values = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(f"value_{criterion.pk}")
            if value is not None:
                values[criterion] = (value, self.cleaned_data.get(f"comment_{criterion.pk}", ""))
        return values


class PreselectionForm(forms.Form):
    dossiers = forms.ModelMultipleChoiceField(
        label=_("Dossiers proposés"),
        queryset=Dossier.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    not_retained_reason = forms.CharField(
        label=_("Motif pour les dossiers non retenus"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indiquez le motif pour les dossiers non retenus.")},
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = Dossier.objects.filter(call=call, status=Dossier.Status.SCORED)

    def chosen_ids(self) -> set[int]:
        """The ticked boxes, whether the form is valid or not (to show them again as ticked)."""
        if self.is_bound:
            return {int(v) for v in self.data.getlist("dossiers") if str(v).isdecimal()}
        return {getattr(d, "pk", d) for d in self.initial.get("dossiers", [])}
