"""Forms of the CRDH dossiers. They carry what was typed; the rules (a CRDH meeting still to be held without a
dossier, a draft dossier, an amount for a credit request) are coordination.services.crdh's, shown next to the field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.crdh_selectors import project_choices
from coordination.models import CrdhRequest
from coordination.services.crdh import meeting_choices
from das.fields import MoneyField
from das.models import Programme


class MeetingField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return _("%(committee)s — réunion du %(date)s (%(place)s)") % {
            "committee": meeting.committee.name,
            "date": meeting.date.strftime("%d/%m/%Y"),
            "place": meeting.place,
        }


class DossierEditForm(forms.Form):
    year = forms.IntegerField(
        label=_("Année de programmation"),
        min_value=2005,
        max_value=2100,
        help_text=_("Les projets validés cette année-là forment la programmation présentée."),
    )
    title = forms.CharField(label=_("Intitulé"), max_length=255)
    introduction = forms.CharField(
        label=_("Note de présentation"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class DossierCreateForm(DossierEditForm):
    meeting = MeetingField(
        label=_("Réunion du CRDH"),
        queryset=meeting_choices().none(),
        help_text=_("Les réunions du CRDH à venir qui n'ont pas encore de dossier de la province."),
    )
    field_order = ["meeting", "year", "title", "introduction"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meeting_choices()
        self.fields["year"].initial = timezone.localdate().year


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif du renvoi en brouillon"), widget=forms.Textarea(attrs={"rows": 4}))


class ProjectsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, project):
        return f"{project.code} — {project.title}"


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Nature"), choices=[("", "---------"), *CrdhRequest.Kind.choices])
    subject = forms.CharField(label=_("Objet"), max_length=255)
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 5}))
    amount = MoneyField(
        label=_("Montant demandé (DH)"),
        required=False,
        max_digits=14,
        help_text=_("Obligatoire pour des crédits complémentaires ou une réaffectation."),
    )
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none(), required=False)
    projects = ProjectsField(
        label=_("Projets concernés"),
        queryset=project_choices().none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, data=None, *, request=None):
        initial = {}
        if request is not None:
            initial = {name: getattr(request, name) for name in ("kind", "subject", "justification", "amount")}
            initial["programme"] = request.programme_id
            initial["projects"] = [p.pk for p in request.projects.all()]
        super().__init__(data, initial=initial)
        self.fields["programme"].queryset = Programme.objects.select_related("phase").order_by(
            "-phase__start_year", "code"
        )
        self.fields["projects"].queryset = project_choices()
