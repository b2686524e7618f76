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


# --- La répartition des crédits -----------------------------------------------------------------------------------
# A version of a year's répartition goes before the CPDH once the chef has validated it (before or after it was sent
# to the DBM). The decision is carried out by projects.services.credits.allocation_record_cpdh_decision: an approval
# is recorded on the version, a rejection sends a validated version back to the draft; an adjournment records nothing
# and the version goes back to the pool for a later meeting.
DECIDABLE = ("validee", "transmise", "accusee")  # CreditAllocation.Status VALIDATED, TRANSMITTED, ACKNOWLEDGED


def _allocations():
    """Versions with their year, their CPDH decision and their total, in one query."""
    from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    from projects.models import AllocationLine, CreditAllocation

    total = (
        AllocationLine.objects.filter(allocation=OuterRef("pk"))
        .order_by()
        .values("allocation")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=16, decimal_places=2)
    return CreditAllocation.objects.select_related(
        "fiscal_year", "cpdh_decision", "created_by", "validated_by", "transmitted_by", "acknowledged_by"
    ).annotate(total=Coalesce(Subquery(total, output_field=money), Value(0, output_field=money)))


def _allocation_candidates(meeting):
    from django.db.models import Exists, F, OuterRef, Q

    from committees.models import Decision
    from projects.models import CreditAllocation

    # A version another validated or sent version of the same year has replaced is no longer the one to approve.
    superseded = CreditAllocation.objects.filter(
        fiscal_year=OuterRef("fiscal_year"), number__gt=OuterRef("number"), status__in=DECIDABLE
    )
    return (
        _allocations()
        .filter(status__in=DECIDABLE)
        .filter(
            Q(cpdh_decision__isnull=True)
            | Q(cpdh_decision__outcome=Decision.Outcome.ADJOURNED)
            # rejected, reworked and validated again by the head: back before the CPDH
            | Q(cpdh_decision__outcome=Decision.Outcome.REJECTED, validated_at__gt=F("cpdh_decision__recorded_at"))
        )
        .exclude(Exists(superseded))
        .exclude(pk__in=agenda.taken_ids("repartition", meeting))
        .order_by("-fiscal_year__year", "number")
    )


def _allocation_load(ids):
    return {allocation.pk: allocation for allocation in _allocations().filter(pk__in=list(ids))}


def _allocation_title(allocation):
    from django.utils.translation import gettext

    from das.formatting import format_money

    return gettext("Répartition des crédits %(year)s – version %(number)s (%(total)s)") % {
        "year": allocation.fiscal_year.year,
        "number": allocation.number,
        "total": format_money(getattr(allocation, "total", None) or 0),
    }


def _allocation_url(allocation):
    from django.urls import NoReverseMatch

    try:
        return allocation.get_absolute_url()
    except NoReverseMatch:  # the version's page is not installed: the agenda shows the title alone
        return ""


def _allocation_check(allocation, outcome, amount):
    from committees.models import Decision
    from projects.models import CreditAllocation
    from projects.services.credits import rejected_since_validation

    reasons = []
    if amount is not None:
        reasons.append(_("Une répartition des crédits n'a pas de montant à retenir : la décision porte sur la grille."))
    if allocation.status == CreditAllocation.Status.DRAFT:
        reasons.append(
            _(
                "La version %(number)s de la répartition %(year)s est revenue en brouillon : le CPDH se prononcera "
                "sur la version que le chef validera."
            )
            % {"number": allocation.number, "year": allocation.fiscal_year.year}
        )
    decided = allocation.cpdh_decision
    reworked = (
        decided is not None
        and decided.outcome == Decision.Outcome.REJECTED
        and not rejected_since_validation(allocation)
    )
    if decided is not None and decided.outcome != Decision.Outcome.ADJOURNED and not reworked:
        reasons.append(
            _("Le CPDH s'est déjà prononcé sur la version %(number)s de la répartition %(year)s (%(outcome)s).")
            % {
                "number": allocation.number,
                "year": allocation.fiscal_year.year,
                "outcome": decided.get_outcome_display(),
            }
        )
    return reasons


def _allocation_apply(allocation, decision, by):
    from committees.models import Decision
    from projects.services.credits import allocation_record_cpdh_decision

    if decision.outcome == Decision.Outcome.ADJOURNED:
        return  # nothing recorded: the version goes back to the pool for a later meeting
    allocation_record_cpdh_decision(allocation=allocation, decision=decision, by=by)


def _allocation_rectify(allocation, decision, by):
    """A rectified decision (its reserves, its reason, its votes) is recorded again on the version, unless a later
    decision has taken its place there."""
    from committees.models import Decision
    from projects.services.credits import allocation_record_cpdh_decision

    if decision.outcome == Decision.Outcome.ADJOURNED:
        return
    if allocation.cpdh_decision_id not in (None, decision.pk):
        return
    allocation_record_cpdh_decision(allocation=allocation, decision=decision, by=by)


def _allocation_session_context(allocation):
    from projects.documents import allocation_session_context

    return allocation_session_context(allocation)


ALLOCATION = agenda.register(
    agenda.AgendaKind(
        code="repartition",
        label=_("Répartition des crédits"),
        candidates=_allocation_candidates,
        load=_allocation_load,
        title=_allocation_title,
        url=_allocation_url,
        apply=_allocation_apply,
        check=_allocation_check,
        rectify=_allocation_rectify,
        session_template="projects/agenda/allocation_session.html",
        session_context=_allocation_session_context,
        committee_kinds=frozenset({"cpdh"}),
    )
)
