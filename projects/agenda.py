"""How the projects app's records go on a committee's agenda (see committees/agenda.py)."""

from django.utils.translation import gettext_lazy as _

from committees import agenda


def _dossier_candidates(meeting):
    from projects.selectors import dossiers_awaiting_cpdh

    return dossiers_awaiting_cpdh().exclude(pk__in=agenda.taken_ids("dossier", meeting)).order_by("call", "number")


def _dossier_load(ids):
    from projects.selectors import dossiers_for_session

    return dossiers_for_session(ids)


def _dossier_check(dossier, outcome, amount):
    from committees.models import Decision
    from projects.models import Dossier
    from projects.services.projects import check_cpdh_amount

    if dossier.status != Dossier.Status.PRESELECTED:
        return [
            _("Le dossier %(ref)s est « %(state)s » : il n'attend plus de décision.")
            % {"ref": dossier.reference, "state": dossier.get_status_display()}
        ]
    if outcome == Decision.Outcome.APPROVED_WITH_RESERVES:
        return check_cpdh_amount(dossier, amount)
    if amount is not None:
        return [_("Un montant retenu ne s'indique qu'avec une approbation avec réserves.")]
    return []


def _dossier_apply(dossier, decision, by):
    from committees.models import Decision
    from projects.services.projects import dossier_cpdh_approve, dossier_cpdh_reject

    outcome = decision.outcome
    if outcome in (Decision.Outcome.APPROVED, Decision.Outcome.APPROVED_WITH_RESERVES):
        dossier_cpdh_approve(
            dossier=dossier,
            by=by,
            decided_on=decision.item.meeting.date,
            indh_share=decision.amended_amount,
            reserves=decision.reserves,
        )
    elif outcome == Decision.Outcome.REJECTED:
        dossier_cpdh_reject(dossier=dossier, by=by, reason=decision.reason)
    # Adjourned: the dossier stays preselected and returns to the pool for a later meeting.


def _dossier_rectify(dossier, decision, by):
    """A rectified decision carries over to the dossier: the project's amount and reserves, a rejection's reason."""
    from committees.models import Decision
    from projects.models import Project
    from projects.services.projects import dossier_cpdh_rectify_reason, project_amend_cpdh_amount

    if decision.outcome == Decision.Outcome.REJECTED:
        if dossier.status_reason != decision.reason:
            dossier_cpdh_rectify_reason(dossier=dossier, by=by, reason=decision.reason)
        return
    project = Project.objects.filter(dossier=dossier).first()
    if project is None:
        return
    share = decision.amended_amount if decision.amended_amount is not None else dossier.indh_share
    if (project.indh_share, project.reserves) != (share, decision.reserves):
        project_amend_cpdh_amount(project=project, by=by, indh_share=share, reserves=decision.reserves)


def _dossier_session_context(dossier):
    from projects.documents import dossier_session_context

    return dossier_session_context(dossier)


def _dossier_title(dossier):
    return f"{dossier.reference} – {dossier.title} ({dossier.holder})"


DOSSIER = agenda.register(
    agenda.AgendaKind(
        code="dossier",
        label=_("Dossier présélectionné"),
        candidates=_dossier_candidates,
        load=_dossier_load,
        title=_dossier_title,
        url=lambda dossier: dossier.get_absolute_url(),
        apply=_dossier_apply,
        check=_dossier_check,
        rectify=_dossier_rectify,
        session_template="projects/agenda/dossier_session.html",
        session_context=_dossier_session_context,
        committee_kinds=frozenset({"cpdh"}),
        has_amount=True,
    )
)
