"""Two people changing a year's credits at once, each on their own database connection: the fiscal year's lock
serves them one after the other, so what a programme is given never exceeds what was notified for it."""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from das.formatting import format_money
from das.models import BudgetLine, FiscalYear
from projects.credit_selectors import allocation_grid
from projects.models import CreditAllocation, CreditNotification
from projects.services import credits as services
from tests.committees.test_concurrency import WAIT, run_in_threads
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal


@pytest.fixture
def ground(role_users):
    """P1 notified 1 000 000; version 1 in draft gives it 600 000 on R1."""
    agent = role_users["suivi_evaluation"]
    year = FiscalYear.objects.get_or_create(year=timezone.localdate().year)[0]
    programme = ProgrammeFactory(code="CC1")
    r1 = BudgetLine.objects.create(code="R1", name_fr="Infrastructures")
    r2 = BudgetLine.objects.create(code="R2", name_fr="Formation")
    r3 = BudgetLine.objects.create(code="R3", name_fr="Communication")
    notification = services.notification_record(
        by=agent,
        fiscal_year=year,
        programme=programme,
        amount=D("1000000"),
        reference="N-1",
        notified_on=timezone.localdate(),
    )
    draft = services.allocation_start(by=agent, fiscal_year=year)
    services.allocation_save_grid(allocation=draft, by=agent, cells={(programme.pk, r1.pk): D("600000")})
    return {
        "agent": agent,
        "year": year,
        "programme": programme,
        "lines": (r1, r2, r3),
        "notification": notification,
        "draft": draft,
    }


def set_cell(ground, line, amount):
    def target():
        return services.allocation_save_grid(
            allocation=ground["draft"], by=ground["agent"], cells={(ground["programme"].pk, line.pk): D(amount)}
        )

    return target


def lower_notification(ground, amount):
    def target():
        return services.notification_correct(
            by=ground["agent"],
            notification=ground["notification"],
            amount=D(amount),
            reference="C-1",
            notified_on=timezone.localdate(),
            note="Réduction de l'enveloppe",
        )

    return target


def together(*targets):
    barrier = threading.Barrier(len(targets), timeout=WAIT)

    def started(target):
        def run():
            barrier.wait()
            return target()

        return run

    return run_in_threads(*(started(t) for t in targets))


def held_first(monkeypatch, name, first, second):
    """``first`` is held inside the year's lock (in ``services.<name>``) until ``second`` has started and waits."""
    first_inside, second_started = threading.Event(), threading.Event()
    original = getattr(services, name)

    def slow(*args, **kwargs):
        if not first_inside.is_set():
            first_inside.set()
            second_started.wait(timeout=WAIT)
            time.sleep(0.5)  # the second writer is now waiting on the fiscal year's lock
        return original(*args, **kwargs)

    monkeypatch.setattr(services, name, slow)

    def then():
        first_inside.wait(timeout=WAIT)
        second_started.set()
        return second()

    return run_in_threads(first, then)


def invariant_holds(ground):
    notified = services.notified_by_programme(ground["year"])
    for allocation in CreditAllocation.objects.filter(fiscal_year=ground["year"]):
        for programme_id, allocated in services.allocated_by_programme(allocation).items():
            assert allocated <= notified.get(programme_id, D("0")), (allocation, allocated, notified)


def test_two_cells_that_fit_alone_but_not_together_one_is_refused(ground):
    r1, r2, r3 = ground["lines"]
    results = together(set_cell(ground, r2, "300000"), set_cell(ground, r3, "250000"))
    won = [r for r in results if isinstance(r, CreditAllocation)]
    lost = [r for r in results if isinstance(r, ValidationError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert "dépassement" in " ".join(lost[0].messages) and format_money(D("1000000")) in " ".join(lost[0].messages)
    grid = allocation_grid(ground["draft"])
    pk = ground["programme"].pk
    assert grid in (
        {(pk, r1.pk): D("600000"), (pk, r2.pk): D("300000")},
        {(pk, r1.pk): D("600000"), (pk, r3.pk): D("250000")},
    )
    invariant_holds(ground)


def test_the_second_editor_is_checked_against_what_the_first_saved(ground, monkeypatch):
    r1, r2, r3 = ground["lines"]
    first, second = held_first(
        monkeypatch, "ceiling_problems", set_cell(ground, r2, "300000"), set_cell(ground, r3, "250000")
    )
    assert isinstance(first, CreditAllocation), first
    assert isinstance(second, ValidationError), second
    message = " ".join(second.messages)
    # 600 000 + 300 000 (the first's) + 250 000 = 1 150 000 for 1 000 000 notified.
    assert format_money(D("1150000")) in message and format_money(D("150000")) in message
    pk = ground["programme"].pk
    assert allocation_grid(ground["draft"]) == {(pk, r1.pk): D("600000"), (pk, r2.pk): D("300000")}


def test_two_cells_that_fit_together_both_succeed(ground):
    r1, r2, r3 = ground["lines"]
    results = together(set_cell(ground, r2, "200000"), set_cell(ground, r3, "200000"))
    assert all(isinstance(r, CreditAllocation) for r in results), results
    pk = ground["programme"].pk
    assert allocation_grid(ground["draft"]) == {
        (pk, r1.pk): D("600000"),
        (pk, r2.pk): D("200000"),
        (pk, r3.pk): D("200000"),
    }
    invariant_holds(ground)


def test_a_grid_edit_racing_a_downward_correction(ground):
    """Together: 900 000 given for 800 000 notified. Whatever the order, one of them is refused."""
    _r1, r2, _r3 = ground["lines"]
    results = together(set_cell(ground, r2, "300000"), lower_notification(ground, "-200000"))
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    invariant_holds(ground)


def test_a_correction_held_in_the_lock_refuses_the_grid_edit_that_follows(ground, monkeypatch):
    _r1, r2, _r3 = ground["lines"]
    first, second = held_first(
        monkeypatch, "_binding_versions", lower_notification(ground, "-200000"), set_cell(ground, r2, "300000")
    )
    assert isinstance(first, CreditNotification), first
    assert isinstance(second, ValidationError) and format_money(D("800000")) in " ".join(second.messages), second
    assert services.allocated_by_programme(ground["draft"]) == {ground["programme"].pk: D("600000")}
    invariant_holds(ground)


def test_a_grid_edit_held_in_the_lock_refuses_the_correction_that_follows(ground, monkeypatch):
    _r1, r2, _r3 = ground["lines"]
    first, second = held_first(
        monkeypatch, "ceiling_problems", set_cell(ground, r2, "300000"), lower_notification(ground, "-200000")
    )
    assert isinstance(first, CreditAllocation), first
    assert isinstance(second, ValidationError) and "La version 1" in " ".join(second.messages), second
    assert not CreditNotification.objects.filter(corrects__isnull=False).exists()
    invariant_holds(ground)


def test_two_agents_starting_the_next_version_at_once_make_one(ground, role_users):
    head = role_users["chef"]
    validated = services.allocation_validate(allocation=ground["draft"], by=head)
    services.allocation_transmit(allocation=validated, by=ground["agent"], on=timezone.localdate())

    def start():
        return services.allocation_start(by=ground["agent"], fiscal_year=ground["year"])

    results = together(start, start)
    assert sum(isinstance(r, CreditAllocation) for r in results) == 1, results
    assert sum(isinstance(r, ValidationError) and "encore en préparation" in str(r) for r in results) == 1, results
    assert list(CreditAllocation.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
