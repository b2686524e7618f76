"""Coordination records of the cooperation area with a page, a history and attachments (das.records), the area's
place on the service's space (coordination.space) and its section on a project's page (projects.project_sections)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from coordination import permissions, space
from coordination.models import (
    ActivityFollowUp,
    ActivityProject,
    CooperationActivity,
    CooperationPartner,
    CooperationProgramme,
    PartnerReport,
)
from das import records
from das.formatting import format_money
from das.views.home import card
from projects import project_sections

# The supported projects and the follow-up points have no page: their changes show in their activity's history.
for model, detail, listing, children in (
    (CooperationPartner, "coordination:cooperation_partner_detail", "coordination:cooperation_partner_list", []),
    (CooperationProgramme, "coordination:cooperation_programme_detail", "coordination:cooperation_programme_list", []),
    (
        CooperationActivity,
        "coordination:cooperation_activity_detail",
        "coordination:cooperation_programme_list",
        [(ActivityProject, "activity"), (ActivityFollowUp, "activity")],
    ),
):
    records.register_page(
        model,
        read=permissions.ACCESS,
        edit=permissions.MANAGE_COOPERATION,
        detail=detail,
        listing=listing,
        children=children,
    )
# A report is shown on its programme's page.
records.register(
    PartnerReport,
    can_view=records.code_predicate(permissions.ACCESS),
    can_edit=records.code_predicate(permissions.MANAGE_COOPERATION),
    url=lambda report: reverse("coordination:cooperation_programme_detail", args=[report.programme_id]),
    list_url="coordination:cooperation_report_list",
)


def _cards(user):
    from coordination.cooperation_selectors import space_figures

    figures = space_figures()
    reports = space.resolve("coordination:cooperation_report_list")
    programmes = space.resolve("coordination:cooperation_programme_list", "?status=en_cours")
    return [
        card(
            gettext_lazy("Partenaires de coopération"),
            figures["all_partners"],
            space.resolve("coordination:cooperation_partner_list"),
        ),
        card(
            gettext_lazy("Programmes en cours"),
            figures["in_progress"],
            programmes,
            "primary",
            format_money(figures["amount"]),
        ),
        card(
            gettext_lazy("Contribution des partenaires (programmes en cours)"),
            format_money(figures["contribution"]),
            programmes,
            "info",
        ),
        card(gettext_lazy("Projets INDH soutenus"), figures["projects"], programmes, "success"),
        card(
            gettext_lazy("Rapports dus dans les 30 jours"),
            figures["soon"],
            reports and reports + "?submitted=false",
            "warning" if figures["soon"] else "success",
        ),
        card(
            gettext_lazy("Rapports aux partenaires en retard"),
            figures["late"],
            reports and reports + "?late=true",
            "danger" if figures["late"] else "success",
        ),
    ]


def _home_cards(user):
    from coordination.cooperation_selectors import space_figures

    if not permissions.can_manage_cooperation(user):
        return []
    figures = space_figures()
    if not figures["late"] and not figures["soon"]:
        return []
    reports = space.resolve("coordination:cooperation_report_list")
    return [
        card(
            gettext_lazy("Rapports aux partenaires en retard"),
            figures["late"],
            reports and reports + "?late=true",
            "danger" if figures["late"] else "success",
        ),
        card(
            gettext_lazy("Rapports aux partenaires dus dans les 30 jours"),
            figures["soon"],
            reports and reports + "?submitted=false",
            "warning",
            ngettext("%(n)s à préparer", "%(n)s à préparer", figures["soon"]) % {"n": figures["soon"]},
        ),
    ]


space.register(
    space.SpaceArea(
        code="cooperation",
        order=40,
        title=gettext_lazy("Coopération internationale"),
        description=gettext_lazy(
            "Partenaires étrangers, programmes de coopération et leurs activités sociales, co-financement, projets "
            "INDH soutenus, suivi et rapports dus aux partenaires."
        ),
        url_name="coordination:cooperation_programme_list",
        cards=_cards,
        home_cards=_home_cards,
        links=(
            (gettext_lazy("Partenaires"), "coordination:cooperation_partner_list"),
            (gettext_lazy("Rapports dus aux partenaires"), "coordination:cooperation_report_list"),
        ),
    )
)


def project_cooperation_section(project, user):
    """The cooperation activities supporting the project (one query), for the coordination service's readers only."""
    if not permissions.can_see_project_cooperation(user):
        return None
    from coordination.cooperation_selectors import project_support

    supports = project_support(project)
    if not supports:
        return None
    return {"supports": supports, "total": sum(support.amount for support in supports)}


project_sections.register(
    project_sections.ProjectSection(
        name="cooperation",
        template="coordination/cooperation/project_section.html",
        context=project_cooperation_section,
        column="side",
        order=60,
    )
)
