"""The avis d'appel à projets as a PDF, in French and in Arabic."""

import datetime as dt
import os
import re
import shutil
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from django.utils import timezone

from das.models import Axis, Partner
from projects.documents import NOTICE_LABELS, render_call_notice
from projects.models import CallForProjects
from projects.services import calls as services
from tests.factories import CommuneFactory, LocalityFactory, PhaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

DOCUMENTS = [
    ("Demande de financement signée par le porteur", "طلب تمويل موقع من طرف حامل المشروع", True),
    ("Copie certifiée des statuts de l'association", "نسخة مصادق عليها من القانون الأساسي للجمعية", True),
    ("Fiche technique du projet", "البطاقة التقنية للمشروع", True),
    ("Lettres d'engagement des partenaires", "", False),
]
SELECTION = [
    ("Pertinence du projet au regard du diagnostic", "ملاءمة المشروع لنتائج التشخيص", "40"),
    ("Nombre de bénéficiaires directs", "عدد المستفيدين المباشرين", "25"),
    ("Contribution financière du porteur et des partenaires", "المساهمة المالية لحامل المشروع والشركاء", "20"),
    ("Durabilité et capacité de gestion", "", "15"),
]
ELIGIBILITY = [
    ("Porteur légalement constitué depuis au moins un an", "حامل مشروع مؤسس بصفة قانونية منذ سنة على الأقل"),
    ("Projet réalisé dans une commune ciblée par l'appel", "مشروع منجز بإحدى الجماعات المستهدفة"),
]


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def call(agent):
    phase = PhaseFactory(name_ar="المرحلة الثالثة")
    programme = ProgrammeFactory(
        phase=phase,
        code="P3",
        name_fr="Amélioration du revenu et inclusion économique des jeunes",
        name_ar="تحسين الدخل والإدماج الاقتصادي للشباب",
    )
    axis = Axis.objects.create(
        programme=programme, code="A1", name_fr="Soutien à l'entrepreneuriat", name_ar="دعم ريادة الأعمال"
    )
    aourir = CommuneFactory(name_fr="Aourir", name_ar="أورير")
    drarga = CommuneFactory(name_fr="Drarga", name_ar="الدراركة")
    opens = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))
    call = CallForProjects(
        phase=phase,
        programme=programme,
        axis=axis,
        year=2026,
        title_fr="Appui aux activités génératrices de revenus des jeunes",
        title_ar="دعم الأنشطة المدرة للدخل لفائدة الشباب",
        description_fr=(
            "Le présent appel vise à financer des projets d'activités génératrices de revenus portés par des "
            "jeunes de 18 à 35 ans.\nLes projets doivent créer au moins deux emplois."
        ),
        description_ar=(
            "يهدف هذا الإعلان إلى تمويل مشاريع الأنشطة المدرة للدخل التي يحملها شباب تتراوح أعمارهم بين 18 و35 سنة."
        ),
        envelope=Decimal("1500000"),
        min_amount=Decimal("50000"),
        max_amount=Decimal("250000.50"),
        max_indh_share=Decimal("70"),
        eligible_holder_types=[Partner.Kind.ASSOCIATION, Partner.Kind.COOPERATIVE, Partner.Kind.GIE],
        opens_at=opens,
        closes_at=timezone.make_aware(dt.datetime(2026, 4, 3, 16, 30)),
        scoring_scale=20,
    )
    services.call_save(
        call=call,
        by=agent,
        communes=[aourir, drarga],
        localities=[LocalityFactory(commune=aourir, name_fr="Douar Tamraght", name_ar="دوار تمراغت")],
    )
    services.call_set_items(call=call, by=agent, documents=DOCUMENTS, eligibility=ELIGIBILITY, selection=SELECTION)
    return call


BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def pdf_text(content: bytes, tmp_path, name: str) -> str:
    """The PDF's text: whitespace collapsed (amounts use narrow no-break spaces), Arabic presentation forms
    normalized, and the bidi marks pdftotext adds to right-to-left lines removed."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / name
    path.write_bytes(content)
    result = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    text = unicodedata.normalize("NFKC", result.stdout.decode()).translate(BIDI_CONTROLS)
    return " ".join(text.split())


def as_extracted(arabic: str) -> str:
    """pdftotext gives the lam-alef ligature (لا, لأ, لإ, لآ) back with its two letters swapped."""
    return re.sub("ل([اأإآ])", r"\1ل", arabic)


def keep(content: bytes, name: str) -> None:
    """NOTICE_PDF_DIR=/tmp keeps the rendered notices to look at them."""
    folder = os.environ.get("NOTICE_PDF_DIR")
    if folder:
        with open(os.path.join(folder, name), "wb") as target:
            target.write(content)


def test_french_notice(call, tmp_path):
    content = render_call_notice(call, "fr")
    keep(content, "notice-fr.pdf")
    assert content.startswith(b"%PDF")

    text = pdf_text(content, tmp_path, "fr.pdf")
    assert f"Avis d'appel à projets n° 2026/{call.pk}" in text
    assert call.title_fr in text
    assert "1 500 000,00 DH" in text
    assert "250 000,50 DH" in text
    assert "70 %" in text
    assert "03/04/2026" in text and "16:30" in text
    assert "02/03/2026" in text
    for label, _label_ar, _required in DOCUMENTS:
        assert label in text
    assert "Facultative" in text and "Obligatoire" in text
    for label, _label_ar in ELIGIBILITY:
        assert label in text
    for label, _label_ar, weight in SELECTION:
        assert label in text
        assert f"{weight} %" in text
    assert "Aourir" in text and "Douar Tamraght" in text
    assert "Coopérative" in text
    assert "Président du Comité Provincial de Développement Humain" in text
    assert "١" not in text  # Western digits only


def test_arabic_notice(call, tmp_path):
    content = render_call_notice(call, "ar")
    keep(content, "notice-ar.pdf")
    assert content.startswith(b"%PDF")

    text = pdf_text(content, tmp_path, "ar.pdf")
    assert as_extracted(call.title_ar) in text
    assert as_extracted(NOTICE_LABELS["ar"]["title"]) in text
    assert as_extracted("المبادرة الوطنية للتنمية البشرية") in text
    assert "1 500 000,00" in text
    assert "70%" in text
    assert "03/04/2026" in text and "16:30" in text
    assert as_extracted("الوثائق المطلوبة") in text
    assert as_extracted("أورير") in text
    for label_fr, label_ar, _required in DOCUMENTS:
        assert as_extracted(label_ar or label_fr) in text  # a document without an Arabic label reads in French
    for label_fr, label_ar, _weight in SELECTION:
        assert as_extracted(label_ar or label_fr) in text
    assert as_extracted("العامل، رئيس اللجنة الإقليمية للتنمية البشرية") in text
    assert "Avis d'appel" not in text


def test_the_notice_shows_its_amendments(call, agent, tmp_path):
    services.call_publish(call=call, by=agent)
    services.call_amend(
        call=call,
        by=agent,
        reason="Report de la date limite à la demande des associations",
        changes={"closes_at": timezone.make_aware(dt.datetime(2026, 4, 17, 16, 30))},
    )
    call.refresh_from_db()
    today = timezone.localtime().strftime("%d/%m/%Y")

    content = render_call_notice(call, "fr")
    keep(content, "notice-amended-fr.pdf")
    text = pdf_text(content, tmp_path, "amended.pdf")
    assert f"Avenant du {today} : Report de la date limite à la demande des associations" in text
    assert "17/04/2026" in text

    content = render_call_notice(call, "ar")
    keep(content, "notice-amended-ar.pdf")
    text = pdf_text(content, tmp_path, "amended-ar.pdf")
    assert as_extracted("ملحق تعديلي بتاريخ") in text and today in text


def test_a_call_without_axis_description_or_territories(agent, tmp_path):
    programme = ProgrammeFactory()
    call = CallForProjects(
        phase=programme.phase,
        programme=programme,
        year=2026,
        title_fr="Appel minimal",
        envelope=Decimal("300000"),
        min_amount=Decimal("10000"),
        max_amount=Decimal("100000"),
        max_indh_share=Decimal("62.5"),
        eligible_holder_types=[Partner.Kind.COMMUNE],
        opens_at=timezone.make_aware(dt.datetime(2026, 5, 4, 8, 30)),
        closes_at=timezone.make_aware(dt.datetime(2026, 6, 5, 12, 0)),
    )
    services.call_save(call=call, by=agent)

    french = pdf_text(render_call_notice(call, "fr"), tmp_path, "minimal-fr.pdf")
    assert "Ensemble du territoire" in french
    assert "62,5 %" in french
    assert "Objet de l'appel" not in french

    content = render_call_notice(call, "ar")
    keep(content, "notice-minimal-ar.pdf")
    arabic = pdf_text(content, tmp_path, "minimal-ar.pdf")
    assert "Appel minimal" in arabic  # no Arabic title: the French one
    assert as_extracted("كافة تراب") in arabic
