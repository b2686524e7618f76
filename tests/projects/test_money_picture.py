"""The money picture of a year against figures computed by hand, to the centime: what was notified, allocated by the
version in force, committed (conventions signed in the year after their avenants, what was paid on a terminated
one, marchés of projects without a convention), paid, available, and the two rates; the phase filter; and a number
of queries that does not grow with the number of conventions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from das.models import BudgetLine, FiscalYear
from projects.credit_selectors import NO_LINE, money_picture
from projects.models import Convention, ConventionParty, Payment, Procurement, Project, Tranche
from projects.services import amendments as amendment_services
from projects.services import conventions as convention_services
from projects.services import credits as credit_services
from projects.services import procurement as procurement_services
from projects.services import record as record_services
from projects.services import tranches as tranche_services
from projects.services.tranches import TrancheLine
from tests.factories import CommuneFactory, PartnerFactory, PhaseFactory, ProgrammeFactory
from tests.projects.test_amendments import contributions, raise_indh, sign, to_cabinet
from tests.projects.test_convention_services import at, tiny_pdf
from tests.projects.test_tranches import RIB, pay

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = timezone.localdate


def project(head, programme, line, indh, holder="200000", title="Projet"):
    return record_services.project_register(
        by=head,
        title=title,
        phase=programme.phase,
        programme=programme,
        budget_line=line,
        holder=PartnerFactory(),
        commune=CommuneFactory(),
        estimated_cost=D(indh) + D(holder),
        indh_share=D(indh),
        holder_contribution=D(holder),
        duration_months=12,
        validated_on=TODAY() - dt.timedelta(days=30),
    )


def signed(project, role_users, status=Convention.Status.SIGNED):
    draft = convention_services.convention_create(project=project, by=role_users["suivi_evaluation"])
    return at(draft, status, role_users)


def scheduled(convention, agent, *amounts):
    return tranche_services.tranche_schedule_set(
        convention=convention, by=agent, lines=[TrancheLine(D(a), f"Tranche {i}") for i, a in enumerate(amounts, 1)]
    )


def released(tranche, role_users):
    return tranche_services.tranche_release(tranche=tranche, by=role_users["chef"])


def marche(project, agent, reference, amount, **extra):
    return procurement_services.procurement_create(
        project=project,
        by=agent,
        procedure=Procurement.Procedure.OPEN_TENDER,
        reference=reference,
        subject="Travaux",
        estimated_amount=D(amount),
        published_on=TODAY() - dt.timedelta(days=40),
        bids_opened_on=TODAY() - dt.timedelta(days=20),
        awarded_on=TODAY() - dt.timedelta(days=10),
        contractor_name="Entreprise Souss BTP",
        awarded_amount=D(amount),
        **extra,
    )


@pytest.fixture
def known(role_users):
    """A year built through the services; every figure below is computed by hand from it.

    Programme A (phase III): notified 1 200 000 − 150 000 (a correction) = 1 050 000; programme B (phase II):
    900 000. Version 1, transmitted: A/R1 600 000, A/R2 300 000, B/R1 750 000, B/R2 150 000. Version 2, still a
    draft, gives A/R1 700 000: it is not in force.
    """
    agent, head = role_users["suivi_evaluation"], role_users["chef"]
    year = FiscalYear.objects.get_or_create(year=TODAY().year)[0]
    last_year = FiscalYear.objects.get_or_create(year=TODAY().year - 1)[0]
    phase_two = PhaseFactory(code="II", name_fr="Phase II", start_year=2011, end_year=2018)
    a = ProgrammeFactory(code="PA", phase=PhaseFactory())
    b = ProgrammeFactory(code="PB", phase=phase_two)
    r1 = BudgetLine.objects.create(code="R1", name_fr="Infrastructures")
    r2 = BudgetLine.objects.create(code="R2", name_fr="Formation")

    def notify(programme, amount, ref, fiscal_year=year, on=None):
        return credit_services.notification_record(
            by=agent,
            fiscal_year=fiscal_year,
            programme=programme,
            amount=D(amount),
            reference=ref,
            notified_on=on or TODAY(),
        )

    first = notify(a, "1200000", "N-A")
    credit_services.notification_correct(
        by=agent, notification=first, amount=D("-150000"), reference="C-A", notified_on=TODAY(), note="Erratum"
    )
    notify(b, "900000", "N-B")
    notify(a, "5000000", "N-A-ancien", fiscal_year=last_year, on=dt.date(TODAY().year - 1, 3, 1))  # another year

    v1 = credit_services.allocation_start(by=agent, fiscal_year=year)
    credit_services.allocation_save_grid(
        allocation=v1,
        by=agent,
        cells={
            (a.pk, r1.pk): D("600000"),
            (a.pk, r2.pk): D("300000"),
            (b.pk, r1.pk): D("750000"),
            (b.pk, r2.pk): D("150000"),
        },
    )
    v1 = credit_services.allocation_validate(allocation=v1, by=head)
    v1 = credit_services.allocation_transmit(allocation=v1, by=agent, on=TODAY())
    v2 = credit_services.allocation_start(by=agent, fiscal_year=year)
    credit_services.allocation_save_grid(allocation=v2, by=agent, cells={(a.pk, r1.pk): D("700000")})

    # A/R1: INDH 300 000 raised to 350 000 by a signed avenant; 100 000 paid on the first tranche.
    amended = signed(project(head, a, r1, "300000"), role_users, Convention.Status.EXECUTING)
    first_tranche, _second = scheduled(amended, agent, "120000", "180000")
    pay(released(first_tranche, role_users), agent, "100000", ref="OP-A1")
    avenant = amendment_services.amendment_create(convention=amended, by=agent, reason="Extension")
    to_cabinet(raise_indh(avenant, amended, agent), role_users)
    sign(avenant, role_users)
    # Its marché does not count twice: the convention commits the project.
    marche(amended.project, agent, "AO-A1", "500000")

    # A/R2: INDH 200 000, 80 000 paid, then terminated: only the 80 000 paid is committed.
    stopped = signed(project(head, a, r2, "200000"), role_users)
    (tranche,) = scheduled(stopped, agent, "200000")
    pay(released(tranche, role_users), agent, "80000", ref="OP-A2")
    convention_services.convention_terminate(convention=stopped, by=head, on=TODAY(), reason="Porteur défaillant")

    # A without a rubrique: INDH 100 000, 12 345,67 paid.
    unclassified = signed(project(head, a, None, "100000"), role_users)
    (tranche,) = scheduled(unclassified, agent, "100000")
    pay(released(tranche, role_users), agent, "12345.67", ref="OP-A3")

    # A/R1, signed last year: neither its commitment nor this year's payment on it count in this year.
    old = convention_services.convention_create(project=project(head, a, r1, "250000"), by=agent)
    old = at(old, Convention.Status.TRANSMITTED, role_users)
    Convention.objects.filter(pk=old.pk).update(transmitted_at=timezone.now().replace(year=TODAY().year - 1))
    old = convention_services.convention_sign(
        convention=old, by=role_users["cabinet"], signed_on=dt.date(TODAY().year - 1, 12, 15), scan=tiny_pdf()
    )
    (tranche,) = scheduled(old, agent, "250000")
    pay(released(tranche, role_users), agent, "50000", ref="OP-OLD")

    # B/R1: INDH 450 000 signed, 150 000 paid (a third: 33,33 %).
    third = signed(project(head, b, r1, "450000"), role_users)
    (tranche,) = scheduled(third, agent, "450000")
    pay(released(tranche, role_users), agent, "150000", ref="OP-B1")
    # An avenant still being drafted changes nothing until it is signed.
    pending = amendment_services.amendment_create(convention=third, by=agent, reason="Extension")
    amendment_services.amendment_edit(
        amendment=pending,
        by=agent,
        reason="Extension",
        cost=D("700000"),
        duration_months=18,
        contributions=contributions(third, governor="500000"),
    )

    # B/R2: a convention still a draft does not count…
    convention_services.convention_create(project=project(head, b, r2, "100000"), by=agent)
    # …a project carried out without a convention counts its marché awarded this year, not the cancelled one.
    direct = project(head, b, r2, "400000")
    marche(direct, agent, "AO-B2", "123456.78")
    cancelled = marche(direct, agent, "AO-B2-bis", "99999")
    procurement_services.procurement_end(
        procurement=cancelled, by=agent, ending=Procurement.Ending.CANCELLED, on=TODAY(), reason="Offres trop chères"
    )
    return {"year": year, "a": a, "b": b, "r1": r1, "r2": r2, "v1": v1}


def figures(f):
    return (
        f.notified,
        f.allocated,
        f.committed,
        f.paid,
        f.available,
        f.engagement_rate,
        f.emission_rate,
    )


def test_every_figure_of_the_year_to_the_centime(known):
    picture = money_picture(known["year"])
    assert picture.allocation == known["v1"]
    a, b, r1, r2 = known["a"], known["b"], known["r1"], known["r2"]
    assert [row.programme for row in picture.rows] == [b, a]  # phase II before phase III
    by_programme = {row.programme: row for row in picture.rows}

    row_a = by_programme[a]
    assert [line.budget_line for line in row_a.lines] == [r1, r2, NO_LINE]  # « Rubrique non précisée » last
    assert row_a.lines[2].budget_line_key == "aucune"
    #                                    notified  allocated      committed       paid            available
    assert figures(row_a.lines[0].figures) == (
        None, D("600000"), D("350000"), D("100000"), D("250000"), D("58.33"), D("28.57")
    )  # fmt: skip
    assert figures(row_a.lines[1].figures) == (
        None, D("300000"), D("80000"), D("80000"), D("220000"), D("26.67"), D("100.00")
    )  # fmt: skip
    assert figures(row_a.lines[2].figures) == (
        None, D("0"), D("100000"), D("12345.67"), D("-100000"), None, D("12.35")
    )  # fmt: skip
    assert figures(row_a.figures) == (
        D("1050000"), D("900000"), D("530000"), D("192345.67"), D("370000"), D("58.89"), D("36.29")
    )  # fmt: skip
    assert row_a.figures.unallocated == D("150000")

    row_b = by_programme[b]
    assert [line.budget_line for line in row_b.lines] == [r1, r2]
    assert figures(row_b.lines[0].figures) == (
        None, D("750000"), D("450000"), D("150000"), D("300000"), D("60.00"), D("33.33")
    )  # fmt: skip
    assert figures(row_b.lines[1].figures) == (
        None, D("150000"), D("123456.78"), D("0"), D("26543.22"), D("82.30"), D("0.00")
    )  # fmt: skip
    assert figures(row_b.figures) == (
        D("900000"), D("900000"), D("573456.78"), D("150000"), D("326543.22"), D("63.72"), D("26.16")
    )  # fmt: skip
    assert row_b.figures.unallocated == D("0")

    assert figures(picture.total) == (
        D("1950000"), D("1800000"), D("1103456.78"), D("342345.67"), D("696543.22"), D("61.30"), D("31.02")
    )  # fmt: skip
    assert picture.total.unallocated == D("150000")


def test_the_phase_filter_keeps_its_programmes_and_their_total(known):
    phase_three = known["a"].phase
    picture = money_picture(known["year"], phase=phase_three)
    assert picture.phase == phase_three
    assert [row.programme for row in picture.rows] == [known["a"]]
    assert figures(picture.total) == figures(picture.rows[0].figures)
    assert picture.total.notified == D("1050000") and picture.total.committed == D("530000")
    phase_two = money_picture(known["year"], phase=known["b"].phase)
    assert [row.programme for row in phase_two.rows] == [known["b"]]
    assert phase_two.total.paid == D("150000") and phase_two.total.allocated == D("900000")


def test_before_any_version_is_sent_the_last_validated_one_is_in_force(role_users):
    agent, head = role_users["suivi_evaluation"], role_users["chef"]
    year = FiscalYear.objects.get_or_create(year=TODAY().year)[0]
    programme, line = ProgrammeFactory(code="PV"), BudgetLine.objects.create(code="R1", name_fr="Infrastructures")
    credit_services.notification_record(
        by=agent, fiscal_year=year, programme=programme, amount=D("100"), reference="N", notified_on=TODAY()
    )
    draft = credit_services.allocation_start(by=agent, fiscal_year=year)
    credit_services.allocation_save_grid(allocation=draft, by=agent, cells={(programme.pk, line.pk): D("60")})
    picture = money_picture(year)
    assert picture.allocation is None and picture.total.allocated == D("0")  # a draft is not in force
    assert figures(picture.total) == (D("100"), D("0"), D("0"), D("0"), D("0"), None, None)
    validated = credit_services.allocation_validate(allocation=draft, by=head)
    picture = money_picture(year)
    assert picture.allocation == validated and picture.total.allocated == D("60")


def test_a_year_without_credits_reads_as_zeros_and_no_rates(known):
    empty = FiscalYear.objects.create(year=TODAY().year + 1)
    picture = money_picture(empty)
    assert (picture.allocation, picture.rows) == (None, [])
    assert figures(picture.total) == (D("0"), D("0"), D("0"), D("0"), D("0"), None, None)


# --- Queries ------------------------------------------------------------------------------------------------------


def bulk_year(agent, programme, lines, count, start):
    """``count`` signed conventions with a released tranche and a payment, and as many marchés of projects without
    convention, bulk-created (the services are tested above; only the number of queries matters here)."""
    today = TODAY()
    holder = PartnerFactory()
    commune = CommuneFactory()
    projects = Project.objects.bulk_create(
        Project(
            code=f"MP-{start + i:05d}",
            title=f"Projet {i}",
            phase=programme.phase,
            programme=programme,
            budget_line=lines[i % len(lines)],
            holder=holder,
            commune=commune,
            estimated_cost=D("500000"),
            indh_share=D("300000"),
            holder_contribution=D("200000"),
            duration_months=12,
            validated_on=today,
        )
        for i in range(2 * count)
    )
    conventions = Convention.objects.bulk_create(
        Convention(
            reference=f"CONV-MP-{p.code}",
            year=today.year,
            project=p,
            title=p.title,
            status=Convention.Status.TERMINATED if i % 5 == 4 else Convention.Status.EXECUTING,
            signed_on=today,
        )
        for i, p in enumerate(projects[:count])
    )
    ConventionParty.objects.bulk_create(
        ConventionParty(convention=c, kind=ConventionParty.Kind.GOVERNOR, contribution=D("300000")) for c in conventions
    )
    tranches = Tranche.objects.bulk_create(
        Tranche(convention=c, number=1, amount=D("300000"), released=True, released_on=today) for c in conventions
    )
    Payment.objects.bulk_create(
        Payment(
            tranche=t,
            paid_on=today,
            amount=D("1000"),
            payment_order=f"OP-{t.convention.reference}",
            rib=RIB,
            recorded_by=agent,
        )
        for t in tranches
    )
    Procurement.objects.bulk_create(
        Procurement(
            project=p,
            procedure=Procurement.Procedure.OPEN_TENDER,
            reference=f"AO-{p.code}",
            subject="Travaux",
            estimated_amount=D("100000"),
            awarded_on=today,
            contractor_name="Entreprise",
            awarded_amount=D("100000"),
        )
        for p in projects[count:]
    )


def test_the_picture_takes_the_same_queries_for_2_and_for_20_conventions(role_users, django_assert_max_num_queries):
    agent, head = role_users["suivi_evaluation"], role_users["chef"]
    year = FiscalYear.objects.get_or_create(year=TODAY().year)[0]
    programme = ProgrammeFactory(code="PQ")
    other = ProgrammeFactory(code="PR")
    lines = [BudgetLine.objects.create(code=f"R{i}", name_fr=f"Rubrique {i}") for i in range(3)]
    for p in (programme, other):
        credit_services.notification_record(
            by=agent, fiscal_year=year, programme=p, amount=D("90000000"), reference=f"N-{p.code}", notified_on=TODAY()
        )
    draft = credit_services.allocation_start(by=agent, fiscal_year=year)
    credit_services.allocation_save_grid(
        allocation=draft, by=agent, cells={(programme.pk, line.pk): D("1000000") for line in lines}
    )
    credit_services.allocation_transmit(
        allocation=credit_services.allocation_validate(allocation=draft, by=head), by=agent, on=TODAY()
    )
    counts = []
    for count, start in ((2, 0), (18, 100)):  # 2 conventions, then 20
        bulk_year(agent, programme, [*lines, None], count, start)
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(9):
            picture = money_picture(year)
        counts.append(len(queries))
        assert len(picture.rows) == 2
    assert counts[0] == counts[1], counts
    # 20 conventions: 17 live (300 000 each) and 3 terminated (the 1 000 paid), plus 20 marchés (100 000 each).
    assert picture.total.committed == 17 * D("300000") + 3 * D("1000") + 20 * D("100000")
    assert picture.total.paid == 20 * D("1000")
