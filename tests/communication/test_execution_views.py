"""The execution pages: the realisation form (bad input shown next to fields and formset rows), the realisation page,
its photos, the cancellation, the action page's card; fixed query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communication.models import ActionRealisation, Audience, CommunicationAction
from communication.services import execution as services
from communication.services.execution import AttendanceLine, PressLine
from tests.communication.factories import pdf_upload, photo_upload
from tests.communication.test_execution_services import action_in, plan_in_execution, record
from tests.factories import PartnerFactory

Kind = CommunicationAction.Kind
pytestmark = pytest.mark.django_db


def form_data(action, **overrides):
    data = {
        "carried_out_on": f"{action.plan.year}-05-20",
        "place": "Salle communale de Drarga",
        "commune": "",
        "reach": "0",
        "actual_cost": "18 500,00",
        "summary": "Caravane d'information sur l'appel à projets.",
        "photo_caption": "",
        "attendance-TOTAL_FORMS": "3",
        "attendance-INITIAL_FORMS": "0",
        "attendance-MIN_NUM_FORMS": "0",
        "attendance-MAX_NUM_FORMS": "11",
        "attendance-0-audience": "associations",
        "attendance-0-women": "12",
        "attendance-0-men": "9",
        "press-TOTAL_FORMS": "2",
        "press-INITIAL_FORMS": "0",
        "press-MIN_NUM_FORMS": "0",
        "press-MAX_NUM_FORMS": "30",
        "press-0-medium": "presse_ecrite",
        "press-0-outlet": "Le Matin",
        "press-0-title": "L'INDH à Drarga",
        "press-0-link": "https://lematin.ma/indh-drarga",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_page_is_for_the_service_only(role_users, client_as):
    action = action_in(plan_in_execution())
    url = reverse("communication:realisation_record", args=[action.pk])
    response = client_as(role_users["communication"]).get(url)
    assert response.status_code == 200
    assert "Saisir la réalisation de l&#x27;action n° " in response.content.decode()
    assert client_as(role_users["chef"]).get(url).status_code == 403
    assert (
        client_as(role_users["communication"]).get("/communication/actions/999999/realisation/saisir/").status_code
        == 404
    )


def test_recording_through_the_form(role_users, client_as):
    action = action_in(plan_in_execution())
    partner = PartnerFactory(name="Association Tifaouine")
    client = client_as(role_users["communication"])
    data = form_data(action, partners=[str(partner.pk)], photos=[photo_upload("a.png"), photo_upload("b.png")])
    response = client.post(reverse("communication:realisation_record", args=[action.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("communication:realisation_detail", args=[action.pk])
    realisation = ActionRealisation.objects.get(action=action)
    assert realisation.actual_cost == Decimal("18500.00") and realisation.photos.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Association Tifaouine" in page and "Le Matin" in page and "https://lematin.ma/indh-drarga" in page
    assert "Retirer la photo" in page and "Modifier la réalisation" in page
    # The edit form starts from what was recorded.
    page = client.get(reverse("communication:realisation_record", args=[action.pk])).content.decode()
    assert "Salle communale de Drarga" in page and "Modifier la réalisation" in page


def test_bad_input_is_shown_next_to_the_fields(role_users, client_as):
    action = action_in(plan_in_execution())
    client = client_as(role_users["communication"])
    url = reverse("communication:realisation_record", args=[action.pk])
    response = client.post(
        url, form_data(action, place="", actual_cost="-5", **{"press-1-outlet": "2M", "press-1-link": "pas un lien"})
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "place" in form.errors and "Un coût ne peut pas être négatif." in form.errors["actual_cost"]
    press = response.context["press_formset"]
    assert "Choisissez le support." in press.forms[1].errors["medium"]
    assert "https://" in press.forms[1].errors["link"][0]
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = client.post(url, form_data(action, carried_out_on=future))
    assert "La date de réalisation ne peut être dans le futur." in response.context["form"].errors["carried_out_on"]
    assert not ActionRealisation.objects.filter(action=action).exists()


def test_attendance_errors(role_users, client_as):
    action = action_in(plan_in_execution(), kind=Kind.WORKSHOP)
    client = client_as(role_users["communication"])
    url = reverse("communication:realisation_record", args=[action.pk])
    # A face-to-face action without any participant.
    response = client.post(url, form_data(action, **{"attendance-0-women": "0", "attendance-0-men": "0"}))
    content = response.content.decode()
    assert response.status_code == 200 and "au moins une ligne de participants" in content
    assert 'data-testid="attendance-errors"' in content
    # The same type twice.
    duplicate = {"attendance-1-audience": "associations", "attendance-1-women": "3", "attendance-1-men": "1"}
    response = client.post(url, form_data(action, **duplicate))
    assert (
        "Ce type de participants figure déjà plus haut."
        in response.context["attendance_formset"].forms[1].errors["audience"]
    )
    # Counted people without their type.
    response = client.post(url, form_data(action, **{"attendance-2-women": "4"}))
    assert response.context["attendance_formset"].forms[2].errors["audience"]
    # A photo that is a PDF.
    fake = SimpleUploadedFile("photo.jpg", pdf_upload().read(), content_type="image/jpeg")
    response = client.post(url, form_data(action, photos=[fake]))
    assert "n'est pas une photo JPEG ou PNG" in response.context["form"].errors["photos"][0]
    assert not ActionRealisation.objects.filter(action=action).exists()


def test_a_radio_programme_without_participants_needs_a_reach(role_users, client_as):
    action = action_in(plan_in_execution(), kind=Kind.RADIO, channel="radio", commune=None)
    client = client_as(role_users["communication"])
    url = reverse("communication:realisation_record", args=[action.pk])
    empty = {"attendance-0-audience": "", "attendance-0-women": "", "attendance-0-men": ""}
    response = client.post(url, form_data(action, **empty))
    assert "indiquez la portée estimée" in response.context["form"].errors["reach"][0]
    response = client.post(url, form_data(action, reach="35000", **empty))
    assert response.status_code == 302
    assert ActionRealisation.objects.get(action=action).reach == 35000


def test_a_plan_not_in_execution_sends_back_with_the_reason(role_users, client_as):
    from tests.communication.factories import CommunicationPlanFactory

    action = action_in(CommunicationPlanFactory(year=2051, status="cloture"))
    client = client_as(role_users["communication"])
    url = reverse("communication:realisation_record", args=[action.pk])
    response = client.get(url, follow=True)
    assert "pendant son exécution" in response.content.decode()
    response = client.post(url, form_data(action))
    assert response.status_code == 200 and "pendant son exécution" in response.content.decode()


def test_cancel_and_photo_views(role_users, client_as):
    agent = role_users["communication"]
    plan = plan_in_execution()
    planned, done = action_in(plan), action_in(plan)
    realisation = record(done, agent, photos=[photo_upload()])
    photo = realisation.photos.get()
    client = client_as(agent)
    cancel = reverse("communication:action_cancel", args=[planned.pk])
    response = client.post(cancel, {"reason": ""}, follow=True)
    assert "Indiquez pourquoi l&#x27;action est annulée." in response.content.decode()
    client.post(cancel, {"reason": "Reportée à l'an prochain"})
    planned.refresh_from_db()
    assert planned.status == "annulee"
    response = client.post(reverse("communication:action_cancel", args=[done.pk]), {"reason": "x"}, follow=True)
    assert "seule une action prévue" in response.content.decode()

    image = client_as(role_users["auditeur"]).get(reverse("communication:realisation_photo", args=[photo.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["Content-Disposition"] == "inline" and image["X-Content-Type-Options"] == "nosniff"
    assert (
        client_as(role_users["formation"]).get(reverse("communication:realisation_photo", args=[photo.pk])).status_code
        == 403
    )
    assert (
        client_as(role_users["chef"])
        .post(reverse("communication:realisation_photo_delete", args=[photo.pk]))
        .status_code
        == 403
    )
    client = client_as(agent)
    client.post(reverse("communication:realisation_photo_delete", args=[photo.pk]))
    assert not realisation.photos.exists()


def test_the_detail_page_shows_buttons_only_to_who_may(role_users, client_as):
    agent = role_users["communication"]
    plan = plan_in_execution()
    done = action_in(plan)
    record(done, agent, photos=[photo_upload()])
    url = reverse("communication:realisation_detail", args=[done.pk])
    page = client_as(role_users["chef"]).get(url).content.decode()
    assert "Participants par type et par sexe" in page and "Modifier la réalisation" not in page
    assert "Retirer la photo" not in page
    assert 'data-testid="reached"' in page and ">55<" in page  # 20 + 15 + 8 + 12, reach estimate 0
    planned = action_in(plan)
    page = client_as(agent).get(reverse("communication:realisation_detail", args=[planned.pk])).content.decode()
    assert "Aucune réalisation saisie." in page and "Annuler l'action" in page


def test_the_card_of_the_action_page(role_users):
    agent, chef = role_users["communication"], role_users["chef"]
    plan = plan_in_execution()
    done, planned = action_in(plan), action_in(plan)
    record(done, agent)

    def card(action, user):
        action = CommunicationAction.objects.select_related("plan", "realisation").get(pk=action.pk)
        services.may_record(user, action)  # the user's permissions, loaded once per request in a page
        with CaptureQueriesContext(connection) as queries:
            html = render_to_string(
                "communication/execution/_realisation_card.html", {"action": action, "user": user, "perms": None}
            )
        return html, len(queries)

    html, count = card(done, agent)
    assert "Voir la réalisation" in html and "Modifier la réalisation" in html and "20/05/" in html
    assert ">55<" in html and count == 1  # the participants' count
    html, _count = card(done, chef)
    assert "Voir la réalisation" in html and "Modifier la réalisation" not in html
    html, _count = card(planned, agent)
    assert "Saisir la réalisation" in html and "Annuler l'action" in html
    html, _count = card(planned, chef)
    assert "Saisir la réalisation" not in html and "Annuler" not in html


def test_the_realisation_page_runs_a_fixed_number_of_queries(role_users, client_as):
    agent = role_users["communication"]
    plan = plan_in_execution()
    small, big = action_in(plan), action_in(plan)
    record(small, agent, photos=[photo_upload()], partners=[PartnerFactory()])
    record(
        big,
        agent,
        photos=[photo_upload(f"{i}.png") for i in range(5)],
        partners=[PartnerFactory() for _ in range(4)],
        attendance=[AttendanceLine(code, 3, 4) for code in list(Audience.values)[:6]],
        press=[PressLine("radio", f"Radio {i}") for i in range(5)],
    )
    client = client_as(agent)
    counts = []
    for action in (small, big):
        for name in ("realisation_detail", "realisation_record"):
            client.get(reverse(f"communication:{name}", args=[action.pk]))  # warm the caches (session, perms)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(f"communication:{name}", args=[action.pk])).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:], counts


def test_may_record_is_refused_for_a_cancelled_action(role_users):
    agent = role_users["communication"]
    action = action_in(plan_in_execution())
    services.action_cancel(action=action, by=agent, reason="Intempéries")
    action.refresh_from_db()
    assert not services.may_record(agent, action)


def test_the_shared_attachments_page_follows_the_plan_state(role_users, client_as):
    """A realisation's photos are its attachments: once the plan is closed, the shared attachments page neither adds
    nor deletes any (as the realisation's own page refuses)."""
    agent = role_users["communication"]
    plan = plan_in_execution()
    realisation = record(action_in(plan), agent, photos=[photo_upload()])
    photo = realisation.photos.select_related("attachment").get()
    client = client_as(agent)
    upload = reverse("attachment_upload", args=["communication.actionrealisation", realisation.pk])
    assert client.post(upload, {"file": pdf_upload("programme.pdf")}).status_code == 302
    plan.status = plan.Status.CLOSED
    plan.save(update_fields=["status"])
    assert client.post(upload, {"file": pdf_upload("tardif.pdf")}).status_code == 403
    delete = reverse("attachment_delete", args=[photo.attachment.pk])
    assert client.post(delete).status_code == 403
    assert realisation.photos.filter(pk=photo.pk).exists()
