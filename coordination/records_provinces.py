"""Coordination records of the provinces area with a page, a history and attachments (das.records), and the
area's place on the service's space (coordination.space)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination import permissions, space
from coordination.models import (
    CoordinationAction,
    CoordinationMeeting,
    Counterpart,
    CounterpartContact,
    JointProject,
    JointProjectShare,
)
from das import records
from das.formatting import format_money
from das.views.home import card

# The contacts, the shares and the actions have no page: their changes show in their record's history.
for model, detail, listing, children in (
    (
        Counterpart,
        "coordination:counterpart_detail",
        "coordination:counterpart_list",
        [(CounterpartContact, "counterpart")],
    ),
    (
        JointProject,
        "coordination:joint_project_detail",
        "coordination:joint_project_list",
        [(JointProjectShare, "joint_project")],
    ),
    (
        CoordinationMeeting,
        "coordination:meeting_detail",
        "coordination:meeting_list",
        [(CoordinationAction, "meeting")],
    ),
):
    records.register_page(
        model,
        read=permissions.ACCESS,
        edit=permissions.MANAGE_PROVINCES,
        detail=detail,
        listing=listing,
        children=children,
    )


def cards(user):
    """Counterparts, joint projects in progress and our share of them, the next meeting, open and late actions."""
    from django.utils.formats import date_format

    from coordination.provinces_selectors import area_counts

    counts = area_counts()
    following = counts["next_meeting"]
    projects = reverse("coordination:joint_project_list")
    actions = reverse("coordination:coordination_action_list")
    return [
        card(_("Provinces partenaires"), counts["counterparts"], reverse("coordination:counterpart_list")),
        card(
            _("Projets communs en cours"),
            counts["in_progress"],
            f"{projects}?status={JointProject.Status.IN_PROGRESS}",
            hint=_("Notre part : %(amount)s") % {"amount": format_money(counts["our_share"])},
        ),
        card(
            _("Prochaine réunion"),
            date_format(following.date, "d/m/Y") if following else "—",
            following.get_absolute_url() if following else reverse("coordination:meeting_list"),
            tone="info",
            hint=following.subject if following else _("Aucune réunion planifiée."),
        ),
        card(_("Actions de coordination en cours"), counts["open_actions"], f"{actions}?status=ouverte"),
        card(
            _("Actions en retard"),
            counts["late_actions"],
            f"{actions}?is_late=true",
            tone="danger" if counts["late_actions"] else "success",
        ),
    ]


def home_cards(user):
    """For who keeps the area: late coordination actions and meetings whose minutes are to be written."""
    if not permissions.can_manage_provinces(user):
        return []
    from coordination.provinces_selectors import area_counts

    counts = area_counts()
    found = []
    if counts["late_actions"]:
        found.append(
            card(
                _("Actions de coordination en retard"),
                counts["late_actions"],
                reverse("coordination:coordination_action_list") + "?is_late=true",
                tone="danger",
            )
        )
    if counts["minutes_due"]:
        found.append(
            card(
                _("Réunions de coordination : PV à établir"),
                counts["minutes_due"],
                reverse("coordination:meeting_list") + "?status=planifiee",
                tone="warning",
                hint=_("Réunions planifiées dont la date est passée."),
            )
        )
    return found


space.register(
    space.SpaceArea(
        code="provinces",
        order=20,
        title=_("Coordination avec les autres préfectures et provinces"),
        description=_(
            "Les préfectures et provinces de la région, leurs contacts, les projets communs et la part de chacune, "
            "les réunions de coordination, leurs procès-verbaux et les actions décidées."
        ),
        url_name="coordination:counterpart_list",
        cards=cards,
        home_cards=home_cards,
        links=(
            (_("Projets communs"), "coordination:joint_project_list"),
            (_("Réunions de coordination"), "coordination:meeting_list"),
            (_("Actions de coordination"), "coordination:coordination_action_list"),
        ),
    )
)
