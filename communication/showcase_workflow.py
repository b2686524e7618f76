"""The fiche de réalisation's lifecycle as data (das.workflow): the service submits a draft, the chef approves it
(published) or sends it back with a reason, the service or the chef withdraws a published fiche with a reason, and
the service takes a withdrawn fiche back to the draft. communication.services.showcase runs them.

brouillon → soumise → publiee → retiree → brouillon; soumise → brouillon (the chef's return).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communication import permissions
from communication.models import AchievementSheet, SheetPhoto
from das import permissions as das_permissions
from das.permissions import Decision
from das.services.audit import actor_context
from das.workflow import Transition, TransitionRefused, Workflow

Status = AchievementSheet.Status


def _ready(sheet, **_kwargs) -> list[str]:
    reasons = []
    if not (sheet.summary or "").strip():
        reasons.append(_("Rédigez la présentation du projet avant de soumettre la fiche."))
    if not sheet.photos.filter(moment=SheetPhoto.Moment.AFTER).exists():
        reasons.append(_("Ajoutez au moins une photo « après » avant de soumettre la fiche."))
    return reasons


def _reason_given(sheet, *, reason="", **_kwargs) -> list[str]:
    if not (reason or "").strip():
        return [_("Indiquez le motif.")]
    return []


def _codes(transition) -> tuple[str, ...]:
    permission = transition.permission
    return permission if isinstance(permission, tuple) else (permission,)


class SheetWorkflow(Workflow):
    """A transition's permission may name several codes (the withdrawal: the service or the chef)."""

    def allowed(self, user, transition) -> bool:
        return any(das_permissions.require(user, code) for code in _codes(transition))

    def decide(self, obj, name: str, user) -> Decision:
        transition = self.by_name[name]
        if not self.allowed(user, transition):
            return Decision(False, _("Votre rôle ne permet pas : %(action)s.") % {"action": transition.label})
        if obj.status not in transition.sources:
            return Decision(False, _("Impossible depuis l'état « %(state)s ».") % {"state": obj.get_status_display()})
        return Decision(True)

    def run(self, obj, name: str, *, by, apply=None, **guard_kwargs):
        transition = self.by_name[name]
        with transaction.atomic():
            locked = type(obj).objects.select_for_update().get(pk=obj.pk)
            decision = self.decide(locked, name, by)
            if not decision:
                if not self.allowed(by, transition):
                    raise PermissionDenied(decision.reason)
                raise TransitionRefused(decision.reason)
            reasons = transition.guard(locked, **guard_kwargs) if transition.guard else []
            if reasons:
                raise TransitionRefused(reasons)
            locked.status = transition.target
            with actor_context(by):
                if apply:
                    apply(locked)
                locked.full_clean(validate_unique=False)
                locked.save()
        return locked


SHEET_WORKFLOW = SheetWorkflow(
    AchievementSheet,
    [
        Transition(
            "submit",
            frozenset({Status.DRAFT}),
            Status.SUBMITTED,
            gettext_lazy("Soumettre au chef"),
            permissions.MANAGE_SHOWCASE,
            guard=_ready,
        ),
        Transition(
            "approve",
            frozenset({Status.SUBMITTED}),
            Status.PUBLISHED,
            gettext_lazy("Approuver et publier"),
            permissions.APPROVE_SHOWCASE,
            style="success",
        ),
        Transition(
            "return",
            frozenset({Status.SUBMITTED}),
            Status.DRAFT,
            gettext_lazy("Renvoyer en brouillon"),
            permissions.APPROVE_SHOWCASE,
            guard=_reason_given,
            style="warning",
        ),
        Transition(
            "withdraw",
            frozenset({Status.PUBLISHED}),
            Status.WITHDRAWN,
            gettext_lazy("Retirer la fiche"),
            (permissions.MANAGE_SHOWCASE, permissions.APPROVE_SHOWCASE),
            guard=_reason_given,
            style="danger",
        ),
        Transition(
            "redraft",
            frozenset({Status.WITHDRAWN}),
            Status.DRAFT,
            gettext_lazy("Reprendre en brouillon"),
            permissions.MANAGE_SHOWCASE,
            style="secondary",
        ),
    ],
)
# The transitions that ask for a reason (a form on the fiche's page).
REASON_TRANSITIONS = ("return", "withdraw")
