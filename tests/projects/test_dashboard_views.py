"""The dashboard page, its PDF (text extracted) and Excel file (cells read back), the drill-down, the home sections,
permissions, bad filters and query counts — against the hand-computed figures of tests/projects/dashboard_builders."""

import re
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from das.models import DownloadRecord
from tests.projects.dashboard_builders import known_world, many_projects
from tests.projects.test_call_notice import pdf_text

pytestmark = pytest.mark.django_db

Q2025 = "?annee=2025&au=2025-12-31"
VIEWERS = ["chef", "suivi_evaluation", "secretariat_cpdh", "coordination", "cabinet", "dbm", "auditeur"]
REFUSED = ["administrateur", "communication", "formation"]
NNBSP = "\u202f"


@pytest.fixture
def world(role_users):
    return known_world(role_users)


def figures(html: str) -> dict[str, str]:
    """The text of each element marked data-figure (tags and bidi wrappers removed)."""
    found = re.findall(r'data-figure="([a-z_]+)"[^>]*>(.*?)</a>', html, flags=re.S)
    return {key: re.sub(r"<[^>]+>", "", text).strip() for key, text in found}


def money(text: str) -> str:
    """« 1 450 000,00 DH » as the page writes it."""
    return text.replace(" ", NNBSP).replace("DH", "\u00a0DH").replace(NNBSP + "\u00a0DH", "\u00a0DH")


def test_every_figure_of_the_page(world, role_users, client_as):
    response = client_as(role_users["chef"]).get(reverse("projects:dashboard") + Q2025)
    assert response.status_code == 200
    html = response.content.decode()
    shown = figures(html)
    assert shown == {
        "projets": "4",
        "cout": money("2 500 000,00 DH"),
        "indh": money("1 950 000,00 DH"),
        "porteur": money("350 000,00 DH"),
        "partenaires": money("200 000,00 DH"),
        "levier": "22,00\u00a0%",
        "engage": money("1 450 000,00 DH"),
        "paye": money("450 000,00 DH"),
        "taux_engagement": "74,36\u00a0%",
        "taux_emission": "31,03\u00a0%",
        "avancement": "31,60\u00a0%",
        "retard": "1",
        "emplois": "4",
        "beneficiaires": "40",
    }
    # Every figure links to the drill-down with the page's filters.
    links = re.findall(r'href="([^"]+)" data-figure="([a-z_]+)"', html)
    assert sorted(key for _href, key in links) == sorted(shown)
    drill = reverse("projects:dashboard_drill") + "?annee=2025&amp;au=2025-12-31&amp;figure="
    for href, key in links:
        assert href == drill + {"taux_engagement": "engage", "taux_emission": "paye"}.get(
            key, key if key in ("engage", "paye", "retard", "emplois", "beneficiaires") else "projets"
        )
    assert "sur 15 prévus" in html and "sur 210 visés" in html
    # The charts are there with their tables, and the legend.
    assert html.count('class="das-chart"') == 5
    assert html.count("Données du graphique") == 5
    assert "Taux d&#x27;émission" in html or "Taux d'émission" in html
    assert 'data-testid="legend"' in html
    # The programme and commune bars open the projects of that programme or commune.
    drill = reverse("projects:dashboard_drill")
    assert f'<a href="{drill}?annee=2025&amp;programme={world["p2"].pk}&amp;au=2025-12-31&amp;figure=projets">' in html
    assert f'<a href="{drill}?annee=2025&amp;commune={world["c2"].pk}&amp;au=2025-12-31&amp;figure=projets">' in html


def test_the_page_filters_by_commune_and_shows_bad_values_next_to_their_field(world, role_users, client_as):
    client = client_as(role_users["chef"])
    html = client.get(reverse("projects:dashboard") + f"{Q2025}&commune={world['c2'].pk}").content.decode()
    assert figures(html)["projets"] == "3"
    assert figures(html)["indh"] == money("1 150 000,00 DH")
    response = client.get(reverse("projects:dashboard") + "?annee=deux-mille&au=2025-13-45&commune=999999&porteur=x")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("annee", "au", "commune", "porteur"):
        assert f'data-testid="error-{name}"' in html
    assert "Valeur inconnue : choisissez dans la liste." in html
    assert "Saisissez une date valide" in html
    # The bad filters are left out: every year, every commune.
    assert figures(html)["projets"] == "5"


def test_the_pdf_in_french_and_in_arabic(world, role_users, client_as, tmp_path):
    client = client_as(role_users["cabinet"])
    response = client.get(reverse("projects:dashboard_pdf", args=["fr"]) + Q2025)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path, "tableau-fr.pdf")
    for expected in (
        "Tableau de bord de l'avancement du financement – 2025",
        "1 950 000,00 DH",
        "1 450 000,00 DH",
        "450 000,00 DH",
        "74,36 %",
        "31,03 %",
        "22,00 %",
        "31,60 %",
        "Projets en retard",
        "P1 – Rattrapage des déficits",
        "Aourir",
        "T3 2025",
        "Légende",
    ):
        assert expected in text, expected
    assert DownloadRecord.objects.filter(file_name__startswith="tableau-de-bord-2025").exists()
    arabic = client.get(reverse("projects:dashboard_pdf", args=["ar"]) + Q2025)
    assert arabic.status_code == 200
    assert "1 950 000,00" in pdf_text(arabic.content, tmp_path, "tableau-ar.pdf")
    assert client.get(reverse("projects:dashboard_pdf", args=["en"])).status_code == 404


def test_the_workbook_has_numbers_formulas_and_parameters(world, role_users, client_as):
    response = client_as(role_users["dbm"]).get(reverse("projects:dashboard_xlsx") + Q2025)
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == [
        "Chiffres clés",
        "Programmes",
        "Communes",
        "Statuts",
        "Bénéficiaires",
        "Trimestres",
        "Paramètres",
    ]
    keys = {row[0]: row[1] for row in workbook["Chiffres clés"].iter_rows(min_row=5, values_only=True)}
    assert keys["Projets"] == 4
    assert keys["Coût global"] == 2500000
    assert keys["Part INDH"] == 1950000
    assert keys["Part du porteur"] == 350000
    assert keys["Part des partenaires"] == 200000
    assert keys["Engagé"] == 1450000
    assert keys["Payé"] == 450000
    assert keys["Taux d'engagement"] == '=IF(B7=0,"",B11/B7)'
    assert keys["Taux d'émission"] == '=IF(B11=0,"",B12/B11)'
    assert keys["Effet de levier"] == '=IF(B6=0,"",(B8+B9)/B6)'
    assert float(keys["Avancement physique moyen"]) == pytest.approx(0.316)
    assert (keys["Projets en retard"], keys["Emplois prévus"], keys["Emplois créés"]) == (1, 15, 4)
    assert (keys["Bénéficiaires visés"], keys["Bénéficiaires atteints"]) == (210, 40)
    programmes = list(workbook["Programmes"].iter_rows(min_row=5, values_only=True))
    assert programmes[0][:7] == ("P1 – Rattrapage des déficits", 2, 1500000, 1000000, 200000, 750000, 450000)
    assert programmes[1][:7] == ("P2 – Précarité", 2, 1000000, 950000, 0, 700000, 0)
    assert programmes[2][:7] == (
        "Total",
        "=SUM(B5:B6)",
        "=SUM(C5:C6)",
        "=SUM(D5:D6)",
        "=SUM(E5:E6)",
        "=SUM(F5:F6)",
        "=SUM(G5:G6)",
    )
    communes = list(workbook["Communes"].iter_rows(min_row=5, max_col=3, values_only=True))
    # Aourir: 60 % of A (600 000 of cost, 360 000 of INDH) and C; Drarga: 40 % of A, B and D.
    assert communes == [
        ("Aourir", 1400000, 1160000),
        ("Drarga", 1100000, 790000),
        ("Total", "=SUM(B5:B6)", "=SUM(C5:C6)"),
    ]
    quarters = list(workbook["Trimestres"].iter_rows(min_row=5, values_only=True))
    assert [(q[0], q[3], q[4]) for q in quarters] == [
        ("T1 2025", 600000, 200000),
        ("T2 2025", 750000, 350000),
        ("T3 2025", 1450000, 450000),
        ("T4 2025", 1450000, 450000),
    ]
    parameters = {row[0]: row[1] for row in workbook["Paramètres"].iter_rows(values_only=True)}
    assert parameters["Année"] == "2025"
    assert parameters["Situation au"] == "31/12/2025"
    assert parameters["Édité par"] == str(role_users["dbm"])


@pytest.mark.parametrize(
    ("figure", "count", "committed", "paid"),
    [
        ("projets", 4, "1 450 000,00", "450 000,00"),
        ("engage", 3, "1 450 000,00", "450 000,00"),
        ("paye", 2, "750 000,00", "450 000,00"),
        ("retard", 1, "700 000,00", "0,00"),
    ],
)
def test_drill_totals_equal_the_figures(world, role_users, client_as, figure, count, committed, paid):
    response = client_as(role_users["chef"]).get(reverse("projects:dashboard_drill") + f"{Q2025}&figure={figure}")
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals["count"] == count
    html = response.content.decode()
    assert re.search(r'data-total="engage"><bdi dir="ltr">' + committed.replace(" ", NNBSP), html)
    assert re.search(r'data-total="paye"><bdi dir="ltr">' + paid.replace(" ", NNBSP), html)
    # The chef opens the projects.
    assert reverse("projects:project_detail", args=[world["a"].pk if figure != "retard" else world["c"].pk]) in html


def test_drill_totals_cover_every_row_not_the_page(world, role_users, client_as):
    many_projects(world, 55, 1)
    response = client_as(role_users["chef"]).get(reverse("projects:dashboard_drill") + f"{Q2025}&figure=engage")
    assert len(response.context["object_list"]) == 50
    assert response.context["totals"]["count"] == 58
    # 1 450 000 + 55 × 80 000
    assert str(response.context["totals"]["committed"]) == "5850000.00"


def test_drill_by_status_programme_and_commune(world, role_users, client_as):
    client = client_as(role_users["auditeur"])
    url = reverse("projects:dashboard_drill")
    by_status = client.get(f"{url}{Q2025}&figure=projets&statut=en_cours")
    assert [p.code for p in by_status.context["object_list"]] == ["DB-A", "DB-C"]
    by_programme = client.get(f"{url}{Q2025}&figure=projets&programme={world['p2'].pk}")
    assert [p.code for p in by_programme.context["object_list"]] == ["DB-C", "DB-D"]
    by_commune = client.get(f"{url}{Q2025}&figure=projets&commune={world['c2'].pk}")
    assert [p.code for p in by_commune.context["object_list"]] == ["DB-A", "DB-B", "DB-D"]
    assert client.get(f"{url}?figure=inconnu").status_code == 404
    assert client.get(f"{url}?figure=projets&statut=inconnu").status_code == 404


def test_the_cabinet_and_the_dbm_see_no_project_links(world, role_users, client_as):
    for role in ("cabinet", "dbm"):
        html = client_as(role_users[role]).get(reverse("projects:dashboard_drill") + Q2025).content.decode()
        assert "DB-A" in html
        assert reverse("projects:project_detail", args=[world["a"].pk]) not in html


def test_drill_exports_are_journaled_and_carry_the_totals(world, role_users, client_as, tmp_path):
    client = client_as(role_users["cabinet"])
    url = reverse("projects:dashboard_drill") + f"{Q2025}&figure=paye"
    xlsx = client.get(url + "&export=xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(xlsx.streaming_content))).active
    codes = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "DB-A" in codes and "DB-B" in codes
    total = [row for row in sheet.iter_rows(values_only=True) if row[1] and str(row[1]).startswith("Total")][0]
    assert total[8] == 450000 and total[7] == 750000
    pdf = client.get(url + "&export=pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content, tmp_path, "detail.pdf")
    assert "DB-A" in text and "Total (2 projets)" in text and "450 000,00 DH" in text
    assert DownloadRecord.objects.filter(user=role_users["cabinet"]).count() == 2


@pytest.mark.parametrize("role", REFUSED)
def test_roles_without_the_dashboard_are_refused(world, role_users, client_as, role):
    client = client_as(role_users[role])
    for url in (
        reverse("projects:dashboard"),
        reverse("projects:dashboard_drill"),
        reverse("projects:dashboard_pdf", args=["fr"]),
        reverse("projects:dashboard_xlsx"),
    ):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", VIEWERS)
def test_the_dashboard_is_in_the_menu_and_on_the_home_page(world, role_users, client_as, role):
    html = client_as(role_users[role]).get(reverse("home")).content.decode()
    assert f'href="{reverse("projects:dashboard")}"' in html
    assert "Tableau de bord" in html


def test_each_role_sees_its_part_on_the_home_page(role_users, client_as):
    def section(role):
        response = client_as(role_users[role]).get(reverse("home"))
        return [
            str(card["title"])
            for title, cards in response.context["sections"]
            if str(title).startswith("Tableau de bord")
            for card in cards
        ]

    key = [
        "Projets de l'année",
        "Part INDH",
        "Engagé",
        "Payé",
        "Taux d'engagement",
        "Taux d'émission",
        "Projets en retard",
        "Tableau de bord",
    ]
    for role in ("chef", "auditeur", "suivi_evaluation", "cabinet"):
        assert section(role) == key, role
    assert section("dbm") == ["Engagé", "Payé", "Taux d'engagement", "Taux d'émission", "Tableau de bord"]
    assert section("secretariat_cpdh")[:3] == ["Validé", "Conventionné", "En cours"]
    assert section("communication") == []


def test_a_reader_limited_to_a_commune_sees_its_projects_only(world, role_users, client_as):
    agent = role_users["suivi_evaluation"]
    agent.role_assignments.get().communes.set([world["c2"]])
    html = client_as(agent).get(reverse("projects:dashboard") + Q2025).content.decode()
    assert figures(html)["projets"] == "3"  # A (territory), B and D
    drill = client_as(agent).get(reverse("projects:dashboard_drill") + Q2025)
    assert [p.code for p in drill.context["object_list"]] == ["DB-A", "DB-B", "DB-D"]


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_do_as_many_queries_with_35_projects_as_with_5(
    world, role_users, client_as, django_assert_max_num_queries
):
    urls = [
        reverse("projects:dashboard") + Q2025,
        reverse("projects:dashboard"),
        reverse("projects:dashboard_drill") + Q2025 + "&figure=engage",
        reverse("projects:dashboard_drill") + Q2025 + "&figure=beneficiaires",
        reverse("home"),
    ]
    client = client_as(role_users["chef"])
    for url in urls:  # caches warmed
        client.get(url)
    few = [query_count(client, url) for url in urls]
    many_projects(world, 30, 1)
    many = [query_count(client, url) for url in urls]
    assert many == few
    with django_assert_max_num_queries(50):
        client.get(urls[0])
    with django_assert_max_num_queries(30):
        client.get(urls[2])
