"""The list of proximity actions: its rows (with their sums, in one query) and its filters."""

from __future__ import annotations

import django_filters
from django.contrib.postgres.aggregates import StringAgg
from django.db.models import DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from das.models import Commune, Partner
from projects.models import ProximityAction, ProximityBeneficiaries, ProximityCommune, ProximityFunding

ZERO_MONEY = Value(0, output_field=DecimalField(max_digits=18, decimal_places=2))


def _sum(model, field, output, **condition):
    rows = (
        model.objects.filter(action=OuterRef("pk"), **condition)
        .order_by()
        .values("action")
        .annotate(total=Sum(field))
        .values("total")
    )
    zero = ZERO_MONEY if isinstance(output, DecimalField) else Value(0)
    return Coalesce(Subquery(rows, output_field=output), zero, output_field=output)


def action_list() -> QuerySet[ProximityAction]:
    """Actions with, on each row, their communes' names and their sums (beneficiaries, women, men, cost, INDH):
    subqueries, so neither the joins multiply the sums nor the list makes one query per row."""
    count, money = IntegerField(), DecimalField(max_digits=18, decimal_places=2)
    communes = (
        ProximityCommune.objects.filter(action=OuterRef("pk"))
        .order_by()
        .values("action")
        .annotate(names=StringAgg("commune__name_fr", ", ", order_by="commune__name_fr"))
        .values("names")
    )
    return ProximityAction.objects.annotate(
        commune_names=Subquery(communes),
        beneficiaries_total=_sum(ProximityBeneficiaries, "count", count),
        beneficiaries_women=_sum(ProximityBeneficiaries, "count", count, sex=ProximityBeneficiaries.Sex.FEMALE),
        beneficiaries_men=_sum(ProximityBeneficiaries, "count", count, sex=ProximityBeneficiaries.Sex.MALE),
        total_cost=_sum(ProximityFunding, "amount", money),
        indh_cost=_sum(ProximityFunding, "amount", money, payer=ProximityFunding.Payer.INDH),
    )


def action_years():
    return [(str(day.year), str(day.year)) for day in ProximityAction.objects.dates("start_date", "year", order="DESC")]


class ProximityActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche (référence, intitulé)"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Type d'action"), choices=ProximityAction.Kind.choices)
    year = django_filters.ChoiceFilter(
        label=_("Année"), field_name="start_date", lookup_expr="year", choices=action_years
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"), queryset=Commune.objects.order_by("name_fr"), method="in_commune"
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partenaire"), queryset=Partner.objects.order_by("name"), method="with_partner"
    )
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=ProximityAction.Status.choices)
    o = django_filters.OrderingFilter(
        fields=[
            ("reference", "reference"),
            ("title", "title"),
            ("kind", "kind"),
            ("start_date", "start_date"),
            ("beneficiaries_total", "beneficiaries_total"),
            ("total_cost", "total_cost"),
            ("status", "status"),
        ]
    )

    class Meta:
        model = ProximityAction
        fields = ["q", "kind", "year", "commune", "partner", "status"]

    def search(self, queryset, _name, value):
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value))

    # Through Exists-like filters on the link tables: no join, so no duplicated rows and no distinct needed.
    def in_commune(self, queryset, _name, value):
        return queryset.filter(pk__in=ProximityCommune.objects.filter(commune=value).values("action"))

    def with_partner(self, queryset, _name, value):
        from projects.models import ProximityPartner

        return queryset.filter(pk__in=ProximityPartner.objects.filter(partner=value).values("action"))
