"""The documents of the dossiers as PDFs, in French and in Arabic: accusé de réception, lettre de pièces manquantes,
fiche d'évaluation and classement of a call."""

import re
import shutil
import subprocess
import unicodedata
from decimal import Decimal

import pytest

from das.models import Partner
from projects.documents import (
    DOSSIER_LABELS,
    MISSING_PIECES_DELAY_DAYS,
    render_evaluation_sheet,
    render_missing_pieces_letter,
    render_ranking,
    render_receipt,
)
from projects.models import CallForProjects
from projects.services import dossiers as services
from tests.factories import PartnerFactory, user_with_role
from tests.projects import test_dossier_services
from tests.projects.test_call_notice import BIDI_CONTROLS, as_extracted, keep, pdf_text
from tests.projects.test_dossier_services import eligible, register, score, scored

pytestmark = pytest.mark.django_db

# The fixtures of the dossier services' tests, by name so that pytest finds them here: a published call (scale 10,
# weights 60/40, pieces « Demande signée » and « Statuts ») and the agent who registers and evaluates.
agent = test_dossier_services.agent
call = test_dossier_services.call

AR = DOSSIER_LABELS["ar"]


def table_rows(content: bytes, tmp_path, name: str) -> list[str]:
    """The PDF's lines as laid out on the page (pdftotext -layout): a table row stays on one line."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / name
    path.write_bytes(content)
    result = subprocess.run([pdftotext, "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    text = unicodedata.normalize("NFKC", result.stdout.decode()).translate(BIDI_CONTROLS)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def row_of(rows: list[str], reference: str) -> str:
    return next(row for row in rows if reference in row)


def with_representative(dossier):
    Partner.objects.filter(pk=dossier.holder_id).update(
        name="Association Tifaout pour le développement",
        name_ar="جمعية تيفاوت للتنمية",
        representative_name="Fatima Zahra Amrani",
        representative_title="Présidente",
        address="12, rue Al Massira, Hay Dakhla",
    )
    dossier.refresh_from_db()
    return dossier


def incomplete(call, agent):
    """A dossier filed with its first piece only: « Statuts » (القانون الأساسي) is missing."""
    return with_representative(register(call, agent, provided=[call.documents.first()]))


def test_receipt_in_french(call, agent, tmp_path):
    dossier = incomplete(call, agent)
    content = render_receipt(dossier, "fr")
    keep(content, "receipt-fr.pdf")
    assert content.startswith(b"%PDF")

    text = pdf_text(content, tmp_path, "receipt-fr.pdf")
    assert "Accusé de réception" in text
    assert dossier.reference in text
    assert f"n° 2026/{call.pk} — {call.title_fr}" in text
    assert "Association Tifaout pour le développement" in text and "Association" in text
    assert "Fatima Zahra Amrani, Présidente" in text
    assert "12, rue Al Massira" in text
    assert dossier.title in text and dossier.commune.name_fr in text
    assert "04/03/2026 à 09:00" in text  # received three days after the opening, Casablanca time
    assert "Dépôt papier" in text
    assert "☑ Reçue" in text and "☐ Manquante" in text
    assert "Pièces obligatoires manquantes • Statuts" in text
    assert "ne préjuge en rien de sa recevabilité" in text
    assert "Le Chef de la Division de l'Action Sociale" in text
    assert "hors délai" not in text


def test_receipt_in_arabic(call, agent, tmp_path):
    dossier = incomplete(call, agent)
    content = render_receipt(dossier, "ar")
    keep(content, "receipt-ar.pdf")
    assert content.startswith(b"%PDF")

    text = pdf_text(content, tmp_path, "receipt-ar.pdf")
    assert as_extracted(AR["receipt_title"]) in text
    assert dossier.reference in text
    assert as_extracted("جمعية تيفاوت للتنمية") in text
    assert "04/03/2026" in text and "09:00" in text
    assert as_extracted("القانون الأساسي") in text and as_extracted("طلب موقع") in text
    assert as_extracted("إيداع ورقي") in text
    assert as_extracted("رئيس قسم العمل الاجتماعي") in text
    assert "Accusé" not in text


def test_a_late_dossier_receipt_says_so(call, agent, tmp_path):
    dossier = register(call, agent, late=True, channel="email")
    text = pdf_text(render_receipt(dossier, "fr"), tmp_path, "late-fr.pdf")
    assert "Dossier déposé hors délai" in text
    assert "clôture du dépôt, fixée au 31/03/2026 à 09:00" in text
    assert "dérogation motivée du Chef de la Division" in text
    assert "Courrier électronique" in text
    assert "31/03/2026 à 11:00" in text  # received two hours after the closing time

    content = render_receipt(dossier, "ar")
    keep(content, "receipt-late-ar.pdf")
    text = pdf_text(content, tmp_path, "late-ar.pdf")
    assert as_extracted(AR["late_title"]) in text


def test_missing_pieces_letter_in_french(call, agent, tmp_path):
    dossier = incomplete(call, agent)
    content = render_missing_pieces_letter(dossier, "fr")
    keep(content, "missing-fr.pdf")
    assert content.startswith(b"%PDF")

    text = pdf_text(content, tmp_path, "missing-fr.pdf")
    assert f"Objet : dossier n° {dossier.reference} — pièces manquantes" in text
    assert "à Fatima Zahra Amrani Présidente Association Tifaout pour le développement" in text
    assert "1. Statuts" in text and "Demande signée" not in text
    assert f"dans un délai de {MISSING_PIECES_DELAY_DAYS} jours à compter de la réception de la présente" in text
    assert "04/03/2026" in text


def test_missing_pieces_letter_in_arabic(call, agent, tmp_path):
    dossier = incomplete(call, agent)
    content = render_missing_pieces_letter(dossier, "ar")
    keep(content, "missing-ar.pdf")
    text = pdf_text(content, tmp_path, "missing-ar.pdf")
    assert dossier.reference in text
    assert as_extracted("الوثائق الناقصة") in text
    assert as_extracted("القانون الأساسي") in text and as_extracted("طلب موقع") not in text
    assert re.search(as_extracted(r"داخل أجل\s*10\s*أيام"), text)  # pdftotext may glue the figure to the word
    assert as_extracted("سلام تام بوجود مولانا الإمام المؤيد بالله") in text


def test_no_missing_pieces_letter_for_a_complete_dossier(call, agent):
    with pytest.raises(ValueError, match="aucune pièce"):
        render_missing_pieces_letter(register(call, agent), "fr")


@pytest.fixture
def evaluated(call, agent):
    """Two submitted evaluations (68,00 and 78,00) and a third evaluator's draft (26,00), never shown."""
    commune = PartnerFactory(kind=Partner.Kind.COMMUNE, name="Commune d'Aourir", receipt_number="")
    dossier = with_representative(
        eligible(
            call,
            agent,
            holder_part="100000",
            contributions=[(commune, Decimal("50000"))],
            beneficiaries_total=240,
            beneficiaries_women=130,
            beneficiaries_youth=95,
            beneficiaries_disabled=12,
        )
    )
    second = user_with_role("suivi_evaluation", username="evaluatrice2", full_name="Khadija Benali")
    third = user_with_role("suivi_evaluation", username="evaluateur3", full_name="Youssef Brouillon")
    services.evaluators_assign(dossiers=[dossier], evaluators=[agent, second, third], by=agent)
    evaluations = {e.evaluator_id: e for e in dossier.evaluations.all()}
    score(evaluations[agent.pk], agent, ["8", "5"])  # 0.8×60 + 0.5×40 = 68.00
    score(evaluations[second.pk], second, ["7", "9"])  # 42 + 36 = 78.00
    draft = evaluations[third.pk]
    services.evaluation_declare_no_conflict(evaluation=draft, by=third)
    criteria = list(call.selection_criteria.all())
    services.evaluation_save_scores(
        evaluation=draft, by=third, scores={criteria[0]: ("3", "Brouillon"), criteria[1]: ("2", "")}
    )  # 18 + 8 = 26.00, a draft
    dossier.refresh_from_db()
    return dossier


def test_evaluation_sheet_in_french(evaluated, agent, tmp_path):
    content = render_evaluation_sheet(evaluated, "fr")
    keep(content, "evaluation-fr.pdf")
    assert content.startswith(b"%PDF")

    text = pdf_text(content, tmp_path, "evaluation-fr.pdf")
    assert "Fiche d'évaluation" in text and evaluated.reference in text
    assert "INDH 250 000,00 DH 62,5 %" in text
    assert "Porteur : Association Tifaout pour le développement 100 000,00 DH 25 %" in text
    assert "Partenaire : Commune d'Aourir 50 000,00 DH 12,5 %" in text
    assert "Coût global du projet" in text and "400 000,00 DH 100 %" in text
    assert "240 130 95 12" in text  # beneficiaries: total, women, youth, disabled
    assert "Porteur légalement constitué Satisfait" in text
    assert f"Évaluation n° 1 : {agent.full_name}" in text and "Évaluation n° 2 : Khadija Benali" in text
    assert "Critère 0 60 % 8 / 10 48,00" in text and "Critère 1 40 % 5 / 10 20,00" in text
    assert "Critère 0 60 % 7 / 10 42,00" in text and "Critère 1 40 % 9 / 10 36,00" in text
    assert text.count("Note pondérée (sur 100)") == 2 and "68,00" in text and "78,00" in text
    assert "Note moyenne des évaluations remises (2)" in text and "73,00 / 100" in text
    assert "Youssef Brouillon" not in text and "26,00" not in text and "18,00" not in text  # the draft
    rows = table_rows(content, tmp_path, "evaluation-fr-layout.pdf")
    assert any(row.startswith("Note pondérée (sur 100) 68,00") for row in rows)
    assert any(row.startswith("Note pondérée (sur 100) 78,00") for row in rows)
    assert any(row == "Note moyenne des évaluations remises (2) 73,00 / 100" for row in rows)


def test_evaluation_sheet_in_arabic(evaluated, tmp_path):
    content = render_evaluation_sheet(evaluated, "ar")
    keep(content, "evaluation-ar.pdf")
    text = pdf_text(content, tmp_path, "evaluation-ar.pdf")
    assert as_extracted(AR["sheet_title"]) in text and evaluated.reference in text
    assert "250 000,00" in text and "62,5%" in text
    for figure in ("48,00", "20,00", "42,00", "36,00", "68,00", "78,00", "73,00", "8/10", "9/10"):
        assert figure in text
    assert as_extracted("معدل التقييمات المسلمة") in text
    assert "Khadija Benali" in text
    assert "Youssef Brouillon" not in text and "26,00" not in text


def test_an_evaluation_sheet_without_submitted_evaluation(call, agent, tmp_path):
    dossier = eligible(call, agent)
    text = pdf_text(render_evaluation_sheet(dossier, "fr"), tmp_path, "none.pdf")
    assert "Aucune évaluation n'a été remise à ce jour." in text
    assert "Note moyenne" not in text


@pytest.fixture
def ranked(call, agent):
    CallForProjects.objects.filter(pk=call.pk).update(envelope=Decimal("1200000"))
    call.refresh_from_db()
    low = scored(call, agent, ["5", "5"], cost="600000", indh="400000", holder_part="200000")  # 50.00
    high = scored(call, agent, ["9", "8"], cost="800000", indh="500000", holder_part="300000")  # 86.00
    middle = scored(call, agent, ["7", "7"], cost="900000", indh="600000", holder_part="300000")  # 70.00
    return call, [high, middle, low]


def test_ranking_in_french(ranked, tmp_path):
    call, (high, middle, low) = ranked
    content = render_ranking(call, "fr")
    keep(content, "ranking-fr.pdf")
    assert content.startswith(b"%PDF")

    text = pdf_text(content, tmp_path, "ranking-fr.pdf")
    assert "Classement des dossiers" in text and f"Appel à projets n° 2026/{call.pk}" in text
    assert "Enveloppe de l'appel 1 200 000,00 DH" in text
    assert "Total des parts INDH demandées (dossiers classés) 1 500 000,00 DH" in text
    positions = [text.index(d.reference) for d in (high, middle, low)]
    assert positions == sorted(positions)
    limit = text.index("Limite de l'enveloppe (1 200 000,00 DH)")
    assert positions[1] < limit < positions[2]

    rows = table_rows(content, tmp_path, "ranking-fr-layout.pdf")
    assert "86,00 500 000,00 DH 500 000,00 DH ✔ Oui" in row_of(rows, high.reference)
    assert "70,00 600 000,00 DH 1 100 000,00 DH ✔ Oui" in row_of(rows, middle.reference)
    assert "50,00 400 000,00 DH 1 500 000,00 DH ✘ Non" in row_of(rows, low.reference)
    assert row_of(rows, high.reference).startswith("1 ") and row_of(rows, low.reference).startswith("3 ")


def test_ranking_in_arabic(ranked, tmp_path):
    call, (high, middle, low) = ranked
    content = render_ranking(call, "ar")
    keep(content, "ranking-ar.pdf")
    text = pdf_text(content, tmp_path, "ranking-ar.pdf")
    assert as_extracted(AR["ranking_title"]) in text
    positions = [text.index(d.reference) for d in (high, middle, low)]
    assert positions == sorted(positions)
    for figure in ("86,00", "70,00", "50,00", "1 100 000,00", "1 500 000,00"):
        assert figure in text
    assert text.count("✔") == 2 and text.count("✘") == 1
    assert as_extracted("حد الغلاف المالي") in text

    rows = table_rows(content, tmp_path, "ranking-ar-layout.pdf")
    assert "✔" in row_of(rows, high.reference) and "86,00" in row_of(rows, high.reference)
    assert "✔" in row_of(rows, middle.reference) and "1 100 000,00" in row_of(rows, middle.reference)
    assert "✘" in row_of(rows, low.reference) and "1 500 000,00" in row_of(rows, low.reference)
