"""Forms of the meetings pages: input and its French error messages only; the writes are in
committees.services.meetings."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from committees.models import Attendance, Committee, Decision, DecisionAction, Meeting, Member
from das.fields import MoneyField, MoneyInput
from das.filters import DateInput

Outcome = Decision.Outcome
Presence = Attendance.Presence
FUNCTION_ORDER = [Member.Function.CHAIR, Member.Function.SECRETARY, Member.Function.MEMBER, Member.Function.OBSERVER]


def member_order(member: Member):
    return (FUNCTION_ORDER.index(member.function) if member.function in FUNCTION_ORDER else 9, member.full_name)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class ChairChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, with_committee=False, **kwargs):
        self.with_committee = with_committee
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        label = f"{obj.full_name} — {obj.get_function_display()}"
        return f"{label} ({obj.committee})" if self.with_committee else label


class MeetingForm(forms.ModelForm):
    """A meeting's date, place and chair. Creating, the committee is chosen (``committee`` given: fixed)."""

    committee = forms.ModelChoiceField(
        label=_("Comité"), queryset=Committee.objects.filter(is_active=True).order_by("kind", "name")
    )

    class Meta:
        model = Meeting
        fields = ["committee", "kind", "date", "time", "place", "chair", "is_second_convocation", "notes"]
        widgets = {
            "date": DateInput(),
            "time": TimeInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, committee: Committee | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_committee = committee
        if committee is not None:
            del self.fields["committee"]
        else:
            committee = self._chosen_committee()
        members = Member.objects.select_related("committee").order_by(
            "committee__name",
            Case(*(When(function=f, then=Value(i)) for i, f in enumerate(FUNCTION_ORDER)), default=Value(9)),
            "full_name",
        )
        if committee is not None:
            members = members.filter(committee=committee)
        else:
            members = members.filter(committee__is_active=True)
        self.fields["chair"] = ChairChoiceField(
            label=_("Président de séance"),
            queryset=members,
            required=False,
            with_committee=committee is None,
            help_text=_("Un membre du comité en mandat à la date de la réunion."),
        )

    def _chosen_committee(self):
        """The committee typed in (or preselected), so that the chair list offers only its members."""
        value = self.data.get("committee") if self.is_bound else self.initial.get("committee")
        value = getattr(value, "pk", value)
        if value in (None, ""):
            return None
        try:
            return self.fields["committee"].queryset.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            return None

    def clean(self):
        data = super().clean()
        committee = self.fixed_committee or data.get("committee")
        chair, day = data.get("chair"), data.get("date")
        if chair is not None and committee is not None:
            if chair.committee_id != committee.pk:
                self.add_error("chair", _("Le président de séance doit être membre du comité."))
            elif day is not None and not chair.sits_on(day):
                self.add_error("chair", _("Ce membre n'est pas en mandat à la date de la réunion."))
        return data

    def _post_clean(self):
        # The service validates the meeting (its number is given on creation): nothing to check on the instance here.
        pass

    def meeting_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "committee"}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indiquez le motif de l'annulation.")},
    )


class AgendaTextForm(forms.Form):
    title = forms.CharField(
        label=_("Intitulé du point"),
        max_length=300,
        error_messages={"required": _("Indiquez l'intitulé du point.")},
    )
    description = forms.CharField(label=_("Exposé"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AttendanceForm(forms.Form):
    """One row per sitting member: present, absent, excused or represented (and by whom)."""

    def __init__(self, *args, members, attendances, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = sorted(members, key=member_order)
        recorded = {a.member_id: a for a in attendances}
        for member in self.members:
            current = recorded.get(member.pk)
            self.fields[self.presence_name(member)] = forms.ChoiceField(
                label=member.full_name,
                choices=Presence.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=current.presence if current else None,
                error_messages={"required": _("Indiquez la présence de ce membre.")},
            )
            self.fields[self.representative_name(member)] = forms.CharField(
                label=_("Représenté par"),
                max_length=200,
                required=False,
                initial=current.represented_by if current else "",
            )

    @staticmethod
    def presence_name(member) -> str:
        return f"presence_{member.pk}"

    @staticmethod
    def representative_name(member) -> str:
        return f"represented_{member.pk}"

    def clean(self):
        data = super().clean()
        for member in self.members:
            if (
                data.get(self.presence_name(member)) == Presence.REPRESENTED
                and not data.get(self.representative_name(member), "").strip()
            ):
                self.add_error(
                    self.representative_name(member),
                    _("Indiquez qui représente %(name)s.") % {"name": member.full_name},
                )
        return data

    def rows(self):
        return [
            {
                "member": member,
                "presence": self[self.presence_name(member)],
                "represented_by": self[self.representative_name(member)],
            }
            for member in self.members
        ]

    def entries(self) -> dict:
        return {
            member: (
                self.cleaned_data[self.presence_name(member)],
                self.cleaned_data[self.representative_name(member)],
            )
            for member in self.members
        }

    def add_row_errors(self, error: ValidationError) -> None:
        """The service names the members (by pk) whose line is wrong; other reasons go above the table."""
        by_pk = {str(member.pk): member for member in self.members}
        if hasattr(error, "error_dict"):
            for key, errors in error.error_dict.items():
                member = by_pk.get(key)
                self.add_error(self.presence_name(member) if member else None, errors)
        else:
            self.add_error(None, error.messages)


VOTE_FIELDS = ("votes_for", "votes_against", "abstentions")


def vote_field(label):
    return forms.IntegerField(label=label, min_value=0, required=False)


class DecisionForm(forms.Form):
    """The committee's decision on one point; the amount only for points that have one, the votes only when the
    committee votes."""

    outcome = forms.ChoiceField(
        label=_("Décision"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la décision.")},
    )
    reserves = forms.CharField(
        label=_("Réserves"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoires pour une approbation avec réserves."),
    )
    amended_amount = MoneyField(
        label=_("Montant INDH retenu (DH)"),
        required=False,
        max_digits=16,
        decimal_places=2,
        widget=MoneyInput(),
        help_text=_("Seulement avec une approbation avec réserves qui réduit la part INDH ; vide : montant demandé."),
    )
    reason = forms.CharField(
        label=_("Motif"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire pour un rejet ou un ajournement."),
    )
    votes_for = vote_field(_("Voix pour"))
    votes_against = vote_field(_("Voix contre"))
    abstentions = vote_field(_("Abstentions"))

    def __init__(self, *args, has_amount: bool, votes: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_amount:
            del self.fields["amended_amount"]
        if not votes:
            for name in VOTE_FIELDS:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == Outcome.APPROVED_WITH_RESERVES and not data.get("reserves", "").strip():
            self.add_error("reserves", _("Énoncez les réserves."))
        if outcome in (Outcome.REJECTED, Outcome.ADJOURNED) and not data.get("reason", "").strip():
            self.add_error("reason", _("Indiquez le motif."))
        if data.get("amended_amount") is not None and outcome != Outcome.APPROVED_WITH_RESERVES:
            self.add_error("amended_amount", _("Un montant retenu ne s'indique qu'avec une approbation avec réserves."))
        return data

    def decision_fields(self) -> dict:
        data = self.cleaned_data
        fields = {"outcome": data["outcome"], "reserves": data.get("reserves", ""), "reason": data.get("reason", "")}
        if "amended_amount" in self.fields:
            fields["amended_amount"] = data.get("amended_amount")
        for name in VOTE_FIELDS:
            if name in self.fields:
                fields[name] = data.get(name)
        return fields


class RectifyForm(forms.Form):
    """What a closed meeting's decision says, corrected with a reason; the outcome itself stands."""

    rectification_reason = forms.CharField(
        label=_("Motif de la rectification"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indiquez le motif de la rectification.")},
    )
    reserves = forms.CharField(label=_("Réserves"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    amended_amount = MoneyField(
        label=_("Montant INDH retenu (DH)"), required=False, max_digits=16, decimal_places=2, widget=MoneyInput()
    )
    decision_reason = forms.CharField(
        label=_("Motif de la décision"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    votes_for = vote_field(_("Voix pour"))
    votes_against = vote_field(_("Voix contre"))
    abstentions = vote_field(_("Abstentions"))

    def __init__(self, *args, decision: Decision, has_amount: bool, votes: bool, **kwargs):
        initial = {
            "reserves": decision.reserves,
            "amended_amount": decision.amended_amount,
            "decision_reason": decision.reason,
            **{name: getattr(decision, name) for name in VOTE_FIELDS},
        }
        super().__init__(*args, initial=initial, **kwargs)
        with_reserves = decision.outcome == Outcome.APPROVED_WITH_RESERVES
        if not with_reserves:
            del self.fields["reserves"]
        if not (with_reserves and has_amount):
            del self.fields["amended_amount"]
        if decision.outcome in (Outcome.REJECTED, Outcome.ADJOURNED):
            self.fields["decision_reason"].required = True
            self.fields["decision_reason"].error_messages["required"] = _("Indiquez le motif.")
        if not votes:
            for name in VOTE_FIELDS:
                del self.fields[name]

    def changes(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields if name != "rectification_reason"}


class ActionForm(forms.ModelForm):
    class Meta:
        model = DecisionAction
        fields = ["description", "service", "due_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput()}

    def _post_clean(self):
        pass  # the service validates the action


class SignedMinutesForm(forms.Form):
    file = forms.FileField(
        label=_("Procès-verbal signé (PDF ou image scannée)"),
        error_messages={"required": _("Choisissez le fichier du procès-verbal signé.")},
    )
