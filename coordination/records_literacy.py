"""Coordination records of the literacy area with a page, a history and attachments (das.records), and the
area's place on the service's space (coordination.space)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination import literacy_selectors as selectors
from coordination import permissions, space
from coordination.models.literacy import (
    LiteracyCampaign,
    LiteracyCentre,
    LiteracyClass,
    LiteracyHeadcount,
    LiteracyOperation,
)
from das import records
from das.views.home import card

# The learners' headcounts have no page: their changes show in their class's history.
for model, detail, listing, children in (
    (LiteracyCampaign, "coordination:campaign_detail", "coordination:campaign_list", []),
    (LiteracyOperation, "coordination:operation_detail", "coordination:operation_list", []),
    (
        LiteracyClass,
        "coordination:class_detail",
        "coordination:operation_list",
        [(LiteracyHeadcount, "literacy_class")],
    ),
    (LiteracyCentre, "coordination:centre_update", "coordination:centre_list", []),
):
    records.register_page(
        model,
        read=permissions.ACCESS,
        edit=permissions.MANAGE_LITERACY,
        detail=detail,
        listing=listing,
        children=children,
    )


def _share(part, whole) -> str:
    value = selectors.percent(part, whole)
    return "—" if value is None else f"{value} %".replace(".", ",")


def literacy_cards(user):
    """The current campaign's status, the operations en cours, its learners and its classes still without a grid."""
    campaign = selectors.current_campaign()
    counts = selectors.space_counts(campaign)
    operations = reverse("coordination:operation_list")
    cards = [
        card(
            gettext_lazy("Campagne en cours"),
            str(campaign) if campaign else "—",
            campaign.get_absolute_url() if campaign else reverse("coordination:campaign_list"),
            tone="primary",
            hint=campaign.get_status_display() if campaign else _("Aucune campagne"),
        ),
        card(
            gettext_lazy("Opérations en cours"),
            counts["in_progress"],
            f"{operations}?status=en_cours",
            tone="success",
            hint=_("dont %(count)s à échéance dépassée") % {"count": counts["overdue"]} if counts["overdue"] else "",
        ),
        card(
            gettext_lazy("Inscrits / ayant achevé"),
            f"{counts['enrolled']} / {counts['completed']}",
            campaign.get_absolute_url() if campaign else None,
            tone="info",
            hint=_("Femmes : %(share)s des inscrits") % {"share": _share(counts["enrolled_women"], counts["enrolled"])},
        ),
        card(
            gettext_lazy("Classes sans effectifs saisis"),
            counts["without_headcount"],
            campaign.get_absolute_url() + "#operations" if campaign else None,
            tone="warning" if counts["without_headcount"] else "secondary",
        ),
    ]
    return cards


def literacy_home_cards(user):
    """For who keeps the campaigns: classes of the current campaign with no grid yet, operations past their end date
    still en cours."""
    if not permissions.can_manage_literacy(user):
        return []
    campaign = selectors.current_campaign()
    counts = selectors.space_counts(campaign)
    cards = []
    if counts["without_headcount"]:
        cards.append(
            card(
                gettext_lazy("Classes d'alphabétisation sans effectifs"),
                counts["without_headcount"],
                campaign.get_absolute_url() + "#operations",
                tone="warning",
            )
        )
    if counts["overdue"]:
        cards.append(
            card(
                gettext_lazy("Opérations d'alphabétisation échues encore en cours"),
                counts["overdue"],
                reverse("coordination:operation_list") + "?status=en_cours",
                tone="danger",
            )
        )
    return cards


space.register(
    space.SpaceArea(
        code="literacy",
        order=30,
        title=gettext_lazy("Alphabétisation et éducation non formelle"),
        description=gettext_lazy(
            "Campagnes, opérations menées par les opérateurs sous convention, classes et centres ; apprenants inscrits "
            "et ayant achevé par sexe et tranche d'âge, par commune ; bilan annuel."
        ),
        url_name="coordination:campaign_list",
        cards=literacy_cards,
        home_cards=literacy_home_cards,
        links=(
            (gettext_lazy("Opérations"), "coordination:operation_list"),
            (gettext_lazy("Centres"), "coordination:centre_list"),
        ),
    )
)
