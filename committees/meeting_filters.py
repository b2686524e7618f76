"""The filters of the meetings list: committee, kind of meeting, status and year."""

import django_filters
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, Meeting


def meeting_years():
    years = Meeting.objects.dates("date", "year", order="DESC")
    return [(day.year, str(day.year)) for day in years]


class MeetingFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(label=_("Comité"), queryset=Committee.objects.order_by("kind", "name"))
    kind = django_filters.ChoiceFilter(label=_("Type de réunion"), choices=Meeting.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=Meeting.Status.choices)
    year = django_filters.ChoiceFilter(label=_("Année"), choices=meeting_years, field_name="date", lookup_expr="year")
    o = django_filters.OrderingFilter(
        fields=[
            ("committee__name", "committee"),
            ("number", "number"),
            ("kind", "kind"),
            ("date", "date"),
            ("place", "place"),
            ("status", "status"),
            ("item_count", "item_count"),
        ]
    )

    class Meta:
        model = Meeting
        fields = ["committee", "kind", "status", "year"]
