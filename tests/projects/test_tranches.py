"""Tranches and payments of a convention: the schedule equals the INDH contribution, the head releases a tranche
once the previous one is fully paid, and payments never exceed the tranche nor the INDH contribution."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from das.workflow import TransitionRefused
from projects.models import Convention, Payment, Tranche
from projects.services import conventions as convention_services
from projects.services import tranches as services
from projects.services.tranches import TrancheLine
from tests.committees.test_meeting_services import approved_project
from tests.factories import CommuneFactory
from tests.projects.test_convention_services import at

pytestmark = pytest.mark.django_db
Status = Convention.Status


def valid_rib(first_22="0117800000123456789012"):
    from das.validators import rib_key

    return f"{first_22}{rib_key(first_22):02d}"


RIB = valid_rib()


def lines(*amounts):
    return [TrancheLine(Decimal(a), f"Conditions {i}") for i, a in enumerate(amounts, start=1)]


@pytest.fixture
def convention(role_users):
    """A convention in execution: INDH 300 000."""
    project = approved_project(role_users)
    draft = convention_services.convention_create(project=project, by=role_users["suivi_evaluation"])
    return at(draft, Status.EXECUTING, role_users)


@pytest.fixture
def scheduled(convention, role_users):
    """Two tranches, 120 000 then 180 000."""
    services.tranche_schedule_set(convention=convention, by=role_users["suivi_evaluation"], lines=lines(120000, 180000))
    return convention


def pay(tranche, by, amount, ref="OP-1", rib=RIB, paid_on=None):
    return services.payment_record(
        tranche=tranche,
        by=by,
        paid_on=paid_on or timezone.localdate(),
        amount=Decimal(amount),
        payment_order=ref,
        rib=rib,
    )


# --- Schedule ---------------------------------------------------------------------------------------------------


def test_the_schedule_must_add_up_to_the_indh_contribution(convention, role_users):
    agent = role_users["suivi_evaluation"]
    assert services.indh_contribution(convention) == Decimal("300000")
    with pytest.raises(TransitionRefused, match="doit égaler la contribution INDH"):
        services.tranche_schedule_set(convention=convention, by=agent, lines=lines(100000, 100000))
    with pytest.raises(TransitionRefused, match="positif"):
        services.tranche_schedule_set(convention=convention, by=agent, lines=lines(300000, 0))
    with pytest.raises(TransitionRefused, match="au moins une tranche"):
        services.tranche_schedule_set(convention=convention, by=agent, lines=[])
    assert not Tranche.objects.exists()
    tranches = services.tranche_schedule_set(convention=convention, by=agent, lines=lines(100000, 200000))
    assert [(t.number, t.amount) for t in tranches] == [(1, Decimal("100000")), (2, Decimal("200000"))]
    tranches = services.tranche_schedule_set(convention=convention, by=agent, lines=lines(300000))
    assert [(t.number, t.amount) for t in tranches] == [(1, Decimal("300000"))]


def test_the_schedule_is_refused_to_readers_and_on_a_closed_or_terminated_convention(convention, role_users):
    for role in ("auditeur", "cabinet", "dbm"):
        with pytest.raises(PermissionDenied):
            services.tranche_schedule_set(convention=convention, by=role_users[role], lines=lines(300000))
    convention_services.convention_close(
        convention=convention, by=role_users["suivi_evaluation"], on=timezone.localdate()
    )
    with pytest.raises(TransitionRefused, match="ne se modifie plus"):
        services.tranche_schedule_set(convention=convention, by=role_users["suivi_evaluation"], lines=lines(300000))


def test_a_released_tranche_stays_in_the_schedule(scheduled, role_users):
    agent = role_users["suivi_evaluation"]
    services.tranche_release(tranche=scheduled.tranches.get(number=1), by=role_users["chef"])
    with pytest.raises(TransitionRefused, match="déjà débloquée"):
        services.tranche_schedule_set(convention=scheduled, by=agent, lines=lines(150000, 150000))
    kept = [TrancheLine(Decimal("120000"), "Conditions 1"), *lines(80000, 100000)[:2]]
    services.tranche_schedule_set(convention=scheduled, by=agent, lines=kept)
    assert list(scheduled.tranches.values_list("number", "amount", "released")) == [
        (1, Decimal("120000"), True),
        (2, Decimal("80000"), False),
        (3, Decimal("100000"), False),
    ]


def test_the_database_refuses_a_tranche_not_positive(scheduled):
    with pytest.raises(IntegrityError), transaction.atomic():
        Tranche.objects.create(convention=scheduled, number=9, amount=Decimal("0"))


# --- Release ----------------------------------------------------------------------------------------------------


def test_only_the_head_releases_and_the_previous_tranche_must_be_fully_paid(scheduled, role_users):
    head, agent = role_users["chef"], role_users["suivi_evaluation"]
    first, second = scheduled.tranches.order_by("number")
    for role in ("suivi_evaluation", "auditeur", "cabinet"):
        with pytest.raises(PermissionDenied):
            services.tranche_release(tranche=first, by=role_users[role])
    with pytest.raises(TransitionRefused, match="entièrement payée"):
        services.tranche_release(tranche=second, by=head)
    released = services.tranche_release(tranche=first, by=head)
    assert released.released and released.conditions_met_by == head
    assert released.released_on == released.conditions_met_on == timezone.localdate()
    with pytest.raises(TransitionRefused, match="déjà débloquée"):
        services.tranche_release(tranche=first, by=head)
    pay(first, agent, "100000")
    with pytest.raises(TransitionRefused, match="entièrement payée"):
        services.tranche_release(tranche=second, by=head)
    pay(first, agent, "20000", ref="OP-2")
    assert services.tranche_release(tranche=second, by=head).released


def test_no_release_before_the_signature(convention, role_users):
    services.tranche_schedule_set(convention=convention, by=role_users["suivi_evaluation"], lines=lines(300000))
    Convention.objects.filter(pk=convention.pk).update(status=Status.TRANSMITTED)
    with pytest.raises(TransitionRefused, match="signée ou en exécution"):
        services.tranche_release(tranche=convention.tranches.get(), by=role_users["chef"])


# --- Payments ---------------------------------------------------------------------------------------------------


def test_payments_never_exceed_the_tranche_nor_the_indh_contribution(scheduled, role_users):
    head, agent = role_users["chef"], role_users["suivi_evaluation"]
    first, second = scheduled.tranches.order_by("number")
    with pytest.raises(TransitionRefused, match="n'est pas débloquée"):
        pay(first, agent, "1000")
    services.tranche_release(tranche=first, by=head)
    with pytest.raises(TransitionRefused, match="dépasse la tranche 1"):
        pay(first, agent, "120000.01")
    payment = pay(first, agent, "120000")
    assert payment.recorded_by == agent and payment.rib == RIB
    services.tranche_release(tranche=second, by=head)
    pay(second, agent, "179000", ref="OP-2")
    with pytest.raises(TransitionRefused, match="au-delà de la contribution INDH"):
        pay(second, agent, "1000.01", ref="OP-3")
    pay(second, agent, "1000", ref="OP-3")
    assert services.paid_total(scheduled) == Decimal("300000")
    totals = {t.number: (t.paid, t.remaining) for t in services.tranches_with_totals(scheduled)}
    assert totals == {1: (Decimal("120000"), Decimal("0")), 2: (Decimal("180000"), Decimal("0"))}


def test_a_payment_needs_a_valid_rib_a_new_order_a_past_date_and_a_positive_amount(scheduled, role_users):
    agent = role_users["suivi_evaluation"]
    first = scheduled.tranches.get(number=1)
    services.tranche_release(tranche=first, by=role_users["chef"])
    with pytest.raises(TransitionRefused, match="clé RIB"):
        pay(first, agent, "1000", rib=RIB[:-2] + ("00" if RIB[-2:] != "00" else "01"))
    with pytest.raises(TransitionRefused, match="24 chiffres"):
        pay(first, agent, "1000", rib="1234")
    with pytest.raises(TransitionRefused, match="futur"):
        pay(first, agent, "1000", paid_on=timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(TransitionRefused, match="positif"):
        pay(first, agent, "0")
    spaced = " ".join(RIB[i : i + 4] for i in range(0, 24, 4))
    assert pay(first, agent, "1000", rib=spaced).rib == RIB
    with pytest.raises(TransitionRefused, match="déjà enregistré"):
        pay(first, agent, "1000", ref="op-1")
    assert Payment.objects.count() == 1


def test_payments_are_refused_to_other_roles_and_outside_signed_or_executing(scheduled, role_users):
    agent = role_users["suivi_evaluation"]
    first = scheduled.tranches.get(number=1)
    services.tranche_release(tranche=first, by=role_users["chef"])
    for role in ("auditeur", "cabinet", "communication"):
        with pytest.raises(PermissionDenied):
            pay(first, role_users[role], "1000")
    convention_services.convention_close(convention=scheduled, by=agent, on=timezone.localdate())
    with pytest.raises(TransitionRefused, match="signée ou en exécution"):
        pay(first, agent, "1000")
    assert not Payment.objects.exists()


# --- Pages ------------------------------------------------------------------------------------------------------


def test_the_convention_page_shows_the_tranches_and_the_allowed_buttons(scheduled, role_users, client_as):
    from django.urls import reverse

    first = scheduled.tranches.get(number=1)
    url = scheduled.get_absolute_url()
    page = client_as(role_users["chef"]).get(url).content.decode()
    assert page.count('data-testid="tranche-row"') == 2
    assert reverse("projects:tranche_release", args=[first.pk]) in page
    assert reverse("projects:tranche_schedule", args=[scheduled.pk]) not in page
    agent_page = client_as(role_users["suivi_evaluation"]).get(url).content.decode()
    assert reverse("projects:tranche_schedule", args=[scheduled.pk]) in agent_page
    assert reverse("projects:payment_create", args=[first.pk]) not in agent_page  # not released yet
    auditor_page = client_as(role_users["auditeur"]).get(url).content.decode()
    assert "tranche_release" not in auditor_page and "/debloquer/" not in auditor_page


def test_an_empty_schedule_offers_several_lines(convention, role_users, client_as):
    """Two tranches are typed on the page at once; the spare lines left blank are ignored."""
    from django.urls import reverse

    agent = client_as(role_users["suivi_evaluation"])
    url = reverse("projects:tranche_schedule", args=[convention.pk])
    assert agent.get(url).content.decode().count('data-testid="tranche-form"') >= 2
    data = {"tranches-TOTAL_FORMS": "3", "tranches-INITIAL_FORMS": "0", "mode": "montant"}
    data.update({f"tranches-{i}-{name}": "" for i in range(3) for name in ("amount", "conditions", "due_on")})
    data.update({"tranches-0-amount": "120 000", "tranches-1-amount": "180 000"})
    assert agent.post(url, data).status_code == 302
    assert list(convention.tranches.values_list("amount", flat=True)) == [Decimal("120000"), Decimal("180000")]


def test_schedule_release_and_payment_through_the_pages(convention, role_users, client_as):
    from django.urls import reverse

    agent = client_as(role_users["suivi_evaluation"])
    url = reverse("projects:tranche_schedule", args=[convention.pk])
    data = {
        "tranches-TOTAL_FORMS": "2",
        "tranches-INITIAL_FORMS": "0",
        "tranches-0-amount": "100 000",
        "tranches-0-conditions": "Signature",
        "tranches-1-amount": "100000",
        "tranches-1-conditions": "Justification",
    }
    refused = agent.post(url, data)
    assert refused.status_code == 200 and "doit égaler la contribution INDH" in refused.content.decode()
    data["tranches-1-amount"] = "200000"
    assert agent.post(url, data).status_code == 302
    first = convention.tranches.get(number=1)
    head = client_as(role_users["chef"])
    release_url = reverse("projects:tranche_release", args=[first.pk])
    on = timezone.localdate().isoformat()
    assert head.post(release_url, {"on": on, "confirmed": "on"}).status_code == 302
    first.refresh_from_db()
    assert first.released
    agent = client_as(role_users["suivi_evaluation"])
    pay_url = reverse("projects:payment_create", args=[first.pk])
    too_much = agent.post(pay_url, {"paid_on": on, "amount": "100000,01", "payment_order": "OP-9", "rib": RIB})
    assert too_much.status_code == 200 and "dépasse la tranche 1" in too_much.content.decode()
    done = agent.post(pay_url, {"paid_on": on, "amount": "40000", "payment_order": "OP-9", "rib": RIB})
    assert done.status_code == 302
    assert Payment.objects.get().amount == Decimal("40000")


def test_the_payments_list_filters_and_exports(scheduled, role_users, client_as):
    from django.urls import reverse

    first = scheduled.tranches.get(number=1)
    services.tranche_release(tranche=first, by=role_users["chef"])
    pay(first, role_users["suivi_evaluation"], "5000", ref="OP-LIST")
    reader = client_as(role_users["auditeur"])
    url = reverse("projects:payment_list")
    year = timezone.localdate().year
    page = reader.get(url, {"year": year, "commune": scheduled.project.commune_id})
    assert page.status_code == 200 and "OP-LIST" in page.content.decode()
    other = CommuneFactory()
    assert "OP-LIST" not in reader.get(url, {"commune": other.pk}).content.decode()
    assert "OP-LIST" not in reader.get(url, {"year": year - 1}).content.decode()
    export = reader.get(url, {"export": "xlsx"})
    assert export.status_code == 200


@pytest.mark.parametrize("amount", ["1e400", "9" * 30])
def test_a_huge_tranche_amount_is_refused_on_the_page(convention, role_users, client_as, amount):
    from django.urls import reverse

    data = {"tranches-TOTAL_FORMS": "1", "tranches-INITIAL_FORMS": "0", "tranches-0-amount": amount}
    url = reverse("projects:tranche_schedule", args=[convention.pk])
    response = client_as(role_users["suivi_evaluation"]).post(url, data)
    assert response.status_code == 200 and not convention.tranches.exists()
