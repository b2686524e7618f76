"""Coordination records of the studies area with a page, a history and attachments (das.records), the area's place
on the service's space and home page (coordination.space), and the « Études et travaux techniques » section of each
project's page (projects.project_sections)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination import permissions, space
from coordination import studies_selectors as selectors
from coordination.models import StudyDeliverable, TechnicalStudy
from das import records
from das.permissions import require
from das.views.home import card
from projects import project_sections

records.register_page(
    TechnicalStudy,
    read=permissions.ACCESS,
    edit=permissions.MANAGE_STUDIES,
    detail="coordination:study_detail",
    listing="coordination:study_list",
    children=[(StudyDeliverable, "study")],  # the deliverables expected, received and replaced, in the study's history
)

# A deliverable's history (its due date, receipt, replaced file) has its own page; its record is the study's page.
records.register(
    StudyDeliverable,
    can_view=records.code_predicate(permissions.ACCESS),
    can_edit=records.code_predicate(permissions.MANAGE_STUDIES),
    url=lambda deliverable: reverse("coordination:study_detail", args=[deliverable.study_id]),
    list_url="coordination:study_list",
)

LIST = "coordination:study_list"


def _list_url(query: str = "") -> str | None:
    return space.resolve(LIST, query)


def study_cards(user) -> list[dict]:
    """The area's figures on the service's space (two queries)."""
    counts = selectors.study_counts()
    year = timezone.localdate().year
    return [
        card(_("Études et travaux en cours"), counts["in_progress"], _list_url("?status=en_cours")),
        card(_("En retard"), counts["late"], _list_url("?is_late=true"), tone="danger"),
        card(_("Livrables attendus ce mois-ci"), counts["awaited_this_month"], _list_url(), tone="info"),
        card(
            _("Achevées cette année"),
            counts["completed_this_year"],
            _list_url("?status=achevee"),
            tone="success",
            hint=str(year),
        ),
    ]


def study_home_cards(user) -> list[dict]:
    """What waits for the service on the home page: late studies and overdue deliverables (two queries)."""
    if not require(user, permissions.MANAGE_STUDIES):
        return []
    counts = selectors.study_counts()
    if not counts["late"] and not counts["overdue"]:
        return []
    return [
        card(_("Études et travaux en retard"), counts["late"], _list_url("?is_late=true"), tone="danger"),
        card(_("Livrables d'études en retard"), counts["overdue"], _list_url("?is_late=true"), tone="warning"),
    ]


space.register(
    space.SpaceArea(
        code="studies",
        order=50,
        title=_("Études et travaux techniques"),
        description=_(
            "Les études et travaux menés avec la Division des Équipements, les services compétents, les bureaux "
            "d'études et les entreprises pour les projets INDH : livrables, dates, statut et retards."
        ),
        url_name=LIST,
        cards=study_cards,
        home_cards=study_home_cards,
    )
)


def project_studies_section(project, user):
    """The studies and works serving the project (one query); only for the coordination service's readers."""
    if not require(user, permissions.ACCESS):
        return None
    studies = selectors.project_studies(project)
    can_add = bool(require(user, permissions.MANAGE_STUDIES))
    if not studies and not can_add:
        return None  # nothing to read: the chef's and the auditor's project pages stay short
    return {"studies": studies, "can_add": can_add, "project": project}


project_sections.register(
    project_sections.ProjectSection(
        name="coordination_studies",
        template="coordination/studies/project_section.html",
        context=project_studies_section,
        column="side",
        order=60,
    )
)
