"""The committees app's own agenda kind: a remontée brought before a committee."""

from django.utils.translation import gettext_lazy as _

from committees import agenda


def _candidates(meeting):
    from committees.models import Feedback

    return (
        Feedback.objects.exclude(status=Feedback.Status.SENT)
        .exclude(pk__in=agenda.taken_ids("remontee", meeting))
        .select_related("commune")
        .order_by("received_on", "pk")
    )


def _load(ids):
    from committees.selectors import feedback_list

    return {f.pk: f for f in feedback_list().filter(pk__in=list(ids))}


FEEDBACK = agenda.register(
    agenda.AgendaKind(
        code="remontee",
        label=_("Remontée (CLDH, bénéficiaires, EAQ…)"),
        candidates=_candidates,
        load=_load,
        title=lambda feedback: f"{feedback.reference} – {feedback.subject} ({feedback.commune})",
        url=lambda feedback: feedback.get_absolute_url(),
        session_template="committees/agenda/feedback_session.html",
    )
)
