"""The tranches past their due date and not fully paid (the home page's alert opens it): filtered, exported."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy

from das import exports
from das.exports import Column
from das.views.base import ExportableListView
from projects import permissions
from projects.alerts import due_tranches
from projects.filters import commune_filter, programme_filter
from projects.models import Tranche
from projects.scope import ScopedListMixin
from projects.views.calls import SPACE_CRUMB


class DueTrancheFilter(django_filters.FilterSet):
    programme = programme_filter("convention__project__programme")
    commune = commune_filter("convention__project__commune")
    o = django_filters.OrderingFilter(
        fields=[("due_on", "due_on"), ("amount", "amount"), ("convention__reference", "convention")]
    )

    class Meta:
        model = Tranche
        fields = ["programme", "commune"]


def days_overdue(tranche) -> int:
    return (timezone.localdate() - tranche.due_on).days


class DueTrancheListView(ScopedListMixin, ExportableListView):
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
