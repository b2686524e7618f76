"""Avenants: drafting, the checks against what is paid and the cost plan, the signature path, the application of
the changes at the signature (the new payment ceiling) and the pages (convention, queue, avenant, PDF)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from das.workflow import TransitionRefused
from projects.models import Amendment, Convention, ConventionParty
from projects.services import amendments as services
from projects.services import conventions as convention_services
from projects.services import tranches as tranche_services
from projects.services.tranches import TrancheLine
from tests.committees.test_meeting_services import approved_project
from tests.projects.test_convention_services import at, tiny_pdf
from tests.projects.test_tranches import pay

pytestmark = pytest.mark.django_db
Status = Amendment.Status
Kind = ConventionParty.Kind


@pytest.fixture
def convention(role_users):
    """In execution: cost 500 000 (INDH 300 000, holder 50 000, partner 150 000); tranches 120 000 and 180 000,
    the first released and 100 000 paid on it."""
    agent = role_users["suivi_evaluation"]
    draft = convention_services.convention_create(project=approved_project(role_users), by=agent)
    convention = at(draft, Convention.Status.EXECUTING, role_users)
    lines = [TrancheLine(Decimal("120000"), "Signature"), TrancheLine(Decimal("180000"), "Justification")]
    first, _second = tranche_services.tranche_schedule_set(convention=convention, by=agent, lines=lines)
    tranche_services.tranche_release(tranche=first, by=role_users["chef"])
    pay(first, agent, "100000", ref="OP-AV-1")
    return convention


def party(convention, kind):
    return convention.parties.get(kind=kind)


KINDS = {"governor": Kind.GOVERNOR, "holder": Kind.HOLDER, "partner": Kind.PARTNER}


def contributions(convention, **by_kind):
    """ConventionParty pk → amount, the current amounts unless given (governor=…, holder=…, partner=…)."""
    given = {KINDS[name]: Decimal(amount) for name, amount in by_kind.items()}
    return {p.pk: given.get(p.kind, p.contribution) for p in convention.parties.all()}


def raise_indh(amendment, convention, agent, *, indh="350000", first="170000"):
    """INDH + 50 000 (cost 550 000), all on the first tranche."""
    services.amendment_edit(
        amendment=amendment,
        by=agent,
        reason="Extension du local",
        cost=Decimal("500000") + Decimal(indh) - Decimal("300000"),
        duration_months=amendment.duration_months + 6,
        contributions=contributions(convention, governor=indh),
    )
    lines = [TrancheLine(Decimal(first), "Signature"), TrancheLine(Decimal(indh) - Decimal(first), "Justification")]
    return services.amendment_set_schedule(amendment=amendment, by=agent, lines=lines)


def to_cabinet(amendment, role_users):
    validated = services.amendment_validate(amendment=amendment, by=role_users["chef"])
    return services.amendment_transmit(amendment=validated, by=role_users["suivi_evaluation"])


def sign(amendment, role_users, on=None):
    return services.amendment_sign(
        amendment=amendment, by=role_users["cabinet"], signed_on=on or timezone.localdate(), scan=tiny_pdf("av.pdf")
    )


# --- Drafting -----------------------------------------------------------------------------------------------------


def test_an_avenant_copies_the_convention_and_is_numbered_per_convention(convention, role_users):
    agent = role_users["suivi_evaluation"]
    amendment = services.amendment_create(convention=convention, by=agent, reason="Hausse des prix")
    assert amendment.number == 1 and amendment.reference == f"{convention.reference}/AV1"
    assert amendment.status == Status.DRAFT and amendment.cost == Decimal("500000")
    assert {p.party_id: p.contribution for p in amendment.parties.all()} == {
        p.pk: p.contribution for p in convention.parties.all()
    }
    assert [(t.number, t.amount) for t in amendment.tranches.all()] == [(1, Decimal("120000")), (2, Decimal("180000"))]
    assert services.pending_changes(amendment, convention) == []


def test_an_avenant_is_refused_to_other_roles_on_unsigned_conventions_and_while_another_is_under_way(
    convention, role_users
):
    agent = role_users["suivi_evaluation"]
    for role in ("chef", "cabinet", "auditeur"):
        with pytest.raises(PermissionDenied):
            services.amendment_create(convention=convention, by=role_users[role], reason="x")
    draft = convention_services.convention_create(project=approved_project(role_users), by=agent)
    with pytest.raises(TransitionRefused, match="signée ou en exécution"):
        services.amendment_create(convention=draft, by=agent, reason="x")
    with pytest.raises(ValidationError) as empty:
        services.amendment_create(convention=convention, by=agent, reason="  ")
    assert "reason" in empty.value.error_dict
    first = services.amendment_create(convention=convention, by=agent, reason="Premier")
    with pytest.raises(TransitionRefused, match="un seul avenant à la fois"):
        services.amendment_create(convention=convention, by=agent, reason="Second")
    services.amendment_abandon(amendment=first, by=agent)
    assert services.amendment_create(convention=convention, by=agent, reason="Second").number == 2


def test_the_terms_must_bring_the_cost_and_keep_the_indh_above_what_is_paid(convention, role_users):
    agent = role_users["suivi_evaluation"]
    amendment = services.amendment_create(convention=convention, by=agent, reason="Révision")
    governor = party(convention, Kind.GOVERNOR)
    with pytest.raises(ValidationError) as wrong_total:
        services.amendment_edit(
            amendment=amendment,
            by=agent,
            reason="Révision",
            cost=Decimal("600000"),
            duration_months=12,
            contributions=contributions(convention),
        )
    assert "doit égaler le coût du projet" in str(wrong_total.value.error_dict["cost"])
    with pytest.raises(ValidationError) as below_paid:
        services.amendment_edit(
            amendment=amendment,
            by=agent,
            reason="Révision",
            cost=Decimal("290000"),
            duration_months=12,
            contributions=contributions(convention, governor="90000"),
        )
    assert "inférieure à ce qui est déjà payé" in str(below_paid.value.error_dict[f"party_{governor.pk}"])
    with pytest.raises(PermissionDenied):
        services.amendment_edit(
            amendment=amendment,
            by=role_users["chef"],
            reason="x",
            cost=Decimal("500000"),
            duration_months=12,
            contributions=contributions(convention),
        )


def test_the_schedule_must_total_the_new_indh_and_keep_what_was_paid(convention, role_users):
    agent = role_users["suivi_evaluation"]
    amendment = services.amendment_create(convention=convention, by=agent, reason="Révision")
    with pytest.raises(TransitionRefused, match="doit égaler la contribution INDH"):
        services.amendment_set_schedule(
            amendment=amendment, by=agent, lines=[TrancheLine(Decimal("120000")), TrancheLine(Decimal("100000"))]
        )
    with pytest.raises(TransitionRefused, match="ne peut descendre sous ce qui y est déjà payé"):
        services.amendment_set_schedule(
            amendment=amendment, by=agent, lines=[TrancheLine(Decimal("90000")), TrancheLine(Decimal("210000"))]
        )
    # A tranche that received payments cannot go.
    removed = services.check_schedule_against_paid(
        [TrancheLine(Decimal("300000"))], {1: Decimal("100000"), 2: Decimal("5000")}, Decimal("300000")
    )
    assert removed == ["La tranche 2 a déjà reçu 5\u202f000,00\u00a0DH de paiements : elle ne peut être supprimée."]
    done = services.amendment_set_schedule(
        amendment=amendment,
        by=agent,
        lines=[TrancheLine(Decimal("100000")), TrancheLine(Decimal("100000")), TrancheLine(Decimal("100000"))],
    )
    assert [t.amount for t in done.tranches.all()] == [Decimal("100000")] * 3


def test_raising_the_ceiling_allows_a_payment_refused_before(convention, role_users):
    agent = role_users["suivi_evaluation"]
    first = convention.tranches.get(number=1)
    with pytest.raises(TransitionRefused, match="dépasse la tranche 1"):
        pay(first, agent, "50000", ref="OP-AV-2")
    amendment = services.amendment_create(convention=convention, by=agent, reason="Extension")
    raise_indh(amendment, convention, agent)
    signed = sign(to_cabinet(amendment, role_users), role_users)
    assert signed.status == Status.SIGNED and signed.signed_scan is not None
    assert tranche_services.indh_contribution(convention) == Decimal("350000")
    first.refresh_from_db()
    assert first.amount == Decimal("170000") and first.released  # a released tranche stays released
    assert pay(first, agent, "50000", ref="OP-AV-2").amount == Decimal("50000")
    project = convention.project
    project.refresh_from_db()
    assert (project.estimated_cost, project.indh_share, project.duration_months) == (
        Decimal("550000"),
        Decimal("350000"),
        amendment.duration_months + 6,
    )
    # The convention's own rule still holds after the avenant: its parties bring the project's cost plan.
    assert convention_services.check_parties(project, convention_services.current_parties(convention)) == []
    items = {(c["item"], c.get("number")): (c["before"], c["after"]) for c in signed.changes}
    assert items[("cost", None)] == ("500000.00", "550000.00")
    assert items[("party", None)] == ("300000.00", "350000.00")
    assert items[("tranche", 1)] == ("120000.00", "170000.00")
    assert ("tranche", 2) not in items  # 180 000 before and after


def test_lowering_below_what_was_paid_meanwhile_refuses_the_signature(convention, role_users):
    """Validated at INDH 290 000 (tranche 1: 110 000); 20 000 more is paid on tranche 1 before the Governor signs."""
    agent = role_users["suivi_evaluation"]
    amendment = services.amendment_create(convention=convention, by=agent, reason="Réduction")
    raise_indh(amendment, convention, agent, indh="290000", first="110000")
    transmitted = to_cabinet(amendment, role_users)
    pay(convention.tranches.get(number=1), agent, "20000", ref="OP-AV-3")
    with pytest.raises(TransitionRefused, match="ne peut descendre sous ce qui y est déjà payé"):
        sign(transmitted, role_users)
    assert tranche_services.indh_contribution(convention) == Decimal("300000")
    assert Amendment.objects.get(pk=amendment.pk).status == Status.TRANSMITTED


def test_an_avenant_cannot_remove_a_released_tranche_from_drafting_to_signature(convention, role_users, client_as):
    """Tranche 2 is released while the avenant merging the schedule into one tranche waits for the Governor: the
    signature is refused (it would undo the head's release), and so are the draft and the validation after it."""
    agent, chef = role_users["suivi_evaluation"], role_users["chef"]
    pay(convention.tranches.get(number=1), agent, "20000", ref="OP-AV-4")
    amendment = services.amendment_create(convention=convention, by=agent, reason="Une seule tranche")
    services.amendment_set_schedule(amendment=amendment, by=agent, lines=[TrancheLine(Decimal("300000"))])
    transmitted = to_cabinet(amendment, role_users)
    second = tranche_services.tranche_release(tranche=convention.tranches.get(number=2), by=chef)
    removed = "La tranche 2 est déjà débloquée : l'avenant ne peut la supprimer."
    with pytest.raises(TransitionRefused, match=removed):
        sign(transmitted, role_users)
    second.refresh_from_db()
    assert second.released and second.amount == Decimal("180000")
    assert Amendment.objects.get(pk=amendment.pk).status == Status.TRANSMITTED
    returned = services.amendment_return(amendment=transmitted, by=role_users["cabinet"], observations="Tranche 2.")
    assert removed in services.blockers(returned, "validate")
    page = client_as(agent).get(reverse("projects:amendment_schedule", args=[returned.pk])).content.decode()
    assert "qui restent dans l'échéancier : 1, 2." in page
    with pytest.raises(TransitionRefused, match=removed):
        services.amendment_validate(amendment=returned, by=chef)
    with pytest.raises(TransitionRefused, match=removed):
        services.amendment_set_schedule(amendment=returned, by=agent, lines=[TrancheLine(Decimal("300000"))])
    # Kept, even with another amount, the released tranche goes through.
    kept = [TrancheLine(Decimal("120000")), TrancheLine(Decimal("100000")), TrancheLine(Decimal("80000"))]
    services.amendment_set_schedule(amendment=returned, by=agent, lines=kept)
    sign(to_cabinet(returned, role_users), role_users)
    second.refresh_from_db()
    assert second.released and second.amount == Decimal("100000")


def test_the_convention_schedule_is_not_edited_while_an_avenant_is_open(convention, role_users, client_as):
    agent = role_users["suivi_evaluation"]
    current = [TrancheLine(Decimal("120000"), "Signature"), TrancheLine(Decimal("180000"), "Justification")]
    amendment = services.amendment_create(convention=convention, by=agent, reason="Révision")
    for stage in ("brouillon", "transmis"):
        if stage == "transmis":
            raise_indh(amendment, convention, agent)
            amendment = to_cabinet(amendment, role_users)
        with pytest.raises(TransitionRefused, match="Un avenant est en cours"):
            tranche_services.tranche_schedule_set(convention=convention, by=agent, lines=current)
        assert not tranche_services.may_schedule(convention, agent)
        page = client_as(agent).get(convention.get_absolute_url()).content.decode()
        assert 'data-testid="tranche-schedule"' not in page and 'data-testid="blocked-tranche-schedule"' in page
        assert "le calendrier des tranches change par l&#x27;avenant" in page
        schedule = client_as(agent).get(reverse("projects:tranche_schedule", args=[convention.pk]))
        assert schedule.status_code == 302 and schedule["Location"] == convention.get_absolute_url()
    returned = services.amendment_return(amendment=amendment, by=role_users["cabinet"], observations="Non.")
    services.amendment_abandon(amendment=returned, by=agent)
    assert tranche_services.may_schedule(convention, agent)
    tranche_services.tranche_schedule_set(convention=convention, by=agent, lines=current)


def test_signature_and_return_belong_to_the_cabinet_and_observations_are_kept(convention, role_users):
    agent = role_users["suivi_evaluation"]
    amendment = services.amendment_create(convention=convention, by=agent, reason="Extension")
    raise_indh(amendment, convention, agent)
    with pytest.raises(PermissionDenied):
        services.amendment_validate(amendment=amendment, by=agent)
    transmitted = to_cabinet(amendment, role_users)
    for role in ("chef", "suivi_evaluation"):
        with pytest.raises(PermissionDenied):
            services.amendment_sign(
                amendment=transmitted, by=role_users[role], signed_on=timezone.localdate(), scan=tiny_pdf()
            )
    with pytest.raises(TransitionRefused, match="observations"):
        services.amendment_return(amendment=transmitted, by=role_users["cabinet"], observations=" ")
    with pytest.raises(TransitionRefused, match="futur"):
        sign(transmitted, role_users, on=timezone.localdate() + dt.timedelta(days=1))
    returned = services.amendment_return(
        amendment=transmitted, by=role_users["cabinet"], observations="Préciser le motif."
    )
    assert returned.status == Status.DRAFT and returned.transmitted_at is None
    assert returned.returns.get().observations == "Préciser le motif."
    with pytest.raises(TransitionRefused):
        services.amendment_abandon(amendment=to_cabinet(returned, role_users), by=agent)


# --- Pages --------------------------------------------------------------------------------------------------------


def test_validate_is_offered_disabled_when_the_avenant_changes_nothing(convention, role_users, client_as):
    amendment = services.amendment_create(convention=convention, by=role_users["suivi_evaluation"], reason="Rien")
    page = client_as(role_users["chef"]).get(amendment.get_absolute_url())
    content = page.content.decode()
    assert 'data-testid="blocked-validate"' in content and "ne modifie rien" in content
    with pytest.raises(TransitionRefused, match="ne modifie rien"):
        services.amendment_validate(amendment=amendment, by=role_users["chef"])


def test_the_avenant_through_the_pages_queue_and_pdf(convention, role_users, client_as):
    agent = client_as(role_users["suivi_evaluation"])
    page = agent.get(convention.get_absolute_url())
    assert 'data-testid="amendment-create"' in page.content.decode()
    created = agent.post(reverse("projects:amendment_create", args=[convention.pk]), {"reason": "Extension"})
    amendment = Amendment.objects.get()
    assert created.status_code == 302 and created["Location"] == amendment.get_absolute_url()
    assert 'data-testid="amendment-create"' not in agent.get(convention.get_absolute_url()).content.decode()
    governor = party(convention, Kind.GOVERNOR)
    terms = {
        "reason": "Extension du local",
        "cost": "550 000",
        "duration_months": "18",
        **{f"party_{p.pk}": str(p.contribution) for p in convention.parties.all()},
    }
    terms[f"party_{governor.pk}"] = "250 000"
    refused = agent.post(reverse("projects:amendment_terms", args=[amendment.pk]), terms)
    assert refused.status_code == 200 and "doit égaler le coût du projet" in refused.content.decode()
    terms[f"party_{governor.pk}"] = "350 000"
    assert agent.post(reverse("projects:amendment_terms", args=[amendment.pk]), terms).status_code == 302
    schedule = {
        "mode": "pourcentage",
        "tranches-TOTAL_FORMS": "2",
        "tranches-INITIAL_FORMS": "0",
        "tranches-0-amount": "50",
        "tranches-0-conditions": "Signature",
        "tranches-1-amount": "50",
        "tranches-1-conditions": "Justification",
        "tranches-1-progress_threshold": "50",
    }
    assert agent.post(reverse("projects:amendment_schedule", args=[amendment.pk]), schedule).status_code == 302
    assert [t.amount for t in amendment.tranches.all()] == [Decimal("175000"), Decimal("175000")]
    detail = agent.get(amendment.get_absolute_url()).content.decode()
    # Cost, duration, INDH contribution, tranches 1 and 2, and tranche 2's new threshold.
    assert detail.count('data-testid="change-row"') == 6
    to_cabinet(amendment, role_users)
    cabinet = client_as(role_users["cabinet"])
    queue = cabinet.get(reverse("projects:convention_queue")).content.decode()
    assert amendment.reference in queue and reverse("projects:amendment_pdf", args=[amendment.pk, "fr"]) in queue
    for language in ("fr", "ar"):
        pdf = cabinet.get(reverse("projects:amendment_pdf", args=[amendment.pk, language]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    on = timezone.localdate().isoformat()
    signed = cabinet.post(
        reverse("projects:amendment_sign", args=[amendment.pk]), {"signed_on": on, "scan": tiny_pdf("av.pdf")}
    )
    assert signed.status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == Status.SIGNED
    assert tranche_services.indh_contribution(convention) == Decimal("350000")
    assert cabinet.get(reverse("projects:amendment_scan", args=[amendment.pk])).status_code == 200
    page = client_as(role_users["auditeur"]).get(convention.get_absolute_url()).content.decode()
    assert 'data-testid="amendment-row"' in page and "350\u202f000,00" in page
    history = client_as(role_users["auditeur"]).get(reverse("history", args=["projects.amendment", amendment.pk]))
    assert history.status_code == 200


def test_pages_refuse_what_the_state_does_not_allow(convention, role_users, client_as):
    agent = role_users["suivi_evaluation"]
    amendment = services.amendment_create(convention=convention, by=agent, reason="Extension")
    raise_indh(amendment, convention, agent)
    to_cabinet(amendment, role_users)
    client = client_as(agent)
    for name in ("amendment_terms", "amendment_schedule"):
        response = client.get(reverse(f"projects:{name}", args=[amendment.pk]))
        assert response.status_code == 302 and response["Location"] == amendment.get_absolute_url()
    bad = client_as(role_users["cabinet"]).get(reverse("projects:amendment_pdf", args=[amendment.pk, "xx"]))
    assert bad.status_code == 404


def test_the_project_summary_reads_conventions_avenants_tranches_and_payments(
    convention, role_users, django_assert_max_num_queries
):
    from projects.convention_summary import project_conventions

    agent = role_users["suivi_evaluation"]
    amendment = services.amendment_create(convention=convention, by=agent, reason="Extension")
    raise_indh(amendment, convention, agent)
    sign(to_cabinet(amendment, role_users), role_users)
    project = convention.project
    with django_assert_max_num_queries(5):
        (summary,) = project_conventions(project)
        assert (summary.indh, summary.paid, summary.left) == (Decimal("350000"), Decimal("100000"), Decimal("250000"))
        assert [t.amount for t in summary.tranches] == [Decimal("170000"), Decimal("180000")]
        assert [a.reference for a in summary.amendments] == [amendment.reference]
        assert [p.payment_order for p in summary.payments] == ["OP-AV-1"]
