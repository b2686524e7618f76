"""Coordination records of the crdh area with a page, a history and attachments (das.records), the area's place on
the service's space (coordination.space), and the CRDH agenda kind (coordination.agenda, registered at start-up)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination import (
    agenda,  # noqa: F401  (registers the agenda kind « demande_crdh »)
    permissions,
    space,
)
from coordination.models import CrdhDossier, CrdhRequest
from das import records
from das.permissions import Decision, require
from das.views.home import card


def _can_view(user, obj=None) -> Decision:
    return permissions.can_read_crdh(user)


def _can_edit(user, obj=None) -> Decision:
    return require(user, permissions.MANAGE_CRDH)


records.register(
    CrdhDossier,
    can_view=_can_view,
    can_edit=_can_edit,
    url=lambda obj: reverse("coordination:crdh_detail", args=[obj.pk]),
    list_url="coordination:crdh_list",
    children=[(CrdhRequest, "dossier")],  # added, changed, moved and removed requests show in the dossier's history
)
# A request is listed on its dossier's page.
records.register(
    CrdhRequest,
    can_view=_can_view,
    can_edit=_can_edit,
    url=lambda obj: reverse("coordination:crdh_request_detail", args=[obj.pk]),
    list_url="coordination:crdh_list",
)


def _list(query=""):
    return space.resolve("coordination:crdh_list", query)


def cards(user) -> list:
    """Three queries: the dossiers by status, the next CRDH meeting, the CRDH's actions open and late."""
    from coordination import crdh_selectors as selectors

    counts = selectors.status_counts()
    actions = selectors.action_counts()
    meeting = selectors.next_crdh_meeting()
    decisions = space.resolve("coordination:crdh_decisions")
    return [
        card(
            _("Dossiers en préparation"),
            counts["draft"],
            _list("?status=brouillon"),
            "secondary",
            _("en attente de validation par le chef"),
        ),
        card(_("Dossiers validés, à transmettre"), counts["validated"], _list("?status=valide"), "info"),
        card(_("Dossiers transmis à la région"), counts["sent"], _list("?status=transmis"), "success"),
        card(
            _("Prochaine réunion du CRDH"),
            meeting.date.strftime("%d/%m/%Y") if meeting else "—",
            meeting.get_absolute_url() if meeting and user.has_perm("committees.access") else None,
            "primary",
            meeting.place if meeting else _("aucune réunion prévue"),
        ),
        card(
            _("Actions du CRDH en cours"),
            actions["open"],
            decisions,
            "danger" if actions["late"] else "primary",
            _("dont %(late)s en retard") % {"late": actions["late"]},
        ),
    ]


def home_cards(user) -> list:
    from coordination import crdh_selectors as selectors

    result = []
    if require(user, permissions.MANAGE_CRDH):
        counts = selectors.status_counts()
        actions = selectors.action_counts()
        if counts["draft"]:
            result.append(card(_("Dossiers du CRDH à finir"), counts["draft"], _list("?status=brouillon"), "secondary"))
        if actions["open"]:
            result.append(
                card(
                    _("Actions du CRDH en cours"),
                    actions["open"],
                    space.resolve("coordination:crdh_decisions"),
                    "danger" if actions["late"] else "primary",
                    _("dont %(late)s en retard") % {"late": actions["late"]},
                )
            )
    if require(user, permissions.VALIDATE_CRDH):
        counts = selectors.status_counts()
        if counts["draft"]:
            result.append(card(_("Dossiers du CRDH à valider"), counts["draft"], _list("?status=brouillon"), "warning"))
    return result


space.register(
    space.SpaceArea(
        code="crdh",
        order=10,
        title=_("Préparation du CRDH"),
        description=_(
            "Le dossier de la province pour chaque réunion du CRDH : programmation, avancement et demandes, tirés des "
            "données des projets ; les décisions du CRDH qui concernent la province et leur suivi."
        ),
        url_name="coordination:crdh_list",
        cards=cards,
        home_cards=home_cards,
        links=((_("Décisions du CRDH concernant la province"), "coordination:crdh_decisions"),),
    )
)
