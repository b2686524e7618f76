"""Workflows as data: each transition names its source states, its target, its label and who may trigger it.

Apps declare a ``Workflow`` with its transitions; one service per transition calls ``run`` which locks the row,
checks the permission, the state and the transition's own guard (each refusal with its reason in French), applies
the change and saves it in the same transaction, where the triggers journal it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from das import permissions
from das.permissions import Decision
from das.services.audit import actor_context


class TransitionRefused(ValidationError):
    """A transition that may not happen now; its message says why."""


def reason_required(message=None) -> Callable[..., list[str]]:
    """A guard for the transitions that need a written reason, passed to ``run`` as ``reason=``: ``message`` (lazy,
    « Indiquez le motif. » by default) when it is missing or blank."""

    def guard(_obj, *, reason="", **_kwargs) -> list[str]:
        return [] if (reason or "").strip() else [str(message or _("Indiquez le motif."))]

    return guard


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    label: object
    permission: str | tuple[str, ...]  # a code, or several of which any one suffices
    guard: Callable[..., list[str]] | None = None  # (obj, **kwargs) → reasons to refuse
    style: str = "primary"

    def allows(self, user) -> bool:
        """Whether ``user`` holds the transition's permission (one of its codes)."""
        codes = self.permission if isinstance(self.permission, tuple) else (self.permission,)
        return any(permissions.require(user, code) for code in codes)


@dataclass
class Workflow:
    model: type
    transitions: list[Transition] = field(default_factory=list)
    state_field: str = "status"

    def __post_init__(self):
        self.by_name = {t.name: t for t in self.transitions}

    def decide(self, obj, name: str, user) -> Decision:
        """Whether ``user`` may run transition ``name`` on ``obj`` now (without its guard's input checks)."""
        transition = self.by_name[name]
        if not transition.allows(user):
            return Decision(False, _("Votre rôle ne permet pas : %(action)s.") % {"action": transition.label})
        state = getattr(obj, self.state_field)
        if state not in transition.sources:
            current = getattr(obj, f"get_{self.state_field}_display")()
            return Decision(False, _("Impossible depuis l'état « %(state)s ».") % {"state": current})
        return Decision(True)

    def available(self, obj, user) -> list[Transition]:
        """The transitions the user may offer on this record (the buttons a page shows)."""
        return [t for t in self.transitions if self.decide(obj, t.name, user)]

    def run(self, obj, name: str, *, by, apply: Callable | None = None, **guard_kwargs):
        transition = self.by_name[name]
        with transaction.atomic():
            locked = type(obj).objects.select_for_update().get(pk=obj.pk)
            decision = self.decide(locked, name, by)
            if not decision:
                if not transition.allows(by):
                    raise PermissionDenied(decision.reason)
                raise TransitionRefused(decision.reason)
            reasons = transition.guard(locked, **guard_kwargs) if transition.guard else []
            if reasons:
                raise TransitionRefused(reasons)
            setattr(locked, self.state_field, transition.target)
            # ``apply`` may write rows of its own (observations, attachments): they are journaled under the actor too.
            with actor_context(by):
                if apply:
                    apply(locked)
                locked.full_clean()
                locked.save()
        return locked
