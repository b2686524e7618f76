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
    Dossier,
    Project,
    ProximityAction,
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
