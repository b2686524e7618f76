"""What the official reports add to the dashboard's figures (projects.dashboard_selectors): the breakdowns by
programme that the dashboard gives for the whole selection only, the money paid during a period, and the projects
late at a date with their reason. Each function is one aggregate query over the reader's projects, so a report does
the same number of queries whatever the number of projects.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum, TextField
from django.utils.translation import gettext as _

from projects.dashboard_selectors import with_figures
from projects.models import Payment, ProgressEntry, Project, ProjectBeneficiaries
from projects.selectors import late_projects_q

ZERO = Decimal("0")


def paid_between_by_programme(projects: QuerySet[Project], start: dt.date, end: dt.date) -> dict[int, Decimal]:
    """« Payé pendant la période »: the payments recorded on the projects' conventions with ``paid_on`` between
    ``start`` and ``end`` (both included), per programme."""
    rows = (
        Payment.objects.filter(
            tranche__convention__project__in=projects.values("pk"), paid_on__gte=start, paid_on__lte=end
        )
        .values(programme=F("tranche__convention__project__programme_id"))
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["programme"]: row["total"] or ZERO for row in rows}


def statuses_by_programme(projects: QuerySet[Project]) -> dict[int, dict[str, int]]:
    """The number of projects of each status (today's status, as the dashboard), per programme."""
    rows = projects.order_by().values("programme_id", "status").annotate(n=Count("pk"))
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        result[row["programme_id"]][row["status"]] = row["n"]
    return dict(result)


def beneficiaries_by_programme(projects: QuerySet[Project]) -> dict[int, dict[tuple[str, str], int]]:
    """Beneficiaries targeted and reached by sex, per programme: {programme: {(kind, sex): count}}."""
    rows = (
        ProjectBeneficiaries.objects.filter(project__in=projects.values("pk"))
        .values("kind", "sex", programme=F("project__programme_id"))
        .annotate(total=Sum("count"))
        .order_by()
    )
    result: dict[int, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        result[row["programme"]][row["kind"], row["sex"]] += row["total"]
    return result


def late_projects(projects: QuerySet[Project], on: dt.date) -> list[Project]:
    """The projects late at ``on`` (projects.selectors.late_projects_q), with their figures at that date and
    ``reason``: the status reason of a suspended project, otherwise the « difficultés rencontrées » of its last
    progress entry up to ``on``, otherwise « Non renseigné »."""
    last_problems = (
        ProgressEntry.objects.filter(project=OuterRef("pk"), recorded_on__lte=on)
        .order_by("-recorded_on", "-pk")
        .values("problems")[:1]
    )
    rows = with_figures(
        projects.filter(late_projects_q(on))
        .annotate(last_problems=Subquery(last_problems, output_field=TextField()))
        .select_related("programme", "commune")
        .order_by("programme__code", "planned_end", "code"),
        on,
    )
    unknown = _("Non renseigné")
    result = []
    for project in rows:
        if project.status == Project.Status.SUSPENDED and project.status_reason.strip():
            project.reason = project.status_reason.strip()
        else:
            project.reason = (project.last_problems or "").strip() or unknown
        result.append(project)
    return result
