"""Forms of the execution follow-up: input and its French messages only; the writes are in
projects.services.progress, .visits and .indicators."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Member
from projects.models import CommissionVisit, Indicator, IndicatorValue, ProjectIndicator

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos in one input; the service checks each one's type from its bytes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/jpeg,image/png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleImageField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ProgressForm(forms.Form):
    recorded_on = forms.DateField(label=_("Date du constat"), widget=DATE, initial=timezone.localdate)
    percent = forms.IntegerField(label=_("Avancement physique (%)"), min_value=0, max_value=100)
    narrative = forms.CharField(label=_("Travaux réalisés"), widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(
        label=_("Difficultés rencontrées"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire si l'avancement baisse par rapport au constat précédent."),
    )
    photos = MultipleImageField(
        label=_("Photos du chantier"), help_text=_("JPEG ou PNG, 8 Mo au plus chacune ; plusieurs à la fois.")
    )

    def __init__(self, *args, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        if entry is not None:
            photos = list(entry.photos.select_related("attachment"))
            if photos:
                self.fields["remove_photos"] = forms.ModelMultipleChoiceField(
                    label=_("Photos à retirer"),
                    queryset=entry.photos.all(),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
                self.fields["remove_photos"].label_from_instance = lambda p: p.attachment.original_name


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de visite"), choices=CommissionVisit.Kind.choices)
    visited_on = forms.DateField(label=_("Date de la visite"), widget=DATE, initial=timezone.localdate)
    commission = forms.ModelChoiceField(label=_("Commission"), queryset=None)
    members = forms.ModelMultipleChoiceField(
        label=_("Membres présents"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les membres des commissions de lancement, de suivi et de réception."),
    )
    other_attendees = forms.CharField(
        label=_("Autres participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une personne par ligne : nom, qualité (porteur, entreprise, services techniques…)."),
    )
    findings = forms.CharField(label=_("Constats"), widget=forms.Textarea(attrs={"rows": 5}))
    reserves = forms.CharField(label=_("Réserves"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(
        label=_("Recommandations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        from committees.models import Committee

        super().__init__(*args, **kwargs)
        kinds = ["lancement", "suivi", "reception"]
        commissions = Committee.objects.filter(kind__in=kinds, is_active=True).order_by("kind", "name")
        self.fields["commission"].queryset = commissions
        self.fields["members"].queryset = (
            Member.objects.filter(committee__kind__in=kinds, committee__is_active=True)
            .select_related("committee")
            .order_by("committee__name", "full_name")
        )
        self.fields["members"].label_from_instance = lambda m: (
            f"{m.full_name} — {m.title or m.get_function_display()} ({m.committee.name})"
        )


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "name_ar", "unit", "description", "is_active"]
        widgets = {"name_ar": forms.TextInput(attrs={"dir": "rtl"}), "description": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self):  # the service says it in French, next to the code
        pass


class ProjectIndicatorForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicateur du catalogue"), queryset=None)
    target = forms.DecimalField(label=_("Valeur cible"), required=False, min_value=0, max_digits=16, decimal_places=2)
    periodicity = forms.ChoiceField(
        label=_("Périodicité"), choices=ProjectIndicator.Periodicity.choices, initial="trimestre"
    )

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Indicator.objects.filter(is_active=True).order_by("code")
        if project is not None:
            queryset = queryset.exclude(project_uses__project=project)
        self.fields["indicator"].queryset = queryset


class IndicatorValueForm(forms.Form):
    year = forms.IntegerField(
        label=_("Année"), min_value=2005, max_value=2100, initial=lambda: timezone.localdate().year
    )
    period = forms.ChoiceField(label=_("Période"), choices=IndicatorValue.Period.choices)
    value = forms.DecimalField(label=_("Valeur"), min_value=0, max_digits=16, decimal_places=2)
    comment = forms.CharField(label=_("Commentaire"), max_length=255, required=False)

    def __init__(self, *args, periods=None, **kwargs):
        super().__init__(*args, **kwargs)
        if periods:
            self.fields["period"].choices = [c for c in IndicatorValue.Period.choices if c[0] in periods]
