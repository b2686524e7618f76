"""The project records that have a history page and attachments, and who may see or change them."""

from das import records
from projects import permissions as project_perms
from projects import scope
from projects.models import (
    ILDH,
    Amendment,
    CallForProjects,
    CommissionVisit,
    Convention,
    CreditAllocation,
    CreditNotification,
    Dossier,
    Project,
    ProximityAction,
    TerritorialIndicator,
)

READ = project_perms.ACCESS


def register_page(model, *, edit: str, detail: str, listing: str):
    """das.records.register_page, with the commune scope (projects.scope) on reading and changing; calls are
    province-wide."""
    from django.urls import reverse

    if not scope.is_scoped(model):
        records.register_page(model, read=READ, edit=edit, detail=detail, listing=listing)
        return
    records.register(
        model,
        can_view=scope.scoped_predicate(READ),
        can_edit=scope.scoped_predicate(edit),
        url=lambda obj: reverse(detail, args=[obj.pk]),
        list_url=listing,
    )


for model, edit, name in [
    (CallForProjects, project_perms.MANAGE_CALLS, "call"),
    (Dossier, project_perms.MANAGE_DOSSIERS, "dossier"),
    (Project, project_perms.MANAGE_DOSSIERS, "project"),
    (ProximityAction, project_perms.MANAGE_DOSSIERS, "proximity"),
    (Convention, project_perms.MANAGE_DOSSIERS, "convention"),
    (CommissionVisit, project_perms.MANAGE_DOSSIERS, "visit"),
    (ILDH, project_perms.MANAGE_DOSSIERS, "ildh"),
]:
    register_page(model, edit=edit, detail=f"projects:{name}_detail", listing=f"projects:{name}_list")
# Avenants are listed on their convention's page.
register_page(
    Amendment,
    edit=project_perms.MANAGE_DOSSIERS,
    detail="projects:amendment_detail",
    listing="projects:convention_list",
)


def _can_view_allocation(user, obj=None):
    from das.permissions import require

    return (
        project_perms.can_view_allocation(user, obj) if obj is not None else require(user, project_perms.VIEW_CREDITS)
    )


# Credits: the DBM and the Cabinet read them without reading projects; the versions not yet sent stay in the division.
records.register_page(
    CreditNotification,
    read=project_perms.VIEW_CREDITS,
    edit=project_perms.MANAGE_CREDITS,
    detail="projects:credit_notification_detail",
    listing="projects:credit_notification_list",
)
records.register(
    CreditAllocation,
    can_view=_can_view_allocation,
    can_edit=records.code_predicate(project_perms.MANAGE_CREDITS),
    url=lambda obj: obj.get_absolute_url(),
    list_url="projects:credit_index",
)

# Human-development indicators (issue 7): read with the dashboards, kept by the monitoring service.
records.register_page(
    TerritorialIndicator,
    read=project_perms.VIEW_DASHBOARDS,
    edit=project_perms.MANAGE_TERRITORIAL_INDICATORS,
    detail="projects:territorial_indicator_detail",
    listing="projects:territorial_indicator_list",
)
