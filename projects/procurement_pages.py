"""Where the marchés appear besides their own pages: their history page (das.records) and the "Marchés" section
of the project's page. Imported at start-up by projects.apps."""

from projects import permissions, project_sections
from projects.models import Procurement
from projects.procurement_selectors import project_procurements
from projects.records import register_page
from projects.services.procurement import may_add_to

register_page(
    Procurement,
    edit=permissions.MANAGE_DOSSIERS,
    detail="projects:procurement_detail",
    listing="projects:procurement_list",
)


def procurement_section(project, user):
    """The project's marchés with their status and delay (one query), and the link to add one."""
    if not user.has_perm(permissions.ACCESS):
        return None
    procurements = project_procurements(project)
    can_add = may_add_to(project, user)
    if not procurements and not can_add:
        return None
    return {"procurements": procurements, "can_add": can_add, "project": project}


project_sections.register(
    project_sections.ProjectSection(
        name="procurement",
        template="projects/procurement_section.html",
        context=procurement_section,
        column="main",
        order=15,
    )
)
