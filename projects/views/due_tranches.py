"""The tranches past their due date and not fully paid (the home page's alert opens it): filtered, exported."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy

from das import exports
from das.exports import Column
from das.models import Commune, Programme
from das.views.base import ExportableListView
from projects import permissions
from projects.alerts import due_tranches
from projects.models import Tranche
from projects.views.calls import SPACE_CRUMB


class DueTrancheFilter(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Programme"),
        field_name="convention__project__programme",
        queryset=Programme.objects.select_related("phase").order_by("phase__start_year", "code"),
    )
    commune = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Commune"),
        field_name="convention__project__commune",
        queryset=Commune.objects.order_by("name_fr"),
    )
    o = django_filters.OrderingFilter(
        fields=[("due_on", "due_on"), ("amount", "amount"), ("convention__reference", "convention")]
    )

    class Meta:
        model = Tranche
        fields = ["programme", "commune"]


def days_overdue(tranche) -> int:
    return (timezone.localdate() - tranche.due_on).days


class DueTrancheListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = DueTrancheFilter
    page_title = gettext_lazy("Tranches échues non payées")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Tranches échues"), None)]
    export_columns = [
        Column(gettext_lazy("Échéance"), "due_on", exports.DATE, order_by="due_on", width=12),
        Column(gettext_lazy("Jours de retard"), days_overdue, exports.INTEGER, width=10),
        Column(
            gettext_lazy("Convention"),
            "convention.reference",
            order_by="convention",
            width=16,
            code=True,
            href=lambda t: t.convention.get_absolute_url(),
        ),
        Column(
            gettext_lazy("Projet"),
            "convention.project.code",
            width=16,
            code=True,
            href=lambda t: t.convention.project.get_absolute_url(),
        ),
        Column(gettext_lazy("Porteur"), "convention.project.holder", width=30),
        Column(gettext_lazy("Commune"), "convention.project.commune", width=18),
        Column(gettext_lazy("Tranche"), "number", exports.INTEGER, width=8),
        Column(gettext_lazy("Montant"), "amount", exports.MONEY, order_by="amount", width=18),
        Column(gettext_lazy("Payé"), "paid", exports.MONEY, width=18),
        Column(gettext_lazy("Reste à payer"), "remaining", exports.MONEY, width=18),
    ]

    def get_queryset(self):
        return (
            due_tranches()
            .select_related("convention__project__holder", "convention__project__commune")
            .order_by("due_on", "convention__reference", "number")
        )
