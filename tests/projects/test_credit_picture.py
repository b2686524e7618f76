"""The money picture page and its exports carry the figures of credit_selectors.money_picture; the drill-down lists the
records behind a figure, for the division only; the page does the same number of queries whatever the conventions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import unescape
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from das.formatting import format_money
from das.models import BudgetLine, FiscalYear, Programme
from projects.credit_selectors import money_picture
from projects.models import Convention, CreditAllocation, Project
from projects.services import conventions as convention_services
from projects.services import credits as services
from projects.services import tranches as tranche_services
from tests.committees.test_meeting_services import approved_project
from tests.factories import PhaseFactory
from tests.projects.test_call_notice import pdf_text
from tests.projects.test_convention_services import at
from tests.projects.test_tranches import lines, pay

pytestmark = pytest.mark.django_db
D = Decimal


@dataclass
class KnownYear:
    fiscal_year: FiscalYear
    programme_a: Programme
    programme_b: Programme
    infra: BudgetLine
    agr: BudgetLine
    v1: CreditAllocation
    v2: CreditAllocation
    convention: Convention


def signed_convention(role_users, programme, budget_line, *, paid=None, reference_suffix=""):
    """A convention in execution (INDH 300 000) in ``programme`` × ``budget_line``; ``paid`` on tranche 1."""
    project = approved_project(role_users)
    Project.objects.filter(pk=project.pk).update(programme=programme, budget_line=budget_line)
    draft = convention_services.convention_create(project=project, by=role_users["suivi_evaluation"])
    convention = at(draft, Convention.Status.EXECUTING, role_users)
    if paid:
        tranche_services.tranche_schedule_set(
            convention=convention, by=role_users["suivi_evaluation"], lines=lines(120000, 180000)
        )
        first = convention.tranches.order_by("number").first()
        tranche_services.tranche_release(tranche=first, by=role_users["chef"])
        pay(first, role_users["suivi_evaluation"], paid, ref=f"OP-{convention.pk}{reference_suffix}")
    return convention


def build_known_year(role_users) -> KnownYear:
    """Year of today. Notified A 1 000 000, B 400 000. Version 1 (sent): A×INF 500 000, A×AGR 200 000, B×AGR 300 000;
    version 2 (sent): A×INF 250 000. One convention on A×INF (INDH 300 000), 120 000 paid: A×INF over-committed."""
    agent, head = role_users["suivi_evaluation"], role_users["chef"]
    today = timezone.localdate()
    fiscal_year, _created = FiscalYear.objects.get_or_create(year=today.year)
    phase = PhaseFactory()
    programme_a = Programme.objects.create(phase=phase, code="PRG-A", name_fr="Rattrapage des déficits")
    programme_b = Programme.objects.create(phase=phase, code="PRG-B", name_fr="Précarité")
    infra = BudgetLine.objects.create(code="R-INF", name_fr="Infrastructures", name_ar="البنيات التحتية")
    agr = BudgetLine.objects.create(code="R-AGR", name_fr="Activités génératrices de revenus")
    for programme, amount in ((programme_a, "1000000"), (programme_b, "400000")):
        services.notification_record(
            by=agent,
            fiscal_year=fiscal_year,
            programme=programme,
            amount=D(amount),
            reference=f"N-{programme.code}",
            notified_on=today,
        )
    v1 = services.allocation_start(by=agent, fiscal_year=fiscal_year, note="Répartition initiale")
    cells = {
        (programme_a.pk, infra.pk): D("500000"),
        (programme_a.pk, agr.pk): D("200000"),
        (programme_b.pk, agr.pk): D("300000"),
    }
    v1 = services.allocation_save_grid(allocation=v1, by=agent, cells=cells)
    v1 = services.allocation_validate(allocation=v1, by=head)
    v1 = services.allocation_transmit(allocation=v1, by=agent, on=today)
    v2 = services.allocation_start(by=agent, fiscal_year=fiscal_year, note="Révision")
    v2 = services.allocation_save_grid(allocation=v2, by=agent, cells={(programme_a.pk, infra.pk): D("250000")})
    v2 = services.allocation_validate(allocation=v2, by=head)
    v2 = services.allocation_transmit(allocation=v2, by=agent, on=today)
    convention = signed_convention(role_users, programme_a, infra, paid="120000")
    return KnownYear(fiscal_year, programme_a, programme_b, infra, agr, v1, v2, convention)


@pytest.fixture
def known(role_users):
    return build_known_year(role_users)


def picture_url(known, **query):
    url = reverse("projects:credit_picture", args=[known.fiscal_year.year])
    if query:
        from django.utils.http import urlencode

        url += "?" + urlencode(query)
    return url


def money(value) -> str:
    return format_money(D(value))


def test_the_known_year_through_the_selector(known):
    picture = money_picture(known.fiscal_year)
    assert picture.allocation == known.v2
    a, b = picture.rows
    assert (a.figures.notified, a.figures.allocated, a.figures.committed, a.figures.paid) == (
        D("1000000"),
        D("450000"),
        D("300000"),
        D("120000"),
    )
    assert a.figures.available == D("150000") and b.figures.available == D("300000")
    infra = next(line for line in a.lines if line.budget_line == known.infra)
    assert infra.figures.available == D("-50000")
    assert infra.figures.engagement_rate == D("120.00") and infra.figures.emission_rate == D("40.00")
    assert picture.total.allocated == D("750000") and picture.total.notified == D("1400000")


def test_the_page_shows_every_figure_the_version_in_force_and_the_legend(known, role_users, client_as):
    page = client_as(role_users["chef"]).get(picture_url(known))
    assert page.status_code == 200
    html = unescape(page.content.decode())
    for amount in ("1000000", "400000", "1400000", "450000", "750000", "550000", "650000", "300000", "120000"):
        assert money(amount) in html, amount
    assert money("-50000") in html and money("-150000") not in html
    assert "120,00\u00a0%" in html and "40,00\u00a0%" in html
    # Over-commitment: red and a word, not only the colour.
    assert 'data-testid="over-commitment"' in html and "dépassement" in html
    assert "Répartition en vigueur : version 2, transmise le" in html and known.v2.transmittal_number in html
    assert "Rattrapage des déficits" in html and "R-INF – Infrastructures" in html
    for term in ("Notifié", "Réparti", "Engagé", "Payé", "Disponible", "Taux d'engagement", "Taux d'émission"):
        assert term in html
    assert "avenants" in html and "Payé ÷ engagé" in html
    assert reverse("projects:credit_statement_pdf", args=[known.v2.pk, "fr"]) in html


def test_a_year_without_a_version_in_force_warns(role_users, client_as):
    fiscal_year = FiscalYear.objects.create(year=2016)
    html = client_as(role_users["chef"]).get(reverse("projects:credit_picture", args=[2016])).content.decode()
    assert fiscal_year and "Aucune version de la répartition" in html and "alert-warning" in html
    assert client_as(role_users["chef"]).get(reverse("projects:credit_picture", args=[1990])).status_code == 404


def test_the_phase_filter_keeps_the_phase_programmes(known, role_users, client_as):
    other = money_picture(known.fiscal_year, phase=known.programme_a.phase)
    assert len(other.rows) == 2
    response = client_as(role_users["chef"]).get(picture_url(known, phase=known.programme_a.phase.pk))
    assert response.status_code == 200 and money("1400000") in response.content.decode()
    empty = PhaseFactory(code="IV", name_fr="Phase IV", start_year=2026, end_year=None)
    html = client_as(role_users["chef"]).get(picture_url(known, phase=empty.pk)).content.decode()
    assert "Rattrapage des déficits" not in html


def test_engage_and_paye_are_links_for_the_division_only(known, role_users, client_as):
    detail = reverse("projects:credit_picture_detail", args=[known.fiscal_year.year])
    for role in ("chef", "suivi_evaluation", "auditeur"):
        html = client_as(role_users[role]).get(picture_url(known)).content.decode()
        assert f'href="{detail}?' in html, role
    for role in ("dbm", "cabinet"):
        response = client_as(role_users[role]).get(picture_url(known))
        assert response.status_code == 200
        html = response.content.decode()
        assert detail not in html and money("300000") in html, role
        assert client_as(role_users[role]).get(detail + f"?programme={known.programme_a.pk}").status_code == 403


def detail_html(client, known, **query):
    url = reverse("projects:credit_picture_detail", args=[known.fiscal_year.year])
    response = client.get(url, query)
    assert response.status_code == 200
    return response.context, response.content.decode()


def test_the_drill_down_totals_equal_the_figure_clicked(known, role_users, client_as):
    client = client_as(role_users["chef"])
    picture = money_picture(known.fiscal_year)
    a = picture.rows[0]
    infra = next(line for line in a.lines if line.budget_line == known.infra)
    context, html = detail_html(client, known, programme=a.programme.pk, rubrique=known.infra.pk, mesure="engage")
    assert context["total"] == infra.figures.committed == D("300000")
    convention = known.convention
    assert convention.reference in html and reverse("projects:convention_detail", args=[convention.pk]) in html
    assert convention.project.code in html and convention.project.get_absolute_url() in html
    context, html = detail_html(client, known, programme=a.programme.pk, mesure="paye")
    assert context["total"] == a.figures.paid == D("120000")
    assert f"OP-{convention.pk}" in html
    context, _html = detail_html(client, known, programme=a.programme.pk, rubrique=known.agr.pk, mesure="engage")
    assert context["total"] == D("0")
    context, _html = detail_html(client, known, programme=a.programme.pk, rubrique="aucune", mesure="engage")
    assert context["total"] == D("0")
    context, _html = detail_html(client, known, mesure="engage")  # the grand total
    assert context["total"] == picture.total.committed
    url = reverse("projects:credit_picture_detail", args=[known.fiscal_year.year])
    assert client.get(url, {"mesure": "autre"}).status_code == 404
    assert client.get(url, {"programme": "x"}).status_code == 404


def test_the_pdf_export_carries_the_figures_of_the_screen(known, role_users, client_as, tmp_path):
    response = client_as(role_users["chef"]).get(picture_url(known, export="pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path, "situation.pdf")
    picture = money_picture(known.fiscal_year)
    for row in picture.rows:
        figures = row.figures
        for value in (figures.notified, figures.allocated, figures.committed, figures.paid, figures.available):
            assert " ".join(format_money(value, unit="").split()) in text, value
    assert " ".join(format_money(D("-50000"), unit="").split()) in text and "dépassement" in text
    assert "Répartition en vigueur : version 2" in text and "Payé ÷ engagé" in text


def test_the_excel_export_has_numbers_sum_formulas_and_parameters(known, role_users, client_as):
    response = client_as(role_users["chef"]).get(picture_url(known, export="xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Situation"]
    rows = {}
    for r in range(1, sheet.max_row + 1):
        rows.setdefault(sheet.cell(row=r, column=1).value, r)  # the first occurrence: programme A's lines
    a = rows["PRG-A – Rattrapage des déficits"]
    infra, agr = rows["R-INF – Infrastructures"], rows["R-AGR – Activités génératrices de revenus"]
    total = rows["Total général"]
    # Column B notifié, C réparti, D non réparti, E engagé, F payé, G disponible, H / I the rates.
    assert sheet[f"B{a}"].value == 1000000
    assert sheet[f"C{a}"].value.startswith("=SUM(C") and sheet[f"E{a}"].value.startswith("=SUM(E")
    assert sheet[f"G{a}"].value == f"=C{a}-E{a}" and sheet[f"D{a}"].value == f"=B{a}-C{a}"
    assert (sheet[f"C{infra}"].value, sheet[f"E{infra}"].value, sheet[f"F{infra}"].value) == (250000, 300000, 120000)
    assert sheet[f"G{infra}"].value == -50000 and sheet[f"C{agr}"].value == 200000
    assert D(str(sheet[f"H{infra}"].value)) == D("1.2") and sheet[f"H{infra}"].number_format == "0.00%"
    assert sheet[f"C{infra}"].number_format == '#,##0.00 "DH"'
    assert sheet[f"B{total}"].value.startswith("=SUM(B") and sheet[f"C{total}"].value.startswith("=SUM(C")
    assert sheet[f"B{rows['PRG-B – Précarité']}"].value == 400000
    parameters = {row[0]: row[1] for row in workbook["Paramètres"].iter_rows(values_only=True)}
    assert parameters["Exercice"] == known.fiscal_year.year and parameters["Phase"] == "Toutes les phases"
    assert parameters["Répartition en vigueur"].startswith("Répartition en vigueur : version 2")
    assert parameters["Édité par"] == str(role_users["chef"]) and parameters["Édité le"]


def test_the_page_does_the_same_queries_with_2_or_12_conventions(known, role_users, client_as):
    signed_convention(role_users, known.programme_b, None)
    client = client_as(role_users["chef"])
    url = picture_url(known)
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    for _number in range(10):
        signed_convention(role_users, known.programme_b, None)
    with CaptureQueriesContext(connection) as twelve:
        html = client.get(url).content.decode()
    assert Convention.objects.filter(signed_on__year=known.fiscal_year.year).count() == 12
    assert money("3300000") in html  # B: 11 conventions of 300 000 under « Rubrique non précisée »
    assert len(twelve) == len(two), "\n".join(q["sql"] for q in twelve.captured_queries)


def test_a_marche_without_convention_is_committed_and_listed(known, role_users, client_as):
    from projects.services.procurement import procurement_create

    project = approved_project(role_users)
    Project.objects.filter(pk=project.pk).update(programme=known.programme_b, budget_line=known.agr)
    today = timezone.localdate()
    marche = procurement_create(
        project=project,
        by=role_users["suivi_evaluation"],
        procedure="aoo",
        reference="AO-PICTURE",
        subject="Travaux",
        estimated_amount=D("90000"),
        published_on=today,
        bids_opened_on=today,
        awarded_on=today,
        contractor_name="Entreprise Atlas",
        awarded_amount=D("85000"),
    )
    picture = money_picture(known.fiscal_year)
    b = next(row for row in picture.rows if row.programme == known.programme_b)
    assert b.figures.committed == D("85000")
    context, html = detail_html(
        client_as(role_users["chef"]), known, programme=b.programme.pk, rubrique=known.agr.pk, mesure="engage"
    )
    assert context["total"] == D("85000") and "AO-PICTURE" in html and marche.get_absolute_url() in html
