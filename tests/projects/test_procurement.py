"""Marchés: who records them, the order of their dates, their status and delays computed from the dates (in Python
and in SQL, which must agree), their end (infructueux / annulé), and their pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from projects.models import Procurement, Project
from projects.models.procurement import add_months
from projects.procurement_selectors import procurement_list
from projects.services import procurement as services
from tests.committees.test_meeting_services import approved_project

pytestmark = pytest.mark.django_db
Status = Procurement.Status
TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - dt.timedelta(days=n)


@pytest.fixture
def project(role_users):
    return approved_project(role_users)


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


def make(project, by, **fields):
    values = {
        "procedure": Procurement.Procedure.OPEN_TENDER,
        "reference": "AO-01/2025",
        "subject": "Construction d'un foyer féminin",
        "estimated_amount": Decimal("800000"),
        **fields,
    }
    return services.procurement_create(project=project, by=by, **values)


def awarded(**extra):
    """The fields of a marché awarded 60 days ago, executed from 50 days ago for 1 month (so late)."""
    return {
        "published_on": days_ago(120),
        "bids_opened_on": days_ago(90),
        "awarded_on": days_ago(60),
        "contractor_name": "Entreprise Atlas BTP",
        "awarded_amount": Decimal("750000"),
        "service_order_on": days_ago(50),
        "duration": 1,
        "duration_unit": Procurement.DurationUnit.MONTHS,
        **extra,
    }


def sql_status(procurement):
    return procurement_list().get(pk=procurement.pk)


# --- Services: who, and the rules -------------------------------------------------------------------------------


def test_the_agent_records_a_marche_and_readers_cannot(project, role_users):
    marche = make(project, role_users["suivi_evaluation"])
    assert marche.state().status == Status.PREPARING
    for role in ["chef", "auditeur", "cabinet", "secretariat_cpdh"]:
        with pytest.raises(PermissionDenied, match="gérer les marchés"):
            make(project, role_users[role], reference=f"X-{role}")
        with pytest.raises(PermissionDenied):
            services.procurement_update(procurement=marche, by=role_users[role], subject="Autre")
        with pytest.raises(PermissionDenied):
            services.procurement_end(
                procurement=marche, by=role_users[role], ending="annule", on=TODAY(), reason="Motif"
            )
    assert Procurement.objects.count() == 1


def test_dates_must_follow_the_procedure(project, agent):
    with pytest.raises(ValidationError) as error:
        make(project, agent, published_on=days_ago(10), bids_opened_on=days_ago(20))
    assert "ne peut pas précéder" in error.value.message_dict["bids_opened_on"][0]
    # A gap in the chain: the award is checked against the nearest earlier date given (the publication).
    with pytest.raises(ValidationError) as error:
        make(project, agent, **awarded(bids_opened_on=None, awarded_on=days_ago(130)))
    assert "awarded_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make(project, agent, **awarded(provisional_reception_on=days_ago(5), final_reception_on=days_ago(6)))
    assert set(error.value.message_dict) == {"final_reception_on"}
    assert not Procurement.objects.exists()


def test_acts_are_not_dated_in_the_future_but_the_announced_opening_may_be(project, agent):
    with pytest.raises(ValidationError) as error:
        make(project, agent, **awarded(awarded_on=TODAY() + dt.timedelta(days=1), service_order_on=None))
    assert "futur" in error.value.message_dict["awarded_on"][0]
    announced = make(project, agent, published_on=days_ago(3), bids_opened_on=TODAY() + dt.timedelta(days=20))
    assert announced.state().status == Status.PUBLISHED


def test_an_award_needs_its_contractor_amount_and_date_and_a_service_order_its_duration(project, agent):
    with pytest.raises(ValidationError) as error:
        make(project, agent, awarded_on=days_ago(3))
    assert {"contractor_name", "awarded_amount"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        make(project, agent, contractor_name="Atlas")
    assert "awarded_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make(project, agent, **awarded(duration=None))
    assert "duration" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make(project, agent, provisional_reception_on=days_ago(1))
    assert "provisional_reception_on" in error.value.message_dict


def test_an_award_above_the_estimate_is_accepted_and_flagged(project, agent):
    marche = make(project, agent, **awarded(awarded_amount=Decimal("900000.50")))
    assert marche.over_estimate
    assert not make(project, agent, reference="AO-02", **awarded()).over_estimate


def test_the_reference_is_unique_and_the_ice_has_15_digits(project, agent):
    make(project, agent)
    with pytest.raises(ValidationError) as error:
        make(project, agent)
    assert "Un marché porte déjà cette référence." in error.value.message_dict["reference"]
    with pytest.raises(ValidationError) as error:
        make(project, agent, reference="AO-03", **awarded(contractor_ice="123"))
    assert "contractor_ice" in error.value.message_dict


def test_no_marche_for_a_closed_or_abandoned_project(project, agent):
    Project.objects.filter(pk=project.pk).update(status=Project.Status.ABANDONED)
    with pytest.raises(ValidationError, match="ne reçoit plus de marché"):
        make(project, agent)


# --- Status and delays ------------------------------------------------------------------------------------------


def test_the_status_follows_the_dates_in_python_and_in_sql(project, agent):
    marche = make(project, agent)
    steps = [
        ({"published_on": days_ago(100)}, Status.PUBLISHED),
        ({"bids_opened_on": days_ago(80)}, Status.BIDS_OPENED),
        ({"awarded_on": days_ago(70), "contractor_name": "Atlas", "awarded_amount": Decimal("1")}, Status.AWARDED),
        ({"service_order_on": days_ago(60), "duration": 3}, Status.EXECUTING),
        ({"provisional_reception_on": days_ago(10)}, Status.PROVISIONAL),
        ({"final_reception_on": days_ago(1)}, Status.FINAL),
    ]
    assert sql_status(marche).current_status == Status.PREPARING
    for fields, expected in steps:
        marche = services.procurement_update(procurement=marche, by=agent, **fields)
        assert marche.state().status == expected
        assert sql_status(marche).current_status == expected


def test_planned_end_adds_months_or_days_to_the_service_order():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 11, 15), 3) == dt.date(2025, 2, 15)
    p = Procurement(service_order_on=dt.date(2025, 3, 1), duration=45, duration_unit="jours")
    assert p.compute_planned_end() == dt.date(2025, 4, 15)


def test_execution_delay_counts_from_the_contractual_end_until_the_provisional_reception(project, agent):
    marche = make(project, agent, **awarded())  # service order 50 days ago + 1 month
    late_by = (TODAY() - add_months(days_ago(50), 1)).days
    state = marche.state()
    assert state.status == Status.EXECUTING and state.late and state.days_late == late_by
    row = sql_status(marche)
    assert row.is_late and row.days_late == late_by
    received = services.procurement_update(procurement=marche, by=agent, provisional_reception_on=days_ago(5))
    state = received.state()
    assert not state.late and state.days_late == late_by - 5  # received late: shown, no longer an alert
    row = sql_status(received)
    assert not row.is_late and row.days_late == late_by - 5


def test_bids_opened_without_award_beyond_the_offers_validity_is_late(project, agent, settings):
    settings.DAS_PROCUREMENT_AWARD_DAYS = 75
    marche = make(project, agent, published_on=days_ago(120), bids_opened_on=days_ago(80))
    assert marche.state().award_days_late == 5 and marche.state().late
    assert sql_status(marche).is_late
    recent = make(project, agent, reference="AO-2", published_on=days_ago(40), bids_opened_on=days_ago(10))
    assert not recent.state().late and not sql_status(recent).is_late


# --- End: infructueux / annulé ----------------------------------------------------------------------------------


def test_end_needs_a_reason_and_an_opening_for_infructueux(project, agent):
    marche = make(project, agent, published_on=days_ago(30))
    with pytest.raises(ValidationError) as error:
        services.procurement_end(procurement=marche, by=agent, ending="infructueux", on=TODAY(), reason=" ")
    assert {"ending", "reason"} <= set(error.value.message_dict)
    marche = services.procurement_update(procurement=marche, by=agent, bids_opened_on=days_ago(2))
    ended = services.procurement_end(
        procurement=marche, by=agent, ending="infructueux", on=TODAY(), reason="Aucune offre conforme"
    )
    assert ended.state().status == Status.UNSUCCESSFUL and sql_status(ended).current_status == Status.UNSUCCESSFUL
    with pytest.raises(ValidationError, match="ne se modifie plus"):
        services.procurement_update(procurement=ended, by=agent, subject="Autre")
    with pytest.raises(ValidationError, match="déjà"):
        services.procurement_end(procurement=ended, by=agent, ending="annule", on=TODAY(), reason="x")


def test_a_marche_in_execution_is_not_cancelled(project, agent):
    marche = make(project, agent, **awarded())
    with pytest.raises(ValidationError, match="en exécution"):
        services.procurement_end(procurement=marche, by=agent, ending="annule", on=TODAY(), reason="x")
    assert not services.may_end(marche, agent)


def test_an_ended_marche_is_not_late(project, agent):
    marche = make(project, agent, published_on=days_ago(200), bids_opened_on=days_ago(150))
    assert marche.state().late
    ended = services.procurement_end(procurement=marche, by=agent, ending="annule", on=TODAY(), reason="Abandon")
    assert not ended.state().late and not sql_status(ended).is_late


def test_changes_are_kept_in_the_history(project, agent):
    marche = make(project, agent)
    services.procurement_update(procurement=marche, by=agent, subject="Objet corrigé")
    assert Procurement.pgh_event_model.objects.filter(pgh_obj_id=marche.pk).count() == 2


# --- Pages ------------------------------------------------------------------------------------------------------


def test_the_agent_creates_a_marche_from_the_project_page(project, agent, client_as):
    client = client_as(agent)
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'data-testid="procurement-create"' in page
    url = reverse("projects:procurement_create", args=[project.pk])
    response = client.post(
        url,
        {
            "procedure": "aoo",
            "reference": "AO-07/2025",
            "subject": "Équipement",
            "estimated_amount": "500 000,00",
            "published_on": days_ago(10).isoformat(),
            "bids_opened_on": days_ago(20).isoformat(),
            "duration_unit": "mois",
        },
    )
    assert response.status_code == 200  # refused: the opening precedes the publication, said next to the field
    assert "ne peut pas précéder" in response.content.decode()
    assert response.context["form"].errors["bids_opened_on"]
    response = client.post(
        url,
        {
            "procedure": "aoo",
            "reference": "AO-07/2025",
            "subject": "Équipement",
            "estimated_amount": "500 000,00",
            "published_on": days_ago(20).isoformat(),
            "bids_opened_on": days_ago(10).isoformat(),
            "awarded_on": days_ago(5).isoformat(),
            "contractor_name": "Souss Équipement",
            "awarded_amount": "550 000",
            "duration_unit": "mois",
        },
        follow=True,
    )
    marche = Procurement.objects.get(reference="AO-07/2025")
    assert marche.estimated_amount == Decimal("500000.00") and marche.awarded_amount == Decimal("550000")
    html = response.content.decode()
    assert "dépasse l&#x27;estimation" in html or "dépasse l'estimation" in html
    assert 'data-testid="over-estimate"' in html
    page = client.get(project.get_absolute_url()).content.decode()
    assert "AO-07/2025" in page and 'data-testid="procurements"' in page


def test_readers_see_the_marche_without_its_buttons(project, agent, role_users, client_as):
    marche = make(project, agent, published_on=days_ago(200), bids_opened_on=days_ago(150))
    html = client_as(role_users["auditeur"]).get(marche.get_absolute_url()).content.decode()
    assert 'data-testid="late"' in html and 'data-testid="history-link"' in html
    assert 'data-testid="edit-link"' not in html and 'data-testid="end-link"' not in html
    html = client_as(agent).get(marche.get_absolute_url()).content.decode()
    assert 'data-testid="edit-link"' in html and 'data-testid="end-link"' in html
    page = client_as(role_users["chef"]).get(project.get_absolute_url()).content.decode()
    assert 'data-testid="procurement-create"' not in page and "AO-01/2025" in page


def test_the_agent_ends_a_marche_through_its_page(project, agent, client_as):
    marche = make(project, agent, published_on=days_ago(20), bids_opened_on=days_ago(5))
    client = client_as(agent)
    url = reverse("projects:procurement_end", args=[marche.pk])
    response = client.post(url, {"ending": "infructueux", "on": TODAY().isoformat(), "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    response = client.post(url, {"ending": "infructueux", "on": TODAY().isoformat(), "reason": "Offres hors budget"})
    assert response.status_code == 302
    marche.refresh_from_db()
    assert marche.ending == "infructueux"
    # Ended: neither the edit nor the end page is offered any more.
    assert client.get(reverse("projects:procurement_update", args=[marche.pk])).status_code == 302
    assert client.get(url).status_code == 302


def test_the_list_filters_late_and_status_and_exports(project, agent, role_users, client_as):
    late = make(project, agent, **awarded())
    make(project, agent, reference="AO-02", published_on=days_ago(3))
    client = client_as(role_users["chef"])
    url = reverse("projects:procurement_list")
    response = client.get(url, {"retard": "1"})
    assert [m.pk for m in response.context["object_list"]] == [late.pk]
    response = client.get(url, {"status": Status.PUBLISHED})
    assert [m.reference for m in response.context["object_list"]] == ["AO-02"]
    response = client.get(url)
    assert response.context["totals"]["estimated"] == Decimal("1600000")
    assert response.context["totals"]["awarded"] == Decimal("750000")
    assert client.get(url, {"commune": project.commune_id, "year": str(TODAY().year)}).status_code == 200
    assert client.get(url, {"status": "nonsense", "year": "x"}).status_code == 200  # bad input: no 500
    response = client.get(url, {"retard": "1", "export": "xlsx"})
    assert response.status_code == 200 and "spreadsheet" in response["Content-Type"]
    assert client.get(url, {"export": "pdf"}).status_code == 200


def test_pages_keep_their_query_count_as_marches_grow(project, agent, role_users, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(role_users["chef"])
    make(project, agent, **awarded())
    urls = [reverse("projects:procurement_list"), reverse("projects:procurement_list") + "?retard=1"]
    urls.append(project.get_absolute_url())

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    counts()  # warm caches
    few = counts()
    for i in range(30):
        make(project, agent, reference=f"BC-{i}", procedure="bon_commande", **awarded())
    assert counts() == few
    assert max(few[:2]) <= 16


def test_the_demo_adds_a_late_marche_once(project, agent):
    from projects.demo import seed_procurements
    from projects.procurement_selectors import late_procurements_q

    assert seed_procurements(by=agent) == 2
    assert Procurement.objects.filter(late_procurements_q()).count() == 1
    assert seed_procurements(by=agent) == 0
