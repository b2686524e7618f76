"""The CPDH decides on a version of the répartition des crédits through its meeting's agenda (kind « repartition »,
projects/agenda.py): which versions wait for it, what its decision does to the version, and the version's section
of the dossier de séance."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from committees import agenda
from committees.documents import session_context
from committees.models import Committee, Decision
from committees.selectors import agenda_of, meeting_page
from committees.services import meetings as meeting_services
from das.models import BudgetLine, FiscalYear, Programme
from das.workflow import TransitionRefused
from projects.models import CreditAllocation
from projects.services import credits
from tests.committees import builders
from tests.factories import CommuneFactory, PhaseFactory

pytestmark = pytest.mark.django_db

Outcome = Decision.Outcome
Status = CreditAllocation.Status
TODAY = timezone.localdate()


@pytest.fixture
def secretariat(role_users):
    return role_users["secretariat_cpdh"]


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def head(role_users):
    return role_users["chef"]


def validated_version(agent, head, *, year=None):
    """A year with P1 and P2 notified (12 and 8 MDH) and a version validated by the head: 9 MDH to P1 over two
    budget lines, 8 MDH to P2."""
    fiscal_year, _ = FiscalYear.objects.get_or_create(year=year or TODAY.year)
    phase = PhaseFactory()
    p1, _ = Programme.objects.get_or_create(phase=phase, code="P1", defaults={"name_fr": "Rattrapage des déficits"})
    p2, _ = Programme.objects.get_or_create(
        phase=phase, code="P2", defaults={"name_fr": "Accompagnement des personnes en situation de précarité"}
    )
    infra, _ = BudgetLine.objects.get_or_create(code="INF", defaults={"name_fr": "Infrastructures"})
    agr, _ = BudgetLine.objects.get_or_create(code="AGR", defaults={"name_fr": "Activités génératrices de revenus"})
    notified_on = dt.date(fiscal_year.year, 1, 15)
    for programme, amount in ((p1, "12000000"), (p2, "8000000")):
        credits.notification_record(
            by=agent,
            fiscal_year=fiscal_year,
            programme=programme,
            amount=Decimal(amount),
            reference=f"CN-{fiscal_year.year}-{programme.code}",
            notified_on=min(notified_on, TODAY),
        )
    allocation = credits.allocation_start(by=agent, fiscal_year=fiscal_year)
    credits.allocation_save_grid(
        allocation=allocation,
        by=agent,
        cells={
            (p1.pk, infra.pk): Decimal("7000000"),
            (p1.pk, agr.pk): Decimal("2000000"),
            (p2.pk, infra.pk): Decimal("8000000"),
        },
    )
    return credits.allocation_validate(allocation=allocation, by=head)


def cpdh_meeting(secretariat, cpdh=None):
    if cpdh is None:
        cpdh = builders.committee(secretariat)
        builders.members(cpdh, secretariat)
    return builders.meeting(cpdh, secretariat)


def decided(secretariat, allocation, outcome, **fields):
    """The version put on a convened CPDH meeting, everyone present, and the decision recorded."""
    meeting = cpdh_meeting(secretariat)
    (item,) = meeting_services.agenda_add_records(
        meeting=meeting, kind="repartition", records=[allocation], by=secretariat
    )
    meeting_services.meeting_convene(meeting=meeting, by=secretariat)
    meeting.refresh_from_db()
    builders.all_present(meeting, secretariat)
    meeting.refresh_from_db()
    decision = meeting_services.decision_record(item=item, by=secretariat, outcome=outcome, **fields)
    return meeting, item, decision


def candidates(meeting):
    return list(agenda.get("repartition").candidates(meeting))


def test_a_validated_version_waits_for_the_cpdh_not_for_a_cldh(secretariat, agent, head):
    allocation = validated_version(agent, head)
    meeting = cpdh_meeting(secretariat)
    assert candidates(meeting) == [allocation]
    title = agenda.get("repartition").title(candidates(meeting)[0])
    assert title == f"Répartition des crédits {TODAY.year} – version 1 (17\u202f000\u202f000,00\u00a0DH)"

    cldh = builders.committee(secretariat, kind=Committee.Kind.CLDH, commune=CommuneFactory())
    cldh_meeting = builders.meeting(cldh, secretariat)
    assert agenda.get("repartition") not in agenda.kinds_for(cldh_meeting)
    with pytest.raises(TransitionRefused, match="ne décide pas"):
        meeting_services.agenda_add_records(
            meeting=cldh_meeting, kind="repartition", records=[allocation], by=secretariat
        )


def test_a_draft_version_does_not_wait_for_the_cpdh(secretariat, agent, head):
    allocation = validated_version(agent, head)
    credits.allocation_reopen(allocation=allocation, by=head)
    meeting = cpdh_meeting(secretariat)
    assert candidates(meeting) == []
    with pytest.raises(TransitionRefused, match="n'attendent plus"):
        meeting_services.agenda_add_records(meeting=meeting, kind="repartition", records=[allocation], by=secretariat)


def test_a_version_on_an_agenda_leaves_the_pool(secretariat, agent, head):
    allocation = validated_version(agent, head)
    meeting = cpdh_meeting(secretariat)
    (item,) = meeting_services.agenda_add_records(
        meeting=meeting, kind="repartition", records=[allocation], by=secretariat
    )
    assert item.title.startswith(f"Répartition des crédits {TODAY.year} – version 1")
    assert candidates(meeting) == []
    other = builders.meeting(meeting.committee, secretariat, date=meeting.date + dt.timedelta(days=7))
    assert candidates(other) == []


def test_the_candidates_load_in_a_fixed_number_of_queries(secretariat, agent, head):
    meeting = cpdh_meeting(secretariat)
    validated_version(agent, head, year=TODAY.year)
    with CaptureQueriesContext(connection) as one:
        titles = [agenda.get("repartition").title(a) for a in candidates(meeting)]
    assert len(titles) == 1
    second = validated_version(agent, head, year=TODAY.year - 1)
    with CaptureQueriesContext(connection) as two:
        titles = [agenda.get("repartition").title(a) for a in candidates(meeting)]
    assert len(titles) == 2 and second.pk in [a.pk for a in candidates(meeting)]
    assert len(one) == len(two)


def test_an_approval_is_recorded_on_the_version(secretariat, agent, head):
    allocation = validated_version(agent, head)
    meeting, _item, decision = decided(secretariat, allocation, Outcome.APPROVED)
    allocation.refresh_from_db()
    assert allocation.cpdh_decision == decision and allocation.status == Status.VALIDATED
    assert candidates(builders.meeting(meeting.committee, secretariat)) == []
    # The version then goes to the DBM as usual.
    credits.allocation_transmit(allocation=allocation, by=agent, on=TODAY)
    allocation.refresh_from_db()
    assert allocation.status == Status.TRANSMITTED


def test_an_approval_with_reserves_is_recorded_but_no_amount(secretariat, agent, head):
    allocation = validated_version(agent, head)
    meeting = cpdh_meeting(secretariat)
    (item,) = meeting_services.agenda_add_records(
        meeting=meeting, kind="repartition", records=[allocation], by=secretariat
    )
    meeting_services.meeting_convene(meeting=meeting, by=secretariat)
    meeting.refresh_from_db()
    builders.all_present(meeting, secretariat)
    with pytest.raises(ValidationError, match="pas de montant"):
        meeting_services.decision_record(
            item=item,
            by=secretariat,
            outcome=Outcome.APPROVED_WITH_RESERVES,
            reserves="Renforcer P2",
            amended_amount=Decimal("1000000"),
        )
    assert not Decision.objects.exists()
    decision = meeting_services.decision_record(
        item=item, by=secretariat, outcome=Outcome.APPROVED_WITH_RESERVES, reserves="Renforcer P2"
    )
    allocation.refresh_from_db()
    assert allocation.cpdh_decision == decision
    assert allocation.cpdh_decision.reserves == "Renforcer P2"


def test_a_rejection_sends_the_version_back_to_draft_and_it_cannot_be_transmitted(secretariat, agent, head):
    allocation = validated_version(agent, head)
    _meeting, _item, decision = decided(secretariat, allocation, Outcome.REJECTED, reason="P2 sous-doté")
    allocation.refresh_from_db()
    assert allocation.status == Status.DRAFT and allocation.cpdh_decision == decision
    with pytest.raises(TransitionRefused):
        credits.allocation_transmit(allocation=allocation, by=agent, on=TODAY)
    # Validated again without a new CPDH decision, it still cannot go to the DBM.
    credits.allocation_validate(allocation=allocation, by=head)
    with pytest.raises(TransitionRefused, match="rejeté"):
        credits.allocation_transmit(allocation=allocation, by=agent, on=TODAY)
    allocation.refresh_from_db()
    assert allocation.status == Status.VALIDATED and not allocation.transmittal_number
    # Reworked and validated again, it waits for the CPDH once more; its approval opens the way to the DBM.
    later = cpdh_meeting(secretariat)
    assert allocation in candidates(later)
    decided(secretariat, allocation, Outcome.APPROVED)
    sent = credits.allocation_transmit(allocation=allocation, by=agent, on=TODAY)
    assert sent.status == Status.TRANSMITTED


def test_a_decision_on_a_version_sent_back_to_draft_is_refused(secretariat, agent, head):
    allocation = validated_version(agent, head)
    meeting = cpdh_meeting(secretariat)
    (item,) = meeting_services.agenda_add_records(
        meeting=meeting, kind="repartition", records=[allocation], by=secretariat
    )
    meeting_services.meeting_convene(meeting=meeting, by=secretariat)
    meeting.refresh_from_db()
    builders.all_present(meeting, secretariat)
    credits.allocation_reopen(allocation=allocation, by=head)
    with pytest.raises(ValidationError, match="revenue en brouillon"):
        meeting_services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED)
    assert not Decision.objects.exists()


def test_an_adjourned_version_goes_back_to_the_pool(secretariat, agent, head):
    allocation = validated_version(agent, head)
    meeting, _item, _decision = decided(secretariat, allocation, Outcome.ADJOURNED, reason="Attendre la correction")
    allocation.refresh_from_db()
    assert allocation.cpdh_decision is None and allocation.status == Status.VALIDATED
    meeting_services.meeting_close(meeting=meeting, by=secretariat)
    later = builders.meeting(meeting.committee, secretariat)
    assert candidates(later) == [allocation]


def test_a_transmitted_version_can_still_be_approved_and_a_rectification_is_recorded_again(secretariat, agent, head):
    allocation = validated_version(agent, head)
    credits.allocation_transmit(allocation=allocation, by=agent, on=TODAY)
    meeting, _item, decision = decided(
        secretariat, allocation, Outcome.APPROVED_WITH_RESERVES, reserves="Suivre les engagements"
    )
    allocation.refresh_from_db()
    assert allocation.status == Status.TRANSMITTED and allocation.cpdh_decision == decision
    meeting_services.meeting_close(meeting=meeting, by=secretariat)
    meeting_services.decision_rectify(
        decision=decision, by=head, reason="Erreur de plume", reserves="Suivre les engagements par programme"
    )
    allocation.refresh_from_db()
    assert allocation.cpdh_decision == decision
    assert allocation.cpdh_decision.reserves == "Suivre les engagements par programme"


def test_a_version_replaced_by_a_later_one_no_longer_waits(secretariat, agent, head):
    first = validated_version(agent, head)
    credits.allocation_transmit(allocation=first, by=agent, on=TODAY)
    second = credits.allocation_start(by=agent, fiscal_year=first.fiscal_year, note="Ajustement")
    meeting = cpdh_meeting(secretariat)
    assert candidates(meeting) == [first]  # the next version is still a draft
    credits.allocation_validate(allocation=second, by=head)
    assert candidates(meeting) == [second]


def test_the_session_file_shows_the_repartition_by_programme(secretariat, agent, head, tmp_path):
    from tests.projects.test_call_notice import pdf_text

    allocation = validated_version(agent, head)
    meeting = cpdh_meeting(secretariat)
    meeting_services.agenda_add_records(meeting=meeting, kind="repartition", records=[allocation], by=secretariat)
    items = agenda_of(meeting)
    context = session_context(meeting, items)
    (section,) = context["sections"]
    assert section["template"] == "projects/agenda/allocation_session.html"
    figures = section["session"]
    assert [(row["code"], row["notified"], row["allocated"], row["remaining"]) for row in figures["programmes"]] == [
        ("P1", "12\u202f000\u202f000,00\u00a0DH", "9\u202f000\u202f000,00\u00a0DH", "3\u202f000\u202f000,00\u00a0DH"),
        ("P2", "8\u202f000\u202f000,00\u00a0DH", "8\u202f000\u202f000,00\u00a0DH", "0,00\u00a0DH"),
    ]
    assert figures["notified"] == "20\u202f000\u202f000,00\u00a0DH"
    assert figures["allocated"] == "17\u202f000\u202f000,00\u00a0DH"

    from committees import documents

    text = pdf_text(documents.render_session(meeting, items), tmp_path, "session-repartition.pdf")
    assert "Répartition par programme" in text and "Répartition par rubrique budgétaire" in text
    assert "Rattrapage des déficits" in text and "Infrastructures" in text
    assert "75 %" in text  # 9 of the 12 MDH notified for P1
    assert "Validée par le chef" in text


def test_the_session_figures_take_a_fixed_number_of_queries(secretariat, agent, head):
    from projects.documents import allocation_session_context

    allocation = validated_version(agent, head)
    record = agenda.get("repartition").load([allocation.pk])[allocation.pk]
    with CaptureQueriesContext(connection) as queries:
        allocation_session_context(record)
    assert len(queries) <= 3


def test_the_agenda_page_lists_the_waiting_version_and_puts_it_on_the_agenda(secretariat, agent, head, client_as):
    from django.urls import reverse

    from tests.committees.test_meeting_views import page_text

    allocation = validated_version(agent, head)
    meeting = cpdh_meeting(secretariat)
    client = client_as(secretariat)
    url = reverse("committees:agenda_add", args=[meeting.pk])
    page = page_text(client.get(url))
    assert "Répartition des crédits" in page and "Validée par le chef" in page
    assert "17\u202f000\u202f000,00" in page
    response = client.post(url, {"action": "records", "kind": "repartition", "records": [allocation.pk]})
    assert response.status_code == 302
    (item,) = meeting.items.all()
    assert (item.kind, item.object_id) == ("repartition", allocation.pk)
    # The meeting's page shows the point, with or without a link to the version's page.
    assert item.title in page_text(client.get(meeting.get_absolute_url()))


def test_the_arabic_agenda_names_the_point_a_repartition(secretariat, agent, head, tmp_path):
    from committees import documents
    from tests.projects.test_call_notice import as_extracted, pdf_text

    allocation = validated_version(agent, head)
    meeting = cpdh_meeting(secretariat)
    meeting_services.agenda_add_records(meeting=meeting, kind="repartition", records=[allocation], by=secretariat)
    text = pdf_text(documents.render_agenda(meeting_page(meeting.pk), "ar"), tmp_path, "agenda-repartition-ar.pdf")
    assert as_extracted("توزيع الاعتمادات") in text
