"""The whole chain, end to end, in a real browser: from a call for projects to the dashboard and the quarterly report.

Each step is done by the role that does it, through the real pages and the real sign-in form: the monitoring
agent drafts and publishes the call, registers two dossiers, checks them and scores them; the head validates the
preselection; the CPDH secretariat holds the meeting and approves one dossier (it becomes a project) and rejects the
other; the agent drafts the convention, the head validates it, the agent transmits it and the Governor's office
signs it; the credits of the year are notified, allocated, validated and transmitted to the DBM; the head releases
the first tranche and the agent pays it; the project starts and its progress is entered. The project's figures are
then found in the dashboard and in the quarterly report.

Only the reference data (phase, programme, commune, holders, fiscal year, budget line), the CPDH and its members,
and the accounts are prepared beforehand: they have no page in the chain. Nothing else of the demo is loaded, so the
dashboard's figures for the year are the project's alone and can be computed by hand. Everything happens today:
the services accept a signature, a start, a payment and a progress entry on the day of the transmission.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from committees.models import Committee
from das.formatting import format_money
from das.models import FiscalYear, Partner
from das.roles import ensure_default_roles
from projects.credit_documents import format_rate
from projects.dashboard_selectors import DashboardFilters, dashboard
from projects.models import CallForProjects, Convention, CreditAllocation, Dossier, Project
from tests.browser.steps import (
    assign_evaluators,
    button,
    cabinet_queue_row,
    cabinet_sign,
    convention_transition,
    create_call,
    decide,
    declare_eligible,
    expect_message,
    figure,
    fill_call_items,
    fill_scores,
    flat,
    money,
    open_scoring,
    publish_call,
    record_notification,
    record_payment,
    record_progress,
    register_dossier,
    release_tranche,
    set_tranches,
    sign_in_as,
    start_project,
    submit_scores,
    tiny_png,
    transmit_allocation,
    validate_allocation,
)
from tests.committees import builders
from tests.factories import CommuneFactory, PartnerFactory, PhaseFactory, ProgrammeFactory, user_with_role
from tests.projects.credit_builders import budget_lines
from tests.projects.test_call_notice import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENT = "Karim Suivi"
DOCUMENTS = ["Statuts de l'association", "Devis estimatif"]
SELECTION = [("Pertinence du projet", "60"), ("Impact sur les bénéficiaires", "40")]


@dataclass
class Candidate:
    key: str
    title: str
    holder: str
    cost: str
    indh: str
    own: str
    notes: tuple[str, str]


APPROVED = Candidate(
    "A",
    "Unité de valorisation de l'argan",
    "Association Tamount pour le développement",
    "1 200 000,00",
    "800 000,00",
    "400 000,00",
    ("9", "8"),
)
REJECTED = Candidate(
    "B",
    "Atelier de couture du douar Tamraght",
    "Association Al Amal des femmes",
    "1 000 000,00",
    "700 000,00",
    "300 000,00",
    ("7", "7"),
)
INDH = Decimal("800000")
FIRST_TRANCHE = Decimal("320000")  # 40 % at the signature, the rest once the works are half done
PROGRESS = 40


@dataclass
class World:
    programme: object
    commune: object
    holders: dict
    cpdh: Committee
    chair: object
    budget_line: object


@pytest.fixture
def world(transactional_db):
    ensure_default_roles()
    programme = ProgrammeFactory(phase=PhaseFactory(), code="P3", name_fr="Amélioration du revenu des jeunes")
    commune = CommuneFactory(name_fr="Aourir", name_ar="أورير", kind="rurale")
    holders = {
        c.key: PartnerFactory(kind=Partner.Kind.ASSOCIATION, name=c.holder, commune=commune)
        for c in (APPROVED, REJECTED)
    }
    user_with_role("suivi_evaluation", full_name=AGENT)
    user_with_role("chef", full_name="Hassan Chef")
    secretariat = user_with_role("secretariat_cpdh", full_name="Samira Secrétariat")
    user_with_role("cabinet", full_name="Cabinet du Gouverneur")
    cpdh = builders.committee(secretariat, name="CPDH de la préfecture d'Agadir Ida-Outanane")
    members = builders.members(cpdh, secretariat)
    FiscalYear.objects.get_or_create(year=timezone.localdate().year)
    (line,) = budget_lines(1)
    return World(programme, commune, holders, cpdh, members[0], line)


def test_the_whole_chain_from_the_call_to_the_dashboard(world, page, live_server, screenshot, tmp_path):
    base = live_server.url
    today = timezone.localdate()
    now = timezone.localtime().replace(second=0, microsecond=0)

    # 1. The monitoring agent drafts the call, its documents and criteria, and publishes it.
    sign_in_as(page, live_server, "suivi_evaluation")
    title = f"Appel à projets {today.year} — revenus des femmes d'Aourir"
    create_call(
        page,
        base,
        programme=world.programme,
        commune=world.commune,
        title=title,
        description="Soutien aux activités génératrices de revenus portées par des femmes.",
        amounts=("2 000 000,00", "50 000,00", "800 000,00", "70"),
        opens_at=now - dt.timedelta(days=2),
        closes_at=now + dt.timedelta(days=30),
    )
    call = CallForProjects.objects.get(title_fr=title)
    fill_call_items(page, DOCUMENTS, ["Association constituée depuis plus d'un an"], SELECTION)
    expect(page.locator("#weight-total-value")).to_have_text("100")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"{base}{call.get_absolute_url()}")
    publish_call(page)
    screenshot("01-appel-publie")

    # 2. Two dossiers registered at the desk, declared admissible, checked eligible, scored by the agent.
    for candidate in (APPROVED, REJECTED):
        register_dossier(
            page,
            base,
            call,
            holder=world.holders[candidate.key],
            title=candidate.title,
            commune=world.commune,
            cost=candidate.cost,
            indh=candidate.indh,
            own=candidate.own,
            pieces=DOCUMENTS,
        )
    dossiers = {c.key: Dossier.objects.get(title=c.title) for c in (APPROVED, REJECTED)}
    page.goto(f"{base}/suivi-evaluation/dossiers/?call={call.pk}")
    expect(page.locator("[data-testid=result-count]")).to_contain_text("2 résultats")
    for dossier in dossiers.values():
        page.get_by_role("checkbox", name=f"Sélectionner {dossier.reference}").check()
    page.get_by_role("button", name="Déclarer recevables").click()
    expect_message(page, "Déclarés recevables")
    for dossier in dossiers.values():
        declare_eligible(page, base, dossier)
    assign_evaluators(page, base, call, dossiers.values(), [AGENT])
    for candidate in (APPROVED, REJECTED):
        open_scoring(page, base, dossiers[candidate.key].reference)
        notes = [(label, note) for (label, _weight), note in zip(SELECTION, candidate.notes, strict=True)]
        fill_scores(page, notes, f"Dossier {candidate.key} : ancrage local solide.")
        submit_scores(page)
    screenshot("02-dossier-note")

    # The filing closes; the ranking; the agent proposes both dossiers (within the envelope).
    page.goto(f"{base}{call.get_absolute_url()}")
    page.get_by_role("button", name="Clôturer le dépôt").click()
    expect(page.locator("[data-testid=call-status]")).to_have_text("Clôturé")
    page.get_by_role("link", name="Classement des dossiers").click()
    rows = page.locator("[data-testid=ranking-row]")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(dossiers["A"].reference)
    expect(rows.first).to_contain_text("86,00")  # 9 × 60 % + 8 × 40 %, out of 100
    page.get_by_role("link", name="Proposer la présélection").click()
    for dossier in dossiers.values():
        expect(page.locator(f"#dossier-{dossier.pk}")).to_be_checked()
    page.fill("#id_not_retained_reason", "Hors enveloppe.")
    page.get_by_role("button", name="Proposer la présélection").click()
    expect_message(page, "Présélection proposée")

    # 3. The head validates the preselection.
    sign_in_as(page, live_server, "chef", to=f"{base}/suivi-evaluation/appels/{call.pk}/classement/")
    page.get_by_role("button", name="Valider la présélection").click()
    expect_message(page, "Présélection validée")
    screenshot("03-preselection-validee")
    assert set(Dossier.objects.filter(call=call).values_list("status", flat=True)) == {Dossier.Status.PRESELECTED}

    # 4. The CPDH secretariat: the meeting, its agenda, the convocation, the attendance, the decisions, the closing.
    sign_in_as(page, live_server, "secretariat_cpdh", to=f"{base}{world.cpdh.get_absolute_url()}")
    page.get_by_role("link", name="Nouvelle réunion").click()
    page.get_by_label("Type de réunion").select_option(label="Validation")
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Heure").fill("10:00")
    page.get_by_label("Lieu").fill("Salle des réunions de la préfecture")
    page.get_by_label("Président de séance").select_option(str(world.chair.pk))
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_test_id("meeting-status")).to_be_visible()
    page.get_by_test_id("agenda-add-link").click()
    for dossier in dossiers.values():
        page.locator(f"#record-dossier-{dossier.pk}").check()
    page.get_by_test_id("candidates-dossier").get_by_role("button", name="Inscrire les lignes cochées").click()
    for dossier in dossiers.values():
        expect(page.get_by_test_id("agenda").get_by_text(dossier.reference).first).to_be_visible()
    page.get_by_role("button", name="Convoquer les membres").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Convoquée")
    page.get_by_test_id("attendance-link").click()
    attendance = page.get_by_test_id("attendance-row")
    expect(attendance).to_have_count(10)
    for row in attendance.all():
        row.get_by_label("Présent", exact=True).check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_text("Quorum atteint").first).to_be_visible()
    decide(page, "Approuvé")  # the agenda follows the dossiers' numbers: A first
    decide(page, "Rejeté", Motif="Projet déjà financé par un autre programme.")
    screenshot("04-decisions-cpdh")
    page.get_by_role("button", name="Clôturer la réunion").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Clôturée")
    project = Project.objects.select_related("holder").get(dossier=dossiers["A"])
    assert not Project.objects.filter(dossier=dossiers["B"]).exists()
    assert project.indh_share == INDH and project.validated_on == today
    project_url = f"{base}{project.get_absolute_url()}"

    # 5. The convention: drafted by the agent, validated by the head, transmitted, signed at the Cabinet.
    sign_in_as(page, live_server, "suivi_evaluation", to=project_url)
    expect(page.get_by_test_id("project-status")).to_have_text(str(Project.Status.VALIDATED.label))
    page.get_by_test_id("convention-create").click()
    button(page, "Préparer la convention")
    expect(page.get_by_test_id("convention-status")).to_have_text(str(Convention.Status.DRAFT.label))
    convention = Convention.objects.get(project=project)
    convention_url = f"{base}{convention.get_absolute_url()}"
    sign_in_as(page, live_server, "chef", to=convention_url)
    convention_transition(page, convention_url, "button-validate", str(Convention.Status.VALIDATED.label))
    sign_in_as(page, live_server, "suivi_evaluation", to=convention_url)
    convention_transition(page, convention_url, "button-transmit", str(Convention.Status.TRANSMITTED.label))

    sign_in_as(page, live_server, "cabinet")
    row = cabinet_queue_row(page, convention)
    expect(row).to_contain_text(project.holder.name)
    cabinet_sign(page, row, convention, signed_on=today, scan=tiny_png(), scan_type="image/png")
    page.goto(convention_url)
    expect(page.get_by_test_id("convention-status")).to_have_text(str(Convention.Status.SIGNED.label))
    screenshot("05-convention-signee")

    # 6. The agent: the credits of the year notified to the programme and allocated on the grid; the convention's
    # schedule of two tranches.
    year = today.year
    sign_in_as(page, live_server, "suivi_evaluation", to=f"{base}/suivi-evaluation/credits/{year}/")
    record_notification(page, world.programme, "800 000,00", f"NOT-{year}-P3")
    page.get_by_test_id("allocation-create").click()
    page.get_by_label(f"{world.programme.code} — {world.budget_line}").fill(money(INDH))
    page.get_by_role("button", name="Enregistrer la grille").click()
    expect(page.get_by_test_id("allocation-status")).to_have_text("Brouillon")
    expect(page.get_by_test_id("grid-total")).to_have_text(figure(INDH))
    allocation = CreditAllocation.objects.get(fiscal_year__year=year, number=1)
    allocation_url = f"{base}{allocation.get_absolute_url()}"
    page.goto(convention_url)
    set_tranches(
        page,
        [
            (FIRST_TRANCHE, "Signature de la convention.", ""),
            (INDH - FIRST_TRANCHE, "Justification de la première tranche.", "50"),
        ],
    )

    # 7. The head validates the répartition and releases the first tranche; the agent transmits the répartition to
    # the DBM and pays the tranche.
    sign_in_as(page, live_server, "chef", to=allocation_url)
    validate_allocation(page, allocation_url)
    release_tranche(page, convention_url, 1)
    sign_in_as(page, live_server, "suivi_evaluation", to=allocation_url)
    transmit_allocation(page, allocation_url)
    screenshot("06-credits-transmis")
    record_payment(
        page, convention_url, 1, on=today, amount=FIRST_TRANCHE, order="OP-2026-0501", rib=project.holder.rib
    )
    expect(page.get_by_test_id("paid-total")).to_have_text(figure(FIRST_TRANCHE))
    screenshot("07-tranche-payee")

    # 8. The project starts today; the agent enters its physical progress.
    start_project(page, project_url, today, str(Project.Status.IN_PROGRESS.label))
    record_progress(page, today, PROGRESS, "Local aménagé, presses à huile livrées et installées.")
    screenshot("08-avancement")
    project.refresh_from_db()
    assert project.physical_progress == PROGRESS

    # What the dashboard will show for the year, read from the selector its every figure comes from.
    totals = dashboard(DashboardFilters(year=project.validated_on.year), quarters=False).totals
    assert (totals.count, totals.committed, totals.paid) == (1, INDH, FIRST_TRANCHE)
    assert totals.physical_progress == Decimal(PROGRESS)

    # 9. The result in the dashboard (as the head) and in the quarterly report (as the Governor's office). The
    # report counts the projects validated by the period's end: the quarter is today's, the day of the validation.
    check_dashboard_and_report(
        page,
        live_server,
        tmp_path,
        screenshot,
        year=project.validated_on.year,
        quarter=f"{today.year}-T{(today.month - 1) // 3 + 1}",
        committed=INDH,
        paid=FIRST_TRANCHE,
        progress=Decimal(PROGRESS),
    )


def check_dashboard_and_report(page, live_server, tmp_path, screenshot, *, year, quarter, committed, paid, progress):
    """The project's figures in the dashboard (as the head) and in the quarterly report (as the Governor's office).

    The dashboard's key figures are the links marked data-figure (projects/dashboard/dashboard.html), printed with
    format_money and format_rate; the quarterly report is the PDF at projects:report_pdf ("trimestriel",
    "<YYYY>-T<q>", "fr").
    """
    base = live_server.url
    dashboard_url = reverse("projects:dashboard") + f"?annee={year}"
    sign_in_as(page, live_server, "chef", to=f"{base}{dashboard_url}")
    # Playwright compares texts with their whitespace (narrow and no-break spaces included) collapsed.
    expect(page.locator("[data-figure=projets]")).to_have_text(flat_number(1))
    expect(page.locator("[data-figure=engage]")).to_have_text(flat(format_money(committed)))
    expect(page.locator("[data-figure=paye]")).to_have_text(flat(format_money(paid)))
    expect(page.locator("[data-figure=avancement]")).to_have_text(flat(format_rate(progress)))
    screenshot("09-tableau-de-bord")

    sign_in_as(page, live_server, "cabinet")
    report_url = reverse("projects:report_pdf", args=["trimestriel", quarter, "fr"])
    response = page.context.request.get(f"{base}{report_url}")
    assert response.ok, response.status
    assert response.headers["content-type"].startswith("application/pdf")
    text = flat(pdf_text(response.body(), tmp_path, f"rapport-{quarter}.pdf"))
    for amount in (committed, paid):
        assert flat(format_money(amount)) in text, f"{format_money(amount)} missing from the quarterly report"


def flat_number(count: int):
    """The figure alone, whatever surrounds it in the element (a label, a link)."""
    return re.compile(rf"(^|\D){count}(\D|$)")
