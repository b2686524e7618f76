"""The dossier pages: registration on receipt, the list and its batch action, the page, decisions and documents."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from das.models import DownloadRecord, Partner
from projects.models import Dossier
from projects.services import dossiers as services
from tests.factories import CommuneFactory, PartnerFactory, user_with_role
from tests.projects.test_call_views import build_call, local_input, message_texts
from tests.projects.test_dossier_services import eligible, register, score

pytestmark = pytest.mark.django_db
Status = Dossier.Status


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def call(agent):
    return build_call(agent, publish=True)


def form_data(call, commune, **overrides):
    required, optional = call.documents.order_by("position", "pk")
    data = {
        "holder": "",
        "new_holder_name": "Association Tifawt pour le développement",
        "new_holder_kind": Partner.Kind.ASSOCIATION,
        "new_holder_commune": commune.pk,
        "new_holder_receipt_number": "R-2026-118",
        "new_holder_representative": "Mohamed Ait Ouaziz",
        "new_holder_phone": "0661234567",
        "title": "Atelier de couture pour les femmes du douar",
        "summary": "Formation et équipement de 20 couturières.",
        "commune": commune.pk,
        "locality": "",
        "sector": "",
        "beneficiaries_total": "40",
        "beneficiaries_women": "30",
        "beneficiaries_youth": "12",
        "beneficiaries_disabled": "2",
        "estimated_cost": "400 000,00",
        "indh_share": "250 000",
        "holder_contribution": "150 000,00",
        "duration_months": "12",
        "received_at": local_input(timezone.now()),
        "channel": Dossier.Channel.PAPER,
        "provided": [optional.pk],  # the required piece is missing
        "contributions-TOTAL_FORMS": "3",
        "contributions-INITIAL_FORMS": "0",
        "contributions-MIN_NUM_FORMS": "0",
        "contributions-MAX_NUM_FORMS": "20",
        "contributions-0-partner": "",
        "contributions-0-amount": "",
        "contributions-1-partner": "",
        "contributions-1-amount": "",
        "contributions-2-partner": "",
        "contributions-2-amount": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_register_receipt_incomplete_letter_then_admissible(client_as, agent, call):
    client = client_as(agent)
    commune = CommuneFactory()
    contributor = PartnerFactory(kind=Partner.Kind.COMMUNE, name="Commune de Tamri")
    create_url = reverse("projects:dossier_create", args=[call.pk])
    assert client.get(create_url).status_code == 200
    data = form_data(
        call,
        commune,
        holder_contribution="50 000,00",
        **{"contributions-0-partner": contributor.pk, "contributions-0-amount": "100 000,00"},
    )
    response = client.post(create_url, data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == dossier.get_absolute_url()
    assert dossier.holder.name == "Association Tifawt pour le développement"
    assert dossier.holder.representative_name == "Mohamed Ait Ouaziz"
    assert str(dossier.estimated_cost) == "400000.00" and str(dossier.indh_share) == "250000.00"
    assert dossier.contributions.get().partner == contributor
    assert any(dossier.reference in text for text in message_texts(response))

    page = client.get(dossier.get_absolute_url())
    content = page.content.decode()
    assert reverse("projects:dossier_receipt", args=[dossier.pk, "fr"]) in content
    assert "62,5 %" in content and "25 %" in content  # INDH and partner shares of the cost
    assert "manquante" in content

    receipt = client.get(reverse("projects:dossier_receipt", args=[dossier.pk, "fr"]))
    assert receipt["Content-Type"] == "application/pdf" and receipt.content.startswith(b"%PDF")
    assert DownloadRecord.objects.filter(user=agent, kind="accusé de réception").count() == 1

    client.post(reverse("projects:dossier_transition", args=[dossier.pk, "declare_incomplete"]))
    dossier.refresh_from_db()
    assert dossier.status == Status.INCOMPLETE

    letter = client.get(reverse("projects:dossier_missing_pieces", args=[dossier.pk, "ar"]))
    assert letter.content.startswith(b"%PDF")
    assert DownloadRecord.objects.filter(kind="lettre de pièces manquantes").count() == 1

    all_pieces = list(call.documents.values_list("pk", flat=True))
    client.post(reverse("projects:dossier_pieces", args=[dossier.pk]), {"provided": all_pieces})
    response = client.post(reverse("projects:dossier_transition", args=[dossier.pk, "declare_admissible"]))
    dossier.refresh_from_db()
    assert dossier.status == Status.ADMISSIBLE
    assert "Recevable" in " ".join(message_texts(response))

    nothing_missing = client.get(reverse("projects:dossier_missing_pieces", args=[dossier.pk, "fr"]))
    assert nothing_missing.status_code == 302
    assert "Aucune pièce obligatoire ne manque" in " ".join(message_texts(nothing_missing))


def test_a_financing_plan_that_does_not_add_up_is_shown_next_to_the_cost(client_as, agent, call):
    client = client_as(agent)
    response = client.post(
        reverse("projects:dossier_create", args=[call.pk]),
        form_data(call, CommuneFactory(), holder_contribution="10 000"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "doit être égal au coût" in " ".join(form.errors["estimated_cost"])
    assert 'value="Atelier de couture pour les femmes du douar"' in response.content.decode()
    assert not Dossier.objects.exists()
    assert not Partner.objects.filter(name__startswith="Association Tifawt").exists()  # rolled back with it


def test_an_existing_holder_and_a_duplicate_warning(client_as, agent, call):
    client = client_as(agent)
    PartnerFactory(name="Association Tifawt pour le développement")
    url = reverse("projects:dossier_create", args=[call.pk])
    response = client.post(url, form_data(call, CommuneFactory()))
    assert response.status_code == 200
    assert 'data-testid="duplicate-warning"' in response.content.decode()
    response = client.post(url, form_data(call, CommuneFactory(), confirm_not_duplicate="on"))
    assert response.status_code == 302
    assert Partner.objects.filter(name="Association Tifawt pour le développement").count() == 2


def test_a_late_dossier_waits_for_the_heads_override(client_as, agent, call, role_users):
    dossier = register(call, agent, late=True)
    client = client_as(agent)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert 'data-testid="late-mark"' in page
    response = client.post(reverse("projects:dossier_transition", args=[dossier.pk, "declare_admissible"]))
    assert "hors délai" in " ".join(message_texts(response))
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    assert client.get(reverse("projects:dossier_late_override", args=[dossier.pk])).status_code == 403

    chef = client_as(role_users["chef"])
    override_url = reverse("projects:dossier_late_override", args=[dossier.pk])
    assert override_url in chef.get(dossier.get_absolute_url()).content.decode()
    assert chef.post(override_url, {"reason": "Retard dû aux intempéries"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.late_override_by == role_users["chef"]

    client = client_as(agent)
    client.post(reverse("projects:dossier_transition", args=[dossier.pk, "declare_admissible"]))
    dossier.refresh_from_db()
    assert dossier.status == Status.ADMISSIBLE
    assert "Retard dû aux intempéries" in client.get(dossier.get_absolute_url()).content.decode()


def test_inadmissible_keeps_the_typed_reason_when_refused(client_as, agent, call):
    dossier = register(call, agent)
    services.dossier_declare_admissible(dossier=dossier, by=agent)
    client = client_as(agent)
    url = reverse("projects:dossier_decide", args=[dossier.pk, "declare_inadmissible"])
    response = client.post(url, {"reason": "Porteur hors territoire"})
    assert response.status_code == 200
    assert "Porteur hors territoire" in response.content.decode()
    assert "Impossible depuis" in response.content.decode()
    assert client.get(reverse("projects:dossier_decide", args=[dossier.pk, "publish"])).status_code == 404
    assert client.post(reverse("projects:dossier_transition", args=[dossier.pk, "mark_scored"])).status_code == 404


def test_eligibility_checklist_then_eligible(client_as, agent, call):
    dossier = register(call, agent)
    services.dossier_declare_admissible(dossier=dossier, by=agent)
    client = client_as(agent)
    criteria = list(call.eligibility_criteria.all())
    url = reverse("projects:dossier_eligibility", args=[dossier.pk])
    incomplete = client.post(url, {f"comment_{criteria[0].pk}": "Statuts vérifiés"})
    assert incomplete.status_code == 200 and "Statuts vérifiés" in incomplete.content.decode()
    data = {f"met_{c.pk}": "oui" for c in criteria}
    assert client.post(url, data).status_code == 302
    client.post(reverse("projects:dossier_transition", args=[dossier.pk, "declare_eligible"]))
    dossier.refresh_from_db()
    assert dossier.status == Status.ELIGIBLE


def test_batch_admissible_reports_each_refusal(client_as, agent, call):
    good = [register(call, agent), register(call, agent)]
    missing = register(call, agent, provided=[])
    response = client_as(agent).post(
        reverse("projects:dossier_batch_admissible"),
        {"dossiers": [d.pk for d in [*good, missing]], "next": reverse("projects:dossier_list")},
    )
    assert response.status_code == 302
    texts = message_texts(response)
    assert any(all(d.reference in t for d in good) for t in texts)
    refusals = [t for t in texts if missing.reference in t]
    assert len(refusals) == 1 and "Pièces manquantes" in refusals[0]
    assert set(Dossier.objects.values_list("status", flat=True)) == {Status.ADMISSIBLE, Status.RECEIVED}


@pytest.mark.parametrize("role", ["chef", "auditeur"])
def test_readers_see_no_action_buttons(client_as, agent, call, role_users, role):
    dossier = register(call, agent, provided=[])
    client = client_as(role_users[role])
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Déclarer recevable" not in page and 'name="provided"' not in page
    assert reverse("projects:dossier_missing_pieces", args=[dossier.pk, "fr"]) in page
    listing = client.get(reverse("projects:dossier_list")).content.decode()
    assert dossier.reference in listing and 'data-testid="batch-form"' not in listing
    assert client.post(reverse("projects:dossier_transition", args=[dossier.pk, "declare_incomplete"])).status_code == (
        403
    )


def test_dbm_is_refused(client_as, agent, call, role_users):
    dossier = register(call, agent)
    client = client_as(role_users["dbm"])
    assert client.get(reverse("projects:dossier_list")).status_code == 403
    assert client.get(dossier.get_absolute_url()).status_code == 403


def test_list_export_and_filters(client_as, agent, call):
    dossier = register(call, agent)
    client = client_as(agent)
    response = client.get(reverse("projects:dossier_list"), {"q": dossier.reference, "export": "xlsx"})
    assert response.status_code == 200
    assert DownloadRecord.objects.filter(kind="xlsx").exists()
    assert dossier.reference in client.get(reverse("projects:dossier_list"), {"call": call.pk}).content.decode()


def test_the_list_keeps_its_query_count(client_as, agent, call, role_users):
    client = client_as(role_users["chef"])
    url = reverse("projects:dossier_list")
    for _n in range(3):
        register(call, agent)
    few = count_queries(client, url)
    for _n in range(27):
        register(call, agent)
    assert count_queries(client, url) == few


def test_the_dossier_page_keeps_its_query_count(client_as, agent, role_users):
    def scored_page(count):
        call = build_call(agent, publish=True)
        dossier = eligible(call, agent)
        evaluators = [user_with_role("suivi_evaluation", username=f"eval{count}-{n}") for n in range(count)]
        services.evaluators_assign(dossiers=[dossier], evaluators=evaluators, by=agent)
        for evaluation in dossier.evaluations.select_related("evaluator"):
            score(evaluation, evaluation.evaluator, ["8", "6"])
        return dossier

    client = client_as(role_users["chef"])
    few = scored_page(3)
    response = client.get(few.get_absolute_url())
    assert response.context["average"] is not None and len(response.context["evaluations"]) == 3
    many = scored_page(30)
    assert count_queries(client, few.get_absolute_url()) == count_queries(client, many.get_absolute_url())


def test_the_list_shows_the_average_to_the_hundredth(client_as, agent, call):
    dossier = eligible(call, agent)
    services.evaluators_assign(dossiers=[dossier], evaluators=[agent], by=agent)
    score(dossier.evaluations.get(), agent, ["8", "6"])  # 0.8×60 + 0.6×40 = 72.00
    content = client_as(agent).get(reverse("projects:dossier_list")).content.decode()
    assert "72,00" in content and "72,000" not in content
