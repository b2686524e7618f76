"""The meetings pages of the CPDH secretariat: list, planning, agenda, attendance and quorum, decisions, actions,
rectifications, closing and the signed minutes — allowed and refused paths, and the page's query count."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import AgendaItem, Attendance, Committee, Decision, DecisionAction, Meeting, Rectification
from committees.services import meetings as services
from projects.models import Dossier
from tests.committees import builders
from tests.projects.test_call_views import message_texts

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def secretariat(role_users):
    return role_users["secretariat_cpdh"]


@pytest.fixture
def cpdh(secretariat):
    committee = builders.committee(secretariat)
    builders.members(committee, secretariat, count=6, women=2, youth=1)
    return committee


@pytest.fixture
def planned(cpdh, secretariat):
    return builders.meeting(cpdh, secretariat)


def convened_with_text(committee, by, titles=("Rapport d'activité", "Points divers"), **fields):
    meeting = builders.meeting(committee, by, **fields)
    items = [services.agenda_add_text(meeting=meeting, by=by, title=title) for title in titles]
    services.meeting_convene(meeting=meeting, by=by)
    meeting.refresh_from_db()
    return meeting, items


def page_text(response) -> str:
    """The page as read (HTML entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())


def said(response) -> str:
    """Every message the request left (earlier ones not yet shown included)."""
    return " ".join(message_texts(response))


def detail(meeting):
    return reverse("committees:meeting_detail", args=[meeting.pk])


def attendance_data(meeting, presence="present", **overrides):
    data = {}
    for member in services.sitting_members(meeting):
        data[f"presence_{member.pk}"] = presence
        data[f"represented_{member.pk}"] = ""
    data.update(overrides)
    return data


# --- List -----------------------------------------------------------------------------------------------------------


def test_list_filters_exports_and_offers_creation_to_the_secretariat(client_as, role_users, planned, cpdh):
    other = builders.committee(role_users["secretariat_cpdh"], kind=Committee.Kind.LAUNCH, name="Commission test")
    builders.meeting(other, role_users["secretariat_cpdh"], kind="suivi")
    url = reverse("committees:meeting_list")

    client = client_as(role_users["secretariat_cpdh"])
    response = client.get(url)
    assert response.status_code == 200
    page = page_text(response)
    assert "Nouvelle réunion" in page
    assert reverse("committees:meeting_create") in page
    assert detail(planned) in page

    response = client.get(url, {"committee": cpdh.pk, "year": str(timezone.localdate().year), "status": "planifiee"})
    assert list(response.context["object_list"]) == [planned]
    assert f"{reverse('committees:meeting_create')}?committee={cpdh.pk}" in page_text(response)
    response = client.get(url, {"kind": "suivi"})
    assert [m.committee for m in response.context["object_list"]] == [other]
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")

    reader = client_as(role_users["auditeur"])
    page = page_text(reader.get(url))
    assert "Nouvelle réunion" not in page
    assert client_as(role_users["dbm"]).get(url).status_code == 403


# --- Planning -------------------------------------------------------------------------------------------------------


def test_create_preselects_the_committee_and_offers_only_its_members(client_as, secretariat, cpdh):
    other = builders.committee(secretariat, kind=Committee.Kind.LAUNCH, name="Commission de lancement")
    stranger = builders.members(other, secretariat, count=1, women=0, youth=0)[0]
    client = client_as(secretariat)
    response = client.get(reverse("committees:meeting_create"), {"committee": cpdh.pk})
    form = response.context["form"]
    assert form["committee"].value() == cpdh.pk
    assert set(form.fields["chair"].queryset) == set(cpdh.members.all())

    data = {
        "committee": cpdh.pk,
        "kind": "validation",
        "date": "2026-06-15",
        "time": "10:00",
        "place": "Salle de la préfecture",
        "chair": stranger.pk,
        "notes": "",
    }
    response = client.post(reverse("committees:meeting_create"), data)
    assert response.status_code == 200
    assert "chair" in response.context["form"].errors
    assert not Meeting.objects.exists()

    chair = cpdh.members.get(function="president")
    response = client.post(reverse("committees:meeting_create"), {**data, "chair": chair.pk})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(meeting)
    assert (meeting.number, meeting.chair, meeting.date) == (1, chair, dt.date(2026, 6, 15))
    assert "La réunion n° 1 est planifiée" in said(response)


def test_create_refused_for_readers(client_as, role_users):
    assert client_as(role_users["auditeur"]).get(reverse("committees:meeting_create")).status_code == 403
    assert client_as(role_users["chef"]).post(reverse("committees:meeting_create"), {}).status_code == 403
    assert not Meeting.objects.exists()


def test_update_while_open_then_refused_once_cancelled(client_as, secretariat, planned):
    client = client_as(secretariat)
    url = reverse("committees:meeting_update", args=[planned.pk])
    assert "committee" not in client.get(url).context["form"].fields
    data = {"kind": "validation", "date": planned.date.isoformat(), "time": "15:30", "place": "Amphithéâtre"}
    response = client.post(url, data)
    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.place, planned.time) == ("Amphithéâtre", dt.time(15, 30))

    services.meeting_cancel(meeting=planned, by=secretariat, reason="Report")
    response = client.get(url)
    assert response.status_code == 302
    assert "ne se modifie plus" in said(response)


def test_cancel_needs_a_reason_and_shows_it(client_as, secretariat, planned):
    client = client_as(secretariat)
    url = reverse("committees:meeting_cancel", args=[planned.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Indiquez le motif de l'annulation." in page_text(response)
    response = client.post(url, {"reason": "Le Gouverneur est empêché."})
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == Meeting.Status.CANCELLED
    page = page_text(client.get(detail(planned)))
    assert "Le Gouverneur est empêché." in page
    assert reverse("committees:meeting_cancel", args=[planned.pk]) not in page


# --- The meeting's page ---------------------------------------------------------------------------------------------


def test_page_shows_the_buttons_each_role_may_use(client_as, role_users, secretariat, planned):
    convene_url = reverse("committees:meeting_transition", args=[planned.pk, "convene"])
    page = page_text(client_as(secretariat).get(detail(planned)))
    assert convene_url in page
    assert reverse("committees:agenda_add", args=[planned.pk]) in page
    assert reverse("committees:meeting_update", args=[planned.pk]) in page
    assert "L'ordre du jour est vide" in page

    for reader in ("auditeur", "chef", "cabinet"):
        response = client_as(role_users[reader]).get(detail(planned))
        assert response.status_code == 200
        page = page_text(response)
        assert convene_url not in page
        assert reverse("committees:agenda_add", args=[planned.pk]) not in page
        assert reverse("committees:meeting_update", args=[planned.pk]) not in page
    assert client_as(role_users["dbm"]).get(detail(planned)).status_code == 403
    assert client_as(role_users["auditeur"]).get(reverse("committees:meeting_detail", args=[999999])).status_code == 404


def test_convening_an_empty_agenda_is_refused_with_its_reason(client_as, secretariat, planned):
    client = client_as(secretariat)
    response = client.post(reverse("committees:meeting_transition", args=[planned.pk, "convene"]))
    assert response.status_code == 302
    assert "L'ordre du jour est vide" in said(response)
    planned.refresh_from_db()
    assert planned.status == Meeting.Status.PLANNED

    services.agenda_add_text(meeting=planned, by=secretariat, title="Programme annuel")
    response = client.post(reverse("committees:meeting_transition", args=[planned.pk, "convene"]))
    assert "maintenant « Convoquée »" in said(response)
    planned.refresh_from_db()
    assert planned.status == Meeting.Status.CONVENED
    assert client.get(reverse("committees:meeting_transition", args=[planned.pk, "convene"])).status_code == 405


def test_transitions_refused_to_readers(client_as, role_users, planned):
    url = reverse("committees:meeting_transition", args=[planned.pk, "convene"])
    assert client_as(role_users["chef"]).post(url).status_code == 403
    planned.refresh_from_db()
    assert planned.status == Meeting.Status.PLANNED


# --- Agenda ---------------------------------------------------------------------------------------------------------


def test_agenda_lists_the_waiting_dossiers_and_adds_points(client_as, role_users, secretariat, planned):
    dossiers = builders.preselected_dossiers(role_users["suivi_evaluation"], role_users["chef"], 3, indh="250000")
    client = client_as(secretariat)
    url = reverse("committees:agenda_add", args=[planned.pk])
    response = client.get(url)
    page = page_text(response)
    for dossier in dossiers:
        assert dossier.reference in page
        assert str(dossier.holder) in page
    assert "250\u202f000,00" in page  # the INDH share, as the division writes amounts

    response = client.post(url, {"action": "records", "kind": "dossier", "records": []})
    assert "Cochez au moins un dossier." in page_text(response)
    response = client.post(url, {"action": "records", "kind": "dossier", "records": [dossiers[2].pk, dossiers[0].pk]})
    assert response.status_code == 302
    assert [i.object_id for i in planned.items.order_by("position")] == [dossiers[2].pk, dossiers[0].pk]

    # Already on the agenda: refused, with the reason, the boxes kept.
    response = client.post(url, {"action": "records", "kind": "dossier", "records": [dossiers[0].pk]})
    assert response.status_code == 200
    assert "déjà inscrits" in page_text(response)

    response = client.post(url, {"action": "text", "title": "", "description": ""})
    assert "Indiquez l'intitulé du point." in page_text(response)
    client.post(url, {"action": "text", "title": "Questions diverses", "description": "Tour de table"})
    first, second, third = planned.items.order_by("position")
    assert third.title == "Questions diverses"

    page = page_text(client.get(detail(planned)))
    assert reverse("projects:dossier_detail", args=[dossiers[2].pk]) in page  # the secretariat reads dossiers
    cabinet_page = page_text(client_as(role_users["cabinet"]).get(detail(planned)))
    assert dossiers[2].reference in cabinet_page
    assert reverse("projects:dossier_detail", args=[dossiers[2].pk]) not in cabinet_page

    client = client_as(secretariat)  # the same test client, signed in again
    client.post(reverse("committees:agenda_move", args=[third.pk]), {"direction": "up"})
    assert list(planned.items.order_by("position").values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]
    response = client.post(reverse("committees:agenda_remove", args=[first.pk]))
    assert "est retiré" in said(response)
    assert list(planned.items.order_by("position").values_list("pk", "position")) == [(third.pk, 1), (second.pk, 2)]

    assert client_as(role_users["auditeur"]).get(url).status_code == 403
    assert client_as(role_users["chef"]).post(reverse("committees:agenda_remove", args=[third.pk])).status_code == 403
    assert planned.items.count() == 2


def test_agenda_of_a_closed_meeting_does_not_change(client_as, secretariat, cpdh):
    meeting, items = convened_with_text(cpdh, secretariat, titles=("Seul point",))
    builders.all_present(meeting, secretariat)
    services.decision_record(item=items[0], by=secretariat, outcome="approuve")
    services.meeting_close(meeting=meeting, by=secretariat)
    client = client_as(secretariat)
    response = client.get(reverse("committees:agenda_add", args=[meeting.pk]))
    assert response.status_code == 302
    assert "ne change plus" in said(response)
    response = client.post(reverse("committees:agenda_remove", args=[items[0].pk]))
    assert "Refusé" in said(response)
    assert AgendaItem.objects.filter(pk=items[0].pk).exists()


# --- Attendance, quorum and decisions -------------------------------------------------------------------------------


def test_attendance_errors_next_to_the_row_then_quorum(client_as, secretariat, cpdh):
    meeting, _items = convened_with_text(cpdh, secretariat)
    client = client_as(secretariat)
    url = reverse("committees:attendance", args=[meeting.pk])
    response = client.get(url)
    assert len(response.context["form"].rows()) == 6
    assert "Quorum : la moitié des membres votants plus un, soit 4 sur 6." in page_text(response)

    member = services.sitting_members(meeting)[1]
    response = client.post(url, attendance_data(meeting, **{f"presence_{member.pk}": "represente"}))
    assert response.status_code == 200
    assert f"Indiquez qui représente {member.full_name}." in page_text(response)
    assert not Attendance.objects.exists()

    data = attendance_data(
        meeting, **{f"presence_{member.pk}": "represente", f"represented_{member.pk}": "Son adjoint"}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert "quorum atteint (6 sur 4 requis)" in said(response)
    assert Attendance.objects.get(member=member).represented_by == "Son adjoint"
    # Recorded values come back as the form's initial values.
    form = client.get(url).context["form"]
    assert form[f"presence_{member.pk}"].value() == "represente"
    assert "Quorum atteint" in page_text(client.get(detail(meeting)))


def test_quorum_not_reached_refuses_decisions(client_as, secretariat, cpdh):
    meeting, items = convened_with_text(cpdh, secretariat)
    client = client_as(secretariat)
    members = services.sitting_members(meeting)
    absent = {f"presence_{m.pk}": "absent" for m in members[:4]}
    response = client.post(reverse("committees:attendance", args=[meeting.pk]), attendance_data(meeting, **absent))
    assert "quorum non atteint (2 sur 4 requis)" in said(response)

    page = page_text(client.get(detail(meeting)))
    assert "Quorum non atteint" in page
    assert reverse("committees:decision_record", args=[items[0].pk]) not in page

    response = client.post(reverse("committees:decision_record", args=[items[0].pk]), {"outcome": "approuve"})
    assert response.status_code == 302
    assert "Quorum non atteint (2 sur 4 requis)" in said(response)
    assert not Decision.objects.exists()


def test_decision_on_a_dossier_recorded_once(client_as, role_users, secretariat):
    meeting, items, dossiers = builders.convened_with_dossiers(
        secretariat, role_users["suivi_evaluation"], role_users["chef"], 2
    )
    builders.all_present(meeting, secretariat)
    client = client_as(secretariat)
    url = reverse("committees:decision_record", args=[items[0].pk])
    response = client.get(url)
    form = response.context["form"]
    assert "amended_amount" in form.fields  # a dossier has an amount
    assert "votes_for" not in form.fields  # the CPDH decides by consensus

    response = client.post(url, {"outcome": "approuve_reserves", "reserves": "", "amended_amount": "300 000,00"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "reserves" in errors
    response = client.post(url, {"outcome": "approuve_reserves", "reserves": "Réduire", "amended_amount": "300 000"})
    assert response.status_code == 200
    assert "ne peut dépasser la part INDH demandée" in page_text(response)
    assert not Decision.objects.exists()

    data = {"outcome": "approuve_reserves", "reserves": "Réduire l'équipement", "amended_amount": "200 000,00"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert "Décision enregistrée sur le point n° 1 : Approuvé avec réserves." in said(response)
    response = client.post(url, data)
    assert response.status_code == 302
    assert "déjà enregistrée" in said(response)
    decision = Decision.objects.get()
    assert decision.amended_amount == Decimal("200000.00")
    dossiers[0].refresh_from_db()
    assert dossiers[0].status == Dossier.Status.VALIDATED

    response = client.get(url)
    assert response.status_code == 302 and "déjà enregistrée" in said(response)
    page = page_text(client.get(detail(meeting)))
    assert "Réduire l'équipement" in page
    assert "200\u202f000,00" in page
    assert client_as(role_users["auditeur"]).get(url).status_code == 403


def test_votes_asked_when_the_committee_votes(client_as, secretariat):
    committee = builders.committee(
        secretariat, kind=Committee.Kind.RECEPTION, decision_rule=Committee.DecisionRule.SIMPLE_MAJORITY
    )
    builders.members(committee, secretariat, count=4, women=1, youth=1)
    meeting, items = convened_with_text(committee, secretariat, titles=("Réception provisoire",))
    builders.all_present(meeting, secretariat)
    client = client_as(secretariat)
    url = reverse("committees:decision_record", args=[items[0].pk])
    form = client.get(url).context["form"]
    assert "votes_for" in form.fields and "amended_amount" not in form.fields
    response = client.post(url, {"outcome": "approuve", "votes_for": "1", "votes_against": "2"})
    assert response.status_code == 200
    assert "majorité requise" in page_text(response)
    response = client.post(url, {"outcome": "approuve", "votes_for": "3", "votes_against": "1", "abstentions": "0"})
    assert response.status_code == 302
    page = page_text(client.get(detail(meeting)))
    assert "Voix pour : 3 ; contre : 1 ; abstentions : 0" in page


def test_close_then_rectify_by_the_head_and_upload_signed_minutes(client_as, role_users, secretariat, cpdh):
    meeting, items = convened_with_text(cpdh, secretariat, titles=("Rapport",))
    builders.all_present(meeting, secretariat)
    client = client_as(secretariat)
    close_url = reverse("committees:meeting_transition", args=[meeting.pk, "close"])
    response = client.post(close_url)
    assert "Points sans décision : 1." in said(response)

    decision = services.decision_record(
        item=items[0], by=secretariat, outcome="approuve_reserves", reserves="Compléter le rapport"
    )
    rectify_url = reverse("committees:decision_rectify", args=[decision.pk])
    head = client_as(role_users["chef"])
    response = head.get(rectify_url)
    assert response.status_code == 302 and "se corrige en séance" in said(response)

    client = client_as(secretariat)
    client.post(close_url)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    page = page_text(client.get(detail(meeting)))
    assert rectify_url not in page  # the secretariat does not rectify
    assert reverse("committees:meeting_signed_minutes", args=[meeting.pk]) in page
    assert client.get(rectify_url).status_code == 403

    head = client_as(role_users["chef"])
    assert rectify_url in page_text(head.get(detail(meeting)))
    response = head.post(rectify_url, {"rectification_reason": "Erreur matérielle", "reserves": "Compléter le rapport"})
    assert response.status_code == 200
    assert "Rien n'a changé" in page_text(response)
    response = head.post(
        rectify_url, {"rectification_reason": "Erreur matérielle", "reserves": "Compléter le rapport financier"}
    )
    assert response.status_code == 302
    rectification = Rectification.objects.get()
    assert rectification.changes == {"reserves": ["Compléter le rapport", "Compléter le rapport financier"]}
    page = page_text(head.get(detail(meeting)))
    assert "Erreur matérielle" in page and "Compléter le rapport financier" in page

    client = client_as(secretariat)
    upload_url = reverse("committees:meeting_signed_minutes", args=[meeting.pk])
    response = client.post(upload_url, {})
    assert "Choisissez le fichier" in said(response)
    response = client.post(upload_url, {"file": SimpleUploadedFile("pv.pdf", PDF, content_type="application/pdf")})
    assert "déposé" in said(response)
    meeting.refresh_from_db()
    download = reverse("attachment_download", args=[meeting.signed_minutes.pk])
    assert download in page_text(client.get(detail(meeting)))
    assert client_as(role_users["auditeur"]).get(download).status_code == 200
    response = client_as(role_users["auditeur"]).post(
        upload_url, {"file": SimpleUploadedFile("pv.pdf", PDF, content_type="application/pdf")}
    )
    assert response.status_code == 403


def test_rectify_the_reason_of_a_rejection(client_as, role_users, secretariat, cpdh):
    meeting, items = convened_with_text(cpdh, secretariat, titles=("Demande de subvention",))
    builders.all_present(meeting, secretariat)
    decision = services.decision_record(item=items[0], by=secretariat, outcome="rejete", reason="Hors délai")
    services.meeting_close(meeting=meeting, by=secretariat)
    head = client_as(role_users["chef"])
    url = reverse("committees:decision_rectify", args=[decision.pk])
    form = head.get(url).context["form"]
    assert "reserves" not in form.fields and "amended_amount" not in form.fields
    assert form["decision_reason"].value() == "Hors délai"
    response = head.post(url, {"rectification_reason": "Erreur de saisie", "decision_reason": ""})
    assert "Indiquez le motif." in page_text(response)
    response = head.post(url, {"rectification_reason": "", "decision_reason": "Dossier incomplet"})
    assert "Indiquez le motif de la rectification." in page_text(response)
    response = head.post(url, {"rectification_reason": "Erreur de saisie", "decision_reason": "Dossier incomplet"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.reason == "Dossier incomplet"
    assert Rectification.objects.get().changes == {"reason": ["Hors délai", "Dossier incomplet"]}


def test_signed_minutes_refused_before_closing(client_as, secretariat, planned):
    response = client_as(secretariat).post(
        reverse("committees:meeting_signed_minutes", args=[planned.pk]),
        {"file": SimpleUploadedFile("pv.pdf", PDF, content_type="application/pdf")},
    )
    assert "une fois la réunion clôturée" in said(response)
    planned.refresh_from_db()
    assert planned.signed_minutes is None


def test_actions_added_by_the_secretariat_with_their_late_badge(client_as, role_users, secretariat, cpdh):
    past = timezone.localdate() - dt.timedelta(days=20)
    meeting, items = convened_with_text(cpdh, secretariat, titles=("Suivi des chantiers",), date=past)
    builders.all_present(meeting, secretariat)
    decision = services.decision_record(item=items[0], by=secretariat, outcome="approuve")
    client = client_as(secretariat)
    url = reverse("committees:action_add", args=[decision.pk])
    response = client.post(url, {"description": "Visite", "service": "suivi_evaluation", "due_on": "2000-01-01"})
    assert response.status_code == 200
    assert "L'échéance précède la réunion." in page_text(response)
    due = (past + dt.timedelta(days=5)).isoformat()
    response = client.post(url, {"description": "Visite de chantier", "service": "suivi_evaluation", "due_on": due})
    assert response.status_code == 302
    assert DecisionAction.objects.get().description == "Visite de chantier"
    page = page_text(client.get(detail(meeting)))
    assert "Visite de chantier" in page and 'data-testid="late"' in page
    complete_url = reverse("committees:action_complete", args=[DecisionAction.objects.get().pk])
    assert complete_url in page  # the secretariat follows the actions
    assert complete_url not in page_text(client_as(role_users["auditeur"]).get(detail(meeting)))
    assert client_as(role_users["suivi_evaluation"]).get(url).status_code == 403
    assert client_as(role_users["suivi_evaluation"]).get(detail(meeting)).status_code == 200


# --- Queries --------------------------------------------------------------------------------------------------------


def decided_meeting(role_users, count):
    secretariat = role_users["secretariat_cpdh"]
    meeting, items, _dossiers = builders.convened_with_dossiers(
        secretariat, role_users["suivi_evaluation"], role_users["chef"], count
    )
    builders.all_present(meeting, secretariat)
    for item in items:
        decision = services.decision_record(item=item, by=secretariat, outcome="approuve")
        services.action_add(
            decision=decision, by=secretariat, description="Convention", service="suivi_evaluation", due_on=meeting.date
        )
    return meeting


def test_page_queries_do_not_grow_with_the_agenda(client_as, role_users, django_assert_max_num_queries):
    small, large = decided_meeting(role_users, 2), decided_meeting(role_users, 12)
    assert large.items.count() == 12
    client = client_as(role_users["secretariat_cpdh"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(detail(small)).status_code == 200
    with django_assert_max_num_queries(len(queries)):
        response = client.get(detail(large))
    assert page_text(response).count('data-testid="agenda-item"') == 12
