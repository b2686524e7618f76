"""What each area of the coordination service shows on the service's space and on the home page.

Each area (CRDH, provinces, literacy, cooperation, studies) registers one SpaceArea from its records_<area> module.
``cards`` and ``home_cards`` return das.views.home.card(...) dicts and must do a fixed number of queries, whatever
the data: the space and home pages' query counts are tested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class SpaceArea:
    code: str
    order: int
    title: object
    description: object
    url_name: str  # the area's main list
    cards: Callable  # (user) -> list of card dicts: the area's figures on the service's space
    home_cards: Callable | None = None  # (user) -> list of card dicts for the home page (what waits for this person)
    links: tuple = ()  # ((label, url name), …): the area's other pages, listed under its figures

    def url(self) -> str | None:
        return resolve(self.url_name)

    def resolved_links(self) -> list[tuple[object, str]]:
        return [(label, url) for label, name in self.links if (url := resolve(name))]


_AREAS: dict[str, SpaceArea] = {}


def register(area: SpaceArea) -> SpaceArea:
    _AREAS[area.code] = area
    return area


def areas() -> list[SpaceArea]:
    return sorted(_AREAS.values(), key=lambda area: area.order)


def resolve(name: str, query: str = "") -> str | None:
    """The URL of a named page, or None while its area is not installed."""
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return None
