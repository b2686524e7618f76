"""Forms of the technical studies area: the study (with the projects it serves), an expected deliverable, its
receipt (the file and the date), and the small form of each lifecycle step. Checks across fields and rows are the
service's; the forms keep types."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import StudyDeliverable, TechnicalStudy
from coordination.services.studies import STUDY_FIELDS
from das.filters import DateInput
from projects.models import Project


class StudyForm(forms.ModelForm):
    class Meta:
        model = TechnicalStudy
        fields = [*STUDY_FIELDS, "projects"]
        widgets = {
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            # The app has no searchable multiple choice widget: a tall list, Ctrl/Cmd-click to pick several.
            "projects": forms.SelectMultiple(attrs={"size": 10}),
        }
        help_texts = {
            "projects": _("Maintenez Ctrl (ou Cmd) pour en choisir plusieurs ; tapez le début du code pour y aller."),
            "amount": _("Montant du marché ou du bon de commande, s'il y en a un."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.select_related("commune").order_by("code")
        self.fields["projects"].label_from_instance = lambda p: f"{p.code} — {p.title} ({p.commune})"

    def _post_clean(self):
        pass  # the service validates the study (dates) and says why next to the field

    def study_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in STUDY_FIELDS}


class DeliverableForm(forms.ModelForm):
    class Meta:
        model = StudyDeliverable
        fields = ["title", "due_on", "note"]
        widgets = {"due_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self):
        pass  # the service checks and saves


class ReceiveForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier du livrable"), help_text=_("PDF, image JPEG/PNG, Word, Excel ou OpenDocument.")
    )
    received_on = forms.DateField(label=_("Reçu le"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())


class StartForm(forms.Form):
    started_on = forms.DateField(label=_("Commencée le"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("started_on", timezone.localdate())


class CompleteForm(forms.Form):
    ended_on = forms.DateField(label=_("Achevée le"), widget=DateInput())
    note = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("ended_on", timezone.localdate())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 2}))
