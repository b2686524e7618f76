"""The committees' documents as PDFs: convocations, ordre du jour, dossier de séance, procès-verbal (a draft until the
meeting is closed) and the letter carrying a remontée's answer to the CLDH, in French and in Arabic."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees import documents
from committees.models import Committee, Feedback, Meeting, Member
from committees.selectors import agenda_of, meeting_page
from committees.services import feedback as feedback_services
from committees.services import meetings as meeting_services
from das.models import DownloadRecord
from projects.models import PartnerContribution
from tests.committees import builders
from tests.factories import CommuneFactory, PartnerFactory
from tests.projects.test_call_notice import as_extracted, keep, pdf_text

pytestmark = pytest.mark.django_db

GOVERNOR = "Le Gouverneur de la préfecture d'Agadir"
PLACE = "Salle de réunion de la préfecture"


@pytest.fixture
def secretariat(role_users):
    return role_users["secretariat_cpdh"]


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def head(role_users):
    return role_users["chef"]


def convened(secretariat, agent, head, count=2):
    """A CPDH validation meeting convened with ``count`` preselected dossiers (scored 8 and 7 on 60/40: 76,00) and
    a free point; the first member chairs it, the second is its secretary and has an Arabic name."""
    meeting, items, dossiers = builders.convened_with_dossiers(
        secretariat,
        agent,
        head,
        count,
        chaired_by=GOVERNOR,
        name_ar="اللجنة الإقليمية للتنمية البشرية لعمالة أكادير إداوتنان",
    )
    members = sorted(meeting.committee.members.all(), key=lambda m: m.pk)
    Member.objects.filter(pk=members[0].pk).update(
        full_name="Ahmed Benali", full_name_ar="أحمد بنعلي", title="Gouverneur", sex=Member.Sex.MAN
    )
    Member.objects.filter(pk=members[1].pk).update(
        full_name="Khadija Amrani", full_name_ar="خديجة العمراني", function=Member.Function.SECRETARY
    )
    Meeting.objects.filter(pk=meeting.pk).update(chair=members[0], date=dt.date(2026, 5, 12))
    return meeting_page(meeting.pk), items, dossiers


@pytest.fixture
def held(secretariat, agent, head):
    return convened(secretariat, agent, head)


def pages(content: bytes, tmp_path, name: str) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / name
    path.write_bytes(content)
    result = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return [" ".join(page.split()) for page in result.stdout.decode().split("\f") if page.strip()]


def reload(meeting):
    return meeting_page(meeting.pk)


# --- Convocations -----------------------------------------------------------------------------------------------------


def test_convocations_one_letter_per_sitting_member_in_french(held, tmp_path):
    meeting, _items, dossiers = held
    content = documents.render_convocations(meeting, "fr")
    keep(content, "convocations-fr.pdf")
    letters = pages(content, tmp_path, "convocations-fr.pdf")
    assert len(letters) == 9  # ten members sit, one page each but for the president, who convenes them
    assert not any("Ahmed Benali" in page for page in letters)
    secretary = next(page for page in letters if "Khadija Amrani" in page)
    assert "Madame Khadija Amrani" in secretary and "Madame," in secretary
    text = pdf_text(content, tmp_path, "convocations-fr-text.pdf")
    assert "convocation à la réunion n° 1 (validation) du CPDH de test" in text
    assert "mardi 12 mai 2026" in text and "10:00" in text and PLACE in text
    for dossier in dossiers:
        assert dossier.reference in text
    assert text.count(GOVERNOR) == 18  # sender and signature of every letter
    assert "vous faire représenter" in text


def test_convocations_in_arabic(held, tmp_path):
    meeting, _items, dossiers = held
    content = documents.render_convocations(meeting, "ar")
    keep(content, "convocations-ar.pdf")
    text = pdf_text(content, tmp_path, "convocations-ar.pdf")
    assert as_extracted("استدعاء لحضور اجتماع") in text
    assert as_extracted("اللجنة الإقليمية للتنمية البشرية لعمالة أكادير إداوتنان") in text
    assert as_extracted("السيدة خديجة العمراني") in text
    assert as_extracted("الثلاثاء") in text and "ماي" in text  # mardi 12 mai, the Moroccan month name
    assert as_extracted("رئيس اللجنة الإقليمية للتنمية البشرية") in text  # the French chair title is not used
    assert GOVERNOR not in text
    assert PLACE in text  # typed in French: kept as typed
    assert dossiers[0].reference in text
    assert "Convocation" not in text


def test_a_members_convocation_alone(held, tmp_path, client_as, secretariat):
    meeting, _items, _dossiers = held
    member = meeting.committee.members.get(full_name="Khadija Amrani")
    url = reverse("committees:member_convocation_pdf", args=[meeting.pk, member.pk, "fr"])
    response = client_as(secretariat).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    letters = pages(response.content, tmp_path, "member.pdf")
    assert len(letters) == 1 and "Madame Khadija Amrani" in letters[0]
    assert DownloadRecord.objects.filter(kind="convocation", user=secretariat).count() == 1

    other = builders.committee(secretariat, kind=Committee.Kind.CRDH)
    outsider = builders.members(other, secretariat, count=1)[0]
    url = reverse("committees:member_convocation_pdf", args=[meeting.pk, outsider.pk, "fr"])
    assert client_as(secretariat).get(url).status_code == 404


# --- Ordre du jour ----------------------------------------------------------------------------------------------------


def test_the_agenda_in_both_languages(held, secretariat, tmp_path):
    meeting, _items, dossiers = held
    meeting_services.agenda_add_text(
        meeting=meeting, by=secretariat, title="Questions diverses", description="Calendrier des prochaines réunions."
    )
    meeting = reload(meeting)
    content = documents.render_agenda(meeting, "fr")
    keep(content, "agenda-fr.pdf")
    text = pdf_text(content, tmp_path, "agenda-fr.pdf")
    assert "Ordre du jour" in text and "Réunion n° 1 (validation)" in text
    assert "Dossier présélectionné" in text and "Point divers" in text
    assert "Questions diverses" in text and "Calendrier des prochaines réunions." in text
    assert all(dossier.reference in text for dossier in dossiers)
    assert "Ahmed Benali, Gouverneur" in text and GOVERNOR in text

    content = documents.render_agenda(meeting, "ar")
    keep(content, "agenda-ar.pdf")
    text = pdf_text(content, tmp_path, "agenda-ar.pdf")
    assert "جدول" in text and as_extracted("ملف منتقى أوليا") in text
    assert "Questions diverses" in text and "12/05/2026" not in text
    assert "Ordre du jour" not in text


# --- Dossier de séance ------------------------------------------------------------------------------------------------


def test_the_session_file_shows_each_dossiers_summary_financing_and_scores(held, secretariat, tmp_path):
    meeting, _items, dossiers = held
    PartnerContribution.objects.create(dossier=dossiers[0], partner=PartnerFactory(name="Commune d'Aourir"), amount=0)
    meeting_services.agenda_add_text(meeting=meeting, by=secretariat, title="Questions diverses", description="")
    meeting = reload(meeting)
    content = documents.render_session(meeting, agenda_of(meeting))
    keep(content, "session.pdf")
    text = pdf_text(content, tmp_path, "session.pdf")
    assert "Dossier de séance" in text and "Points inscrits à l'ordre du jour" in text
    for dossier in dossiers:
        assert dossier.reference in text
        assert dossier.holder.name in text
    assert "400 000,00 DH" in text  # cost
    assert "250 000,00 DH 62,5 %" in text  # INDH share and its part of the cost
    assert "150 000,00 DH 37,5 %" in text  # the holder's contribution
    assert "Partenaire : Commune d'Aourir" in text and "0,00 DH" in text and "0 %" in text
    assert "8 / 10" in text and "7 / 10" in text and "60 %" in text and "40 %" in text
    assert "76,00 / 100" in text  # 0.8 × 60 + 0.7 × 40
    assert "Point sans exposé écrit" in text
    sections = pages(content, tmp_path, "session-pages.pdf")
    assert len(sections) >= 4  # the cover, then one section per point


def test_the_session_file_shows_a_remontee(held, secretariat, tmp_path):
    meeting, _items, _dossiers = held
    feedback = feedback_services.feedback_register(
        by=secretariat,
        kind="plainte",
        source="beneficiaire",
        source_name="Habitants du douar Tamraght",
        commune=CommuneFactory(name_fr="Aourir"),
        received_on=timezone.localdate(),
        channel="terrain",
        subject="Retard des travaux de la piste de Tamraght",
        content="Les habitants signalent l'arrêt des travaux depuis trois semaines.",
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PLANNED)
    meeting_services.agenda_add_records(meeting=meeting, kind="remontee", records=[feedback], by=secretariat)
    meeting = reload(meeting)
    text = pdf_text(documents.render_session(meeting, agenda_of(meeting)), tmp_path, "session-remontee.pdf")
    assert feedback.reference in text and "Plainte" in text
    assert "Habitants du douar Tamraght" in text and "l'arrêt des travaux depuis trois semaines" in text


def session_queries(client, meeting):
    url = reverse("committees:meeting_session_pdf", args=[meeting.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_session_file_keeps_its_query_count_from_2_to_8_dossiers(secretariat, agent, head, client_as):
    client = client_as(secretariat)
    few, _items, _dossiers = convened(secretariat, agent, head, count=2)
    many, _items, _dossiers = convened(secretariat, agent, head, count=8)
    assert session_queries(client, few) == session_queries(client, many)


# --- Procès-verbal ----------------------------------------------------------------------------------------------------


def decided(meeting, items, secretariat):
    """Attendance with one represented, one excused and one absent member; the first dossier approved with reserves
    and a reduced amount (votes recorded), the second adjourned, with an action."""
    members = meeting_services.sitting_members(meeting)
    entries = dict.fromkeys(members, ("present", ""))
    entries[members[2]] = ("represente", "Mohamed Alaoui (suppléant)")
    entries[members[3]] = ("excuse", "")
    entries[members[4]] = ("absent", "")
    meeting_services.attendance_record(meeting=meeting, by=secretariat, entries=entries)
    approved = meeting_services.decision_record(
        item=items[0],
        by=secretariat,
        outcome="approuve_reserves",
        reserves="Produire l'attestation de propriété du terrain.",
        amended_amount=Decimal("200000"),
        votes_for=7,
        votes_against=1,
        abstentions=0,
    )
    meeting_services.decision_record(
        item=items[1], by=secretariat, outcome="ajourne", reason="Étude technique à compléter."
    )
    meeting_services.action_add(
        decision=approved,
        by=secretariat,
        description="Notifier au porteur la décision et les réserves du comité.",
        service="suivi_evaluation",
        due_on=meeting.date + dt.timedelta(days=15),
    )
    return approved


def test_the_minutes_are_a_draft_until_the_meeting_is_closed(held, secretariat, head, tmp_path):
    meeting, items, _dossiers = held
    approved = decided(meeting, items, secretariat)
    content = documents.render_minutes(reload(meeting), "fr")
    keep(content, "minutes-draft-fr.pdf")
    text = pdf_text(content, tmp_path, "minutes-draft-fr.pdf")
    assert "PROJET" in text and "Projet de procès-verbal" in text
    assert all("PROJET — " in page for page in pages(content, tmp_path, "draft-pages.pdf"))  # on every page
    assert "s'est tenue la réunion n° 1 (validation) du CPDH de test" in text
    assert "sous la présidence de Monsieur Ahmed Benali, Gouverneur. Lieu de la réunion : Salle de réunion" in text
    assert "Membres présents (7)" in text and "Membres représentés (1)" in text
    assert "Membres excusés (1)" in text and "Membres absents (1)" in text
    assert "Mohamed Alaoui (suppléant)" in text
    assert "quorum requis : 6 ; membres présents ou représentés : 8" in text
    assert "Le quorum est atteint" in text
    assert "Approuvé avec réserves" in text and "Produire l'attestation de propriété du terrain." in text
    assert "200 000,00 DH" in text and "pour : 7 ; contre : 1 ; abstentions : 0" in text
    assert "Ajourné" in text and "Étude technique à compléter." in text
    assert "Notifier au porteur la décision" in text and "Suivi et évaluation" in text
    assert "Le Président de séance" in text and "Khadija Amrani" in text

    meeting_services.meeting_close(meeting=meeting, by=secretariat)
    meeting_services.decision_rectify(
        decision=approved, by=head, reason="Erreur matérielle sur le montant.", amended_amount=Decimal("210000")
    )
    content = documents.render_minutes(reload(meeting), "fr")
    keep(content, "minutes-fr.pdf")
    text = pdf_text(content, tmp_path, "minutes-fr.pdf")
    assert "PROJET" not in text and "Projet de procès-verbal" not in text
    assert "Réunion clôturée le" in text
    assert "Rectifications postérieures à la clôture" in text
    assert "Montant INDH retenu : 200 000,00 DH → 210 000,00 DH" in text
    assert "Erreur matérielle sur le montant." in text


def test_the_minutes_in_arabic(held, secretariat, tmp_path):
    meeting, items, _dossiers = held
    decided(meeting, items, secretariat)
    text = pdf_text(documents.render_minutes(reload(meeting), "ar"), tmp_path, "minutes-draft-ar.pdf")
    assert as_extracted("مسودة") in text
    assert as_extracted("الأعضاء الحاضرون") in text and as_extracted("مصادق عليه مع تحفظات") in text
    assert as_extracted("خديجة العمراني") in text and as_extracted("رئيس الجلسة") in text
    assert "Produire l'attestation de propriété du terrain." in text  # typed in French
    assert "PROJET" not in text

    meeting_services.meeting_close(meeting=meeting, by=secretariat)
    content = documents.render_minutes(reload(meeting), "ar")
    keep(content, "minutes-ar.pdf")
    text = pdf_text(content, tmp_path, "minutes-ar.pdf")
    assert as_extracted("مسودة") not in text
    assert as_extracted("محضر اجتماع") in text


def test_the_minutes_before_attendance_and_of_a_cancelled_meeting(held, secretariat, client_as, tmp_path):
    meeting, _items, _dossiers = held
    text = pdf_text(documents.render_minutes(meeting, "fr"), tmp_path, "minutes-empty.pdf")
    assert "Les présences n'ont pas été saisies." in text
    assert "Aucune décision n'est encore enregistrée sur ce point." in text

    meeting_services.meeting_cancel(meeting=meeting, by=secretariat, reason="Report à la demande du Gouverneur")
    url = reverse("committees:meeting_minutes_pdf", args=[meeting.pk, "fr"])
    assert client_as(secretariat).get(url).status_code == 404


# --- Letter to the CLDH -----------------------------------------------------------------------------------------------


@pytest.fixture
def aourir():
    return CommuneFactory(name_fr="Aourir", name_ar="أورير")


def remontee(secretariat, commune, *, answered=True):
    feedback = feedback_services.feedback_register(
        by=secretariat,
        kind="plainte",
        source="beneficiaire",
        source_name="Habitants du douar Tamraght",
        commune=commune,
        received_on=timezone.localdate() - dt.timedelta(days=10),
        channel="terrain",
        subject="Retard des travaux de la piste de Tamraght",
        content="Les habitants signalent l'arrêt des travaux de la piste.",
    )
    if answered:
        feedback_services.feedback_route(feedback=feedback, by=secretariat, service="suivi_evaluation")
        feedback_services.feedback_answer(
            feedback=feedback,
            by=secretariat,
            answer="Les travaux reprendront le 1er juin après la levée des réserves techniques.",
            answered_on=timezone.localdate(),
        )
    return Feedback.objects.select_related("commune", "project", "answered_by").get(pk=feedback.pk)


def test_the_letter_goes_to_the_president_of_the_communes_cldh(secretariat, aourir, tmp_path):
    cldh = builders.committee(secretariat, kind=Committee.Kind.CLDH, name="CLDH de la commune d'Aourir", commune=aourir)
    president = builders.members(cldh, secretariat, count=2, women=1)[0]
    Member.objects.filter(pk=president.pk).update(full_name="Fatima Zahra Bouzid", full_name_ar="فاطمة الزهراء بوزيد")
    feedback = remontee(secretariat, aourir)

    content = documents.render_feedback_letter(feedback, "fr")
    keep(content, "feedback-letter-fr.pdf")
    text = pdf_text(content, tmp_path, "letter-fr.pdf")
    assert "Madame la Présidente du CLDH de la commune d'Aourir" in text and "Fatima Zahra Bouzid" in text
    assert f"réponse à la remontée n° {feedback.reference}" in text
    assert "Retard des travaux de la piste de Tamraght" in text
    assert "Les travaux reprendront le 1er juin" in text
    assert f"Réponse arrêtée le {timezone.localdate():%d/%m/%Y}." in text

    content = documents.render_feedback_letter(feedback, "ar")
    keep(content, "feedback-letter-ar.pdf")
    text = pdf_text(content, tmp_path, "letter-ar.pdf")
    assert as_extracted("السيدة رئيسة") in text and as_extracted("فاطمة الزهراء بوزيد") in text
    assert as_extracted("شكاية") in text and feedback.reference in text
    assert "Les travaux reprendront le 1er juin" in text


def test_without_a_cldh_the_letter_goes_to_its_president_by_title(secretariat, aourir, tmp_path):
    text = pdf_text(documents.render_feedback_letter(remontee(secretariat, aourir), "fr"), tmp_path, "letter.pdf")
    assert "Monsieur le Président du CLDH de Aourir" in text or "Monsieur le Président du CLDH d'Aourir" in text
    text = pdf_text(documents.render_feedback_letter(remontee(secretariat, aourir), "ar"), tmp_path, "letter-ar.pdf")
    assert as_extracted("السيد رئيس اللجنة المحلية للتنمية البشرية لجماعة أورير") in text


def test_the_letter_is_refused_before_the_answer(secretariat, aourir, client_as):
    feedback = remontee(secretariat, aourir, answered=False)
    with pytest.raises(ValueError, match="pas encore de réponse"):
        documents.render_feedback_letter(feedback, "fr")
    client = client_as(secretariat)
    url = reverse("committees:feedback_letter_pdf", args=[feedback.pk, "fr"])
    assert client.get(url).status_code == 404
    feedback_services.feedback_route(feedback=feedback, by=secretariat, service="suivi_evaluation")
    assert client.get(url).status_code == 404  # routed, not yet answered
    feedback_services.feedback_answer(
        feedback=feedback, by=secretariat, answer="Réponse du service.", answered_on=timezone.localdate()
    )
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert DownloadRecord.objects.filter(kind="lettre de réponse à une remontée").count() == 1


# --- Views ------------------------------------------------------------------------------------------------------------


def test_every_meeting_document_downloads_journaled_and_only_in_french_or_arabic(held, client_as, role_users):
    meeting, _items, _dossiers = held
    client = client_as(role_users["cabinet"])  # the Governor's office reads the committees
    for name, kind in [
        ("committees:meeting_convocations_pdf", "convocations"),
        ("committees:meeting_agenda_pdf", "ordre du jour"),
        ("committees:meeting_minutes_pdf", "procès-verbal"),
    ]:
        for language in ("fr", "ar"):
            response = client.get(reverse(name, args=[meeting.pk, language]))
            assert response.status_code == 200, name
            assert response["Content-Disposition"].startswith("attachment; filename=")
            assert language in response["Content-Disposition"]
        assert DownloadRecord.objects.filter(kind=kind).count() == 2
        assert client.get(reverse(name, args=[meeting.pk, "en"])).status_code == 404
    response = client.get(reverse("committees:meeting_session_pdf", args=[meeting.pk]))
    assert response.status_code == 200 and "dossier-de-seance" in response["Content-Disposition"]
    assert client.get(reverse("committees:meeting_agenda_pdf", args=[meeting.pk + 1000, "fr"])).status_code == 404
    assert (
        client_as(role_users["dbm"]).get(reverse("committees:meeting_session_pdf", args=[meeting.pk])).status_code
        == 403
    )
