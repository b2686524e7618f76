"""Forms of the committees, their members, the remontées and the follow-up of actions: input and its French
error messages only; the writes are in committees.services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, DecisionAction, Feedback, Member
from committees.services import feedback as feedback_services
from das.filters import DateInput
from das.models import Commune
from projects.forms import PercentField, PercentInput
from projects.models import Project

PERCENT_FIELDS = {"quorum_percent", "min_women_percent", "min_youth_percent"}


def committee_formfield(model_field, **kwargs):
    """Percentages are typed the French way (« 62,5 »)."""
    if model_field.name in PERCENT_FIELDS:
        return model_field.formfield(form_class=PercentField, widget=PercentInput(), **kwargs)
    return model_field.formfield(**kwargs)


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = [
            "kind",
            "name",
            "name_ar",
            "commune",
            "chaired_by",
            "is_active",
            "quorum_percent",
            "quorum_plus_one",
            "proxies_count",
            "second_convocation_without_quorum",
            "decision_rule",
            "max_members",
            "min_women_percent",
            "min_youth_percent",
            "rules_text",
        ]
        formfield_callback = committee_formfield
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "rules_text": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "quorum_percent": _("50 pour « la moitié des membres votants »."),
            "max_members": _("Laissez vide si le règlement ne fixe pas de maximum (30 pour le CPDH)."),
            "min_women_percent": _("Laissez vide s'il n'y a pas de minimum (20 pour le CPDH)."),
            "min_youth_percent": _("Laissez vide s'il n'y a pas de minimum (15 pour le CPDH)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")

    # A CLDH without commune: Committee.clean() puts its refusal next to the commune field.


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "full_name",
            "full_name_ar",
            "title",
            "institution",
            "college",
            "function",
            "is_voting",
            "sex",
            "age_group",
            "term_start",
            "term_end",
            "email",
            "phone",
            "address",
        ]
        widgets = {
            "full_name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "term_start": DateInput(),
            "term_end": DateInput(),
            "phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
        }
        help_texts = {
            "term_end": _(
                "Pour mettre fin au mandat, indiquez sa date de fin : le membre passe dans les anciens membres."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("La fin du mandat ne peut précéder son début."))
        return cleaned


class ProjectSelect(forms.Select):
    """Each project says its commune, so the page can offer only the projects of the chosen commune."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-commune"] = str(instance.commune_id)
        return option


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.title}"


class FeedbackForm(forms.ModelForm):
    project = ProjectChoiceField(
        label=_("Projet concerné"),
        queryset=Project.objects.none(),
        required=False,
        widget=ProjectSelect,
        help_text=_("Facultatif : un projet de la commune indiquée."),
    )

    class Meta:
        model = Feedback
        fields = list(feedback_services.EDITABLE)
        widgets = {
            "received_on": DateInput(),
            "answer_due_on": DateInput(),
            "content": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "source_name": _("Personne, association, EAC ou CLDH qui a fait la remontée."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")
        self.fields["project"].queryset = Project.objects.select_related("commune").order_by("commune__name_fr", "code")
        self.fields["answer_due_on"].required = False
        self.fields["answer_due_on"].help_text = _(
            "Laissée vide : %(days)s jours après la réception, le délai de réponse habituel."
        ) % {"days": settings.DAS_FEEDBACK_ANSWER_DAYS}
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        received, due = cleaned.get("received_on"), cleaned.get("answer_due_on")
        if received and due and due < received:
            self.add_error("answer_due_on", _("La réponse ne peut être attendue avant la réception."))
        project, commune = cleaned.get("project"), cleaned.get("commune")
        if project and commune and project.commune_id != commune.pk:
            self.add_error("project", _("Ce projet n'est pas dans la commune indiquée."))
        return cleaned

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class FeedbackRouteForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Service chargé de répondre"), choices=[("", "---------"), *DecisionAction.Service.choices]
    )


class FeedbackAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Réponse"), widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = forms.DateField(label=_("Date de la réponse"), widget=DateInput())

    def __init__(self, *args, feedback=None, **kwargs):
        self.feedback = feedback
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("answered_on", timezone.localdate())

    def clean_answered_on(self):
        answered_on = self.cleaned_data["answered_on"]
        if answered_on > timezone.localdate():
            raise forms.ValidationError(_("La date de réponse est dans le futur."))
        if self.feedback is not None and answered_on < self.feedback.received_on:
            raise forms.ValidationError(_("La réponse ne peut précéder la réception de la remontée."))
        return answered_on


class FeedbackSentForm(forms.Form):
    sent_on = forms.DateField(label=_("Date d'envoi au CLDH"), widget=DateInput())

    def __init__(self, *args, feedback=None, **kwargs):
        self.feedback = feedback
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("sent_on", timezone.localdate())

    def clean_sent_on(self):
        sent_on = self.cleaned_data["sent_on"]
        if sent_on > timezone.localdate():
            raise forms.ValidationError(_("La date d'envoi est dans le futur."))
        if self.feedback is not None and self.feedback.answered_on and sent_on < self.feedback.answered_on:
            raise forms.ValidationError(_("La réponse ne peut être envoyée avant d'avoir été rédigée."))
        return sent_on


class ActionCompleteForm(forms.Form):
    done_on = forms.DateField(label=_("Réalisée le"), widget=DateInput())
    done_note = forms.CharField(
        label=_("Compte rendu d'exécution"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce qui a été fait, par qui, avec quelles pièces à l'appui."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("done_on", timezone.localdate())


class ActionReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la réouverture"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il est ajouté au compte rendu de l'action."),
    )
