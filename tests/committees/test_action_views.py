"""The board of the actions executing the decisions: counts, late ones, marking done and reopening."""

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from committees.models import DecisionAction
from committees.services import meetings as meeting_services
from tests.committees import builders
from tests.committees.test_committee_views import past_meeting_with_actions, query_count
from tests.projects.test_call_views import message_texts

pytestmark = pytest.mark.django_db
Status = DecisionAction.Status
TODAY = timezone.localdate


@pytest.fixture
def secretariat(role_users):
    return role_users["secretariat_cpdh"]


@pytest.fixture
def cldh(secretariat):
    committee = builders.committee(secretariat, name="CLDH d'Aourir", min_women_percent=None)
    builders.members(committee, secretariat, count=6, women=2, youth=1)
    return committee


@pytest.fixture
def late_action(secretariat, cldh):
    return past_meeting_with_actions(secretariat, cldh)[2]


@pytest.fixture
def open_action(secretariat, late_action):
    """An action of the same decision, due in a month: open, not late."""
    return meeting_services.action_add(
        decision=late_action.decision,
        by=secretariat,
        description="Organiser la visite de terrain",
        service="communication",
        due_on=TODAY() + dt.timedelta(days=30),
    )


class TestBoard:
    def test_counts_and_late_rows(self, client_as, role_users, secretariat, late_action, open_action):
        meeting_services.action_complete(action=open_action, by=secretariat, done_on=TODAY(), note="Visite faite")
        response = client_as(role_users["cabinet"]).get(reverse("committees:action_list"))
        assert response.status_code == 200
        counts = {card["label"]: card["value"] for card in response.context["counts"]}
        assert counts == {"En cours": 1, "En retard": 1, "Réalisées": 1}
        content = response.content.decode()
        assert content.count('data-testid="late-row"') == 1
        assert "Transmettre la demande d&#x27;extension au CPDH" in content
        assert "CLDH d&#x27;Aourir" in content
        assert "1. Avancement des projets" in content

    def test_filters(self, client_as, role_users, cldh, late_action, open_action):
        client = client_as(role_users["auditeur"])
        url = reverse("committees:action_list")
        assert [a.pk for a in client.get(url, {"state": "en_retard"}).context["object_list"]] == [late_action.pk]
        assert {a.pk for a in client.get(url, {"state": "en_cours"}).context["object_list"]} == {
            late_action.pk,
            open_action.pk,
        }
        assert list(client.get(url, {"state": "realisees"}).context["object_list"]) == []
        assert [a.pk for a in client.get(url, {"service": "communication"}).context["object_list"]] == [open_action.pk]
        assert len(client.get(url, {"committee": cldh.pk}).context["object_list"]) == 2

    def test_links_to_the_meeting_page(self, client_as, secretariat, late_action):
        content = client_as(secretariat).get(reverse("committees:action_list")).content.decode()
        try:
            meeting_url = reverse("committees:meeting_detail", args=[late_action.decision.item.meeting_id])
        except NoReverseMatch:  # the meeting page belongs to another part of the application
            pytest.skip("no meeting page yet")
        assert meeting_url in content

    def test_follow_up_buttons_only_for_those_who_follow(self, client_as, role_users, late_action):
        """The secretariat's action: its own service and the head report on it, not another service."""
        complete = reverse("committees:action_complete", args=[late_action.pk])

        def board(role):
            return client_as(role_users[role]).get(reverse("committees:action_list")).content.decode()

        assert complete in board("secretariat_cpdh") and complete in board("chef")
        assert complete not in board("communication")
        assert complete not in client_as(role_users["cabinet"]).get(reverse("committees:action_list")).content.decode()
        assert complete not in client_as(role_users["auditeur"]).get(reverse("committees:action_list")).content.decode()

    def test_export(self, client_as, secretariat, late_action):
        response = client_as(secretariat).get(reverse("committees:action_list"), {"export": "xlsx"})
        assert response.status_code == 200

    def test_same_number_of_queries_with_2_or_60_actions(self, client_as, secretariat, cldh):
        past_meeting_with_actions(secretariat, cldh, count=2)
        client = client_as(secretariat)
        client.get(reverse("committees:action_list"))
        few = query_count(client, reverse("committees:action_list"))
        other = builders.committee(secretariat, name="CPDH bis")
        builders.members(other, secretariat, count=6, women=2, youth=1)
        past_meeting_with_actions(secretariat, other, count=58, days_ago=40, due_days_ago=-5)
        assert DecisionAction.objects.count() == 60
        assert query_count(client, reverse("committees:action_list")) == few

    def test_refused_to_the_dbm(self, client_as, role_users):
        assert client_as(role_users["dbm"]).get(reverse("committees:action_list")).status_code == 403


class TestComplete:
    def test_mark_done_with_its_report(self, client_as, role_users, late_action):
        client = client_as(role_users["chef"])
        url = reverse("committees:action_complete", args=[late_action.pk])
        page = client.get(url, {"next": reverse("committees:action_list") + "?state=en_retard"})
        assert page.status_code == 200
        assert "Transmettre la demande d&#x27;extension au CPDH" in page.content.decode()
        response = client.post(
            url,
            {
                "done_on": TODAY().isoformat(),
                "done_note": "Demande transmise par bordereau n° 112.",
                "next": reverse("committees:action_list") + "?state=en_retard",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("committees:action_list") + "?state=en_retard"
        late_action.refresh_from_db()
        assert (late_action.status, late_action.done_on) == (Status.DONE, TODAY())
        assert late_action.done_note == "Demande transmise par bordereau n° 112."

    def test_a_future_date_is_refused_next_to_the_field(self, client_as, secretariat, late_action):
        response = client_as(secretariat).post(
            reverse("committees:action_complete", args=[late_action.pk]),
            {"done_on": (TODAY() + dt.timedelta(days=2)).isoformat(), "done_note": "Fait."},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["done_on"] == ["La date de réalisation est dans le futur."]
        assert response.context["form"]["done_note"].value() == "Fait."
        late_action.refresh_from_db()
        assert late_action.status == Status.OPEN

    def test_a_date_before_the_meeting_is_refused(self, client_as, secretariat, late_action):
        response = client_as(secretariat).post(
            reverse("committees:action_complete", args=[late_action.pk]),
            {"done_on": (TODAY() - dt.timedelta(days=90)).isoformat(), "done_note": "Fait."},
        )
        assert response.context["form"].errors["done_on"] == ["La date de réalisation précède la réunion."]

    def test_an_empty_report_is_refused(self, client_as, secretariat, late_action):
        response = client_as(secretariat).post(
            reverse("committees:action_complete", args=[late_action.pk]),
            {"done_on": TODAY().isoformat(), "done_note": ""},
        )
        assert response.context["form"].errors["done_note"]

    def test_an_action_already_done_goes_back_to_the_board(self, client_as, secretariat, late_action):
        meeting_services.action_complete(action=late_action, by=secretariat, done_on=TODAY(), note="Fait")
        response = client_as(secretariat).get(reverse("committees:action_complete", args=[late_action.pk]))
        assert response.status_code == 302
        assert "Cette action est déjà réalisée." in message_texts(response)

    def test_an_outside_next_is_ignored(self, client_as, secretariat, late_action):
        response = client_as(secretariat).post(
            reverse("committees:action_complete", args=[late_action.pk]),
            {"done_on": TODAY().isoformat(), "done_note": "Fait.", "next": "https://example.com/"},
        )
        assert response["Location"] == reverse("committees:action_list")

    @pytest.mark.parametrize("role", ["cabinet", "auditeur", "administrateur"])
    def test_refused_to_those_who_do_not_follow(self, client_as, role_users, role, late_action):
        response = client_as(role_users[role]).post(
            reverse("committees:action_complete", args=[late_action.pk]),
            {"done_on": TODAY().isoformat(), "done_note": "Fait."},
        )
        assert response.status_code == 403
        late_action.refresh_from_db()
        assert late_action.status == Status.OPEN


class TestReopen:
    def test_reopen_with_a_reason(self, client_as, role_users, secretariat, late_action):
        meeting_services.action_complete(action=late_action, by=secretariat, done_on=TODAY(), note="Fait")
        client = client_as(role_users["chef"])
        url = reverse("committees:action_reopen", args=[late_action.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, {"reason": "Le bordereau n'a pas été signé."})
        assert response.status_code == 302
        late_action.refresh_from_db()
        assert late_action.status == Status.OPEN and late_action.done_on is None
        assert "Le bordereau n'a pas été signé." in late_action.done_note

    def test_a_reason_is_required(self, client_as, secretariat, late_action):
        meeting_services.action_complete(action=late_action, by=secretariat, done_on=TODAY(), note="Fait")
        response = client_as(secretariat).post(
            reverse("committees:action_reopen", args=[late_action.pk]), {"reason": "  "}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["reason"]

    def test_an_open_action_cannot_be_reopened(self, client_as, secretariat, late_action):
        response = client_as(secretariat).get(reverse("committees:action_reopen", args=[late_action.pk]))
        assert response.status_code == 302
        assert "Cette action est encore en cours." in message_texts(response)

    def test_refused_to_readers(self, client_as, role_users, secretariat, late_action):
        meeting_services.action_complete(action=late_action, by=secretariat, done_on=TODAY(), note="Fait")
        response = client_as(role_users["cabinet"]).post(
            reverse("committees:action_reopen", args=[late_action.pk]), {"reason": "Non"}
        )
        assert response.status_code == 403
