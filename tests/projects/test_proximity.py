"""Actions de proximité et de solidarité: services (allowed and refused), validation next to the field, workflow
guards, list filters, totals and exports, the action's page, the space's card, fixed numbers of queries."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from das.models import TargetCategory
from das.workflow import TransitionRefused
from projects.models import ProximityAction, ProximityBeneficiaries, ProximityFunding
from projects.services import proximity as services
from projects.services.proximity import BeneficiaryLine, FundingLine
from tests.factories import CommuneFactory, PartnerFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
Kind, Status = ProximityAction.Kind, ProximityAction.Status
F, M = ProximityBeneficiaries.Sex.FEMALE, ProximityBeneficiaries.Sex.MALE
Payer = ProximityFunding.Payer


def build_action(by, *, communes=None, partner=None, start=dt.date(2026, 1, 10), kind=Kind.COLD_WAVE, lines=True, **kw):
    """A planned action through the service: by default 30 women and 20 men, INDH 10 000 DH and a partner's 5 000."""
    partner = partner or PartnerFactory()
    beneficiaries = [BeneficiaryLine(None, F, "adulte", 30), BeneficiaryLine(None, M, "enfant", 20)] if lines else []
    fundings = (
        [FundingLine(Payer.INDH, Decimal("10000")), FundingLine(Payer.PARTNER, Decimal("5000"), partner=partner)]
        if lines
        else []
    )
    return services.action_create(
        by=by,
        communes=communes or [CommuneFactory()],
        partners=[partner],
        beneficiaries=beneficiaries,
        fundings=fundings,
        kind=kind,
        title=kw.pop("title", "Distribution de couvertures"),
        description="",
        start_date=start,
        end_date=kw.pop("end", start + dt.timedelta(days=3)),
        **kw,
    )


@pytest.fixture
def writer(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def action(writer):
    return build_action(writer)


def form_data(communes, **overrides):
    data = {
        "kind": Kind.RAMADAN,
        "title": "Opération Ramadan 1447",
        "description": "Paniers alimentaires",
        "start_date": "2026-02-20",
        "end_date": "2026-03-15",
        "communes": [c.pk for c in communes],
        "partners": [],
        "beneficiaries-TOTAL_FORMS": "2",
        "beneficiaries-INITIAL_FORMS": "0",
        "beneficiaries-MIN_NUM_FORMS": "0",
        "beneficiaries-MAX_NUM_FORMS": "60",
        "beneficiaries-0-category": "",
        "beneficiaries-0-sex": "F",
        "beneficiaries-0-age_group": "age",
        "beneficiaries-0-count": "120",
        "beneficiaries-1-category": "",
        "beneficiaries-1-sex": "",
        "beneficiaries-1-age_group": "",
        "beneficiaries-1-count": "",
        "fundings-TOTAL_FORMS": "2",
        "fundings-INITIAL_FORMS": "0",
        "fundings-MIN_NUM_FORMS": "0",
        "fundings-MAX_NUM_FORMS": "30",
        "fundings-0-payer": "indh",
        "fundings-0-partner": "",
        "fundings-0-payer_label": "",
        "fundings-0-amount": "48 000,50",
        "fundings-1-payer": "autre",
        "fundings-1-partner": "",
        "fundings-1-payer_label": "Bienfaiteur local",
        "fundings-1-amount": "2000",
    }
    data.update(overrides)
    return data


# --- Services -----------------------------------------------------------------------------------------------------


def test_create_numbers_per_year_and_records_everything(writer):
    first = build_action(writer)
    second = build_action(writer)
    other_year = build_action(writer, start=dt.date(2027, 1, 5))
    assert (first.reference, second.reference, other_year.reference) == (
        "APS-2026-0001",
        "APS-2026-0002",
        "APS-2027-0001",
    )
    assert first.status == Status.PLANNED
    assert first.communes.count() == 1 and first.partners.count() == 1
    assert sum(b.count for b in first.beneficiaries.all()) == 50
    assert sum(f.amount for f in first.fundings.all()) == Decimal("15000")


def test_readers_cannot_write(role_users, action):
    for role in ("chef", "auditeur", "secretariat_cpdh", "dbm"):
        with pytest.raises(PermissionDenied):
            build_action(role_users[role])
        with pytest.raises(PermissionDenied):
            services.action_realize(action=action, by=role_users[role])
    assert ProximityAction.objects.count() == 1


def test_end_before_start_is_refused_on_the_end_date(writer):
    with pytest.raises(ValidationError) as error:
        build_action(writer, start=dt.date(2026, 3, 1), end=dt.date(2026, 2, 1))
    assert error.value.message_dict["end_date"] == ["La date de fin précède la date de début."]
    assert not ProximityAction.objects.exists()


def test_no_commune_and_negative_amounts_are_refused(writer):
    with pytest.raises(ValidationError) as error:
        services.action_create(
            by=writer,
            communes=[],
            fundings=[FundingLine(Payer.INDH, Decimal("-5"))],
            kind=Kind.OTHER,
            title="Sans commune",
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2026, 1, 1),
        )
    assert error.value.message_dict["communes"] == ["Choisissez au moins une commune."]
    assert error.value.message_dict["fundings"] == ["Un montant ne peut pas être négatif."]
    assert not ProximityAction.objects.exists()


def test_a_partner_line_needs_its_partner_and_another_payer_its_name(writer):
    with pytest.raises(ValidationError) as error:
        services.action_create(
            by=writer,
            communes=[CommuneFactory()],
            fundings=[FundingLine(Payer.PARTNER, Decimal("5")), FundingLine(Payer.OTHER, Decimal("5"))],
            kind=Kind.OTHER,
            title="Financeurs",
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2026, 1, 1),
        )
    assert error.value.message_dict["fundings"] == ["Choisissez le partenaire qui a payé.", "Nommez ce financeur."]


def test_update_replaces_the_lines(writer, action):
    commune = CommuneFactory()
    updated = services.action_update(
        action=action,
        by=writer,
        communes=[commune],
        partners=[],
        beneficiaries=[BeneficiaryLine(None, F, "jeune", 7)],
        fundings=[FundingLine(Payer.OTHER, Decimal("700"), payer_label="Commune")],
        kind=Kind.SCHOOL_START,
        title="Kits scolaires",
        description="",
        start_date=action.start_date,
        end_date=action.end_date,
    )
    assert updated.reference == action.reference
    assert list(updated.communes.all()) == [commune] and not updated.partners.exists()
    assert [(b.sex, b.age_group, b.count) for b in updated.beneficiaries.all()] == [(F, "jeune", 7)]
    assert [f.payer_display for f in updated.fundings.all()] == ["Commune"]


# --- Workflow -----------------------------------------------------------------------------------------------------


def test_realize_needs_beneficiaries_and_costs(writer):
    bare = build_action(writer, lines=False)
    with pytest.raises(TransitionRefused) as error:
        services.action_realize(action=bare, by=writer)
    assert error.value.messages == [
        "Saisissez les bénéficiaires de l'action avant de la déclarer réalisée.",
        "Saisissez le coût de l'action (qui a payé quoi) avant de la déclarer réalisée.",
    ]
    bare.refresh_from_db()
    assert bare.status == Status.PLANNED


def test_realize_then_cancel_with_a_reason(writer, action):
    done = services.action_realize(action=action, by=writer)
    assert done.status == Status.DONE
    with pytest.raises(TransitionRefused) as error:
        services.action_realize(action=done, by=writer)
    assert "Impossible depuis l'état « Réalisée »." in error.value.messages
    with pytest.raises(TransitionRefused) as error:
        services.action_cancel(action=done, by=writer, reason="  ")
    assert error.value.messages == ["Indiquez le motif de l'annulation."]
    cancelled = services.action_cancel(action=done, by=writer, reason="Intempéries")
    assert (cancelled.status, cancelled.cancel_reason) == (Status.CANCELLED, "Intempéries")
    with pytest.raises(ValidationError):
        services.action_update(
            action=cancelled,
            by=writer,
            communes=[CommuneFactory()],
            kind=Kind.OTHER,
            title="x",
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2026, 1, 1),
        )


def test_a_realized_action_keeps_its_beneficiaries_and_costs(writer, action):
    services.action_realize(action=action, by=writer)
    with pytest.raises(ValidationError) as error:
        services.action_update(
            action=action,
            by=writer,
            communes=[CommuneFactory()],
            kind=Kind.OTHER,
            title="x",
            start_date=action.start_date,
            end_date=action.end_date,
        )
    assert error.value.message_dict["beneficiaries"] == ["Une action réalisée garde ses bénéficiaires."]


# --- Pages --------------------------------------------------------------------------------------------------------


def test_create_page_saves_and_redirects(client_as, writer):
    client = client_as(writer)
    communes = [CommuneFactory(), CommuneFactory()]
    response = client.post(reverse("projects:proximity_create"), form_data(communes))
    assert response.status_code == 302
    created = ProximityAction.objects.get()
    assert response["Location"] == created.get_absolute_url()
    assert created.reference == "APS-2026-0001" and created.communes.count() == 2
    assert [(f.payer_display, f.amount) for f in created.fundings.order_by("pk")] == [
        ("INDH", Decimal("48000.50")),
        ("Bienfaiteur local", Decimal("2000")),
    ]


def test_create_page_shows_french_errors_next_to_the_fields(client_as, writer):
    client = client_as(writer)
    data = form_data([], end_date="2026-01-01", **{"fundings-0-amount": "-10", "fundings-1-payer_label": ""})
    response = client.post(reverse("projects:proximity_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["end_date"] == ["La date de fin précède la date de début."]
    assert form.errors["communes"] == ["Choisissez au moins une commune."]
    fundings = response.context["funding_formset"]
    assert fundings.forms[0].errors["amount"] == ["Un montant ne peut pas être négatif."]
    assert fundings.forms[1].errors["payer_label"] == ["Nommez ce financeur."]
    assert not ProximityAction.objects.exists()


def test_update_page_shows_the_lines_and_saves(client_as, writer, action):
    client = client_as(writer)
    url = reverse("projects:proximity_update", args=[action.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["beneficiary_formset"].initial[0]["count"] in {30, 20}
    data = form_data([CommuneFactory()], title="Nouveau titre")
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.title == "Nouveau titre" and action.reference == "APS-2026-0001"


def test_detail_page_offers_transitions_only_to_writers(client_as, role_users, action):
    url = action.get_absolute_url()
    writer_page = client_as(role_users["suivi_evaluation"]).get(url)
    assert [t.name for t in writer_page.context["transitions"]] == ["realize"]
    assert writer_page.context["can_cancel"] and writer_page.context["can_edit"]
    assert writer_page.context["beneficiaries_total"] == 50
    assert writer_page.context["total_cost"] == Decimal("15000")
    assert writer_page.context["history_url"]
    reader_page = client_as(role_users["auditeur"]).get(url)
    assert reader_page.context["transitions"] == []
    assert not reader_page.context["can_cancel"] and not reader_page.context["can_edit"]
    assert b'data-testid="transition-realize"' not in reader_page.content


def test_transition_and_cancel_pages(client_as, writer, action):
    client = client_as(writer)
    client.post(reverse("projects:proximity_transition", args=[action.pk, "realize"]))
    action.refresh_from_db()
    assert action.status == Status.DONE
    url = reverse("projects:proximity_cancel", args=[action.pk])
    response = client.post(url, {"reason": ""})
    assert response.context["form"].errors["reason"] == ["Indiquez le motif de l'annulation."]
    assert client.post(url, {"reason": "Report"}).status_code == 302
    action.refresh_from_db()
    assert action.status == Status.CANCELLED
    assert client.get(reverse("projects:proximity_update", args=[action.pk])).status_code == 302


def test_refused_realize_says_why(client_as, writer):
    bare = build_action(writer, lines=False)
    client = client_as(writer)
    response = client.post(reverse("projects:proximity_transition", args=[bare.pk, "realize"]), follow=True)
    assert "Saisissez les bénéficiaires" in response.content.decode()


# --- List, filters, totals, exports ---------------------------------------------------------------------------------


@pytest.fixture
def several(writer):
    commune, partner = CommuneFactory(), PartnerFactory()
    category = TargetCategory.objects.create(programme=ProgrammeFactory(), code="C1", name_fr="Personnes âgées")
    cold = build_action(writer, communes=[commune], partner=partner)
    ramadan = services.action_create(
        by=writer,
        communes=[CommuneFactory()],
        beneficiaries=[BeneficiaryLine(category, F, "age", 5)],
        fundings=[FundingLine(Payer.OTHER, Decimal("100"), payer_label="Donateur")],
        kind=Kind.RAMADAN,
        title="Paniers",
        start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2025, 3, 20),
    )
    services.action_realize(action=ramadan, by=writer)
    return {"cold": cold, "ramadan": ramadan, "commune": commune, "partner": partner}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, {"cold", "ramadan"}),
        ({"kind": "ramadan"}, {"ramadan"}),
        ({"year": "2026"}, {"cold"}),
        ({"status": "realisee"}, {"ramadan"}),
        ({"commune": "commune"}, {"cold"}),
        ({"partner": "partner"}, {"cold"}),
        ({"q": "panier"}, {"ramadan"}),
    ],
)
def test_list_filters(client_as, role_users, several, params, expected):
    params = {k: several[v].pk if v in several and k in {"commune", "partner"} else v for k, v in params.items()}
    response = client_as(role_users["chef"]).get(reverse("projects:proximity_list"), params)
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["object_list"]}
    assert shown == {several[name].pk for name in expected}


def test_list_rows_and_totals(client_as, role_users, several):
    response = client_as(role_users["chef"]).get(reverse("projects:proximity_list"))
    rows = {obj.reference: obj for obj in response.context["object_list"]}
    cold = rows[several["cold"].reference]
    assert (cold.beneficiaries_total, cold.beneficiaries_women, cold.beneficiaries_men) == (50, 30, 20)
    assert (cold.total_cost, cold.indh_cost) == (Decimal("15000"), Decimal("10000"))
    assert response.context["totals"] == {
        "beneficiaries": 55,
        "women": 35,
        "cost": Decimal("15100"),
        "indh": Decimal("10000"),
    }
    assert response.context["create_url"] is None  # the chef reads; suivi_evaluation writes
    writer_list = client_as(role_users["suivi_evaluation"]).get(reverse("projects:proximity_list"))
    assert writer_list.context["create_url"] == reverse("projects:proximity_create")
    assert "Total des actions retenues par les filtres" in writer_list.content.decode()
    filtered = client_as(role_users["chef"]).get(reverse("projects:proximity_list"), {"kind": "ramadan"})
    assert filtered.context["totals"]["beneficiaries"] == 5


def test_xlsx_export_opens_with_the_sums(client_as, role_users, several):
    response = client_as(role_users["suivi_evaluation"]).get(
        reverse("projects:proximity_list"), {"kind": "vague_froid", "export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in values if row and row[0] == "Référence")
    data = values[values.index(header) + 1]
    record = dict(zip(header, data, strict=False))
    assert record["Référence"] == several["cold"].reference
    assert record["Bénéficiaires"] == 50 and record["dont femmes"] == 30
    assert Decimal(str(record["Coût total"])) == Decimal("15000")
    assert record["Communes"] == several["commune"].name_fr


def test_pdf_export(client_as, role_users, several):
    response = client_as(role_users["chef"]).get(reverse("projects:proximity_list"), {"export": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_space_page_counts_actions_not_cancelled(client_as, role_users, writer, several):
    services.action_cancel(action=several["cold"], by=writer, reason="Annulée")
    response = client_as(role_users["chef"]).get(reverse("projects:index"))
    assert response.context["proximity"] == {"actions": 1, "beneficiaries": 5, "cost": Decimal("100")}
    assert b'data-testid="proximity-link"' in response.content


# --- Fixed numbers of queries ------------------------------------------------------------------------------------


def _many(writer, count):
    communes = [CommuneFactory(), CommuneFactory()]
    partner = PartnerFactory()
    return [build_action(writer, communes=communes, partner=partner) for _ in range(count)]


def _page_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Measured with 3 and with 30 actions: list 16 (sorted or not), page 14, form 27 (categories, partners and communes
# lists), new form 18, space page 14 — the same for both.
LIMITS = {"list": 16, "sorted": 16, "detail": 14, "detail_writer": 14, "update": 27, "create": 18, "space": 14}


def test_list_and_pages_keep_a_fixed_number_of_queries(client_as, role_users, writer, django_assert_max_num_queries):
    reader, editor = client_as(role_users["chef"]), client_as(writer)
    actions = _many(writer, 3)
    pages = {
        "list": (reader, reverse("projects:proximity_list")),
        "sorted": (reader, reverse("projects:proximity_list") + "?o=-total_cost&commune=" + str(CommuneFactory().pk)),
        "detail": (reader, actions[0].get_absolute_url()),
        "detail_writer": (editor, actions[0].get_absolute_url()),
        "update": (editor, reverse("projects:proximity_update", args=[actions[0].pk])),
        "create": (editor, reverse("projects:proximity_create")),
        "space": (reader, reverse("projects:index")),
    }
    with_three = {name: _page_queries(client, url) for name, (client, url) in pages.items()}
    _many(writer, 27)
    for name, (client, url) in pages.items():
        with django_assert_max_num_queries(LIMITS[name]):
            assert client.get(url).status_code == 200
    assert {name: _page_queries(client, url) for name, (client, url) in pages.items()} == with_three


def test_the_action_has_a_history_page(client_as, role_users, action):
    url = reverse("history", args=["projects.proximityaction", action.pk])
    response = client_as(role_users["auditeur"]).get(url)
    assert response.status_code == 200
    assert action.reference in response.content.decode()
