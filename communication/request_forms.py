"""Forms of the support requests area: the request itself and the small form of each step (take in charge, answer,
close, reopen). Checks across fields (who the requester is, dates) are the service's; the form keeps types."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communication.models import CommunicationRequest
from communication.permissions import MANAGE_REQUESTS
from communication.services.requests import REQUEST_FIELDS
from das.filters import DateInput
from das.models import Commune, Partner, User
from projects.models import Project
from training.models import Team


class RequestForm(forms.ModelForm):
    class Meta:
        model = CommunicationRequest
        fields = list(REQUEST_FIELDS)
        widgets = {
            "received_on": DateInput(),
            "wanted_by": DateInput(),
            "request": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "holder": _("Si le demandeur est un porteur de projet."),
            "team": _("Si le demandeur est une équipe d'animation."),
            "requester_name": _("Si le demandeur est un autre acteur (service, élu, média…)."),
            "commune": _("Par défaut, celle de l'équipe ou du porteur."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = Partner.objects.filter(is_active=True).order_by("name")
        self.fields["team"].queryset = Team.objects.select_related("commune").order_by("commune__name_fr", "name")
        self.fields["team"].label_from_instance = lambda t: f"{t} — {t.commune}"
        self.fields["project"].queryset = Project.objects.order_by("-code")
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("received_on", timezone.localdate())

    def _post_clean(self):
        pass  # the service validates the record (requester, dates) and says why next to the field

    def request_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields}


def service_agents():
    """The active accounts that may follow a request (those who treat them)."""
    return User.objects.filter(
        is_active=True, role_assignments__role__permissions__contains=[MANAGE_REQUESTS]
    ).distinct()


class TakeForm(forms.Form):
    assigned_to = forms.ModelChoiceField(label=_("Suivie par"), queryset=User.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = service_agents().order_by("full_name", "username")
        self.fields["assigned_to"].label_from_instance = lambda u: u.full_name or u.username
        if user is not None and not self.is_bound:
            self.initial.setdefault("assigned_to", user.pk)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Suite donnée"), widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = forms.DateField(label=_("Traitée le"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("answered_on", timezone.localdate())


class CloseForm(forms.Form):
    closing_note = forms.CharField(
        label=_("Observations de clôture"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("La suite donnée et l'avis du demandeur."),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la réouverture"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que le demandeur demande de plus ; il est ajouté à la demande."),
    )
