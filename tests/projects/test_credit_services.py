"""Credits through the services: notifications and their corrections, the répartition grid and its ceiling, the
path of a version to the DBM (each step journaled), and the next version with what it changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from das.formatting import format_money
from das.models import BudgetLine, FiscalYear
from das.selectors import history_of
from das.workflow import TransitionRefused
from projects.credit_selectors import allocation_changes, allocation_grid
from projects.models import AllocationLine, CreditAllocation, CreditNotification
from projects.services import credits as services
from tests.factories import PartnerFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
Status = CreditAllocation.Status
D = Decimal
TODAY = timezone.localdate


@pytest.fixture
def year():
    return FiscalYear.objects.get_or_create(year=TODAY().year)[0]


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def head(role_users):
    return role_users["chef"]


@pytest.fixture
def dbm(role_users):
    return role_users["dbm"]


@pytest.fixture
def p1():
    return ProgrammeFactory(code="CR1", name_fr="Rattrapage des déficits")


@pytest.fixture
def p2():
    return ProgrammeFactory(code="CR2", name_fr="Précarité")


@pytest.fixture
def infra():
    return BudgetLine.objects.create(code="R1", name_fr="Infrastructures")


@pytest.fixture
def training():
    return BudgetLine.objects.create(code="R2", name_fr="Formation")


def notify(by, year, programme, amount, ref="N-1", on=None, **extra):
    return services.notification_record(
        by=by,
        fiscal_year=year,
        programme=programme,
        amount=D(amount),
        reference=ref,
        notified_on=on or TODAY(),
        **extra,
    )


def correct(by, notification, amount, ref="C-1", note="Erratum de la CN", on=None):
    return services.notification_correct(
        by=by, notification=notification, amount=D(amount), reference=ref, notified_on=on or TODAY(), note=note
    )


def grid(allocation):
    return allocation_grid(allocation)


def messages(exc) -> str:
    return " ".join(exc.messages)


@pytest.fixture
def funded(agent, year, p1, p2):
    """P1 notified 1 000 000 (one notification), P2 600 000."""
    return notify(agent, year, p1, "1000000", "N-P1"), notify(agent, year, p2, "600000", "N-P2")


@pytest.fixture
def draft(agent, year, funded):
    return services.allocation_start(by=agent, fiscal_year=year, note="Répartition initiale")


def filled(allocation, agent, p1, p2, infra, training):
    """P1: 600 000 on R1, 300 000 on R2; P2: 500 000 on R1."""
    return services.allocation_save_grid(
        allocation=allocation,
        by=agent,
        cells={(p1.pk, infra.pk): D("600000"), (p1.pk, training.pk): D("300000"), (p2.pk, infra.pk): D("500000")},
    )


def transmitted(allocation, agent, head):
    validated = services.allocation_validate(allocation=allocation, by=head)
    return services.allocation_transmit(allocation=validated, by=agent, on=TODAY())


# --- Notifications ------------------------------------------------------------------------------------------------


def test_a_notification_is_positive_and_journaled_under_its_author(agent, year, p1):
    entry = notify(agent, year, p1, "750000.50", " N-2026/14 ", note=" Première tranche ")
    assert (entry.amount, entry.reference, entry.note, entry.source) == (
        D("750000.50"),
        "N-2026/14",
        "Première tranche",
        CreditNotification.Source.FUND,
    )
    assert entry.recorded_by == agent and entry.corrects is None
    assert history_of(entry).get().pgh_context["username"] == agent.username
    for amount in ("0", "-10"):
        with pytest.raises(ValidationError, match="doit être positif"):
            notify(agent, year, p1, amount)
    assert CreditNotification.objects.count() == 1


def test_a_correction_is_a_new_signed_entry_with_its_reason(agent, year, p1, funded):
    original = funded[0]
    with pytest.raises(ValidationError, match="motif"):
        correct(agent, original, "-100000", note="  ")
    down = correct(agent, original, "-100000.25")
    up = correct(agent, original, "50000", ref="C-2", note="Complément")
    assert down.corrects == original and up.corrects == original and down.amount == D("-100000.25")
    original.refresh_from_db()
    assert original.amount == D("1000000")  # never changed
    assert services.notified_by_programme(year)[p1.pk] == D("949999.75")
    with pytest.raises(ValidationError, match="montant de la correction"):
        correct(agent, original, "0")


def test_a_correction_may_not_bring_the_programme_below_zero(agent, year, p1, funded):
    original = funded[0]
    correct(agent, original, "-400000")
    with pytest.raises(ValidationError) as caught:
        correct(agent, original, "-600000.01", ref="C-2")
    text = messages(caught.value)
    assert "aurait" in text and format_money(D("-0.01")) in text and "impossible" in text
    assert original.corrections.count() == 1


def test_a_correction_may_not_go_below_what_the_open_version_allocates(
    agent, year, p1, p2, infra, training, funded, draft
):
    filled(draft, agent, p1, p2, infra, training)  # P1: 900 000 allocated of 1 000 000
    with pytest.raises(ValidationError) as caught:
        correct(agent, funded[0], "-100000.01")
    text = messages(caught.value)
    assert "La version 1 de la répartition (Brouillon)" in text
    assert format_money(D("900000")) in text and format_money(D("899999.99")) in text
    assert correct(agent, funded[0], "-100000").amount == D("-100000")  # down to exactly what is allocated


def test_a_correction_may_not_go_below_what_the_last_sent_version_allocates(
    agent, head, year, p1, p2, infra, training, funded, draft
):
    transmitted(filled(draft, agent, p1, p2, infra, training), agent, head)
    # No open version now: the last one sent binds.
    with pytest.raises(ValidationError, match="La version 1 de la répartition \\(Transmise à la DBM\\)"):
        correct(agent, funded[1], "-100001")
    # A version 2 that lowers P2 is prepared, but version 1 (sent) still binds until it is replaced.
    v2 = services.allocation_start(by=agent, fiscal_year=year)
    services.allocation_save_grid(allocation=v2, by=agent, cells={(p2.pk, infra.pk): D("300000")})
    with pytest.raises(ValidationError, match="version 1"):
        correct(agent, funded[1], "-200000")


def test_a_correction_of_a_correction_is_refused(agent, funded):
    first = correct(agent, funded[0], "-1000")
    with pytest.raises(TransitionRefused, match="notification d'origine"):
        correct(agent, first, "-500", ref="C-2")


def test_dates_years_partners_and_roles(role_users, agent, year, p1, funded):
    with pytest.raises(ValidationError, match="futur"):
        notify(agent, year, p1, "1000", on=TODAY() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="futur"):
        correct(agent, funded[0], "-1000", on=TODAY() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="d'avant"):
        notify(agent, year, p1, "1000", on=dt.date(year.year - 2, 12, 31))
    with pytest.raises(ValidationError, match="Indiquez le partenaire"):
        notify(agent, year, p1, "1000", source=CreditNotification.Source.PARTNER)
    partner = PartnerFactory()
    by_partner = notify(agent, year, p1, "1000", source=CreditNotification.Source.PARTNER, partner=partner)
    assert by_partner.partner == partner
    assert notify(agent, year, p1, "1000", partner=partner).partner is None  # only a partner source names one
    assert correct(agent, by_partner, "-500").partner == partner  # the correction keeps the source
    for role in ("chef", "dbm", "coordination", "cabinet", "auditeur"):
        with pytest.raises(PermissionDenied):
            notify(role_users[role], year, p1, "1000")
        with pytest.raises(PermissionDenied):
            correct(role_users[role], funded[0], "-1000")
    count = CreditNotification.objects.count()
    FiscalYear.objects.filter(pk=year.pk).update(is_closed=True)
    with pytest.raises(TransitionRefused, match="clôturé"):
        notify(agent, year, p1, "1000")
    with pytest.raises(TransitionRefused, match="clôturé"):
        correct(agent, funded[0], "-1000")
    with pytest.raises(TransitionRefused, match="clôturé"):
        services.allocation_start(by=agent, fiscal_year=year)
    assert CreditNotification.objects.count() == count


# --- The grid -----------------------------------------------------------------------------------------------------


def test_the_first_version_starts_empty_and_one_version_is_prepared_at_a_time(role_users, agent, year, draft):
    assert (draft.number, draft.status, draft.previous, draft.note) == (1, Status.DRAFT, None, "Répartition initiale")
    assert not draft.lines.exists()
    with pytest.raises(TransitionRefused, match="encore en préparation"):
        services.allocation_start(by=agent, fiscal_year=year)
    with pytest.raises(PermissionDenied):
        services.allocation_start(by=role_users["chef"], fiscal_year=year)
    assert CreditAllocation.objects.count() == 1


def test_cells_are_set_changed_and_removed(agent, p1, p2, infra, training, draft):
    saved = filled(draft, agent, p1, p2, infra, training)
    assert grid(saved) == {
        (p1.pk, infra.pk): D("600000"),
        (p1.pk, training.pk): D("300000"),
        (p2.pk, infra.pk): D("500000"),
    }
    services.allocation_save_grid(
        allocation=saved,
        by=agent,
        cells={(p1.pk, infra.pk): D("650000.50"), (p1.pk, training.pk): D("0"), (p2.pk, training.pk): D("0")},
        note="  Après arbitrage ",
    )
    # Changed, removed, not created for a zero; the cells not given stay as they were.
    assert grid(saved) == {(p1.pk, infra.pk): D("650000.50"), (p2.pk, infra.pk): D("500000")}
    saved.refresh_from_db()
    assert saved.note == "Après arbitrage"


def test_over_the_ceiling_nothing_is_saved_and_the_message_gives_the_figures(agent, p1, p2, infra, training, draft):
    saved = filled(draft, agent, p1, p2, infra, training)
    before, stamp = grid(saved), saved.updated_at
    with pytest.raises(ValidationError) as caught:
        services.allocation_save_grid(
            allocation=saved,
            by=agent,
            # P2 fits, R1 of P1 is lowered, but R2 of P1 goes over: the whole save is refused.
            cells={
                (p2.pk, training.pk): D("100000"),
                (p1.pk, infra.pk): D("500000"),
                (p1.pk, training.pk): D("600000"),
            },
        )
    (message,) = caught.value.messages
    assert str(p1) in message
    assert format_money(D("1100000")) in message  # allocated
    assert format_money(D("1000000")) in message  # notified
    assert format_money(D("100000")) in message  # excess
    assert str(p2) not in message
    assert grid(saved) == before
    saved.refresh_from_db()
    assert saved.updated_at == stamp


def test_a_programme_without_notification_has_no_room(agent, infra, draft):
    unfunded = ProgrammeFactory(code="CR9")
    with pytest.raises(ValidationError) as caught:
        services.allocation_save_grid(allocation=draft, by=agent, cells={(unfunded.pk, infra.pk): D("1")})
    assert format_money(D("0")) in messages(caught.value)
    assert not draft.lines.exists()


def test_negative_cells_stale_grids_sent_versions_and_other_roles_are_refused(
    role_users, agent, head, p1, p2, infra, training, draft
):
    with pytest.raises(ValidationError, match="négatif"):
        services.allocation_save_grid(allocation=draft, by=agent, cells={(p1.pk, infra.pk): D("-1")})
    opened = draft.updated_at
    saved = services.allocation_save_grid(
        allocation=draft, by=agent, cells={(p1.pk, infra.pk): D("1000")}, expected_stamp=opened
    )
    assert saved.updated_at != opened
    # Someone saved since the grid was opened at ``opened``: refused rather than overwritten.
    with pytest.raises(TransitionRefused, match="quelqu'un d'autre"):
        services.allocation_save_grid(
            allocation=draft, by=agent, cells={(p1.pk, infra.pk): D("2000")}, expected_stamp=opened
        )
    assert grid(draft) == {(p1.pk, infra.pk): D("1000")}
    for role in ("chef", "dbm", "auditeur"):
        with pytest.raises(PermissionDenied):
            services.allocation_save_grid(allocation=draft, by=role_users[role], cells={(p1.pk, infra.pk): D("5")})
    validated = services.allocation_validate(allocation=draft, by=head)
    with pytest.raises(TransitionRefused, match="brouillon"):
        services.allocation_save_grid(allocation=validated, by=agent, cells={(p1.pk, infra.pk): D("5")})
    sent = services.allocation_transmit(allocation=validated, by=agent, on=TODAY())
    with pytest.raises(TransitionRefused, match="brouillon"):
        services.allocation_save_grid(allocation=sent, by=agent, cells={(p1.pk, infra.pk): D("5")})
    assert grid(draft) == {(p1.pk, infra.pk): D("1000")}


def test_a_grid_citing_a_deleted_reference_is_refused(agent, p1, infra, draft):
    with pytest.raises(ValidationError, match="n'existe plus"):
        services.allocation_save_grid(allocation=draft, by=agent, cells={(p1.pk, infra.pk + 1000): D("10")})
    assert not draft.lines.exists()


def test_a_retired_rubrique_or_programme_may_be_lowered_or_emptied_but_gets_nothing_more(
    agent, head, year, p1, p2, infra, training, draft
):
    transmitted(filled(draft, agent, p1, p2, infra, training), agent, head)
    BudgetLine.objects.filter(pk=training.pk).update(is_active=False)
    type(p2).objects.filter(pk=p2.pk).update(is_active=False)
    v2 = services.allocation_start(by=agent, fiscal_year=year)  # copies the cells of the retired ones
    assert grid(v2)[(p1.pk, training.pk)] == D("300000")
    for cells, name in (
        ({(p1.pk, training.pk): D("300000.01")}, "R2 – Formation"),
        ({(p1.pk, infra.pk): D("1"), (p2.pk, training.pk): D("1")}, str(p2)),
        ({(p2.pk, infra.pk): D("500001")}, str(p2)),
    ):
        with pytest.raises(ValidationError) as caught:
            services.allocation_save_grid(allocation=v2, by=agent, cells=cells)
        assert name in messages(caught.value) and "n'est plus en usage" in messages(caught.value)
    services.allocation_save_grid(
        allocation=v2,
        by=agent,
        cells={(p1.pk, training.pk): D("0"), (p2.pk, infra.pk): D("400000"), (p1.pk, infra.pk): D("700000")},
    )
    assert grid(v2) == {(p1.pk, infra.pk): D("700000"), (p2.pk, infra.pk): D("400000")}


# --- Transitions --------------------------------------------------------------------------------------------------


def test_validation_needs_a_grid_within_the_ceiling_and_the_head(agent, head, year, p1, p2, infra, training, draft):
    with pytest.raises(TransitionRefused, match="vide"):
        services.allocation_validate(allocation=draft, by=head)
    filled(draft, agent, p1, p2, infra, training)
    with pytest.raises(PermissionDenied):
        services.allocation_validate(allocation=draft, by=agent)
    # The ceiling moved under the draft (a line added directly, as a stale import would): validation re-checks it.
    AllocationLine.objects.create(allocation=draft, programme=p2, budget_line=training, amount=D("100000.01"))
    with pytest.raises(TransitionRefused, match="dépassement"):
        services.allocation_validate(allocation=draft, by=head)
    AllocationLine.objects.filter(allocation=draft, budget_line=training, programme=p2).delete()
    validated = services.allocation_validate(allocation=draft, by=head)
    assert validated.status == Status.VALIDATED and validated.validated_by == head and validated.validated_at
    reopened = services.allocation_reopen(allocation=validated, by=head)
    assert (reopened.status, reopened.validated_at, reopened.validated_by) == (Status.DRAFT, None, None)
    with pytest.raises(TransitionRefused, match="Impossible depuis"):
        services.allocation_reopen(allocation=reopened, by=head)


def test_transmission_dates_and_numbering(agent, head, dbm, year, p1, p2, infra, training, draft):
    validated = services.allocation_validate(allocation=filled(draft, agent, p1, p2, infra, training), by=head)
    with pytest.raises(TransitionRefused, match="Indiquez la date"):
        services.allocation_transmit(allocation=validated, by=agent, on=None)
    with pytest.raises(TransitionRefused, match="futur"):
        services.allocation_transmit(allocation=validated, by=agent, on=TODAY() + dt.timedelta(days=1))
    with pytest.raises(TransitionRefused, match="précéder la validation"):
        services.allocation_transmit(allocation=validated, by=agent, on=TODAY() - dt.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.allocation_transmit(allocation=validated, by=dbm, on=TODAY())
    first = services.allocation_transmit(allocation=validated, by=agent, on=TODAY())
    assert (first.status, first.transmittal_number, first.transmitted_on, first.transmitted_by) == (
        Status.TRANSMITTED,
        f"BE-{year.year}-0001",
        TODAY(),
        agent,
    )
    with pytest.raises(TransitionRefused, match="Impossible depuis"):
        services.allocation_transmit(allocation=first, by=agent, on=TODAY())
    second = services.allocation_start(by=agent, fiscal_year=year)
    second = transmitted(second, agent, head)
    assert second.transmittal_number == f"BE-{year.year}-0002"


def test_acknowledgement_by_the_dbm_on_or_after_transmission(
    role_users, agent, head, dbm, p1, p2, infra, training, draft
):
    validated = services.allocation_validate(allocation=filled(draft, agent, p1, p2, infra, training), by=head)
    with pytest.raises(TransitionRefused, match="Impossible depuis"):
        services.allocation_acknowledge(allocation=validated, by=dbm, on=TODAY())
    sent = services.allocation_transmit(allocation=validated, by=agent, on=TODAY())
    for role in ("suivi_evaluation", "chef", "cabinet"):
        with pytest.raises(PermissionDenied):
            services.allocation_acknowledge(allocation=sent, by=role_users[role], on=TODAY())
    with pytest.raises(TransitionRefused, match="Indiquez la date"):
        services.allocation_acknowledge(allocation=sent, by=dbm, on=None)
    with pytest.raises(TransitionRefused, match="futur"):
        services.allocation_acknowledge(allocation=sent, by=dbm, on=TODAY() + dt.timedelta(days=1))
    with pytest.raises(TransitionRefused, match="précéder la transmission"):
        services.allocation_acknowledge(allocation=sent, by=dbm, on=TODAY() - dt.timedelta(days=1))
    done = services.allocation_acknowledge(allocation=sent, by=dbm, on=TODAY(), note=" Reçu, visé. ")
    assert (done.status, done.acknowledged_on, done.acknowledged_by, done.acknowledgement_note) == (
        Status.ACKNOWLEDGED,
        TODAY(),
        dbm,
        "Reçu, visé.",
    )


def test_each_step_of_a_version_is_journaled_under_its_actor(agent, head, dbm, p1, p2, infra, training, draft):
    saved = filled(draft, agent, p1, p2, infra, training)
    validated = services.allocation_validate(allocation=saved, by=head)
    reopened = services.allocation_reopen(allocation=validated, by=head)
    validated = services.allocation_validate(allocation=reopened, by=head)
    sent = services.allocation_transmit(allocation=validated, by=agent, on=TODAY())
    services.allocation_acknowledge(allocation=sent, by=dbm, on=TODAY())
    events = list(reversed(list(history_of(draft))))
    steps = [(e.pgh_data["status"], e.pgh_context["username"]) for e in events]
    assert steps == [
        (Status.DRAFT, agent.username),  # started
        (Status.DRAFT, agent.username),  # grid saved
        (Status.VALIDATED, head.username),
        (Status.DRAFT, head.username),
        (Status.VALIDATED, head.username),
        (Status.TRANSMITTED, agent.username),
        (Status.ACKNOWLEDGED, dbm.username),
    ]
    assert events[-2].pgh_data["transmittal_number"] == sent.transmittal_number
    # The cells are journaled too, under the agent who set them.
    line = draft.lines.get(programme=p1, budget_line=infra)
    assert history_of(line).get().pgh_context["username"] == agent.username


# --- Versions -----------------------------------------------------------------------------------------------------


def test_the_next_version_copies_the_last_one_sent_and_lists_what_changed(
    agent, head, year, p1, p2, infra, training, draft
):
    v1 = transmitted(filled(draft, agent, p1, p2, infra, training), agent, head)
    v2 = services.allocation_start(by=agent, fiscal_year=year, note="Révision")
    assert (v2.number, v2.previous, v2.status) == (2, v1, Status.DRAFT)
    assert grid(v2) == grid(v1)
    assert allocation_changes(v2) == []
    services.allocation_save_grid(
        allocation=v2,
        by=agent,
        cells={
            (p1.pk, infra.pk): D("550000.10"),  # changed down
            (p1.pk, training.pk): D("0"),  # removed
            (p2.pk, training.pk): D("80000"),  # added
            (p2.pk, infra.pk): D("500000"),  # unchanged
        },
    )
    assert grid(v1)[(p1.pk, training.pk)] == D("300000")  # the version sent stays as it was sent
    changes = [(c.programme, c.budget_line, c.before, c.after, c.delta) for c in allocation_changes(v2)]
    assert changes == [
        (p1, infra, D("600000"), D("550000.10"), D("-49999.90")),
        (p1, training, D("300000"), D("0"), D("-300000")),
        (p2, training, D("0"), D("80000"), D("80000")),
    ]
    assert allocation_changes(v1) == []  # nothing before the first version
    # Read the other way round, against an explicit earlier version.
    reverse = {(c.programme, c.budget_line): c.delta for c in allocation_changes(v1, previous=v2)}
    assert reverse == {(p1, infra): D("49999.90"), (p1, training): D("300000"), (p2, training): D("-80000")}


# --- The CPDH's decision on a version -----------------------------------------------------------------------------


def cpdh_decision(allocation, secretariat, outcome, reason=""):
    """A decision of a CPDH meeting on the version (the agenda item as the « repartition » kind will create it)."""
    from committees.models import AgendaItem, Decision
    from tests.committees import builders

    meeting = builders.meeting(builders.committee(secretariat), secretariat)
    item = AgendaItem.objects.create(
        meeting=meeting, position=1, kind="repartition", object_id=allocation.pk, title=str(allocation)
    )
    return Decision.objects.create(item=item, outcome=outcome, reason=reason, recorded_by=secretariat)


def test_a_rejected_version_goes_back_to_draft_and_reaches_the_dbm_only_after_a_new_cpdh_approval(
    role_users, agent, head, year, p1, p2, infra, training, draft
):
    from committees.models import Decision

    secretariat = role_users["secretariat_cpdh"]
    validated = services.allocation_validate(allocation=filled(draft, agent, p1, p2, infra, training), by=head)
    rejection = cpdh_decision(validated, secretariat, Decision.Outcome.REJECTED, reason="Trop peu pour la précarité")
    with pytest.raises(PermissionDenied):
        services.allocation_record_cpdh_decision(allocation=validated, decision=rejection, by=agent)
    back = services.allocation_record_cpdh_decision(allocation=validated, decision=rejection, by=secretariat)
    assert (back.status, back.cpdh_decision, back.validated_at) == (Status.DRAFT, rejection, None)
    assert history_of(back).first().pgh_context["username"] == secretariat.username
    # The service reworks it, the head validates it again: it goes to the DBM (no new version can start meanwhile).
    services.allocation_save_grid(allocation=back, by=agent, cells={(p2.pk, infra.pk): D("600000")})
    with pytest.raises(TransitionRefused, match="encore en préparation"):
        services.allocation_start(by=agent, fiscal_year=year)
    revalidated = services.allocation_validate(allocation=back, by=head)
    assert not services.rejected_since_validation(revalidated)  # it may go back before the CPDH
    with pytest.raises(TransitionRefused, match="repasse devant le CPDH"):
        services.allocation_transmit(allocation=revalidated, by=agent, on=TODAY())
    approval = cpdh_decision(revalidated, secretariat, Decision.Outcome.APPROVED)
    services.allocation_record_cpdh_decision(allocation=revalidated, decision=approval, by=secretariat)
    sent = services.allocation_transmit(allocation=revalidated, by=agent, on=TODAY())
    assert sent.status == Status.TRANSMITTED and sent.cpdh_decision == approval


def test_a_version_sent_keeps_its_status_when_the_cpdh_rejects_it(
    role_users, agent, head, p1, p2, infra, training, draft
):
    from committees.models import Decision

    secretariat = role_users["secretariat_cpdh"]
    sent = transmitted(filled(draft, agent, p1, p2, infra, training), agent, head)
    rejection = cpdh_decision(sent, secretariat, Decision.Outcome.REJECTED, reason="À revoir")
    kept = services.allocation_record_cpdh_decision(allocation=sent, decision=rejection, by=secretariat)
    assert (kept.status, kept.cpdh_decision, kept.transmittal_number) == (
        Status.TRANSMITTED,
        rejection,
        sent.transmittal_number,
    )
