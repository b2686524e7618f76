"""How the yearly training plan goes on the CPDH's agenda (see committees/agenda.py and projects/agenda.py).

A plan validated by the chef waits for the CPDH (kind « plan_formation »). The decision is carried out by
training.services.plans.plan_record_cpdh_decision: an approval, with or without reserves, presents the plan; a
rejection sends it back to the draft with the decision's reason (reworked and validated again, it waits for the CPDH
once more); an adjournment records nothing and the plan goes back to the pool for a later meeting.
"""

from django.utils.translation import gettext_lazy as _

from committees import agenda

CODE = "plan_formation"


def _plans():
    from training.plan_selectors import plans_with_totals

    return plans_with_totals().select_related("cpdh_decision")


def _candidates(meeting):
    from training.models import TrainingPlan

    return (
        _plans()
        .filter(status=TrainingPlan.Status.VALIDATED)
        .exclude(pk__in=agenda.taken_ids(CODE, meeting))
        .order_by("-year")
    )


def _load(ids):
    return {plan.pk: plan for plan in _plans().filter(pk__in=list(ids))}


def _title(plan):
    from django.utils.translation import ngettext

    from das.formatting import format_money

    count = plan.action_count if hasattr(plan, "action_count") else plan.actions.count()
    return ngettext(
        "Plan annuel de formation %(year)s (%(count)s action, %(cost)s)",
        "Plan annuel de formation %(year)s (%(count)s actions, %(cost)s)",
        count,
    ) % {"year": plan.year, "count": count, "cost": format_money(getattr(plan, "cost_total", None) or 0)}


def _url(plan):
    from django.urls import NoReverseMatch

    try:
        return plan.get_absolute_url()
    except NoReverseMatch:
        return ""


def _check(plan, outcome, amount):
    from training.models import TrainingPlan

    reasons = []
    if amount is not None:
        reasons.append(_("Le plan de formation n'a pas de montant à retenir : la décision porte sur le plan."))
    if plan.status != TrainingPlan.Status.VALIDATED:
        reasons.append(
            _("Le plan de formation %(year)s est « %(status)s » : il n'attend pas de décision du CPDH.")
            % {"year": plan.year, "status": plan.get_status_display()}
        )
    return reasons


def _apply(plan, decision, by):
    from training.services.plans import plan_record_cpdh_decision

    plan_record_cpdh_decision(plan=plan, decision=decision, by=by)


def _rectify(plan, decision, by):
    """A rectified rejection's reason reaches the plan it sent back (reserves and votes stay on the decision)."""
    from training.services.plans import plan_rectify_cpdh_reason

    if decision.outcome == decision.Outcome.REJECTED:
        plan_rectify_cpdh_reason(plan=plan, decision=decision, by=by)


def _session_context(plan):
    from training.plan_documents import session_context

    return session_context(plan)


PLAN = agenda.register(
    agenda.AgendaKind(
        code=CODE,
        label=_("Plan annuel de formation"),
        candidates=_candidates,
        load=_load,
        title=_title,
        url=_url,
        apply=_apply,
        check=_check,
        rectify=_rectify,
        session_template="training/plans/agenda_session.html",
        session_context=_session_context,
        committee_kinds=frozenset({"cpdh"}),
        has_amount=False,
    )
)
