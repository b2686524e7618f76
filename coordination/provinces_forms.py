"""Forms of the provinces area: input and types only; the rules (our own province refused, one main contact, shares
within the total cost, dates) are the services' and come back next to their field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import (
    CoordinationAction,
    CoordinationMeeting,
    Counterpart,
    CounterpartContact,
    JointProject,
    JointProjectShare,
)
from coordination.provinces_selectors import home_province, other_provinces
from coordination.services.provinces import (
    ACTION_FIELDS,
    CONTACT_FIELDS,
    COUNTERPART_FIELDS,
    MEETING_FIELDS,
    PROJECT_FIELDS,
    SHARE_FIELDS,
)
from das.filters import DateInput
from das.models import Programme, Province
from projects.models import Project


class ServiceForm(forms.ModelForm):
    """The model form's own checks are the service's (it says why next to the field)."""

    service_fields: tuple = ()

    def _post_clean(self):
        pass

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.service_fields if name in self.fields}


class CounterpartForm(ServiceForm):
    service_fields = COUNTERPART_FIELDS
    new_name_fr = forms.CharField(label=_("Nom (français)"), max_length=200, required=False)
    new_name_ar = forms.CharField(
        label=_("Nom (arabe)"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "rtl"})
    )
    new_code = forms.CharField(label=_("Code"), max_length=20, required=False)
    new_kind = forms.ChoiceField(
        label=_("Type"), choices=Province.Kind.choices, initial=Province.Kind.PROVINCE, required=False
    )

    class Meta:
        model = Counterpart
        fields = ["province", *COUNTERPART_FIELDS]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"province": _("Si elle manque dans la liste, saisissez-la ci-dessous.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("province", "new_name_fr", "new_name_ar", "new_code", "new_kind"):
                del self.fields[name]
        else:
            self.fields["province"].queryset = other_provinces()
            self.fields["province"].required = False

    def new_province(self) -> dict | None:
        data = self.cleaned_data
        if data.get("province") or not (data.get("new_name_fr") or data.get("new_code")):
            return None
        return {
            "name_fr": data.get("new_name_fr", ""),
            "name_ar": data.get("new_name_ar", ""),
            "code": data.get("new_code", ""),
            "kind": data.get("new_kind", ""),
        }


class ContactForm(ServiceForm):
    service_fields = CONTACT_FIELDS

    class Meta:
        model = CounterpartContact
        fields = list(CONTACT_FIELDS)


class JointProjectForm(ServiceForm):
    service_fields = PROJECT_FIELDS

    class Meta:
        model = JointProject
        fields = list(PROJECT_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start_on": DateInput(),
            "end_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("name_fr")
        self.fields["lead_province"].queryset = Province.objects.order_by("name_fr")
        if not self.instance.pk and not self.is_bound:
            home = home_province()
            if home:
                self.initial.setdefault("lead_province", home.pk)


class ShareForm(ServiceForm):
    service_fields = SHARE_FIELDS

    class Meta:
        model = JointProjectShare
        fields = list(SHARE_FIELDS)
        help_texts = {
            "project": _("Seulement pour la part de notre préfecture : le projet tel qu'il est suivi chez nous."),
            "communes": _("Les communes de la province concernées par sa part."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.order_by("name_fr")
        # Our own projects only: a share of another province is not followed here.
        self.fields["project"].queryset = Project.objects.filter(commune__province=home_province()).order_by("-code")
        self.fields["project"].label_from_instance = lambda p: f"{p.code} – {p.title}"


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}))


class MeetingForm(ServiceForm):
    service_fields = (*MEETING_FIELDS, "provinces", "joint_projects")

    class Meta:
        model = CoordinationMeeting
        fields = [*MEETING_FIELDS, "provinces", "joint_projects"]
        widgets = {
            "date": DateInput(),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "provinces": forms.CheckboxSelectMultiple,
            "joint_projects": forms.CheckboxSelectMultiple,
        }
        help_texts = {"provinces": _("La province hôte y est ajoutée d'office.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Province.objects.order_by("name_fr")
        self.fields["host_province"].queryset = provinces
        self.fields["provinces"].queryset = provinces
        self.fields["provinces"].required = False
        self.fields["joint_projects"].queryset = JointProject.objects.order_by("-pk")
        if not self.instance.pk and not self.is_bound:
            home = home_province()
            if home:
                self.initial.setdefault("host_province", home.pk)


class MinutesForm(forms.Form):
    date = forms.DateField(
        label=_("Tenue le"), widget=DateInput(), help_text=_("La date prévue, sauf si la réunion a été déplacée.")
    )
    attendees = forms.CharField(
        label=_("Participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Un participant par ligne : nom, fonction, province."),
    )
    minutes = forms.CharField(label=_("Procès-verbal"), widget=forms.Textarea(attrs={"rows": 10}))


class ActionForm(ServiceForm):
    service_fields = ACTION_FIELDS

    class Meta:
        model = CoordinationAction
        fields = list(ACTION_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_province"].queryset = Province.objects.order_by("name_fr")
        self.fields["progress"].required = False


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Réalisée le"), widget=DateInput())
    done_note = forms.CharField(label=_("Compte rendu"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("done_on", timezone.localdate())
