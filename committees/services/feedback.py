"""The register of remontées: received, routed to the service that answers, answered, answer sent to the CLDH."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import permissions as perms
from committees.models import Feedback
from das import permissions
from das.services.audit import actor_context
from das.services.numbering import next_reference
from das.workflow import Transition, TransitionRefused, Workflow

Status = Feedback.Status
FEEDBACK_NUMBER_LOCK = 7_400_002
EDITABLE = (
    "kind",
    "source",
    "source_name",
    "commune",
    "project",
    "received_on",
    "channel",
    "subject",
    "content",
    "answer_due_on",
)


def _require(by):
    permissions.demand(by, perms.MANAGE_FEEDBACK, _("Votre rôle ne permet pas de tenir le registre des remontées."))


def _check_project(feedback: Feedback):
    if feedback.project_id and feedback.project.commune_id != feedback.commune_id:
        raise ValidationError({"project": _("Ce projet n'est pas dans la commune indiquée.")})


def _next_reference(year: int) -> str:
    return next_reference(Feedback, "reference", f"REM-{year}-", FEEDBACK_NUMBER_LOCK)


@transaction.atomic
def feedback_register(*, by, **fields) -> Feedback:
    _require(by)
    data = {k: v for k, v in fields.items() if k in EDITABLE}
    received_on = data.get("received_on") or timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("La date de réception est dans le futur.")})
    data["received_on"] = received_on
    if not data.get("answer_due_on"):
        data["answer_due_on"] = received_on + timedelta(days=settings.DAS_FEEDBACK_ANSWER_DAYS)
    feedback = Feedback(reference=_next_reference(received_on.year), **data)
    _check_project(feedback)
    with actor_context(by):
        feedback.full_clean()
        feedback.save()
    return feedback


@transaction.atomic
def feedback_update(*, feedback: Feedback, by, **fields) -> Feedback:
    _require(by)
    locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if locked.status not in (Status.RECEIVED, Status.ROUTED):
        raise TransitionRefused(_("Une remontée répondue ne se modifie plus."))
    for name, value in fields.items():
        if name in EDITABLE:
            setattr(locked, name, value)
    if not locked.answer_due_on and locked.received_on:
        locked.answer_due_on = locked.received_on + timedelta(days=settings.DAS_FEEDBACK_ANSWER_DAYS)
    if locked.received_on > timezone.localdate():
        raise ValidationError({"received_on": _("La date de réception est dans le futur.")})
    _check_project(locked)
    with actor_context(by):
        locked.full_clean()
        locked.save()
    return locked


def _route_guard(_feedback, *, service="", **_kwargs):
    from committees.models import DecisionAction

    if service not in DecisionAction.Service.values:
        return [_("Choisissez le service chargé de répondre.")]
    return []


def _answer_guard(feedback, *, answer="", answered_on=None, **_kwargs):
    reasons = []
    if not (answer or "").strip():
        reasons.append(_("Rédigez la réponse."))
    if answered_on is None:
        reasons.append(_("Indiquez la date de la réponse."))
    elif answered_on > timezone.localdate() or answered_on < feedback.received_on:
        reasons.append(_("La date de réponse doit être entre la réception et aujourd'hui."))
    return reasons


def _sent_guard(feedback, *, sent_on=None, **_kwargs):
    if sent_on is None:
        return [_("Indiquez la date d'envoi.")]
    if sent_on > timezone.localdate() or (feedback.answered_on and sent_on < feedback.answered_on):
        return [_("La date d'envoi doit être entre la réponse et aujourd'hui.")]
    return []


FEEDBACK_WORKFLOW = Workflow(
    Feedback,
    [
        Transition(
            "route",
            frozenset({Status.RECEIVED, Status.ROUTED}),
            Status.ROUTED,
            gettext_lazy("Transmettre au service"),
            perms.MANAGE_FEEDBACK,
            _route_guard,
        ),
        Transition(
            "answer",
            frozenset({Status.ROUTED}),
            Status.ANSWERED,
            gettext_lazy("Enregistrer la réponse"),
            perms.MANAGE_FEEDBACK,
            _answer_guard,
            "success",
        ),
        Transition(
            "mark_sent",
            frozenset({Status.ANSWERED}),
            Status.SENT,
            gettext_lazy("Réponse envoyée au CLDH"),
            perms.MANAGE_FEEDBACK,
            _sent_guard,
            "success",
        ),
    ],
)


def feedback_route(*, feedback, by, service):
    return FEEDBACK_WORKFLOW.run(
        feedback, "route", by=by, apply=lambda f: setattr(f, "routed_to", service), service=service
    )


def feedback_answer(*, feedback, by, answer, answered_on):
    def apply(locked):
        locked.answer = answer.strip()
        locked.answered_on = answered_on
        locked.answered_by = by

    return FEEDBACK_WORKFLOW.run(feedback, "answer", by=by, apply=apply, answer=answer, answered_on=answered_on)


def feedback_mark_sent(*, feedback, by, sent_on):
    return FEEDBACK_WORKFLOW.run(
        feedback, "mark_sent", by=by, apply=lambda f: setattr(f, "sent_on", sent_on), sent_on=sent_on
    )
