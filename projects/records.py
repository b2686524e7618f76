"""The project records that have a history page and attachments, and who may see or change them."""

from django.urls import reverse

from das import records
from projects import permissions as project_perms
from projects.models import CallForProjects, Convention, Dossier, Project, ProximityAction

records.register(
    CallForProjects,
    can_view=records.code_predicate(project_perms.ACCESS),
    can_edit=records.code_predicate(project_perms.MANAGE_CALLS),
    url=lambda obj: reverse("projects:call_detail", args=[obj.pk]),
    list_url="projects:call_list",
)

records.register(
    Dossier,
    can_view=records.code_predicate(project_perms.ACCESS),
    can_edit=records.code_predicate(project_perms.MANAGE_DOSSIERS),
    url=lambda obj: reverse("projects:dossier_detail", args=[obj.pk]),
    list_url="projects:dossier_list",
)

records.register(
    Project,
    can_view=records.code_predicate(project_perms.ACCESS),
    can_edit=records.code_predicate(project_perms.MANAGE_DOSSIERS),
    url=lambda obj: reverse("projects:project_detail", args=[obj.pk]),
    list_url="projects:project_list",
)


records.register(
    ProximityAction,
    can_view=records.code_predicate(project_perms.ACCESS),
    can_edit=records.code_predicate(project_perms.MANAGE_DOSSIERS),
    url=lambda obj: reverse("projects:proximity_detail", args=[obj.pk]),
    list_url="projects:proximity_list",
)

records.register(
    Convention,
    can_view=records.code_predicate(project_perms.ACCESS),
    can_edit=records.code_predicate(project_perms.MANAGE_DOSSIERS),
    url=lambda obj: reverse("projects:convention_detail", args=[obj.pk]),
    list_url="projects:convention_list",
)
