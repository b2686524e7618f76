"""Sections of the project's page that other parts of the projects app add (execution, procurement, ILDH…).

Each section is a template and a function (project, user) → context dict, or None to leave the section out. The
function must do a fixed number of queries whatever the project's size: the page's query count is tested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProjectSection:
    name: str
    template: str
    context: Callable  # (project, user) -> dict | None
    column: str = "main"  # "main" (wide, left) or "side" (narrow, right)
    order: int = 100


SECTIONS: list[ProjectSection] = []


def register(section: ProjectSection) -> ProjectSection:
    SECTIONS[:] = [s for s in SECTIONS if s.name != section.name] + [section]
    return section


def sections_for(project, user) -> dict[str, list[dict]]:
    """The sections to show, per column, each as {"name", "template", "data"}."""
    shown = {"main": [], "side": []}
    for section in sorted(SECTIONS, key=lambda s: (s.order, s.name)):
        data = section.context(project, user)
        if data is not None:
            shown[section.column].append({"name": section.name, "template": section.template, "data": data})
    return shown
