"""The project record's section on the project's page: axis, ILDH, maître d'ouvrage, place (territories, GPS),
beneficiaries by sex and age, jobs, AGR facts; with the edit link for those who may edit."""

from projects import project_sections, record_selectors
from projects.services import record as services


def record_context(project, user) -> dict:
    """Four queries (the record and its prefetched lines, the payments), whatever the project's size."""
    record = record_selectors.project_record(project.pk)
    record["can_edit"] = services.may_edit(user)
    return record


project_sections.register(
    project_sections.ProjectSection(
        name="record", template="projects/project_record_section.html", context=record_context, column="main", order=5
    )
)
