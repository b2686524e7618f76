"""Dossiers through the services: registration rules, every transition, scoring arithmetic, preselection."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from das.models import Partner
from das.workflow import TransitionRefused
from projects.models import CallForProjects, Dossier
from projects.services import calls as call_services
from projects.services import dossiers as services
from tests.factories import CommuneFactory, PartnerFactory, user_with_role
from tests.projects.test_call_services import draft_call

pytestmark = pytest.mark.django_db
Status = Dossier.Status


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def call(agent):
    call = draft_call(agent, weights=(60, 40))
    return call_services.call_publish(call=call, by=agent)


def register(call, agent, *, cost="400000", indh="250000", holder_part="150000", provided="all", late=False, **extra):
    documents = list(call.documents.all())
    received = call.closes_at + dt.timedelta(hours=2) if late else call.opens_at + dt.timedelta(days=3)
    return services.dossier_register(
        call=call,
        by=agent,
        holder=PartnerFactory(),
        title="Unité de valorisation de l'argan",
        commune=call.communes.first() or CommuneFactory(),  # in the call's territory
        estimated_cost=Decimal(cost),
        indh_share=Decimal(indh),
        holder_contribution=Decimal(holder_part),
        duration_months=12,
        received_at=received,
        provided=documents if provided == "all" else provided,
        **extra,
    )


def test_registration_numbers_dossiers_with_the_calls_pattern(call, agent):
    first, second = register(call, agent), register(call, agent)
    assert (first.number, second.number) == (1, 2)
    assert first.reference == f"AAP-2026-{call.programme.code}-0001"
    assert second.reference.endswith("-0002")
    assert first.pieces.count() == call.documents.count()
    assert first.status == Status.RECEIVED and not first.is_late


@pytest.mark.parametrize(
    ("cost", "indh", "holder_part", "field", "message"),
    [
        ("400000", "250000", "100000", "estimated_cost", "doit être égal au coût"),
        ("300000", "250000", "50000", "indh_share", "70"),
        ("100000", "40000", "60000", "indh_share", "comprise entre"),
    ],
)
def test_the_financing_plan_must_hold(call, agent, cost, indh, holder_part, field, message):
    with pytest.raises(ValidationError) as error:
        register(call, agent, cost=cost, indh=indh, holder_part=holder_part)
    assert message in " ".join(error.value.message_dict[field])
    assert not Dossier.objects.exists()


def test_partner_contributions_count_in_the_plan(call, agent):
    dossier = services.dossier_register(
        call=call,
        by=agent,
        holder=PartnerFactory(),
        title="Crèche communautaire",
        commune=CommuneFactory(),
        estimated_cost=Decimal("500000"),
        indh_share=Decimal("300000"),
        holder_contribution=Decimal("50000"),
        duration_months=18,
        received_at=call.opens_at + dt.timedelta(days=1),
        contributions=[(PartnerFactory(kind=Partner.Kind.COMMUNE, receipt_number=""), Decimal("150000"))],
    )
    assert dossier.contributions.get().amount == Decimal("150000")


def test_a_late_dossier_needs_the_heads_written_override(call, agent, role_users):
    dossier = register(call, agent, late=True)
    assert dossier.is_late
    with pytest.raises(TransitionRefused, match="hors délai"):
        services.dossier_declare_admissible(dossier=dossier, by=agent)
    with pytest.raises(PermissionDenied):
        services.dossier_override_late(dossier=dossier, by=agent, reason="Retard de la poste")
    with pytest.raises(ValidationError):
        services.dossier_override_late(dossier=dossier, by=role_users["chef"], reason=" ")
    services.dossier_override_late(dossier=dossier, by=role_users["chef"], reason="Retard dû aux intempéries")
    assert services.dossier_declare_admissible(dossier=dossier, by=agent).status == Status.ADMISSIBLE


def test_incomplete_then_completed_then_admissible(call, agent):
    dossier = register(call, agent, provided=[call.documents.first()])
    with pytest.raises(TransitionRefused, match="Pièces manquantes"):
        services.dossier_declare_admissible(dossier=dossier, by=agent)
    services.dossier_declare_incomplete(dossier=dossier, by=agent)
    assert [d.label_fr for d in services.missing_pieces(dossier)] == ["Statuts"]
    services.dossier_set_pieces(dossier=dossier, by=agent, provided=call.documents.all())
    assert services.dossier_declare_admissible(dossier=dossier, by=agent).status == Status.ADMISSIBLE
    with pytest.raises(TransitionRefused):
        services.dossier_set_pieces(dossier=dossier, by=agent, provided=[])


def test_a_complete_dossier_cannot_be_declared_incomplete(call, agent):
    dossier = register(call, agent)
    with pytest.raises(TransitionRefused, match="complet"):
        services.dossier_declare_incomplete(dossier=dossier, by=agent)


def test_inadmissible_needs_a_reason(call, agent):
    dossier = register(call, agent)
    with pytest.raises(TransitionRefused, match="motif"):
        services.dossier_declare_inadmissible(dossier=dossier, by=agent, reason="")
    refused = services.dossier_declare_inadmissible(dossier=dossier, by=agent, reason="Porteur non éligible")
    assert (refused.status, refused.status_reason) == (Status.INADMISSIBLE, "Porteur non éligible")


def eligible(call, agent, **kwargs):
    dossier = register(call, agent, **kwargs)
    services.dossier_declare_admissible(dossier=dossier, by=agent)
    services.dossier_check_eligibility(
        dossier=dossier, by=agent, results=dict.fromkeys(call.eligibility_criteria.all(), (True, ""))
    )
    return services.dossier_declare_eligible(dossier=dossier, by=agent)


def test_eligibility_checklist_decides(call, agent):
    dossier = register(call, agent)
    services.dossier_declare_admissible(dossier=dossier, by=agent)
    with pytest.raises(TransitionRefused, match="non vérifiés"):
        services.dossier_declare_eligible(dossier=dossier, by=agent)
    criterion = call.eligibility_criteria.get()
    services.dossier_check_eligibility(dossier=dossier, by=agent, results={criterion: (False, "Créée en 2026")})
    with pytest.raises(TransitionRefused, match="non satisfaits"):
        services.dossier_declare_eligible(dossier=dossier, by=agent)
    assert services.dossier_declare_ineligible(dossier=dossier, by=agent, reason="Trop récente").status == (
        Status.INELIGIBLE
    )


def score(evaluation, evaluator, values):
    services.evaluation_declare_no_conflict(evaluation=evaluation, by=evaluator)
    criteria = list(evaluation.dossier.call.selection_criteria.all())
    services.evaluation_save_scores(
        evaluation=evaluation, by=evaluator, scores={c: (v, "") for c, v in zip(criteria, values, strict=True)}
    )
    return services.evaluation_submit(evaluation=evaluation, by=evaluator)


def test_weighted_scores_and_their_average_are_computed(call, agent, role_users):
    dossier = eligible(call, agent)
    second = user_with_role("suivi_evaluation", username="evaluatrice2")
    services.evaluators_assign(dossiers=[dossier], evaluators=[agent, second], by=agent)
    first_eval, second_eval = dossier.evaluations.order_by("pk")
    # scale 10, weights 60/40: 8 and 5 → 0.8×60 + 0.5×40 = 68.00 ; 7 and 9 → 42 + 36 = 78.00
    assert score(first_eval, agent, ["8", "5"]).weighted_total == Decimal("68.00")
    dossier.refresh_from_db()
    assert dossier.status == Status.ELIGIBLE  # the second evaluator has not submitted yet
    assert score(second_eval, second, ["7", "9"]).weighted_total == Decimal("78.00")
    dossier.refresh_from_db()
    assert dossier.status == Status.SCORED


def test_scoring_rules(call, agent, role_users):
    dossier = eligible(call, agent)
    services.evaluators_assign(dossiers=[dossier], evaluators=[agent], by=agent)
    evaluation = dossier.evaluations.get()
    criteria = list(call.selection_criteria.all())
    with pytest.raises(TransitionRefused, match="conflit"):
        services.evaluation_save_scores(evaluation=evaluation, by=agent, scores={criteria[0]: ("5", "")})
    with pytest.raises(PermissionDenied):
        services.evaluation_declare_no_conflict(evaluation=evaluation, by=role_users["chef"])
    services.evaluation_declare_no_conflict(evaluation=evaluation, by=agent)
    with pytest.raises(ValidationError, match="hors barème"):
        services.evaluation_save_scores(evaluation=evaluation, by=agent, scores={criteria[0]: ("11", "")})
    services.evaluation_save_scores(evaluation=evaluation, by=agent, scores={criteria[0]: ("6", "Bon diagnostic")})
    with pytest.raises(TransitionRefused, match="non notés"):
        services.evaluation_submit(evaluation=evaluation, by=agent)
    services.evaluation_save_scores(evaluation=evaluation, by=agent, scores={criteria[1]: ("4", "")})
    services.evaluation_submit(evaluation=evaluation, by=agent)
    with pytest.raises(TransitionRefused, match="déjà remises"):
        services.evaluation_save_scores(evaluation=evaluation, by=agent, scores={criteria[1]: ("9", "")})


def test_evaluators_need_the_evaluator_role(call, agent, role_users):
    dossier = eligible(call, agent)
    with pytest.raises(ValidationError, match="évaluateur"):
        services.evaluators_assign(dossiers=[dossier], evaluators=[role_users["dbm"]], by=agent)


def scored(call, agent, values, **kwargs):
    dossier = eligible(call, agent, **kwargs)
    services.evaluators_assign(dossiers=[dossier], evaluators=[agent], by=agent)
    score(dossier.evaluations.get(), agent, values)
    dossier.refresh_from_db()
    return dossier


def test_preselection_within_the_envelope_then_validated_by_the_head(call, agent, role_users):
    CallForProjects.objects.filter(pk=call.pk).update(envelope=Decimal("1000000"))
    good = scored(call, agent, ["9", "9"], cost="1000000", indh="700000", holder_part="300000")
    other = scored(call, agent, ["6", "6"], cost="1000000", indh="600000", holder_part="400000")
    call_services.call_close(call=call, by=agent)
    with pytest.raises(TransitionRefused, match="dépassent l'enveloppe"):
        services.preselection_propose(call=call, dossiers=[good, other], by=agent, not_retained_reason="Rang")
    services.preselection_propose(call=call, dossiers=[good], by=agent, not_retained_reason="Enveloppe épuisée")
    with pytest.raises(PermissionDenied):
        services.preselection_validate(call=call, by=agent)
    services.preselection_validate(call=call, by=role_users["chef"])
    good.refresh_from_db()
    other.refresh_from_db()
    call.refresh_from_db()
    assert good.status == Status.PRESELECTED
    assert (other.status, other.status_reason) == (Status.NOT_RETAINED, "Enveloppe épuisée")
    assert call.status == CallForProjects.Status.EVALUATED
    with pytest.raises(TransitionRefused):
        services.preselection_validate(call=call, by=role_users["chef"])


def test_dossiers_are_received_only_by_an_open_or_closed_call(agent):
    call = draft_call(agent)
    with pytest.raises(TransitionRefused, match="ne reçoit pas"):
        register(call, agent)


def test_ranking_orders_by_average_and_shows_where_the_envelope_runs_out(call, agent):
    from projects.selectors import ranking

    CallForProjects.objects.filter(pk=call.pk).update(envelope=Decimal("1200000"))
    call.refresh_from_db()
    low = scored(call, agent, ["5", "5"], cost="600000", indh="400000", holder_part="200000")  # 50.00
    high = scored(call, agent, ["9", "8"], cost="800000", indh="500000", holder_part="300000")  # 54 + 32 = 86.00
    middle = scored(call, agent, ["7", "7"], cost="900000", indh="600000", holder_part="300000")  # 70.00
    rows = ranking(call)
    assert [(r.rank, r.dossier.pk, r.average_score) for r in rows] == [
        (1, high.pk, Decimal("86.00")),
        (2, middle.pk, Decimal("70.00")),
        (3, low.pk, Decimal("50.00")),
    ]
    assert [r.cumulative_indh for r in rows] == [Decimal("500000"), Decimal("1100000"), Decimal("1500000")]
    assert [r.within_envelope for r in rows] == [True, True, False]


def test_an_evaluator_does_not_see_others_scores_before_submitting(call, agent):
    from projects.selectors import evaluations_visible_to

    dossier = eligible(call, agent)
    colleague = user_with_role("suivi_evaluation", username="collegue")
    services.evaluators_assign(dossiers=[dossier], evaluators=[agent, colleague], by=agent)
    mine = dossier.evaluations.get(evaluator=agent)
    theirs = dossier.evaluations.get(evaluator=colleague)
    score(theirs, colleague, ["9", "9"])
    assert list(evaluations_visible_to(agent, dossier)) == [mine]
    score(mine, agent, ["3", "3"])
    assert set(evaluations_visible_to(agent, dossier)) == {mine, theirs}


def test_call_overview_counts(call, agent):
    from projects.selectors import call_overview

    register(call, agent)
    register(call, agent, cost="200000", indh="100000", holder_part="100000")
    overview = call_overview(call)
    assert dict(overview.by_status) == {"Reçu": 2}
    assert overview.requested == Decimal("350000")
    assert overview.requested_ratio == Decimal("7.0")  # of a 5 000 000 DH envelope
    assert sum(n for _name, n, _amount in overview.by_commune) == 2


def test_a_call_with_dossiers_is_evaluated_only_through_the_validated_preselection(call, agent):
    register(call, agent)
    call_services.call_close(call=call, by=agent)
    with pytest.raises(TransitionRefused, match="attendent la présélection"):
        call_services.call_mark_evaluated(call=call, by=agent)


def test_the_publish_refusal_reads_the_total_the_french_way(agent):
    call = draft_call(agent, weights=(62.5, 30))
    with pytest.raises(TransitionRefused, match="totalisent 92,5 %"):
        call_services.call_publish(call=call, by=agent)


def test_two_calls_of_one_year_and_programme_number_their_dossiers_apart(call, agent):
    twin = call_services.call_duplicate(call=call, by=agent, year=call.year)
    twin = call_services.call_publish(call=twin, by=agent)
    first, other = register(call, agent), register(twin, agent)
    assert first.reference == other.reference  # same pattern, different calls: both accepted


def test_validation_rechecks_the_envelope_and_waits_for_dossiers_in_progress(call, agent, role_users):
    good = scored(call, agent, ["9", "9"], cost="1000000", indh="700000", holder_part="300000")
    register(call, agent)  # still received
    call_services.call_close(call=call, by=agent)
    services.preselection_propose(call=call, dossiers=[good], by=agent, not_retained_reason="Rang")
    with pytest.raises(TransitionRefused, match="encore en instruction"):
        services.preselection_validate(call=call, by=role_users["chef"])
    # The envelope is amended below the proposal (the per-project maximum set low first, so the call stays valid).
    CallForProjects.objects.filter(pk=call.pk).update(max_amount=Decimal("600000"))
    call_services.call_amend(call=call, by=agent, reason="Réduction", changes={"envelope": Decimal("650000")})
    with pytest.raises(TransitionRefused, match="dépassent l'enveloppe"):
        services.preselection_validate(call=call, by=role_users["chef"])


def test_dossiers_stop_moving_once_their_call_is_cancelled(call, agent):
    dossier = register(call, agent)
    call_services.call_cancel(call=call, by=agent, reason="Annulé par le CPDH")
    with pytest.raises(TransitionRefused, match="ne change plus"):
        services.dossier_declare_admissible(dossier=dossier, by=agent)


def test_amounts_are_to_the_centime_and_dates_not_before_opening(call, agent):
    with pytest.raises(ValidationError, match="centime"):
        services.dossier_register(
            call=call,
            by=agent,
            holder=PartnerFactory(),
            title="X",
            commune=CommuneFactory(),
            estimated_cost=Decimal("400000"),
            indh_share=Decimal("250000"),
            holder_contribution=Decimal("149999.99"),
            duration_months=12,
            received_at=call.opens_at + dt.timedelta(days=1),
            contributions=[(PartnerFactory(), Decimal("0.005")), (PartnerFactory(), Decimal("0.005"))],
        )
    with pytest.raises(ValidationError, match="précède l'ouverture"):
        services.dossier_register(
            call=call,
            by=agent,
            holder=PartnerFactory(),
            title="X",
            commune=CommuneFactory(),
            estimated_cost=Decimal("400000"),
            indh_share=Decimal("250000"),
            holder_contribution=Decimal("150000"),
            duration_months=12,
            received_at=call.opens_at - dt.timedelta(days=400),
        )


def test_an_evaluator_with_open_scores_sees_no_average_in_lists_nor_scores_in_the_journal(
    call, agent, role_users, client_as
):
    from django.urls import reverse

    from projects.selectors import dossier_list

    dossier = eligible(call, agent)
    head = role_users["chef"]
    services.evaluators_assign(dossiers=[dossier], evaluators=[agent, head], by=agent)
    score(dossier.evaluations.get(evaluator=head), head, ["9", "9"])
    services.evaluation_declare_no_conflict(evaluation=dossier.evaluations.get(evaluator=agent), by=agent)
    assert dossier_list(agent).get(pk=dossier.pk).average_score is None
    assert dossier_list(role_users["auditeur"]).get(pk=dossier.pk).average_score == Decimal("90.00")
    journal = client_as(head).get(reverse("journal"), {"pgh_obj_model": "projects.Score"})
    assert journal.context["paginator"].count == 0
    assert (
        client_as(role_users["auditeur"])
        .get(reverse("journal"), {"pgh_obj_model": "projects.Score"})
        .context["paginator"]
        .count
        > 0
    )
    admin_rows = client_as(role_users["administrateur"]).get(reverse("journal")).context["paginator"].object_list
    assert not any(e.pgh_obj_model.startswith("projects.") for e in admin_rows)


def test_admissibility_checks_the_holder_type_and_the_territory(call, agent):
    dossier = register(call, agent)
    Partner.objects.filter(pk=dossier.holder_id).update(kind=Partner.Kind.PUBLIC_BODY)
    Dossier.objects.filter(pk=dossier.pk).update(commune=CommuneFactory())
    dossier.refresh_from_db()
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_declare_admissible(dossier=dossier, by=agent)
    assert "type de porteur" in str(refused.value)
    assert "n'est pas ciblée" in str(refused.value)  # the call targets another commune


def test_amendments_after_receipt_keep_the_rules_and_recompute_lateness(call, agent):
    on_time = register(call, agent)
    with pytest.raises(ValidationError, match="ne changent plus"):
        call_services.call_amend(call=call, by=agent, reason="x", changes={"max_indh_share": Decimal("50")})
    earlier = on_time.received_at - dt.timedelta(hours=1)
    call_services.call_amend(call=call, by=agent, reason="Erreur de date", changes={"closes_at": earlier})
    on_time.refresh_from_db()
    assert on_time.is_late
