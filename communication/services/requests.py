"""Writes of the support requests area: requests for communication support from project holders, animation teams
(EAC/EAQ) and other actors, numbered DAC-<year>-<nnnn>, followed ouverte → en cours → traitée → clôturée and reopened
when the requester comes back (COMMUNICATION_REQUEST_WORKFLOW). Every change is locked, checked and journaled.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communication.models import CommunicationRequest
from communication.permissions import MANAGE_REQUESTS
from das import permissions
from das.services.audit import actor_context
from das.services.numbering import next_reference
from das.services.records import assign_fields
from das.workflow import Transition, TransitionRefused, Workflow

REQUEST_LOCK = 7_400_094
Status = CommunicationRequest.Status
RequesterKind = CommunicationRequest.RequesterKind
REQUEST_FIELDS = (
    "requester_kind",
    "holder",
    "team",
    "requester_name",
    "project",
    "commune",
    "kind",
    "subject",
    "request",
    "received_on",
    "wanted_by",
)
# Which field names the requester for each kind of requester; the others are emptied.
REQUESTER_FIELD = {RequesterKind.HOLDER: "holder", RequesterKind.TEAM: "team", RequesterKind.OTHER: "requester_name"}


def _require(by) -> None:
    permissions.demand(
        by, MANAGE_REQUESTS, _("Votre rôle ne permet pas de traiter les demandes d'appui en communication.")
    )


def _assign(support: CommunicationRequest, fields: dict) -> None:
    assign_fields(support, fields, REQUEST_FIELDS, strict=True)
    # Only the requester the kind names is kept (a team chosen then switched to « porteur » does not linger).
    kind = support.requester_kind
    if kind != RequesterKind.HOLDER:
        support.holder = None
    if kind != RequesterKind.TEAM:
        support.team = None
    if kind != RequesterKind.OTHER:
        support.requester_name = ""
    # Without a commune given, the requester's own commune (the team's, the holder's).
    if support.commune_id is None:
        if support.team is not None:
            support.commune_id = support.team.commune_id
        elif support.holder is not None and support.holder.commune_id:
            support.commune_id = support.holder.commune_id


def _check(support: CommunicationRequest) -> None:
    errors = {}
    kind = support.requester_kind
    if kind == RequesterKind.HOLDER and support.holder is None:
        errors["holder"] = _("Choisissez le porteur de projet qui fait la demande.")
    elif kind == RequesterKind.TEAM and support.team is None:
        errors["team"] = _("Choisissez l'équipe d'animation qui fait la demande.")
    elif kind == RequesterKind.OTHER and not support.requester_name:
        errors["requester_name"] = _("Indiquez le nom de l'acteur qui fait la demande.")
    elif kind not in RequesterKind.values:
        errors["requester_kind"] = _("Indiquez qui fait la demande.")
    if not (support.subject or "").strip():
        errors["subject"] = _("Indiquez l'objet de la demande.")
    if not (support.request or "").strip():
        errors["request"] = _("Décrivez la demande.")
    today = timezone.localdate()
    if support.received_on is None:
        errors["received_on"] = _("Indiquez la date de réception.")
    elif support.received_on > today:
        errors["received_on"] = _("La date de réception est dans le futur.")
    elif support.wanted_by and support.wanted_by < support.received_on:
        errors["wanted_by"] = _("La date souhaitée ne peut précéder la réception de la demande (%(date)s).") % {
            "date": date_format(support.received_on, "DATE_FORMAT")
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def request_create(*, by, **fields) -> CommunicationRequest:
    """Record a request for communication support, numbered DAC-<year>-<nnnn> in the year it was received."""
    _require(by)
    fields.setdefault("received_on", timezone.localdate())
    support = CommunicationRequest()
    _assign(support, fields)
    _check(support)
    support.reference = next_reference(
        CommunicationRequest, "reference", f"DAC-{support.received_on.year}-", REQUEST_LOCK
    )
    with actor_context(by):
        support.full_clean()
        support.save()
    return support


@transaction.atomic
def request_update(*, support_request: CommunicationRequest, by, **fields) -> CommunicationRequest:
    """Correct a request until it is closed (its reference stays, even if the reception date moves)."""
    _require(by)
    locked = CommunicationRequest.objects.select_for_update().get(pk=support_request.pk)
    if locked.status not in CommunicationRequest.NOT_CLOSED_STATUSES:
        raise TransitionRefused(_("Une demande clôturée ne se modifie plus : rouvrez-la d'abord."))
    _assign(locked, fields)
    _check(locked)
    with actor_context(by):
        locked.full_clean()
        locked.save()
    return locked


def _take_guard(support, *, assigned_to=None, **_kwargs):
    if assigned_to is None:
        return [_("Indiquez qui suit la demande.")]
    if not assigned_to.is_active:
        return [_("Ce compte est désactivé : choisissez un agent en activité.")]
    return []


def _answer_guard(support, *, answer="", answered_on=None, **_kwargs):
    reasons = []
    if not (answer or "").strip():
        reasons.append(_("Rédigez la suite donnée à la demande."))
    if answered_on is None:
        reasons.append(_("Indiquez la date de traitement."))
    elif answered_on > timezone.localdate() or answered_on < support.received_on:
        reasons.append(_("La date de traitement doit être entre la réception de la demande et aujourd'hui."))
    return reasons


def _close_guard(support, *, closing_note="", **_kwargs):
    if not (closing_note or "").strip():
        return [_("Indiquez les observations de clôture (suite donnée, satisfaction du demandeur).")]
    return []


def _reopen_guard(support, *, reason="", **_kwargs):
    if not (reason or "").strip():
        return [_("Indiquez pourquoi le demandeur revient vers le service.")]
    return []


COMMUNICATION_REQUEST_WORKFLOW = Workflow(
    CommunicationRequest,
    [
        Transition(
            "take",
            frozenset({Status.OPEN}),
            Status.IN_PROGRESS,
            gettext_lazy("Prendre en charge"),
            MANAGE_REQUESTS,
            _take_guard,
        ),
        Transition(
            "answer",
            frozenset({Status.IN_PROGRESS}),
            Status.ANSWERED,
            gettext_lazy("Enregistrer la suite donnée"),
            MANAGE_REQUESTS,
            _answer_guard,
            "success",
        ),
        Transition(
            "close",
            frozenset({Status.ANSWERED}),
            Status.CLOSED,
            gettext_lazy("Clôturer la demande"),
            MANAGE_REQUESTS,
            _close_guard,
            "success",
        ),
        Transition(
            "reopen",
            frozenset({Status.ANSWERED, Status.CLOSED}),
            Status.IN_PROGRESS,
            gettext_lazy("Rouvrir (le demandeur revient)"),
            MANAGE_REQUESTS,
            _reopen_guard,
            "outline-warning",
        ),
    ],
)


def request_take(*, support_request, by, assigned_to=None):
    """ouverte → en cours: someone of the service follows it (whoever takes it in charge by default)."""
    assigned_to = assigned_to or by
    return COMMUNICATION_REQUEST_WORKFLOW.run(
        support_request,
        "take",
        by=by,
        apply=lambda s: setattr(s, "assigned_to", assigned_to),
        assigned_to=assigned_to,
    )


def request_answer(*, support_request, by, answer, answered_on=None):
    """en cours → traitée: what the service did or answered, and when (today by default)."""
    answered_on = answered_on or timezone.localdate()

    def apply(locked):
        locked.answer = answer.strip()
        locked.answered_on = answered_on

    return COMMUNICATION_REQUEST_WORKFLOW.run(
        support_request, "answer", by=by, apply=apply, answer=answer, answered_on=answered_on
    )


def request_close(*, support_request, by, closing_note):
    """traitée → clôturée, with the closing observations; closed today."""

    def apply(locked):
        locked.closing_note = closing_note.strip()
        locked.closed_on = timezone.localdate()

    return COMMUNICATION_REQUEST_WORKFLOW.run(support_request, "close", by=by, apply=apply, closing_note=closing_note)


def request_reopen(*, support_request, by, reason):
    """traitée or clôturée → en cours when the requester comes back: the reason is appended to the request (dated),
    the previous answer and closing note stay in the history and new ones will be recorded."""

    def apply(locked):
        stamp = date_format(timezone.localdate(), "DATE_FORMAT")
        addition = _("Relance du demandeur le %(date)s : %(reason)s") % {"date": stamp, "reason": reason.strip()}
        locked.request = f"{locked.request}\n\n{addition}"
        locked.answered_on = None
        locked.closed_on = None

    return COMMUNICATION_REQUEST_WORKFLOW.run(support_request, "reopen", by=by, apply=apply, reason=reason)
