"""The project page's execution sections: physical progress (timeline and photos), commission visits, indicators.
Each does a fixed number of queries (2, 1 and 2)."""

from projects import execution_selectors as selectors
from projects.project_sections import ProjectSection, register
from projects.services import indicators, progress, visits


def progress_context(project, user):
    return {"entries": selectors.progress_entries(project), "can_record": progress.may_record(project, user)}


def visits_context(project, user):
    return {"visits": selectors.project_visits(project), "can_record": visits.may_record(project, user)}


def indicators_context(project, user):
    return {"indicators": selectors.project_indicators(project), "can_follow": indicators.may_follow(project, user)}


register(ProjectSection("progress", "projects/execution/section_progress.html", progress_context, "main", 10))
register(ProjectSection("visits", "projects/execution/section_visits.html", visits_context, "main", 20))
register(ProjectSection("indicators", "projects/execution/section_indicators.html", indicators_context, "main", 30))
