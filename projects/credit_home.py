"""The credits' part of the home page: the DBM sees the versions waiting for its acknowledgement, the head of
division those waiting for validation, the monitoring service the version being prepared; every reader of the
credits gets a way into them (the DBM and the Cabinet have no other)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from das.views.home import card, register_home_section
from projects import permissions
from projects.models import CreditAllocation

Status = CreditAllocation.Status


def _waiting_card(title, versions, tone):
    """One version: its page; several of one year: that year's page, which lists them; else the credits' index."""
    years = {version.fiscal_year.year for version in versions}
    if len(versions) == 1:
        url = versions[0].get_absolute_url()
        hint = str(versions[0])
    elif len(years) == 1:
        url = reverse("projects:credit_year", args=[years.pop()])
        hint = ""
    else:
        url = reverse("projects:credit_index")
        hint = ""
    return card(title, len(versions), url, tone if versions else "success", hint)


@register_home_section
def credits_section(user):
    if not user.has_perm(permissions.VIEW_CREDITS):
        return None
    from projects.credit_pages import versions_waiting

    year = timezone.localdate().year
    cards = []
    if user.has_perm(permissions.ACKNOWLEDGE_CREDITS):
        cards.append(
            _waiting_card(
                gettext_lazy("Répartitions transmises à accuser réception"),
                versions_waiting(Status.TRANSMITTED),
                "warning",
            )
        )
    if user.has_perm(permissions.VALIDATE_CREDITS):
        cards.append(_waiting_card(gettext_lazy("Répartitions à valider"), versions_waiting(Status.DRAFT), "warning"))
    if user.has_perm(permissions.MANAGE_CREDITS):
        open_versions = versions_waiting(Status.DRAFT) + versions_waiting(Status.VALIDATED)
        cards.append(_waiting_card(gettext_lazy("Répartitions en préparation"), open_versions, "primary"))
    cards.append(
        card(
            gettext_lazy("Crédits de l'exercice"),
            year,
            reverse("projects:credit_year", args=[year]),
            "primary",
            gettext_lazy("notifications, répartition, DBM"),
        )
    )
    return (gettext_lazy("Crédits"), cards)
