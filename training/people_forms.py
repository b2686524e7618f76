"""Forms of the people area: what was typed and its French messages. The rules (duplicates, CIN, teams, support
requests' lifecycle) are in training.services.people."""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Member
from das.filters import DateInput
from das.models import Commune, Locality, Partner, User
from training.models import Person, SupportRequest, Team, TeamMember
from training.permissions import MANAGE_ACTORS
from training.services.people import PERSON_FIELDS


class PersonForm(forms.ModelForm):
    confirm_not_duplicate = forms.BooleanField(required=False, label=_("Il s'agit d'une autre personne"))

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        widgets = {
            "full_name_ar": forms.TextInput(attrs={"dir": "rtl"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
            "cin": forms.TextInput(attrs={"dir": "ltr"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = []  # filled by the view from the service's refusal; the confirmation shows only then
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")
        self.fields["commune"].required = True
        if "partner" in self.fields:
            self.fields["partner"].queryset = Partner.objects.filter(is_active=True).order_by("name")
        if "committee_member" in self.fields:
            self.fields["committee_member"].queryset = Member.objects.select_related("committee").order_by(
                "committee__name", "full_name"
            )
            self.fields["committee_member"].label_from_instance = lambda m: f"{m.full_name} — {m.committee}"

    def validate_unique(self):  # the service says it in French, with the name of the other person
        pass

    def _post_clean(self):
        pass  # the service validates the model and says so next to the fields; the form only reads the input

    def person_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in PERSON_FIELDS if name in self.cleaned_data}


class MemberPersonForm(PersonForm):
    """The person created while adding a team member: the essentials only (the rest from the person's page)."""

    class Meta(PersonForm.Meta):
        fields = ["full_name", "full_name_ar", "sex", "age_group", "actor_type", "cin", "phone", "commune"]


class MergeForm(forms.Form):
    merged = forms.ModelChoiceField(
        label=_("Fiche en double à fusionner dans celle-ci"),
        queryset=Person.objects.none(),
        help_text=_("Ses participations et ses équipes passent à la fiche conservée ; elle est ensuite désactivée."),
    )
    confirm = forms.BooleanField(
        label=_("Je confirme qu'il s'agit de la même personne"),
        error_messages={"required": _("Cochez la case pour confirmer la fusion.")},
    )

    def __init__(self, *args, kept=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Person.objects.filter(is_active=True).select_related("commune").order_by("full_name", "pk")
        if kept is not None:
            queryset = queryset.exclude(pk=kept.pk)
        self.fields["merged"].queryset = queryset
        self.fields["merged"].label_from_instance = lambda p: " — ".join(
            filter(None, [p.full_name, str(p.commune or ""), p.cin, f"n° {p.pk}"])
        )


class CommitteeImportForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Membres à inscrire"),
        queryset=Member.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins un membre à inscrire.")},
    )


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["kind", "name", "commune", "locality", "formed_on", "is_active", "notes"]
        widgets = {"formed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")
        self.fields["locality"].queryset = Locality.objects.select_related("commune").order_by(
            "commune__name_fr", "name_fr"
        )
        self.fields["locality"].label_from_instance = lambda loc: f"{loc.commune} — {loc}"

    def validate_unique(self):
        pass

    def _post_clean(self):
        pass  # the service validates the team (quartier of its commune, unique name)

    def team_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class MemberAddForm(forms.Form):
    """A person of the register joins the team."""

    person = forms.ModelChoiceField(label=_("Personne du registre"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Rôle dans l'équipe"), choices=TeamMember.Role.choices, initial="animateur")
    joined_on = forms.DateField(label=_("Entrée le"), widget=DateInput())

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(is_active=True).select_related("commune").order_by("full_name", "pk")
        if team is not None:
            # The team's commune first: that is where its members usually live.
            people = people.exclude(team_memberships__team=team, team_memberships__left_on__isnull=True)
            home = Case(When(commune=team.commune_id, then=Value(0)), default=Value(1), output_field=IntegerField())
            people = people.order_by(home, "full_name", "pk")
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: " — ".join(
            filter(None, [p.full_name, str(p.commune or ""), p.get_sex_display()])
        )
        if not self.is_bound:
            self.initial.setdefault("joined_on", timezone.localdate())


class MemberRoleForm(forms.Form):
    """Role and date of joining of a member registered in the same step."""

    role = forms.ChoiceField(label=_("Rôle dans l'équipe"), choices=TeamMember.Role.choices, initial="animateur")
    joined_on = forms.DateField(label=_("Entrée le"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("joined_on", timezone.localdate())


class MemberLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Sortie le"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("left_on", timezone.localdate())


class SupportRequestForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["team", "domain", "subject", "request", "received_on"]
        widgets = {"received_on": DateInput(), "request": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, fixed_team=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.select_related("commune").order_by("commune__name_fr", "name")
        self.fields["team"].label_from_instance = lambda t: f"{t} — {t.commune}"
        if fixed_team is not None or self.instance.pk:
            del self.fields["team"]  # a request stays with the team that made it
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("received_on", timezone.localdate())

    def _post_clean(self):
        pass

    def request_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields}


def service_agents():
    """The active accounts that may follow a support request (those who keep the teams)."""
    return User.objects.filter(is_active=True, role_assignments__role__permissions__contains=[MANAGE_ACTORS]).distinct()


class TakeChargeForm(forms.Form):
    assigned_to = forms.ModelChoiceField(label=_("Suivie par"), queryset=User.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = service_agents().order_by("full_name", "username")
        self.fields["assigned_to"].label_from_instance = lambda u: u.full_name or u.username
        if user is not None and not self.is_bound:
            self.initial.setdefault("assigned_to", user.pk)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Réponse apportée"), widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = forms.DateField(label=_("Répondue le"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("answered_on", timezone.localdate())


class CloseForm(forms.Form):
    closing_note = forms.CharField(
        label=_("Observations de clôture"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("La suite donnée et l'avis de l'équipe."),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la réouverture"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que l'équipe demande de plus ; il est ajouté à la demande."),
    )
