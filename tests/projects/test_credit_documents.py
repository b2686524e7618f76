"""The documents of a version of the répartition: the état (PDF in French and Arabic, Excel) carries the version's grid,
the bordereau d'envoi exists only once the version is sent, and the DBM reads only the versions sent to it."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from das.formatting import format_money
from projects.services import credits as services
from tests.projects.test_call_notice import pdf_text
from tests.projects.test_credit_picture import build_known_year

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def known(role_users):
    return build_known_year(role_users)


def flat(value) -> str:
    return " ".join(format_money(D(value), unit="").split())


def has_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" or "\ufb50" <= char <= "\ufeff" for char in text)


def test_the_statement_pdf_shows_the_grid_its_totals_and_the_changes(known, role_users, client_as, tmp_path):
    response = client_as(role_users["chef"]).get(reverse("projects:credit_statement_pdf", args=[known.v2.pk, "fr"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path, "etat-fr.pdf")
    assert "État de répartition des crédits INDH" in text and "version 2" in text
    assert f"Bordereau d'envoi n° {known.v2.transmittal_number}" in text and "PROJET" not in text
    # A: 250 000 + 200 000 = 450 000 of 1 000 000 notified; B: 300 000 of 400 000; total 750 000 of 1 400 000.
    for amount in ("1000000", "250000", "200000", "450000", "550000", "400000", "300000", "100000", "1400000"):
        assert flat(amount) in text, amount
    assert flat("750000") in text and flat("650000") in text
    assert "Modifications par rapport à la version 1" in text and flat("500000") in text and "-250" in text


def test_a_draft_statement_is_marked_projet_and_the_dbm_cannot_read_it(known, role_users, client_as, tmp_path):
    v3 = services.allocation_start(by=role_users["suivi_evaluation"], fiscal_year=known.fiscal_year)
    url = reverse("projects:credit_statement_pdf", args=[v3.pk, "fr"])
    response = client_as(role_users["suivi_evaluation"]).get(url)
    assert response.status_code == 200
    assert "PROJET" in pdf_text(response.content, tmp_path, "projet.pdf")
    for role in ("dbm", "cabinet"):
        assert client_as(role_users[role]).get(url).status_code == 403
        xlsx = reverse("projects:credit_statement_xlsx", args=[v3.pk])
        assert client_as(role_users[role]).get(xlsx).status_code == 403
    # No number before transmission: no bordereau.
    bordereau = reverse("projects:credit_transmittal_pdf", args=[v3.pk, "fr"])
    assert client_as(role_users["chef"]).get(bordereau).status_code == 404


def test_the_bordereau_lists_the_pieces_and_the_total(known, role_users, client_as, tmp_path):
    url = reverse("projects:credit_transmittal_pdf", args=[known.v2.pk, "fr"])
    response = client_as(role_users["dbm"]).get(url)
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path, "bordereau-fr.pdf")
    year = known.fiscal_year.year
    assert f"{known.v2.transmittal_number} du {known.v2.transmitted_on:%d/%m/%Y}" in text
    assert "Chef de la Division du Budget et des Moyens" in text and "Désignation des pièces" in text
    assert f"État de répartition des crédits INDH – exercice {year} – version 2" in text
    assert "Tableau des modifications par rapport à la version 1" in text
    assert " ".join(format_money(D("750000")).split()) in text and "Le Gouverneur" in text
    first = client_as(role_users["dbm"]).get(reverse("projects:credit_transmittal_pdf", args=[known.v1.pk, "fr"]))
    assert "Tableau des modifications" not in pdf_text(first.content, tmp_path, "bordereau-v1.pdf")
    assert client_as(role_users["chef"]).get(url.replace("/fr/", "/en/")).status_code == 404


def test_the_arabic_documents_render(known, role_users, client_as, tmp_path):
    client = client_as(role_users["chef"])
    for name in ("credit_transmittal_pdf", "credit_statement_pdf"):
        response = client.get(reverse(f"projects:{name}", args=[known.v2.pk, "ar"]))
        assert response.status_code == 200
        text = pdf_text(response.content, tmp_path, f"{name}-ar.pdf")
        assert has_arabic(text), name
        assert known.v2.transmittal_number in text and flat("750000") in text


def test_the_statement_workbook_has_numbers_sums_changes_and_parameters(known, role_users, client_as):
    response = client_as(role_users["auditeur"]).get(reverse("projects:credit_statement_xlsx", args=[known.v2.pk]))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Répartition"]
    header = [cell.value for cell in sheet[5]]
    assert header == [
        "Programme",
        "Notifié",
        "R-AGR – Activités génératrices de revenus",
        "R-INF – Infrastructures",
        "Total réparti",
        "Reste à répartir",
    ]
    a, b, total = sheet[6], sheet[7], sheet[8]
    assert [c.value for c in a[:4]] == [str(known.programme_a), 1000000, 200000, 250000]
    assert a[4].value == "=SUM(C6:D6)" and a[5].value == "=B6-E6"
    assert [c.value for c in b[1:4]] == [400000, 300000, 0]
    assert total[0].value == "Total" and total[1].value == "=SUM(B6:B7)" and total[4].value == "=SUM(E6:E7)"
    assert a[2].number_format == '#,##0.00 "DH"'
    changes = list(workbook["Modifications"].iter_rows(min_row=4, values_only=True))
    assert changes == [(str(known.programme_a), str(known.infra), 500000, 250000, "=D4-C4")]
    parameters = {row[0]: row[1] for row in workbook["Paramètres"].iter_rows(values_only=True)}
    assert parameters["Version"] == 2 and parameters["Bordereau d'envoi n°"] == known.v2.transmittal_number
    assert parameters["Édité par"] == str(role_users["auditeur"])
