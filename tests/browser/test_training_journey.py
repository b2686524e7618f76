"""The training service's year, end to end, in a real browser (issue 8's acceptance).

Each step is done by the role that does it, through the real pages: the training officer records a need of the year
and a new module, drafts the year's plan with an action on that module answering the need; the head validates the
plan; the CPDH secretariat puts it on a meeting's agenda and records the approval; the training officer puts the
plan in execution, schedules a session (two days already passed), invites three persons of the register, records
attendance (one of them absent on the second day), marks the session held, prints the attendance sheet and issues
the attestations; the follow-up of the year then shows the session, the people trained and the need covered.

Only what has no page in the journey is built beforehand: the accounts, the communes, a theme, a budget line, the
three persons of the register, the CPDH with its members and an empty meeting. No plan exists for the year, so the
follow-up's figures are the journey's alone and are computed by hand below.
"""

import datetime as dt
from dataclasses import dataclass

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from committees.models import Committee
from das.roles import ensure_default_roles
from tests.browser.steps import decide, download, expect_message, flat, sign_in_as
from tests.committees import builders
from tests.factories import CommuneFactory, user_with_role
from tests.projects.test_call_notice import pdf_text
from tests.training.factories import BudgetLineFactory, NeedThemeFactory, PersonFactory
from training.models import ActorType, Module, Need, PlanAction, Sex, TrainingPlan, TrainingSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODULE_CODE = "M21"
MODULE_TITLE = "Montage et suivi des projets de quartier"
HOURS_PER_DAY = 6  # the module's 12 hours shared by the session's 2 days
PRESENT_EVERY_DAY = ["Fatima Zahra Ait Lhaj", "Youssef Bouzid"]
ABSENT_ON_DAY_2 = "Khadija Ouali"


@dataclass
class World:
    theme: object
    line: object
    persons: dict
    cpdh: Committee
    meeting: object
    aourir: object
    tamri: object


@pytest.fixture
def world(transactional_db):
    ensure_default_roles()
    user_with_role("formation", full_name="Nadia Formation")
    user_with_role("chef", full_name="Hassan Chef")
    secretariat = user_with_role("secretariat_cpdh", full_name="Samira Secrétariat")
    aourir = CommuneFactory(name_fr="Aourir", name_ar="أورير", kind="rurale")
    tamri = CommuneFactory(name_fr="Tamri", name_ar="تامري", kind="rurale")
    theme = NeedThemeFactory(code="TH21", name_fr="Gestion de projets")
    line = BudgetLineFactory()
    persons = {
        name: PersonFactory(full_name=name, sex=sex, commune=commune, actor_type=ActorType.EAQ)
        for name, sex, commune in (
            ("Fatima Zahra Ait Lhaj", Sex.WOMAN, aourir),
            ("Youssef Bouzid", Sex.MAN, tamri),
            ("Khadija Ouali", Sex.WOMAN, tamri),
        )
    }
    PersonFactory(full_name="Omar Naciri", sex=Sex.MAN, commune=aourir)  # in the register, not invited
    cpdh = builders.committee(secretariat, name="CPDH de la préfecture d'Agadir Ida-Outanane")
    builders.members(cpdh, secretariat)
    meeting = builders.meeting(cpdh, secretariat, kind="suivi")
    return World(theme, line, persons, cpdh, meeting, aourir, tamri)


def test_a_training_year_from_the_need_to_the_followup(world, page, live_server, screenshot, tmp_path):
    base = live_server.url
    today = timezone.localdate()
    year = today.year
    # Two days already passed, inside the year: attendance can be recorded for both.
    first_day = today - dt.timedelta(days=2)
    if first_day.year != year:
        pytest.skip("the first two days of January leave no two past days in the year")
    second_day = first_day + dt.timedelta(days=1)

    # 1. The training officer records a need of the year.
    sign_in_as(page, live_server, "formation", to=f"{base}/formation/besoins/nouveau/")
    expect(page.locator("#id_year")).to_have_value(str(year))
    page.select_option("#id_source", Need.Source.DAS.value)
    page.select_option("#id_theme", str(world.theme.pk))
    page.select_option("#id_target_group", ActorType.EAQ.value)
    page.select_option("#id_commune", str(world.aourir.pk))
    page.fill("#id_description", "Les EAQ d'Aourir demandent à savoir monter et suivre un projet de quartier.")
    page.fill("#id_people_count", "25")
    page.select_option("#id_priority", Need.Priority.HIGH.value)
    page.get_by_role("button", name="Enregistrer").click()
    expect_message(page, "Fiche enregistrée.")
    need = Need.objects.get(year=year, theme=world.theme)
    expect(page.get_by_test_id("need-status")).to_have_text("Ouvert")

    # 2. A new module in the catalogue.
    page.goto(f"{base}/formation/modules/nouveau/")
    page.fill("#id_code", MODULE_CODE)
    page.fill("#id_title_fr", MODULE_TITLE)
    page.fill("#id_objectives", "Savoir monter un projet, suivre son exécution et en rendre compte.")
    page.fill("#id_content", "Diagnostic participatif ; fiche projet ; budget ; suivi et rapport.")
    page.fill("#id_duration_hours", "12")
    page.fill("#id_duration_days", "2")
    page.get_by_label("Gestion de projets").check()
    page.get_by_label(str(ActorType.EAQ.label), exact=True).check()
    page.get_by_role("button", name="Enregistrer").click()
    expect_message(page, "Fiche enregistrée.")
    expect(page.locator("h1")).to_contain_text(MODULE_CODE)

    # 3. The year's plan, and an action on the new module answering the need.
    page.goto(f"{base}/formation/plans/nouveau/")
    page.fill("#id_year", str(year))
    page.fill("#id_title", f"Plan de formation {year} des équipes d'animation")
    page.get_by_role("button", name="Enregistrer").click()
    expect_message(page, f"Plan de formation {year} créé en brouillon.")
    plan = TrainingPlan.objects.get(year=year)
    plan_url = f"{base}{plan.get_absolute_url()}"
    expect(page.get_by_test_id("plan-status")).to_have_text(str(TrainingPlan.Status.DRAFT.label))
    page.get_by_test_id("action-add").click()
    page.select_option("#id_module", str(Module.objects.get(code=MODULE_CODE).pk))
    page.select_option("#id_target_group", ActorType.EAQ.value)
    page.fill("#id_planned_participants", "20")
    page.fill("#id_planned_sessions", "1")
    page.fill("#id_period_start", dt.date(year, 1, 1).isoformat())
    page.fill("#id_period_end", dt.date(year, 12, 31).isoformat())
    page.fill("#id_place", "Maison des jeunes d'Aourir")
    page.select_option("#id_commune", str(world.aourir.pk))
    page.select_option("#id_provider", PlanAction.Provider.DAS.value)
    page.select_option("#id_budget_line", str(world.line.pk))
    page.fill("#id_planned_cost", "15000,00")
    page.locator(f"input[name=needs][value='{need.pk}']").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect_message(page, "Action n° 1 ajoutée au plan.")
    expect(page.get_by_test_id("action-row")).to_have_count(1)
    expect(page.get_by_test_id("action-row")).to_contain_text("1 besoin visé")
    screenshot("01-plan-brouillon")

    # 4. The head validates the plan.
    sign_in_as(page, live_server, "chef", to=plan_url)
    page.get_by_test_id("button-validate").click()
    expect(page.get_by_test_id("plan-status")).to_have_text(str(TrainingPlan.Status.VALIDATED.label))

    # 5. The CPDH secretariat: the plan on the meeting's agenda, the convocation, the attendance, the approval.
    sign_in_as(page, live_server, "secretariat_cpdh", to=f"{base}{world.meeting.get_absolute_url()}")
    page.get_by_test_id("agenda-add-link").click()
    page.locator(f"#record-plan_formation-{plan.pk}").check()
    page.get_by_test_id("candidates-plan_formation").get_by_role("button", name="Inscrire les lignes cochées").click()
    expect(page.get_by_test_id("agenda").get_by_text(f"Plan annuel de formation {year}").first).to_be_visible()
    page.get_by_role("button", name="Convoquer les membres").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Convoquée")
    page.get_by_test_id("attendance-link").click()
    attendance = page.get_by_test_id("attendance-row")
    expect(attendance).to_have_count(10)
    for row in attendance.all():
        row.get_by_label("Présent", exact=True).check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_text("Quorum atteint").first).to_be_visible()
    decide(page, "Approuvé")
    screenshot("02-decision-cpdh")

    # 6. The training officer finds the plan approved (the secretariat has no access to the training pages), puts it
    # in execution, schedules a session of the action and invites three persons of the register.
    sign_in_as(page, live_server, "formation", to=plan_url)
    expect(page.get_by_test_id("plan-status")).to_have_text("Présenté au CPDH")
    expect(page.get_by_test_id("cpdh-decision")).to_contain_text("Approuvé")
    screenshot("03-plan-presente-cpdh")
    page.get_by_test_id("button-start").click()
    expect(page.get_by_test_id("plan-status")).to_have_text(str(TrainingPlan.Status.IN_PROGRESS.label))
    action = plan.actions.get()
    page.goto(f"{base}/formation/sessions/nouvelle/")
    page.select_option("#id_action", str(action.pk))
    page.fill("#id_start_date", first_day.isoformat())
    page.fill("#id_end_date", second_day.isoformat())
    page.fill("#id_place", "Maison des jeunes d'Aourir")
    page.select_option("#id_commune", str(world.aourir.pk))
    page.fill("#id_trainer", "Rachid Amellal")
    page.get_by_role("button", name="Enregistrer").click()
    session = TrainingSession.objects.get(action=action)
    assert session.reference == f"SF-{first_day.year}-0001"
    expect_message(page, f"Session {session.reference} enregistrée.")
    expect(page.get_by_test_id("session-status")).to_have_text(str(TrainingSession.Status.PLANNED.label))
    session_url = f"{base}{session.get_absolute_url()}"

    page.get_by_test_id("participants-link").click()
    for name in world.persons:
        page.fill("#id_q", name)
        page.get_by_test_id("person-search").get_by_role("button", name="Chercher").click()
        results = page.get_by_test_id("search-results")
        results.get_by_role("row").filter(has_text=name).get_by_role("button", name="Inviter").click()
        expect_message(page, f"{name} invité(e).")
    expect(page.get_by_test_id("invited").locator("li")).to_have_count(3)

    # Attendance on the grid: everyone on the first day, Khadija Ouali absent on the second.
    page.goto(session_url)
    page.get_by_test_id("attendance-link").click()
    for name in world.persons:
        page.get_by_label(f"{name} — {first_day:%d/%m/%Y}").check()
        if name != ABSENT_ON_DAY_2:
            page.get_by_label(f"{name} — {second_day:%d/%m/%Y}").check()
    screenshot("04-grille-presences")
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect_message(page, "Présences enregistrées : 5 ajoutée(s), 0 retirée(s).")
    page.goto(session_url)
    page.get_by_test_id("transition-hold").click()
    expect(page.get_by_test_id("session-status")).to_have_text(str(TrainingSession.Status.HELD.label))
    expect(page.get_by_text("3 invité(s), 3 présent(s) au moins un jour dont 2 femme(s).")).to_be_visible()

    # 7. The attendance sheet, then the attestations of those present every day.
    _name, sheet = download(page, page.get_by_test_id("sheet-fr"))
    sheet_text = pdf_text(sheet, tmp_path, "feuille.pdf")
    assert session.reference in sheet_text
    for name in world.persons:
        assert name in sheet_text
    assert "Omar Naciri" not in sheet_text

    page.get_by_test_id("issue-all").click()
    expect_message(page, "2 attestation(s) délivrée(s).")
    rows = page.get_by_test_id("participants").locator("tbody tr")
    for name in PRESENT_EVERY_DAY:
        expect(rows.filter(has_text=name)).to_contain_text(f"ATT-{year}-")
    expect(rows.filter(has_text=ABSENT_ON_DAY_2)).not_to_contain_text("ATT-")
    screenshot("05-session-tenue")
    _name, certificates = download(page, page.get_by_test_id("certificates-fr"))
    certificates_text = pdf_text(certificates, tmp_path, "attestations.pdf")
    for name in PRESENT_EVERY_DAY:
        assert name in certificates_text
    assert ABSENT_ON_DAY_2 not in certificates_text
    assert MODULE_TITLE in certificates_text

    # 8. The follow-up of the year: one session held, three people trained (two women), 5 presences × 6 hours,
    # the need covered.
    page.goto(f"{base}/formation/suivi/?annee={year}")
    figures = page.get_by_test_id("key-figures")
    expect(figures.locator("[data-figure=sessions]")).to_have_text("1 / 1")
    expect(figures.locator("[data-figure=people]")).to_have_text("3")
    expect(figures.locator("[data-figure=participations]")).to_have_text("3 / 20")
    expect(figures.locator("[data-figure=hours]")).to_have_text("30,0")
    sexes = page.get_by_test_id("people-1")
    expect(sexes.get_by_role("row").filter(has_text="Femme")).to_contain_text("2")
    expect(sexes.get_by_role("row").filter(has_text="Homme")).to_contain_text("1")
    module_row = page.get_by_test_id("modules").locator(f"[data-module='{action.module_id}'] td")
    expect(module_row).to_have_text([f"{MODULE_CODE} – {MODULE_TITLE}", "1", "12,0", "30,0", "3"])
    needs_total = [flat(t) for t in page.get_by_test_id("needs-total").locator("td").all_inner_texts()]
    assert needs_total == ["0", "0", "0", "0", "1", "25", "1", "25"]  # open, planned, covered, total
    screenshot("06-suivi")

    name, workbook_bytes = download(page, page.get_by_test_id("followup-xlsx"))
    assert name == f"suivi-plan-formation-{year}.xlsx"
    xlsx = tmp_path / name
    xlsx.write_bytes(workbook_bytes)
    workbook = openpyxl.load_workbook(xlsx)
    actions = workbook["Actions"]
    assert actions["A5"].value == f"{year}-01"
    assert MODULE_CODE in actions["B5"].value
    assert (actions["D5"].value, actions["E5"].value, actions["F5"].value, actions["G5"].value) == (1, 1, 20, 3)
    assert actions["J5"].value == 5 * HOURS_PER_DAY
    needs_sheet = workbook["Besoins"]
    assert needs_sheet["A5"].value.startswith("TH21")
    assert (needs_sheet["B5"].value, needs_sheet["F5"].value, needs_sheet["G5"].value) == (0, 1, 25)

    # The need's own page says it too.
    page.goto(f"{base}{need.get_absolute_url()}")
    expect(page.get_by_test_id("need-status")).to_have_text("Couvert")
