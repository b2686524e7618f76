"""The coordination service's cards on the home page: what each area has waiting for this person
(coordination.space.SpaceArea.home_cards)."""

from django.utils.translation import gettext_lazy

from coordination import permissions, space
from das.permissions import require
from das.views.home import register_home_section


@register_home_section
def coordination_section(user):
    if not require(user, permissions.ACCESS):
        return None
    cards = []
    for area in space.areas():
        if area.home_cards is not None:
            cards += area.home_cards(user)
    if not cards:
        return None
    return (gettext_lazy("Coordination inter-provinciale"), cards)
