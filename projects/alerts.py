"""Alerts: what slipped, counted for the people who follow execution, on their home page and anywhere else
(``alerts_for``).

Who sees what: those who follow the projects — the agent (manage_dossiers), the head (approve) and the auditor (who
reads the journal) — see every alert; the Cabinet sees the conventions waiting for its signature; others none.
Each area is one aggregate query, so the home page does a fixed number of queries whatever the data. A user whose
role is limited to some communes counts only their records (projects.scope), as the lists the alerts open show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from das import permissions as das_permissions
from das.formatting import format_money
from das.views.home import card, register_home_section
from projects import permissions
from projects.models import Convention, Payment, Procurement, Project, Tranche
from projects.procurement_selectors import late_procurements_q
from projects.scope import scope_projects
from projects.selectors import late_projects_q, stale_progress_q

# A tranche can fall due only under a convention in force.
CONVENTIONS_IN_FORCE = [Convention.Status.SIGNED, Convention.Status.EXECUTING]


@dataclass(frozen=True)
class Alert:
    code: str
    title: str
    count: int
    url: str
    hint: str = ""


def due_tranches(today: dt.date | None = None) -> QuerySet[Tranche]:
    """Tranches past their due date and not fully paid, under a signed or executing convention; each row carries
    ``paid_total`` (what Tranche.paid reads) in the same query."""
    today = today or timezone.localdate()
    money = DecimalField(max_digits=18, decimal_places=2)
    paid = (
        Payment.objects.filter(tranche=OuterRef("pk"))
        .order_by()
        .values("tranche")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return (
        Tranche.objects.filter(due_on__lt=today, convention__status__in=CONVENTIONS_IN_FORCE)
        .annotate(paid_total=Coalesce(Subquery(paid, output_field=money), Value(Decimal("0")), output_field=money))
        .filter(paid_total__lt=F("amount"))
    )


def waiting_conventions(user, now=None):
    """Conventions at the Cabinet: how many, and how many for longer than DAS_CONVENTION_SIGNATURE_ALERT_DAYS."""
    limit = (now or timezone.now()) - dt.timedelta(days=settings.DAS_CONVENTION_SIGNATURE_ALERT_DAYS)
    return (
        scope_projects(Convention.objects.all(), user)
        .filter(status=Convention.Status.TRANSMITTED)
        .aggregate(waiting=Count("pk"), overdue=Count("pk", filter=Q(transmitted_at__lt=limit)))
    )


def follows_execution(user) -> bool:
    return user.has_perm(permissions.ACCESS) and (
        user.has_perm(permissions.MANAGE_DOSSIERS)
        or user.has_perm(permissions.APPROVE)
        or user.has_perm(das_permissions.VIEW_JOURNAL)
    )


def alerts_for(user, today: dt.date | None = None) -> list[Alert]:
    """The alerts this user should see, with their counts and the list each opens."""
    today = today or timezone.localdate()
    days = settings.DAS_CONVENTION_SIGNATURE_ALERT_DAYS
    alerts: list[Alert] = []
    if follows_execution(user):
        projects = scope_projects(Project.objects.all(), user).aggregate(
            late=Count("pk", filter=late_projects_q(today)), stale=Count("pk", filter=stale_progress_q(today))
        )
        conventions = waiting_conventions(user)
        tranches = scope_projects(due_tranches(today), user).aggregate(
            n=Count("pk"), left=Sum(F("amount") - F("paid_total"))
        )
        procurements = scope_projects(Procurement.objects.filter(late_procurements_q(today)), user).count()
        project_list = reverse("projects:project_list")
        alerts += [
            Alert(
                "late_projects", _("Projets en retard sur leur planning"), projects["late"], project_list + "?retard=1"
            ),
            Alert(
                "conventions_waiting",
                _("Conventions au Cabinet depuis plus de %(days)s jours") % {"days": days},
                conventions["overdue"],
                reverse("projects:convention_list") + "?attente=1",
                _("sur %(n)s transmises") % {"n": conventions["waiting"]},
            ),
            Alert(
                "tranches_due",
                _("Tranches échues non payées"),
                tranches["n"],
                reverse("projects:tranche_due_list"),
                _("reste %(amount)s") % {"amount": format_money(tranches["left"] or Decimal("0"))},
            ),
            Alert(
                "late_procurements",
                _("Marchés aux délais dépassés"),
                procurements,
                reverse("projects:procurement_list") + "?retard=1",
            ),
            Alert(
                "stale_progress",
                _("Projets sans avancement saisi depuis un trimestre"),
                projects["stale"],
                project_list + "?sans_avancement=1",
            ),
        ]
    elif user.has_perm(permissions.SIGN_CONVENTIONS):
        conventions = waiting_conventions(user)
        alerts.append(
            Alert(
                "conventions_waiting",
                _("Conventions à signer depuis plus de %(days)s jours") % {"days": days},
                conventions["overdue"],
                reverse("projects:convention_queue"),
                _("sur %(n)s à signer") % {"n": conventions["waiting"]},
            )
        )
    return alerts


@register_home_section
def alerts_section(user):
    alerts = alerts_for(user)
    if not alerts:
        return None
    cards = [card(a.title, a.count, a.url, "danger" if a.count else "success", a.hint) for a in alerts]
    return (_("Alertes"), cards)
