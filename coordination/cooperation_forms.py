"""Forms of the international cooperation. They only carry what was typed: the rules (sums within the programme's
and the activity's amounts, co-financing adding up, follow-up dates, report files) are checked by
coordination.services.cooperation, whose refusals are shown next to their field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.models import CooperationPartner, CooperationProgramme, PartnerReport
from coordination.services.cooperation import supportable_projects
from das.fields import MoneyField
from das.models import Commune

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _initial(instance, names) -> dict:
    return {name: getattr(instance, name) for name in names} if instance is not None else {}


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=200)
    acronym = forms.CharField(label=_("Sigle"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "---------"), *CooperationPartner.Kind.choices])
    country = forms.CharField(label=_("Pays"), max_length=100)
    agency = forms.CharField(label=_("Agence ou représentation"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("Interlocuteur"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    contact_phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    notes = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, partner=None):
        super().__init__(data, initial=_initial(partner, self.base_fields))


class PartnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, partner):
        return f"{partner.acronym or partner.name} ({partner.country})"


class ProgrammeForm(forms.Form):
    partner = PartnerChoice(label=_("Partenaire"), queryset=CooperationPartner.objects.none())
    title = forms.CharField(label=_("Intitulé du programme"), max_length=255)
    objectives = forms.CharField(label=_("Objectifs"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    agreement_reference = forms.CharField(label=_("Référence de l'accord"), max_length=80, required=False)
    signed_on = forms.DateField(label=_("Accord signé le"), required=False, widget=DATE)
    start_on = forms.DateField(label=_("Début"), widget=DATE)
    end_on = forms.DateField(label=_("Fin"), widget=DATE)
    amount = MoneyField(label=_("Montant global (DH)"))
    partner_contribution = MoneyField(
        label=_("Contribution du partenaire (DH)"), help_text=_("Au plus le montant global du programme.")
    )

    def __init__(self, data=None, *, programme=None, partner=None):
        initial = _initial(programme, self.base_fields)
        if programme is not None:
            initial["partner"] = programme.partner_id
        elif partner is not None:
            initial["partner"] = partner.pk
        super().__init__(data, initial=initial)
        self.fields["partner"].queryset = CooperationPartner.objects.order_by("name")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 4}))


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Intitulé de l'activité"), max_length=255)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=Commune.objects.none(), required=False, empty_label=_("Toute la préfecture")
    )
    partner_amount = MoneyField(label=_("Part du partenaire (DH)"), initial=0)
    indh_amount = MoneyField(label=_("Part INDH (DH)"), initial=0)
    other_amount = MoneyField(label=_("Autres co-financements (DH)"), initial=0)
    other_funders = forms.CharField(label=_("Autres co-financeurs"), max_length=255, required=False)
    amount = MoneyField(
        label=_("Montant de l'activité (DH)"),
        help_text=_("Égal à la part du partenaire + la part INDH + les autres co-financements."),
    )
    start_on = forms.DateField(label=_("Début"), required=False, widget=DATE)
    end_on = forms.DateField(label=_("Fin"), required=False, widget=DATE)

    def __init__(self, data=None, *, activity=None):
        super().__init__(data, initial=_initial(activity, self.base_fields))
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")


class ProjectChoice(forms.ModelChoiceField):
    def label_from_instance(self, project):
        return f"{project.code} – {project.title}"


class SupportForm(forms.Form):
    project = ProjectChoice(label=_("Projet INDH soutenu"), queryset=supportable_projects().none())
    amount = MoneyField(label=_("Apport au projet (DH)"))

    def __init__(self, data=None, *, support=None):
        super().__init__(data, initial=_initial(support, ("amount",)))
        if support is not None:  # the project stays; only its amount changes
            del self.fields["project"]
        else:
            self.fields["project"].queryset = supportable_projects()


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("Date du point"), widget=DATE)
    progress = forms.IntegerField(label=_("Avancement (%)"), min_value=0, max_value=100)
    spent = MoneyField(label=_("Dépensé à cette date (DH)"))
    note = forms.CharField(label=_("Observations"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de rapport"), choices=[("", "---------"), *PartnerReport.Kind.choices])
    title = forms.CharField(
        label=_("Intitulé (période couverte)"),
        max_length=255,
        help_text=_("Par exemple : Rapport technique semestriel, janvier–juin 2026."),
    )
    due_on = forms.DateField(label=_("Dû le"), widget=DATE)
    note = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReportSubmitForm(forms.Form):
    submitted_on = forms.DateField(label=_("Remis le"), widget=DATE)
    file = forms.FileField(label=_("Rapport remis (PDF, Word, Excel…)"))
    note = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


__all__ = ["CooperationProgramme"]
