"""How the province's requests to the CRDH go on a CRDH meeting's agenda (see committees/agenda.py).

Kind « demande_crdh »: the requests of a dossier transmitted to the region, for the CRDH meeting the dossier was
prepared for, not decided yet and not waiting on another open agenda. The CPDH secretariat puts them on the agenda and
records the CRDH's decision like a CPDH decision (with its actions for the services); the decision is kept on the
request by coordination.services.crdh.request_record_decision, whatever its outcome (an adjourned request is asked
again in the province's next dossier). A rectified decision needs nothing more: the request reads it live.
"""

from django.utils.translation import gettext_lazy as _

from committees import agenda

CODE = "demande_crdh"


def _requests():
    from coordination.models import CrdhRequest

    return CrdhRequest.objects.select_related("dossier__meeting", "programme", "decision")


def _candidates(meeting):
    from coordination.models import CrdhDossier

    return (
        _requests()
        .filter(dossier__meeting=meeting, dossier__status=CrdhDossier.Status.SENT, decision__isnull=True)
        .exclude(pk__in=agenda.taken_ids(CODE, meeting))
        .order_by("dossier__reference", "position")
    )


def _load(ids):
    return {request.pk: request for request in _requests().prefetch_related("projects").filter(pk__in=list(ids))}


def _title(request):
    from das.formatting import format_money

    title = _("Demande %(ref)s n° %(position)s : %(subject)s") % {
        "ref": request.dossier.reference,
        "position": request.position,
        "subject": request.subject,
    }
    if request.amount is not None:
        title = f"{title} ({format_money(request.amount)})"
    return title


def _url(request):
    from django.urls import NoReverseMatch

    try:
        return request.get_absolute_url()
    except NoReverseMatch:
        return ""


def _check(request, outcome, amount):
    from coordination.services.crdh import decision_check

    return decision_check(request, outcome, amount)


def _apply(request, decision, by):
    from coordination.services.crdh import request_record_decision

    request_record_decision(request=request, decision=decision, by=by)


REQUEST = agenda.register(
    agenda.AgendaKind(
        code=CODE,
        label=_("Demande de la province au CRDH"),
        candidates=_candidates,
        load=_load,
        title=_title,
        url=_url,
        apply=_apply,
        check=_check,
        session_template="coordination/crdh/agenda_session.html",
        committee_kinds=frozenset({"crdh"}),
        has_amount=True,
    )
)
