"""The training service's cards on the home page (das.views.home.register_home_section): for the readers of the
service (the service, the chef, the auditor), this year's plan, its sessions and people trained, the support
requests not closed and the needs no action answers — the same figures as the space page (key_figures)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy, ngettext

from das.views.home import card, register_home_section
from training import permissions


def _url(name, query=""):
    try:
        return reverse(name) + query
    except NoReverseMatch:  # an area not installed: the card shows its figure without a link
        return None


@register_home_section
def training_section(user):
    if not permissions.can_view_followup(user):
        return None
    from training.followup_selectors import key_figures

    figures = key_figures()
    followup = reverse("training:followup") + f"?annee={figures.year}"
    if figures.plan:
        try:
            plan_url = figures.plan.get_absolute_url()
        except NoReverseMatch:
            plan_url = followup
        plan_card = card(
            gettext_lazy("Plan de formation %(year)s") % {"year": figures.year},
            figures.plan.get_status_display(),
            plan_url,
        )
    else:
        plan_card = card(
            gettext_lazy("Plan de formation %(year)s") % {"year": figures.year},
            gettext_lazy("Aucun"),
            _url("training:plan_list"),
            "warning",
            gettext_lazy("à préparer"),
        )
    cards = [
        plan_card,
        card(
            gettext_lazy("Sessions tenues / prévues"),
            f"{figures.sessions_held} / {figures.sessions_planned}",
            _url("training:session_list") or followup,
            hint=ngettext(
                "%(n)s session planifiée à tenir", "%(n)s sessions planifiées à tenir", figures.sessions_scheduled
            )
            % {"n": figures.sessions_scheduled},
        ),
        card(gettext_lazy("Personnes formées cette année"), figures.people, followup),
        card(
            gettext_lazy("Demandes d'appui non clôturées"),
            figures.open_support_requests,
            _url("training:support_request_list"),
            "warning" if figures.open_support_requests else "success",
        ),
        card(
            gettext_lazy("Besoins ouverts"),
            figures.needs_open,
            _url("training:needs_analysis") or followup,
            "warning" if figures.needs_open else "success",
            gettext_lazy("sans action du plan qui y réponde"),
        ),
    ]
    return (gettext_lazy("Formation"), cards)
