import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from das.models import Commune, Programme
from projects.models import CallForProjects


def programme_filter(field_name: str = "programme") -> django_filters.ModelChoiceFilter:
    """The programme a list is filtered by (through its project: ``project__programme``…), phases in order."""
    return django_filters.ModelChoiceFilter(
        label=_("Programme"),
        field_name=field_name,
        queryset=Programme.objects.select_related("phase").order_by("phase__start_year", "code"),
    )


def commune_filter(field_name: str = "commune") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Commune"), field_name=field_name, queryset=Commune.objects.order_by("name_fr")
    )


def call_years():
    years = CallForProjects.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(year, str(year)) for year in years]


class CallFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche dans l'intitulé"), method="search")
    year = django_filters.ChoiceFilter(label=_("Année"), choices=call_years)
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.select_related("phase").order_by("phase__start_year", "code")
    )
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=CallForProjects.Status.choices)
    o = django_filters.OrderingFilter(
        fields=[
            ("title_fr", "title_fr"),
            ("year", "year"),
            ("programme__code", "programme"),
            ("status", "status"),
            ("envelope", "envelope"),
            ("opens_at", "opens_at"),
            ("closes_at", "closes_at"),
        ]
    )

    class Meta:
        model = CallForProjects
        fields = ["q", "year", "programme", "status"]

    def search(self, queryset, _name, value):
        return queryset.filter(Q(title_fr__icontains=value) | Q(title_ar__icontains=value))
