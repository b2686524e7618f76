"""Forms of the literacy area. They carry what was typed; the rules (one campaign a school year, dates inside the
campaign's or the operation's, the operator's convention, completed ≤ enrolled) are checked by
coordination.services.literacy, whose refusals are shown next to their field or grid cell."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models.common import Sex
from coordination.models.literacy import AgeGroup, LiteracyCampaign, LiteracyCentre, LiteracyClass, LiteracyOperation
from das.fields import MoneyField
from das.models import Commune, Locality, Partner
from projects.models import Convention

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EMPTY = [("", "---------")]


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=255, required=False)
    start_on = forms.DateField(label=_("Début de la campagne"), widget=DATE)
    end_on = forms.DateField(label=_("Fin de la campagne"), widget=DATE)
    target_learners = forms.IntegerField(label=_("Objectif (apprenants)"), min_value=0, initial=0)


class CampaignCreateForm(CampaignForm):
    start_year = forms.IntegerField(
        label=_("Année de démarrage"),
        min_value=2005,
        max_value=2100,
        help_text=_("La campagne couvre une année scolaire : 2025 pour la campagne 2025-2026."),
    )
    field_order = ["start_year", "title", "start_on", "end_on", "target_learners"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["start_year"].initial = year
        self.fields["start_on"].initial = f"{year}-10-01"
        self.fields["end_on"].initial = f"{year + 1}-06-30"


class ClosingForm(forms.Form):
    closing_note = forms.CharField(
        label=_("Bilan de clôture"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ce qui a été réalisé, les difficultés rencontrées, les enseignements pour la campagne suivante."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'annulation"), widget=forms.Textarea(attrs={"rows": 4}))


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, commune):
        return commune.name


class CentreForm(forms.Form):
    name = forms.CharField(label=_("Nom du centre"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=EMPTY + list(LiteracyCentre.Kind.choices))
    commune = CommuneChoiceField(label=_("Commune"), queryset=Commune.objects.none())
    locality = forms.ModelChoiceField(label=_("Quartier / douar"), queryset=Locality.objects.none(), required=False)
    address = forms.CharField(label=_("Adresse"), max_length=255, required=False)

    def __init__(self, data=None, *, centre=None):
        initial = {}
        if centre is not None:
            initial = {name: getattr(centre, name) for name in ("name", "kind", "address")}
            initial |= {"commune": centre.commune_id, "locality": centre.locality_id}
        super().__init__(data, initial=initial)
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")
        self.fields["locality"].queryset = Locality.objects.select_related("commune").order_by(
            "commune__name_fr", "name_fr"
        )


class OperatorField(forms.ModelChoiceField):
    def label_from_instance(self, partner):
        return f"{partner.name} ({partner.get_kind_display()})"


class ConventionField(forms.ModelChoiceField):
    def label_from_instance(self, convention):
        return f"{convention.reference} – {convention.title}"


class OperationForm(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"), choices=EMPTY + list(LiteracyOperation.Programme.choices))
    operator = OperatorField(
        label=_("Opérateur"),
        queryset=Partner.objects.none(),
        help_text=_("Le plus souvent une association sous convention."),
    )
    convention = ConventionField(
        label=_("Convention INDH de l'opérateur"),
        queryset=Convention.objects.none(),
        required=False,
        help_text=_("Une convention signée par l'opérateur (porteur ou partie), si elle est tenue dans l'application."),
    )
    convention_reference = forms.CharField(
        label=_("Ou référence d'une autre convention"),
        max_length=80,
        required=False,
        help_text=_("Par exemple une convention avec l'Agence nationale de lutte contre l'analphabétisme."),
    )
    convention_amount = MoneyField(label=_("Montant de cette convention (DH)"), required=False, max_digits=14)
    commune = CommuneChoiceField(label=_("Commune"), queryset=Commune.objects.none())
    start_on = forms.DateField(label=_("Début"), widget=DATE)
    end_on = forms.DateField(label=_("Fin"), widget=DATE)
    target_learners = forms.IntegerField(label=_("Objectif (apprenants)"), min_value=0, initial=0)

    def __init__(self, data=None, *, operation=None, campaign=None):
        initial = {}
        if operation is not None:
            initial = {name: getattr(operation, name) for name in self.base_fields if hasattr(operation, name)}
            for name in ("operator", "convention", "commune"):
                initial[name] = getattr(operation, f"{name}_id")
        elif campaign is not None:
            initial = {"start_on": campaign.start_on, "end_on": campaign.end_on}
        super().__init__(data, initial=initial)
        keep = operation.operator_id if operation else None
        self.fields["operator"].queryset = (
            Partner.objects.filter(is_active=True) | Partner.objects.filter(pk=keep)
        ).order_by("kind", "name")
        self.fields["convention"].queryset = Convention.objects.exclude(status=Convention.Status.TERMINATED).order_by(
            "-year", "reference"
        )
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")
        if campaign is not None:
            self.fields["start_on"].help_text = _("La campagne va du %(start)s au %(end)s.") % {
                "start": campaign.start_on.strftime("%d/%m/%Y"),
                "end": campaign.end_on.strftime("%d/%m/%Y"),
            }


class OperationCreateForm(OperationForm):
    campaign = forms.ModelChoiceField(label=_("Campagne"), queryset=LiteracyCampaign.objects.none())
    field_order = ["campaign"]

    def __init__(self, data=None, *, campaign=None):
        super().__init__(data, campaign=campaign)
        self.fields["campaign"].queryset = LiteracyCampaign.objects.exclude(
            status=LiteracyCampaign.Status.CLOSED
        ).order_by("-start_year")
        if campaign is not None:
            self.fields["campaign"].initial = campaign.pk


class CentreField(forms.ModelChoiceField):
    def label_from_instance(self, centre):
        return f"{centre.name} — {centre.commune.name} ({centre.get_kind_display()})"


class ClassForm(forms.Form):
    name = forms.CharField(label=_("Nom de la classe"), max_length=100)
    centre = CentreField(
        label=_("Centre"),
        queryset=LiteracyCentre.objects.none(),
        help_text=_("Un centre actif de la préfecture ; sa commune est indiquée entre tirets."),
    )
    level = forms.ChoiceField(label=_("Niveau"), choices=EMPTY + list(LiteracyClass.Level.choices))
    instructor = forms.CharField(label=_("Animateur / animatrice"), max_length=200, required=False)
    start_on = forms.DateField(label=_("Début"), widget=DATE)
    end_on = forms.DateField(label=_("Fin"), widget=DATE)
    hours = forms.IntegerField(label=_("Volume horaire (heures)"), min_value=1, max_value=2000, required=False)

    def __init__(self, data=None, *, operation, literacy_class=None):
        initial = {}
        if literacy_class is not None:
            initial = {name: getattr(literacy_class, name) for name in self.base_fields if name != "centre"}
            initial["centre"] = literacy_class.centre_id
        else:
            initial = {"start_on": operation.start_on, "end_on": operation.end_on}
        super().__init__(data, initial=initial)
        keep = literacy_class.centre_id if literacy_class else None
        self.fields["centre"].queryset = (
            (LiteracyCentre.objects.filter(is_active=True) | LiteracyCentre.objects.filter(pk=keep))
            .select_related("commune")
            .order_by("commune__name_fr", "name")
        )
        self.fields["start_on"].help_text = _("L'opération va du %(start)s au %(end)s.") % {
            "start": operation.start_on.strftime("%d/%m/%Y"),
            "end": operation.end_on.strftime("%d/%m/%Y"),
        }


class HeadcountLineForm(forms.Form):
    """One line of the grid: a sex and an age group, the learners enrolled and those completing."""

    sex = forms.ChoiceField(choices=Sex.choices, widget=forms.HiddenInput)
    age_group = forms.ChoiceField(choices=AgeGroup.choices, widget=forms.HiddenInput)
    enrolled = forms.IntegerField(
        label=_("Inscrits"), min_value=0, max_value=1000, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    completed = forms.IntegerField(
        label=_("Ayant achevé"), min_value=0, max_value=1000, widget=forms.NumberInput(attrs={"class": "form-control"})
    )

    # completed ≤ enrolled is the service's rule (headcounts_save); the view puts its message on the cell.


HeadcountFormSet = forms.formset_factory(HeadcountLineForm, extra=0, min_num=8, max_num=8, validate_max=True)
