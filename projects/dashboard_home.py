"""The dashboard's part of each role's home page (this year's figures, in the reader's communes): the head of
division, the auditor, the monitoring service and the Cabinet see the key figures, the DBM the money, the CPDH
secretariat the projects by status. One aggregate query, whatever the number of projects."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees import permissions as committees_permissions
from das.formatting import format_money
from das.views.home import card, register_home_section
from projects import permissions
from projects.credit_documents import format_rate
from projects.dashboard import dashboard_base, drill_url
from projects.dashboard_selectors import DashboardFilters, filtered_projects, key_totals
from projects.models import Project


@register_home_section
def dashboard_section(user):
    if not user.has_perm(permissions.VIEW_DASHBOARDS):
        return None
    year = timezone.localdate().year
    filters = DashboardFilters(year=year)
    base = dashboard_base(user)
    page = reverse("projects:dashboard") + "?" + filters.querystring()
    title = gettext_lazy("Tableau de bord %(year)s") % {"year": year}
    if user.has_perm(committees_permissions.MANAGE_MEETINGS) and not user.has_perm(permissions.VIEW_CREDITS):
        # The CPDH secretariat: where the projects it had approved stand.
        counts = dict(filtered_projects(filters, base).order_by().values_list("status").annotate(n=Count("pk")))
        cards = [
            card(label, counts.get(value, 0), drill_url(filters, "projets", statut=value))
            for value, label in Project.Status.choices
        ]
        return (title, [*cards, card(gettext_lazy("Tableau de bord"), year, page)])
    totals = key_totals(filters, base)
    money = [
        card(gettext_lazy("Engagé"), format_money(totals.committed), drill_url(filters, "engage")),
        card(gettext_lazy("Payé"), format_money(totals.paid), drill_url(filters, "paye")),
        card(gettext_lazy("Taux d'engagement"), format_rate(totals.engagement_rate), drill_url(filters, "engage")),
        card(gettext_lazy("Taux d'émission"), format_rate(totals.emission_rate), drill_url(filters, "paye")),
    ]
    if user.has_perm(permissions.ACKNOWLEDGE_CREDITS):  # the DBM: the money only
        return (title, [*money, card(gettext_lazy("Tableau de bord"), year, page)])
    cards = [
        card(gettext_lazy("Projets de l'année"), totals.count, drill_url(filters, "projets")),
        card(gettext_lazy("Part INDH"), format_money(totals.indh), drill_url(filters, "projets")),
        *money,
        card(
            gettext_lazy("Projets en retard"),
            totals.late,
            drill_url(filters, "retard"),
            "danger" if totals.late else "success",
        ),
        card(gettext_lazy("Tableau de bord"), year, page, "primary", gettext_lazy("chiffres, graphiques, rapports")),
    ]
    return (title, cards)
