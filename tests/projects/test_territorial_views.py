"""Pages of the human-development indicators: who may open them, the grid, the import, the exports, the queries."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from projects import territorial_selectors as selectors
from projects.models import TerritorialIndicator, TerritorialIndicatorValue
from projects.services import territorial as services
from tests.projects.territorial_builders import LAST, commune, indicator, project, workbook

pytestmark = pytest.mark.django_db
READERS = ("chef", "suivi_evaluation", "secretariat_cpdh", "coordination", "cabinet", "dbm", "auditeur")
OTHERS = ("communication", "formation", "administrateur")


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def ground(agent):
    a, b = commune("A01", 10_000, "Aourir"), commune("B01", 30_000, "Biougra")
    poverty = indicator(agent, code="IDH-PAUV")
    grid = selectors.grid(LAST)
    services.grid_save(
        by=agent,
        year=LAST,
        cells={(poverty.pk, a.pk, None): "20", (poverty.pk, b.pk, None): "10"},
        expected_stamp=grid.stamp,
    )
    project("P1", a, 100_000)
    project("P2", b, 900_000)
    return {"a": a, "b": b, "poverty": poverty}


def test_readers_open_the_analyses_and_others_are_refused(ground, role_users, client_as):
    pk = ground["poverty"].pk
    pages = [
        reverse("projects:territorial_index"),
        reverse("projects:territorial_indicator_list"),
        reverse("projects:territorial_indicator_detail", args=[pk]),
        reverse("projects:territorial_trend") + f"?indicateur={pk}&commune={ground['a'].pk}",
        reverse("projects:territorial_comparison") + f"?indicateur={pk}&annee={LAST}",
        reverse("projects:territorial_flags") + f"?annee={LAST}",
    ]
    for role in READERS:
        client = client_as(role_users[role])
        for url in pages:
            assert client.get(url).status_code == 200, (role, url)
    for role in OTHERS:
        client = client_as(role_users[role])
        for url in pages:
            assert client.get(url).status_code == 403, (role, url)


def test_only_the_monitoring_service_enters_and_imports(ground, role_users, client_as):
    pages = [
        reverse("projects:territorial_indicator_create"),
        reverse("projects:territorial_indicator_update", args=[ground["poverty"].pk]),
        reverse("projects:territorial_grid"),
        reverse("projects:territorial_import"),
        reverse("projects:territorial_import_template"),
    ]
    for url in pages:
        assert client_as(role_users["suivi_evaluation"]).get(url).status_code == 200, url
    for role in ("chef", "cabinet", "dbm", "auditeur", "secretariat_cpdh"):
        client = client_as(role_users[role])
        for url in pages:
            assert client.get(url).status_code == 403, (role, url)
        grid_post = client.post(reverse("projects:territorial_grid"), {"annee": LAST, "stamp": "x"})
        assert grid_post.status_code == 403
    hub = client_as(role_users["cabinet"]).get(reverse("projects:territorial_index")).content.decode()
    assert reverse("projects:territorial_grid") not in hub


def test_the_catalogue_form_creates_and_refuses_a_taken_code(agent, client_as, ground):
    client = client_as(agent)
    data = {"code": "idh-eau", "name_fr": "Accès à l'eau", "unit": "%", "direction": "hausse", "is_active": "on"}
    response = client.post(reverse("projects:territorial_indicator_create"), data)
    created = TerritorialIndicator.objects.get(code="IDH-EAU")
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    again = client.post(reverse("projects:territorial_indicator_create"), {**data, "code": "IDH-PAUV"})
    assert "Un indicateur de développement humain porte déjà le code « IDH-PAUV »." in again.content.decode()
    detail = client.get(created.get_absolute_url()).content.decode()
    assert 'data-testid="history-link"' in detail


def test_the_grid_page_keeps_what_was_typed_and_shows_the_reason_next_to_the_cell(agent, client_as, ground):
    client = client_as(agent)
    url = reverse("projects:territorial_grid")
    page = client.get(url, {"annee": LAST})
    stamp = page.context["stamp"]
    p, a, b = ground["poverty"].pk, ground["a"].pk, ground["b"].pk
    name_a, name_b = selectors.cell_name(p, a, None), selectors.cell_name(p, b, None)
    response = client.post(url, {"annee": LAST, "stamp": stamp, name_a: "18,5", name_b: "dix"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="18,5"' in html and 'value="dix"' in html
    assert escape("« dix » n'est pas un nombre (par exemple 12,5).") in html
    assert TerritorialIndicatorValue.objects.get(commune_id=a).value == 20
    response = client.post(url, {"annee": LAST, "stamp": stamp, name_a: "18,5", name_b: "10"})
    assert response.status_code == 302
    assert TerritorialIndicatorValue.objects.get(commune_id=a).value == 18.5
    stale = client.post(url, {"annee": LAST, "stamp": stamp, name_a: "17", name_b: "10"})
    assert "enregistrée par quelqu&#x27;un d&#x27;autre" in stale.content.decode()
    assert TerritorialIndicatorValue.objects.get(commune_id=a).value == 18.5


def test_the_import_page_shows_the_report_and_offers_it_for_download(agent, client_as, ground):
    from openpyxl import load_workbook

    client = client_as(agent)
    url = reverse("projects:territorial_import")
    bad = workbook([("IDH-PAUV", "ZZZ", None, LAST, 1, None), ("IDH-PAUV", "A01", None, LAST, "x", None)])
    response = client.post(url, {"file": bad})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="report-row"') == 2
    assert "Commune inconnue" in html
    download = client.get(reverse("projects:territorial_import_report"))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] in (2, 3)]
    assert [(r[0], r[1]) for r in rows] == [(2, "B (code commune)"), (3, "E (valeur)")]
    good = workbook([("IDH-PAUV", "A01", None, LAST, 19, None)])
    response = client.post(url, {"file": good}, follow=True)
    assert "0 valeur(s) créée(s), 1 mise(s) à jour" in response.content.decode()
    not_xlsx = client.post(url, {"file": workbook([], name="valeurs.csv")})
    assert "Le fichier doit être un classeur Excel (.xlsx)" in not_xlsx.content.decode()


def test_the_import_template_lists_indicators_and_communes(agent, client_as, ground):
    from openpyxl import load_workbook

    response = client_as(agent).get(reverse("projects:territorial_import_template"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Valeurs", "Référentiel"]
    assert [c.value for c in book["Valeurs"][1]] == services_header()
    listed = list(book["Référentiel"].iter_rows(min_row=3, values_only=True))
    assert listed[0][0] == "IDH-PAUV" and {row[6] for row in listed} == {"A01", "B01"}


def services_header():
    return [label for _key, label in services.COLUMNS]


def test_the_comparison_exports_the_same_figures(client_as, role_users, ground):
    from openpyxl import load_workbook

    client = client_as(role_users["cabinet"])
    url = reverse("projects:territorial_comparison") + f"?indicateur={ground['poverty'].pk}&annee={LAST}"
    page = client.get(url)
    assert page.context["comparison"].reference == 12.5
    xlsx = client.get(url + "&export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True) if row and len(row) > 5 and row[2] is not None}
    assert rows["Aourir"][2] == 20 and rows["Aourir"][5] == 10  # 100,000 DH ÷ 10,000
    assert rows["Province (référence)"][2] == 12.5 and rows["Province (référence)"][5] == 25  # 1,000,000 ÷ 40,000
    pdf = client.get(url + "&export=pdf")
    assert pdf["Content-Type"] == "application/pdf"


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["comparison", "trend", "flags"])
def test_analysis_pages_do_a_fixed_number_of_queries(agent, client_as, role_users, page, django_assert_max_num_queries):
    poverty = indicator(agent, code="IDH-PAUV")
    client = client_as(role_users["cabinet"])

    def grow(start, count):
        communes = [commune(f"Q{start + i:03d}", 1000 + i) for i in range(count)]
        for year in (LAST - 1, LAST):
            grid = selectors.grid(year)
            services.grid_save(
                by=agent,
                year=year,
                cells={(poverty.pk, c.pk, None): str(10 + i % 7) for i, c in enumerate(communes)},
                expected_stamp=grid.stamp,
            )
        for i, c in enumerate(communes):
            shared = [(c, 60), (communes[0], 40)] if i else []
            project(f"PQ{start + i}", c, 10_000 * (i + 1), territories=shared)

    url = {
        "comparison": reverse("projects:territorial_comparison") + f"?indicateur={poverty.pk}&annee={LAST}",
        "trend": reverse("projects:territorial_trend") + f"?indicateur={poverty.pk}",
        "flags": reverse("projects:territorial_flags") + f"?annee={LAST}",
    }[page]
    grow(0, 3)
    small = query_count(client, url)
    grow(100, 30)
    assert query_count(client, url) == small
    with django_assert_max_num_queries(20):
        client.get(url)
