"""The commune scope in the projects app: a role limited to some communes (das.models RoleAssignment.communes) sees
and acts on the records of those communes only.

The rule, in one place:
- a project is in scope when its main commune (Project.commune) or one of its territories (ProjectTerritory: the
  communes it serves, with their share) is in the user's communes — the agent of a commune follows every project
  that reaches it, even one filed under a neighbouring commune;
- a record hanging off a project (convention, avenant, tranche, payment, marché, progress entry and photo, visit,
  project indicator and value) follows its project;
- a dossier and an ILDH follow their commune; a proximity action is in scope when one of its communes is;
- calls for projects and the credits are province-wide: they are not scoped.

``scope_projects`` filters a queryset (lists, exports, counts); ``get_in_scope`` loads one record for a page and
answers 404 — logged through das.views.base.refuse — for a record outside the scope. A user whose roles granting
the code are not limited (or who holds it through an unlimited role) sees the whole province: the queryset is
returned unchanged, so unscoped pages do no more queries than before.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from das.permissions import Decision, user_commune_scope
from projects import permissions
from projects.models import (
    ILDH,
    Amendment,
    CommissionVisit,
    Convention,
    Dossier,
    IndicatorValue,
    Payment,
    Procurement,
    ProgressEntry,
    ProgressPhoto,
    Project,
    ProjectIndicator,
    ProjectTerritory,
    ProximityAction,
    ProximityCommune,
    Tranche,
)

# How each scoped record reaches its project ("" for the project itself).
PROJECT_PATHS: dict[type[Model], str] = {
    Project: "",
    Convention: "project",
    Amendment: "convention__project",
    Tranche: "convention__project",
    Payment: "tranche__convention__project",
    Procurement: "project",
    ProgressEntry: "project",
    ProgressPhoto: "entry__project",
    CommissionVisit: "project",
    ProjectIndicator: "project",
    IndicatorValue: "project_indicator__project",
}
# Records that carry their commune themselves.
COMMUNE_PATHS: dict[type[Model], str] = {Dossier: "commune", ILDH: "commune"}


def commune_scope(user, code: str = permissions.ACCESS) -> set[int] | None:
    """The communes the user's roles granting ``code`` are limited to; None for the whole province."""
    return user_commune_scope(user, code)


def projects_in(communes) -> QuerySet:
    """Ids of the projects whose main commune or one of whose territories is in ``communes`` (a subquery)."""
    territories = ProjectTerritory.objects.filter(commune_id__in=communes).values("project_id")
    return Project.objects.filter(Q(commune_id__in=communes) | Q(pk__in=territories)).values("pk")


def is_scoped(model: type[Model]) -> bool:
    return model in PROJECT_PATHS or model in COMMUNE_PATHS or model is ProximityAction


def scope_q(model: type[Model], communes) -> Q:
    """The condition a ``model`` row meets when it belongs to ``communes``."""
    if model in PROJECT_PATHS:
        path = PROJECT_PATHS[model]
        return Q(**{f"{path}__in" if path else "pk__in": projects_in(communes)})
    if model in COMMUNE_PATHS:
        return Q(**{f"{COMMUNE_PATHS[model]}_id__in": communes})
    if model is ProximityAction:
        return Q(pk__in=ProximityCommune.objects.filter(commune_id__in=communes).values("action_id"))
    # A model nobody placed in a commune must not be shown unfiltered to a scoped user by mistake.
    raise ValueError(f"projects.scope does not know how {model.__name__} belongs to a commune")


def scope_projects(queryset: QuerySet, user, code: str = permissions.ACCESS) -> QuerySet:
    """``queryset`` limited to the user's communes (unchanged for a user who sees the whole province)."""
    communes = commune_scope(user, code)
    if communes is None:
        return queryset
    return queryset.filter(scope_q(queryset.model, communes))


def in_scope(user, record, code: str = permissions.ACCESS) -> Decision:
    """Whether one loaded record is within the user's communes (one query, for scoped users only)."""
    communes = commune_scope(user, code)
    if communes is None or type(record)._default_manager.filter(scope_q(type(record), communes), pk=record.pk).exists():
        return Decision(True)
    return Decision(False, _("Cette fiche ne relève pas de vos communes."), out_of_scope=True)


def scoped_predicate(code: str):
    """A das.records predicate (user, record) → Decision: the permission ``code``, then the record within the user's
    communes — so the shared history and attachment pages answer 404 for another commune's record too."""
    from das.permissions import require

    def predicate(user, obj=None):
        decision = require(user, code)
        if not decision or obj is None:
            return decision
        return in_scope(user, obj)

    return predicate


def get_in_scope(request, queryset: QuerySet, code: str = permissions.ACCESS, **lookup):
    """The record of a page, loaded through the scope: 404 when it does not exist, and 404 through ``refuse`` (so
    the refusal is logged) when it exists outside the user's communes."""
    from das.views.base import refuse

    scoped = scope_projects(queryset, request.user, code)
    try:
        return scoped.get(**lookup)
    except queryset.model.DoesNotExist:
        if scoped is not queryset and queryset.filter(**lookup).exists():
            refuse(request, Decision(False, _("Cette fiche ne relève pas de vos communes."), out_of_scope=True))
        raise Http404 from None


class ScopedListMixin:
    """For an ExportableListView of the projects app: the rows (and so the export) limited to the user's communes.

    The scope is applied where the filterset receives the list's queryset, so a list's own ``get_queryset`` (each
    defines one) need not remember it."""

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["queryset"] = scope_projects(kwargs["queryset"], self.request.user)
        return kwargs

    def get_filterset(self, filterset_class):
        """The filters' choices of scoped records (an ILDH, a project…) are limited too: a choice list must not name
        another commune's records."""
        filterset = super().get_filterset(filterset_class)
        for name, field in filterset.filters.items():
            queryset = getattr(field, "queryset", None)
            if isinstance(queryset, QuerySet) and is_scoped(queryset.model):
                field.queryset = scope_projects(queryset, self.request.user)
                filterset.filters[name] = field
        return filterset
