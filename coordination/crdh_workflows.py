"""The CRDH dossier's lifecycle as data (das.workflow); the services of coordination.services.crdh run it.

brouillon → validé (the chef) → transmis à la région (the service). The chef may send a validated dossier back to
the draft, with a reason; the service may take a transmitted dossier back, with a reason, while the CRDH meeting is
not closed and none of its requests is on the meeting's agenda or decided.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination import permissions
from coordination.models import CrdhDossier
from das.workflow import Transition, Workflow, reason_required

Status = CrdhDossier.Status
AGENDA_CODE = "demande_crdh"


def meeting_open_reasons(dossier) -> list[str]:
    """A dossier is validated or sent only for a CRDH meeting still to be held."""
    from committees.models import Meeting

    meeting = dossier.meeting
    if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.CLOSED):
        return [
            _("La réunion du CRDH du %(date)s est « %(status)s » : le dossier ne peut plus lui être présenté.")
            % {"date": meeting.date.strftime("%d/%m/%Y"), "status": meeting.get_status_display()}
        ]
    return []


def _meeting_open(dossier, **_kwargs) -> list[str]:
    return meeting_open_reasons(dossier)


_reason_given = reason_required(gettext_lazy("Indiquez le motif du renvoi en brouillon."))


def _withdrawable(dossier, *, reason="", **_kwargs) -> list[str]:
    """Taken back from the region: with a reason, before the meeting is held, before any request is examined."""
    from committees.models import AgendaItem, Meeting

    reasons = _reason_given(dossier, reason=reason)
    if dossier.meeting.status == Meeting.Status.CLOSED:
        reasons.append(_("La réunion du CRDH est clôturée : le dossier transmis ne se reprend plus."))
    ids = list(dossier.requests.values_list("pk", flat=True))
    if dossier.requests.filter(decision__isnull=False).exists():
        reasons.append(_("Le CRDH a déjà statué sur des demandes de ce dossier : il ne se reprend plus."))
    elif AgendaItem.objects.filter(kind=AGENDA_CODE, object_id__in=ids).exists():
        reasons.append(
            _(
                "Des demandes de ce dossier sont inscrites à l'ordre du jour du CRDH : le secrétariat doit d'abord "
                "les en retirer."
            )
        )
    return reasons


CRDH_WORKFLOW = Workflow(
    CrdhDossier,
    [
        Transition(
            "validate",
            frozenset({Status.DRAFT}),
            Status.VALIDATED,
            gettext_lazy("Valider le dossier"),
            permissions.VALIDATE_CRDH,
            guard=_meeting_open,
            style="success",
        ),
        Transition(
            "reopen",
            frozenset({Status.VALIDATED}),
            Status.DRAFT,
            gettext_lazy("Renvoyer en brouillon"),
            permissions.VALIDATE_CRDH,
            guard=_reason_given,
            style="warning",
        ),
        Transition(
            "send",
            frozenset({Status.VALIDATED}),
            Status.SENT,
            gettext_lazy("Transmettre à la région"),
            permissions.MANAGE_CRDH,
            guard=_meeting_open,
            style="primary",
        ),
        Transition(
            "withdraw",
            frozenset({Status.SENT}),
            Status.DRAFT,
            gettext_lazy("Reprendre en brouillon"),
            permissions.MANAGE_CRDH,
            guard=_withdrawable,
            style="warning",
        ),
    ],
)
