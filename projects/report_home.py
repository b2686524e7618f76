"""The official reports on the home page of the Cabinet and the DBM (who have no other way into the projects app):
the last complete quarter's report, one click away."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from das.views.home import card, register_home_section
from projects import permissions
from projects.reports import periods


@register_home_section
def reports_section(user):
    # The division's own readers reach the reports from the projects space; the Cabinet and the DBM only from here.
    if not user.has_perm(permissions.VIEW_DASHBOARDS) or permissions.can_open_projects(user):
        return None
    quarter = periods.last_complete(timezone.localdate(), periods.QUARTER)
    cards = [
        card(
            gettext_lazy("Rapport trimestriel"),
            quarter.slug,
            reverse("projects:report_detail", args=["trimestriel", quarter.slug]),
            "primary",
            gettext_lazy("dernier trimestre complet : PDF et Excel"),
        ),
        card(
            gettext_lazy("Rapports officiels"),
            "→",
            reverse("projects:report_index"),
            "secondary",
            gettext_lazy("mensuel, trimestriel, ILDH, bilan annuel, archives"),
        ),
    ]
    return (gettext_lazy("Rapports officiels"), cards)
