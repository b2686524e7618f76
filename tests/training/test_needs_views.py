"""The needs area's pages: lists and exports, forms and their French refusals, the analysis (Excel with formulas, PDF
in French and Arabic), the module sheet and curriculum PDFs, the curriculum's order buttons, and constant query
counts on the needs list, the analysis and the module page."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.training.factories import PlanActionFactory, TeamFactory, TrainingSessionFactory
from tests.training.matrix_needs import build_curriculum, build_module, build_need, build_theme
from training.models import ActorType, Module, Need, NeedTheme, Team, TrainingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(role_users):
    return role_users["formation"]


@pytest.fixture
def theme(agent):
    return build_theme(agent)


def need_post(theme, **overrides):
    data = {
        "year": "2026",
        "source": "das",
        "theme": str(theme.pk),
        "description": "Mise à niveau sur les marchés publics",
        "target_group": "personnel_das",
        "people_count": "6",
        "priority": "2_moyenne",
        "expressed_on": "2026-02-10",
    }
    data.update(overrides)
    return data


# --- Themes and needs --------------------------------------------------------------------------------------------


def test_theme_create_and_duplicate_code_message(client_as, agent, theme):
    client = client_as(agent)
    response = client.post(reverse("training:theme_create"), {"code": "th01", "name_fr": "Autre", "is_active": "on"})
    assert response.status_code == 200
    assert "Un thème de formation porte déjà le code « TH01 »." in response.content.decode()
    response = client.post(reverse("training:theme_create"), {"code": "th02", "name_fr": "Comptabilité"})
    created = NeedTheme.objects.get(code="TH02")
    assert response.status_code == 302
    assert response["Location"] == reverse("training:theme_detail", args=[created.pk])


def test_need_create_with_team_refusal_next_to_the_field(client_as, agent, theme):
    client = client_as(agent)
    eac = TeamFactory(kind=Team.Kind.EAC, locality=None)
    response = client.post(reverse("training:need_create"), need_post(theme, source="eaq", team=str(eac.pk)))
    assert response.status_code == 200
    assert "n&#x27;est pas une EAQ" in response.content.decode()
    assert not Need.objects.exists()
    response = client.post(reverse("training:need_create"), need_post(theme))
    need = Need.objects.get()
    assert response["Location"] == need.get_absolute_url()
    assert need.recorded_by == agent


def test_need_list_filters_by_status_and_exports(client_as, agent, theme):
    open_need = build_need(agent, theme, description="Besoin resté ouvert")
    planned = build_need(agent, theme, description="Besoin déjà au plan")
    PlanActionFactory().needs.add(planned)
    client = client_as(agent)
    page = client.get(reverse("training:need_list"), {"status": "ouvert"}).content.decode()
    assert "Besoin resté ouvert" in page and "Besoin déjà au plan" not in page
    page = client.get(reverse("training:need_list"), {"status": "planifie", "year": "2026"}).content.decode()
    assert "Besoin déjà au plan" in page and "Besoin resté ouvert" not in page
    xlsx = client.get(reverse("training:need_list"), {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    pdf = client.get(reverse("training:need_list"), {"export": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert open_need.pk


def test_need_detail_shows_status_and_actions_delete_only_while_open(client_as, role_users, agent, theme):
    need = build_need(agent, theme)
    client = client_as(agent)
    page = client.get(need.get_absolute_url()).content.decode()
    assert 'data-testid="delete-button"' in page and "Ouvert" in page
    assert 'data-testid="history-link"' in page
    chef_page = client_as(role_users["chef"]).get(need.get_absolute_url()).content.decode()
    assert 'data-testid="delete-button"' not in chef_page and 'data-testid="edit-link"' not in chef_page
    client = client_as(agent)
    action = PlanActionFactory()
    action.needs.add(need)
    TrainingSessionFactory(action=action, status=TrainingSession.Status.HELD)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Couvert" in page and action.module.title_fr in page
    assert 'data-testid="delete-button"' not in page and 'data-testid="delete-reason"' in page
    response = client.post(reverse("training:need_delete", args=[need.pk]), follow=True)
    assert "Suppression refusée" in response.content.decode()
    assert Need.objects.filter(pk=need.pk).exists()
    other = build_need(agent, theme)
    response = client.post(reverse("training:need_delete", args=[other.pk]))
    assert response["Location"] == reverse("training:need_list")
    assert not Need.objects.filter(pk=other.pk).exists()


def test_reader_cannot_post_a_need(client_as, role_users, theme):
    response = client_as(role_users["auditeur"]).post(reverse("training:need_create"), need_post(theme))
    assert response.status_code == 403
    assert not Need.objects.exists()


# --- Analysis ----------------------------------------------------------------------------------------------------


def test_analysis_page_excel_and_pdfs(client_as, agent, theme):
    from openpyxl import load_workbook

    build_need(agent, theme, people_count=10)
    build_need(agent, theme, people_count=4, source="porteurs", target_group=ActorType.ASSOCIATION)
    client = client_as(agent)
    page = client.get(reverse("training:need_analysis"), {"annee": "2026"}).content.decode()
    assert 'data-testid="analysis-themes"' in page and "TH01" in page and ">14<" in page
    assert f"?year=2026&amp;theme={theme.pk}" in page
    xlsx = client.get(reverse("training:need_analysis"), {"annee": "2026", "export": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert workbook.sheetnames == ["Par thème", "Par priorité", "Par source", "Par public cible"]
    sheet = workbook["Par thème"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["TH01 – Gestion de projets", 2, 14, 2, 0, 0] in values
    total = next(row for row in values if row[0] == "Total")
    assert total[1].startswith("=SUM(B")
    for language in ("fr", "ar"):
        pdf = client.get(reverse("training:need_analysis"), {"annee": "2026", "export": "pdf", "langue": language})
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("training:need_analysis"), {"export": "pdf", "langue": "xx"}).status_code == 404


# --- Modules and curricula -----------------------------------------------------------------------------------


def module_post(**overrides):
    data = {
        "code": "M10",
        "title_fr": "Gestion de projets",
        "objectives": "Savoir monter un projet",
        "content": "Cadre logique",
        "duration_hours": "12",
        "duration_days": "2",
        "target_groups": ["eaq"],
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_module_form_refuses_a_cycle_next_to_the_field(client_as, agent):
    first = build_module(agent, code="M01")
    build_module(agent, code="M02", prerequisites=[first])
    second = Module.objects.get(code="M02")
    client = client_as(agent)
    response = client.post(
        reverse("training:module_update", args=[first.pk]), module_post(code="M01", prerequisites=[str(second.pk)])
    )
    assert response.status_code == 200
    assert "Prérequis circulaire" in response.content.decode()
    assert not first.prerequisites.exists()
    response = client.post(reverse("training:module_create"), module_post(prerequisites=[str(first.pk)]))
    created = Module.objects.get(code="M10")
    assert response["Location"] == created.get_absolute_url()


def test_module_detail_lists_its_links_and_sheet_pdfs(client_as, agent, theme):
    first = build_module(agent, code="M01", themes=[theme])
    second = build_module(agent, code="M02", prerequisites=[first])
    build_curriculum(agent, code="PC01", modules=[first, second])
    action = PlanActionFactory(module=first)
    client = client_as(agent)
    page = client.get(first.get_absolute_url()).content.decode()
    assert "M02 – Module M02" in page  # required by
    assert "PC01 – Formation initiale des EAQ" in page
    assert f"{action.plan.year}-{action.number:02d}" in page
    for language in ("fr", "ar"):
        pdf = client.get(reverse("training:module_sheet", args=[second.pk, language]))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("training:module_sheet", args=[second.pk, "de"])).status_code == 404
    xlsx = client.get(reverse("training:module_list"), {"target_group": "eaq", "export": "xlsx"})
    assert xlsx.status_code == 200


def test_curriculum_page_order_buttons_warning_and_pdf(client_as, agent, role_users):
    first = build_module(agent, code="M01")
    second = build_module(agent, code="M02", prerequisites=[first])
    curriculum = build_curriculum(agent, modules=[second])
    client = client_as(agent)
    response = client.post(reverse("training:curriculum_step_add", args=[curriculum.pk]), {"module": first.pk})
    assert response.status_code == 302
    page = client.get(curriculum.get_absolute_url()).content.decode()
    assert 'data-testid="curriculum-warnings"' in page and "Le module M02 demande M01" in page
    step = curriculum.steps.get(module=first)
    client.post(reverse("training:curriculum_step", args=[curriculum.pk, step.pk, "monter"]))
    page = client.get(curriculum.get_absolute_url()).content.decode()
    assert 'data-testid="curriculum-warnings"' not in page
    assert "24 heures sur 4 jours" in page
    response = client.post(reverse("training:curriculum_step_add", args=[curriculum.pk]), {"module": first.pk})
    assert response.status_code == 200  # the form again, M01 no longer offered
    for language in ("fr", "ar"):
        pdf = client.get(reverse("training:curriculum_pdf", args=[curriculum.pk, language]))
        assert pdf.content.startswith(b"%PDF")
    chef = client_as(role_users["chef"])
    assert "Retirer" not in chef.get(curriculum.get_absolute_url()).content.decode()
    assert chef.post(reverse("training:curriculum_step", args=[curriculum.pk, step.pk, "retirer"])).status_code == 403


# --- Query counts --------------------------------------------------------------------------------------------


def grow(agent, theme, start, count):
    themes = [theme, *[build_theme(agent, code=f"TQ{start + n}", name=f"Thème {n}") for n in range(3)]]
    team = TeamFactory(kind=Team.Kind.EAQ)
    for n in range(count):
        kwargs = {"source": "eaq", "team": team, "target_group": "eaq"} if n % 2 else {}
        need = build_need(agent, themes[n % len(themes)], description=f"Besoin {start}-{n}", **kwargs)
        if n % 3 == 0:
            action = PlanActionFactory()
            action.needs.add(need)
            TrainingSessionFactory(action=action, status=TrainingSession.Status.HELD)


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_needs_list_and_analysis_query_counts_do_not_grow(client_as, agent, theme, django_assert_max_num_queries):
    client = client_as(agent)
    grow(agent, theme, 0, 2)
    list_small = queries(client, reverse("training:need_list"))
    analysis_small = queries(client, reverse("training:need_analysis"), {"annee": "2026"})
    grow(agent, theme, 10, 20)
    with django_assert_max_num_queries(list_small):
        client.get(reverse("training:need_list"))
    with django_assert_max_num_queries(analysis_small):
        client.get(reverse("training:need_analysis"), {"annee": "2026"})


def test_module_detail_query_count_does_not_grow(client_as, agent, theme, django_assert_max_num_queries):
    client = client_as(agent)
    module = build_module(agent, code="M01", themes=[theme])
    build_module(agent, code="M02", prerequisites=[module])
    PlanActionFactory(module=module)
    small = queries(client, module.get_absolute_url())
    for n in range(3, 9):
        build_module(agent, code=f"M{n:02d}", prerequisites=[module])
        build_curriculum(agent, code=f"PC{n:02d}", modules=[module])
        PlanActionFactory(module=module, period_start=datetime.date(2026, 4, 1), period_end=datetime.date(2026, 4, 30))
    with django_assert_max_num_queries(small):
        client.get(module.get_absolute_url())


def test_records_have_history_pages(client_as, agent, theme):
    need = build_need(agent, theme)
    module = build_module(agent)
    curriculum = build_curriculum(agent, modules=[module])
    client = client_as(agent)
    for label, record in [
        ("training.needtheme", theme),
        ("training.need", need),
        ("training.module", module),
        ("training.curriculum", curriculum),
    ]:
        assert client.get(reverse("history", args=[label, record.pk])).status_code == 200
