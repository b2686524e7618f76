"""The communication service's cards on the home page (das.views.home.register_home_section).

For the service (who treats the requests): requests not closed and late ones, this year's plan and the actions due
this month. For the chef (who validates the plan and approves the fiches): plans awaiting validation and fiches
awaiting approval. Two queries for each (communication.space_selectors), whatever the data.
"""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from communication import permissions
from das.permissions import require
from das.views.home import card, register_home_section


def _url(name, query=""):
    try:
        return reverse(name) + query
    except NoReverseMatch:  # an area not installed: the card shows its figure without a link
        return None


def _agent_cards():
    from communication import request_selectors, space_selectors

    today = timezone.localdate()
    requests = request_selectors.request_counts(today)
    figures = space_selectors.plan_figures(today)
    title = gettext_lazy("Plan de communication %(year)s") % {"year": figures.year}
    if figures.plan:
        try:
            plan_url = figures.plan.get_absolute_url()
        except NoReverseMatch:
            plan_url = None
        plan_card = card(title, figures.plan.get_status_display(), plan_url)
    else:
        plan_card = card(
            title, gettext_lazy("Aucun"), _url("communication:plan_list"), "warning", gettext_lazy("à préparer")
        )
    return [
        card(
            gettext_lazy("Demandes d'appui non clôturées"),
            requests["not_closed"],
            _url("communication:request_list"),
            "primary",
            ngettext("%(n)s à prendre en charge", "%(n)s à prendre en charge", requests["open"])
            % {"n": requests["open"]},
        ),
        card(
            gettext_lazy("Demandes d'appui en retard"),
            requests["late"],
            _url("communication:request_list", "?is_late=true"),
            "danger" if requests["late"] else "success",
        ),
        plan_card,
        card(
            gettext_lazy("Actions prévues ce mois-ci"),
            figures.due_this_month,
            _url("communication:plan_list"),
            "warning" if figures.due_this_month else "success",
        ),
    ]


def _chef_cards():
    from communication import space_selectors

    to_validate = space_selectors.plans_awaiting_validation()
    sheets = space_selectors.sheet_counts()
    return [
        card(
            gettext_lazy("Plans de communication à valider"),
            to_validate,
            _url("communication:plan_list", "?status=brouillon"),
            "warning" if to_validate else "success",
        ),
        card(
            gettext_lazy("Fiches de réalisation à approuver"),
            sheets["submitted"],
            _url("communication:sheet_list", "?status=soumise"),
            "warning" if sheets["submitted"] else "success",
        ),
    ]


@register_home_section
def communication_section(user):
    cards = []
    if require(user, permissions.MANAGE_REQUESTS):
        cards += _agent_cards()
    if require(user, permissions.VALIDATE_PLAN) or require(user, permissions.APPROVE_SHOWCASE):
        cards += _chef_cards()
    if not cards:
        return None
    return (gettext_lazy("Communication de proximité"), cards)
