"""The project records that have a history page and attachments, and who may see or change them."""

from das import records
from projects import permissions as project_perms
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
for model, edit, name in [
    (CallForProjects, project_perms.MANAGE_CALLS, "call"),
    (Dossier, project_perms.MANAGE_DOSSIERS, "dossier"),
    (Project, project_perms.MANAGE_DOSSIERS, "project"),
    (ProximityAction, project_perms.MANAGE_DOSSIERS, "proximity"),
    (Convention, project_perms.MANAGE_DOSSIERS, "convention"),
    (CommissionVisit, project_perms.MANAGE_DOSSIERS, "visit"),
    (ILDH, project_perms.MANAGE_DOSSIERS, "ildh"),
]:
    records.register_page(
        model, read=READ, edit=edit, detail=f"projects:{name}_detail", listing=f"projects:{name}_list"
    )
# Avenants are listed on their convention's page.
records.register_page(
    Amendment,
    read=READ,
    edit=project_perms.MANAGE_DOSSIERS,
    detail="projects:amendment_detail",
    listing="projects:convention_list",
)
