"""Forms and list filters of the needs area. They only carry what was typed: the rules (codes, team and committee
consistency, prerequisite cycles) are in training.services.needs, whose French messages land next to the fields."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from das.filters import DateInput, yes_no_filter
from das.models import Commune
from training.models import ActorType, Curriculum, Module, Need, NeedTheme, Team
from training.needs_selectors import NeedStatus

RTL = {"dir": "rtl"}


def layout(*rows):
    """A crispy layout of rows of fields (each row a tuple of (field, bootstrap column class)); no <form> tag: the
    page template holds it with its buttons."""
    from crispy_forms.helper import FormHelper
    from crispy_forms.layout import Column, Layout, Row

    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*[Row(*[Column(name, css_class=css) for name, css in row]) for row in rows])
    return helper


class NoUniqueCheck:
    def validate_unique(self):  # the service says it in French, next to the code, also under concurrency
        pass


class ThemeForm(NoUniqueCheck, forms.ModelForm):
    class Meta:
        model = NeedTheme
        fields = ["code", "name_fr", "name_ar", "description", "is_active"]
        widgets = {"name_ar": forms.TextInput(attrs=RTL), "description": forms.Textarea(attrs={"rows": 3})}


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = [
            "year",
            "source",
            "team",
            "committee",
            "theme",
            "description",
            "target_group",
            "commune",
            "people_count",
            "priority",
            "expressed_on",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "expressed_on": DateInput()}
        help_texts = {
            "team": _("Pour un besoin exprimé par une EAC ou une EAQ : l'équipe de ce type."),
            "committee": _("Pour un besoin exprimé par un CLDH ou le CPDH : le comité de ce type."),
            "commune": _("Laissée vide, c'est celle de l'équipe ou du comité."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance
        self.fields["team"].queryset = (
            Team.objects.filter(Q(is_active=True) | Q(pk=current.team_id))
            .select_related("commune")
            .order_by("kind", "name")
        )
        self.fields["committee"].queryset = Committee.objects.filter(kind__in=["cldh", "cpdh"]).order_by("kind", "name")
        self.fields["theme"].queryset = NeedTheme.objects.filter(Q(is_active=True) | Q(pk=current.theme_id))
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")
        if not current.pk:
            today = timezone.localdate()
            self.fields["year"].initial = today.year
            self.fields["expressed_on"].initial = today
        self.helper = layout(
            (("year", "col-md-2"), ("source", "col-md-4"), ("team", "col-md-3"), ("committee", "col-md-3")),
            (("theme", "col-md-6"), ("target_group", "col-md-3"), ("commune", "col-md-3")),
            (("description", "col-12"),),
            (("people_count", "col-md-3"), ("priority", "col-md-3"), ("expressed_on", "col-md-3")),
        )


class ModuleForm(NoUniqueCheck, forms.ModelForm):
    target_groups = forms.MultipleChoiceField(
        label=_("Publics cibles"), choices=ActorType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Module
        fields = [
            "code",
            "title_fr",
            "title_ar",
            "themes",
            "objectives",
            "content",
            "duration_hours",
            "duration_days",
            "target_groups",
            "prerequisites",
            "prerequisites_note",
            "is_active",
        ]
        widgets = {
            "title_ar": forms.TextInput(attrs=RTL),
            "themes": forms.CheckboxSelectMultiple,
            "prerequisites": forms.CheckboxSelectMultiple,
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "content": forms.Textarea(attrs={"rows": 5}),
            "prerequisites_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = NeedTheme.objects.order_by("code")
        others = Module.objects.order_by("code")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["prerequisites"].queryset = others
        self.fields["target_groups"].initial = list(self.instance.target_groups or [])
        self.helper = layout(
            (("code", "col-md-2"), ("title_fr", "col-md-5"), ("title_ar", "col-md-5")),
            (("objectives", "col-md-6"), ("content", "col-md-6")),
            (("duration_hours", "col-md-2"), ("duration_days", "col-md-2"), ("is_active", "col-md-2 pt-md-4")),
            (("themes", "col-md-4"), ("target_groups", "col-md-4"), ("prerequisites", "col-md-4")),
            (("prerequisites_note", "col-12"),),
        )


class CurriculumForm(NoUniqueCheck, forms.ModelForm):
    class Meta:
        model = Curriculum
        fields = ["code", "title_fr", "title_ar", "target_group", "description", "is_active"]
        widgets = {"title_ar": forms.TextInput(attrs=RTL), "description": forms.Textarea(attrs={"rows": 3})}


class StepAddForm(forms.Form):
    module = forms.ModelChoiceField(label=_("Module à ajouter"), queryset=Module.objects.none())

    def __init__(self, *args, curriculum=None, **kwargs):
        super().__init__(*args, **kwargs)
        modules = Module.objects.filter(is_active=True).order_by("code")
        if curriculum is not None:
            modules = modules.exclude(curricula=curriculum)
        self.fields["module"].queryset = modules


# --- List filters ----------------------------------------------------------------------------------------------------


def year_choices():
    from training.needs_selectors import need_years

    years = set(need_years()) | {timezone.localdate().year}
    return [(year, year) for year in sorted(years, reverse=True)]


class ThemeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche (code, nom)"), method="search")
    is_active = yes_no_filter(_("Actif"))
    o = django_filters.OrderingFilter(fields=[("code", "code"), ("name_fr", "name_fr")])

    class Meta:
        model = NeedTheme
        fields = ["q", "is_active"]

    def search(self, queryset, _name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name_fr__icontains=value) | Q(name_ar__icontains=value))


class NeedFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    year = django_filters.ChoiceFilter(label=_("Année"), choices=year_choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Need.Source.choices)
    theme = django_filters.ModelChoiceFilter(label=_("Thème"), queryset=NeedTheme.objects.order_by("code"))
    target_group = django_filters.ChoiceFilter(label=_("Public cible"), choices=ActorType.choices)
    commune = django_filters.ModelChoiceFilter(label=_("Commune"), queryset=Commune.objects.order_by("name_fr"))
    priority = django_filters.ChoiceFilter(label=_("Priorité"), choices=Need.Priority.choices)
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=NeedStatus.choices)
    o = django_filters.OrderingFilter(
        fields=[
            ("year", "year"),
            ("theme__code", "theme"),
            ("priority", "priority"),
            ("people_count", "people_count"),
            ("expressed_on", "expressed_on"),
        ]
    )

    class Meta:
        model = Need
        fields = ["q", "year", "source", "theme", "target_group", "commune", "priority", "status"]

    def search(self, queryset, _name, value):
        return queryset.filter(
            Q(description__icontains=value) | Q(team__name__icontains=value) | Q(committee__name__icontains=value)
        )


class ModuleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche (code, intitulé)"), method="search")
    theme = django_filters.ModelChoiceFilter(
        label=_("Thème"), queryset=NeedTheme.objects.order_by("code"), field_name="themes"
    )
    target_group = django_filters.ChoiceFilter(label=_("Public cible"), choices=ActorType.choices, method="for_target")
    is_active = yes_no_filter(_("Actif"))
    o = django_filters.OrderingFilter(fields=[("code", "code"), ("title_fr", "title_fr")])

    class Meta:
        model = Module
        fields = ["q", "theme", "target_group", "is_active"]

    def search(self, queryset, _name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title_fr__icontains=value) | Q(title_ar__icontains=value))

    def for_target(self, queryset, _name, value):
        return queryset.filter(target_groups__contains=[value])


class CurriculumFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche (code, intitulé)"), method="search")
    target_group = django_filters.ChoiceFilter(label=_("Public cible"), choices=ActorType.choices)
    is_active = yes_no_filter(_("Actif"))
    o = django_filters.OrderingFilter(fields=[("code", "code"), ("title_fr", "title_fr")])

    class Meta:
        model = Curriculum
        fields = ["q", "target_group", "is_active"]

    def search(self, queryset, _name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title_fr__icontains=value) | Q(title_ar__icontains=value))


class AnalysisYearForm(forms.Form):
    annee = forms.TypedChoiceField(label=_("Année"), coerce=int, choices=(), required=False)

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["annee"].choices = year_choices()
