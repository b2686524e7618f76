"""The committee pages: list, form (règlement intérieur), page with the composition check, members, and the
secretariat's space."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from committees.models import Committee, DecisionAction, Feedback, Meeting, Member
from committees.services import feedback as feedback_services
from committees.services import meetings as meeting_services
from tests.committees import builders
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def secretariat(role_users):
    return role_users["secretariat_cpdh"]


@pytest.fixture
def cpdh(secretariat):
    return builders.committee(secretariat, name="CPDH d'Agadir Ida-Outanane")


def committee_data(**overrides):
    data = {
        "kind": Committee.Kind.CPDH,
        "name": "CPDH de la préfecture",
        "name_ar": "",
        "commune": "",
        "chaired_by": "Le Gouverneur",
        "is_active": "on",
        "quorum_percent": "50",
        "quorum_plus_one": "on",
        "proxies_count": "on",
        "second_convocation_without_quorum": "on",
        "decision_rule": Committee.DecisionRule.CONSENSUS,
        "max_members": "30",
        "min_women_percent": "20",
        "min_youth_percent": "15",
        "rules_text": "Deux réunions par an au moins.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def member_data(**overrides):
    data = {
        "full_name": "Naima Lahlou",
        "full_name_ar": "",
        "title": "Déléguée de la Santé",
        "institution": "Délégation de la Santé",
        "college": Member.College.ADMINISTRATION,
        "function": Member.Function.MEMBER,
        "is_voting": "on",
        "sex": Member.Sex.WOMAN,
        "age_group": Member.AgeGroup.ADULT,
        "term_start": "2024-01-01",
        "term_end": "",
        "email": "",
        "phone": "",
        "address": "",
    }
    data.update(overrides)
    return data


def past_meeting_with_actions(secretariat, committee, count=1, *, days_ago=60, due_days_ago=30):
    """A meeting held ``days_ago`` with one decision and ``count`` actions due ``due_days_ago`` (late if > 0)."""
    held = builders.meeting(committee, secretariat, kind="suivi", date=TODAY() - dt.timedelta(days=days_ago))
    item = meeting_services.agenda_add_text(meeting=held, by=secretariat, title="Avancement des projets")
    meeting_services.meeting_convene(meeting=held, by=secretariat)
    held.refresh_from_db()
    builders.all_present(held, secretariat)
    decision = meeting_services.decision_record(item=item, by=secretariat, outcome="approuve")
    first = meeting_services.action_add(
        decision=decision,
        by=secretariat,
        description="Transmettre la demande d'extension au CPDH",
        service="secretariat",
        due_on=TODAY() - dt.timedelta(days=due_days_ago),
    )
    if count > 1:
        DecisionAction.objects.bulk_create(
            DecisionAction(
                decision=decision,
                description=f"Action {n}",
                service="suivi_evaluation",
                due_on=TODAY() - dt.timedelta(days=due_days_ago),
            )
            for n in range(count - 1)
        )
    return held, decision, first


def late_feedback(secretariat, commune, *, subject="Retard des travaux de la piste", days_ago=45):
    return feedback_services.feedback_register(
        by=secretariat,
        kind="plainte",
        source="beneficiaire",
        source_name="Habitants du douar",
        commune=commune,
        received_on=TODAY() - dt.timedelta(days=days_ago),
        channel="terrain",
        subject=subject,
        content="Les travaux sont arrêtés.",
    )


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
    return len(queries)


class TestCommitteeList:
    def test_readers_see_the_committees_with_their_counts(self, client_as, role_users, cpdh, secretariat):
        builders.members(cpdh, secretariat, count=4)
        response = client_as(role_users["cabinet"]).get(reverse("committees:committee_list"))
        assert response.status_code == 200
        content = response.content.decode()
        assert "CPDH d&#x27;Agadir Ida-Outanane" in content
        assert reverse("committees:committee_detail", args=[cpdh.pk]) in content
        row = response.context["object_list"][0]
        assert row.sitting_count == 4
        assert row.meeting_count == 0
        # The Governor's office reads; it does not create.
        assert reverse("committees:committee_create") not in content

    def test_the_secretariat_gets_the_create_button(self, client_as, secretariat):
        response = client_as(secretariat).get(reverse("committees:committee_list"))
        assert reverse("committees:committee_create") in response.content.decode()

    def test_filter_by_kind_and_export(self, client_as, role_users, cpdh, secretariat):
        commune = CommuneFactory()
        builders.committee(secretariat, kind=Committee.Kind.CLDH, name="CLDH de Drargua", commune=commune)
        client = client_as(role_users["auditeur"])
        response = client.get(reverse("committees:committee_list"), {"kind": "cldh"})
        assert [c.name for c in response.context["object_list"]] == ["CLDH de Drargua"]
        export = client.get(reverse("committees:committee_list"), {"export": "xlsx"})
        assert export.status_code == 200
        sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
        values = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
        assert "CLDH de Drargua" in values and "CPDH d'Agadir Ida-Outanane" in values

    def test_refused_to_the_administrator(self, client_as, role_users):
        assert client_as(role_users["administrateur"]).get(reverse("committees:committee_list")).status_code == 403


class TestCommitteeForm:
    def test_create_a_cpdh_with_its_rules(self, client_as, secretariat):
        response = client_as(secretariat).post(reverse("committees:committee_create"), committee_data())
        committee = Committee.objects.get(name="CPDH de la préfecture")
        assert response.status_code == 302
        assert response["Location"] == reverse("committees:committee_detail", args=[committee.pk])
        assert committee.max_members == 30
        assert committee.min_women_percent == Decimal("20")
        assert committee.rules_text == "Deux réunions par an au moins."

    def test_percentages_typed_the_french_way(self, client_as, secretariat):
        client_as(secretariat).post(
            reverse("committees:committee_create"), committee_data(quorum_percent="66,67", quorum_plus_one=None)
        )
        committee = Committee.objects.get(name="CPDH de la préfecture")
        assert committee.quorum_percent == Decimal("66.67")
        assert committee.quorum_plus_one is False

    def test_a_cldh_without_commune_is_refused_next_to_the_field(self, client_as, secretariat):
        response = client_as(secretariat).post(
            reverse("committees:committee_create"), committee_data(kind=Committee.Kind.CLDH, name="CLDH sans commune")
        )
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors["commune"] == ["Un CLDH est rattaché à une commune."]
        assert not form.non_field_errors()
        assert not Committee.objects.filter(name="CLDH sans commune").exists()
        assert 'id="error_1_id_commune"' in response.content.decode() or "invalid-feedback" in response.content.decode()

    def test_a_quorum_above_100_percent_is_refused(self, client_as, secretariat):
        response = client_as(secretariat).post(
            reverse("committees:committee_create"), committee_data(quorum_percent="120")
        )
        assert response.status_code == 200
        assert response.context["form"].errors["quorum_percent"]

    def test_update_the_rules(self, client_as, secretariat, cpdh):
        url = reverse("committees:committee_update", args=[cpdh.pk])
        client = client_as(secretariat)
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            committee_data(name=cpdh.name, quorum_percent="60", decision_rule=Committee.DecisionRule.SIMPLE_MAJORITY),
        )
        assert response.status_code == 302
        cpdh.refresh_from_db()
        assert cpdh.quorum_percent == Decimal("60")
        assert cpdh.decision_rule == Committee.DecisionRule.SIMPLE_MAJORITY

    @pytest.mark.parametrize("role", ["chef", "cabinet", "auditeur", "administrateur"])
    def test_refused_to_other_roles(self, client_as, role_users, role, cpdh):
        client = client_as(role_users[role])
        assert client.get(reverse("committees:committee_create")).status_code == 403
        assert client.post(reverse("committees:committee_update", args=[cpdh.pk]), committee_data()).status_code == 403


class TestCommitteePage:
    def test_the_rules_in_plain_words(self, client_as, role_users, cpdh, secretariat):
        builders.members(cpdh, secretariat, count=22, women=6, youth=4, voting=20)
        response = client_as(role_users["cabinet"]).get(reverse("committees:committee_detail", args=[cpdh.pk]))
        content = response.content.decode()
        assert "Quorum : la moitié des membres votants plus un, soit 11 sur 20." in content
        assert "Les membres représentés comptent dans le quorum." in content
        assert "Sur seconde convocation, le comité délibère valablement sans condition de quorum." in content
        assert "Décisions : par consensus." in content
        assert "Composition : au plus 30 membres ; au moins 20 % de femmes ; au moins 15 % de jeunes." in content

    def test_a_quorum_without_plus_one(self, client_as, secretariat):
        committee = builders.committee(
            secretariat, kind=Committee.Kind.RECEPTION, quorum_percent=Decimal("66.67"), quorum_plus_one=False
        )
        builders.members(committee, secretariat, count=9)
        response = client_as(secretariat).get(reverse("committees:committee_detail", args=[committee.pk]))
        assert "Quorum : 66,67 % des membres votants, soit 7 sur 9." in response.content.decode()
        assert "Le règlement ne fixe pas de règle de composition." in response.content.decode()

    def test_warning_when_a_cpdh_has_too_few_women(self, client_as, role_users, cpdh, secretariat):
        builders.members(cpdh, secretariat, count=20, women=2, youth=4)
        response = client_as(role_users["auditeur"]).get(reverse("committees:committee_detail", args=[cpdh.pk]))
        content = response.content.decode()
        assert 'data-testid="composition-warning"' in content
        assert "Femmes : 10 % des membres, en dessous du minimum de 20 %." in content
        assert "Jeunes :" not in content  # 4 young people out of 20 meet the 15 % minimum
        assert 'data-testid="composition-ok"' not in content

    def test_no_warning_when_compliant(self, client_as, role_users, cpdh, secretariat):
        builders.members(cpdh, secretariat, count=20, women=5, youth=3)
        response = client_as(role_users["auditeur"]).get(reverse("committees:committee_detail", args=[cpdh.pk]))
        content = response.content.decode()
        assert 'data-testid="composition-warning"' not in content
        assert 'data-testid="composition-ok"' in content

    def test_too_many_members_is_warned(self, client_as, cpdh, secretariat):
        builders.members(cpdh, secretariat, count=31, women=10, youth=6)
        response = client_as(secretariat).get(reverse("committees:committee_detail", args=[cpdh.pk]))
        assert "31 membres siègent : le maximum est de 30." in response.content.decode()

    def test_former_members_apart_and_not_counted(self, client_as, cpdh, secretariat):
        sitting = builders.members(cpdh, secretariat, count=5, women=5, youth=1)
        former = sitting[1]
        former.term_end = TODAY() - dt.timedelta(days=1)
        from committees.services.committees import member_save

        member_save(member=former, by=secretariat)
        response = client_as(secretariat).get(reverse("committees:committee_detail", args=[cpdh.pk]))
        assert [m.pk for m in response.context["former"]] == [former.pk]
        assert former.pk not in [m.pk for m in response.context["sitting"]]
        assert response.context["composition"].sitting == 4
        # The chair comes first in the composition table.
        assert response.context["sitting"][0].function == Member.Function.CHAIR

    def test_meetings_of_the_committee_are_listed(self, client_as, cpdh, secretariat):
        builders.members(cpdh, secretariat, count=6, women=2, youth=1)
        held = builders.meeting(cpdh, secretariat, date=TODAY() + dt.timedelta(days=10))
        response = client_as(secretariat).get(reverse("committees:committee_detail", args=[cpdh.pk]))
        content = response.content.decode()
        assert "Réunion n° 1" in content
        assert [m.pk for m in response.context["meetings"]] == [held.pk]

    def test_buttons_follow_the_role(self, client_as, role_users, cpdh):
        edit = reverse("committees:committee_update", args=[cpdh.pk])
        add = reverse("committees:member_create", args=[cpdh.pk])
        history = reverse("history", args=["committees.committee", cpdh.pk])
        secretariat_page = client_as(role_users["secretariat_cpdh"]).get(cpdh.get_absolute_url()).content.decode()
        assert edit in secretariat_page and add in secretariat_page and history in secretariat_page
        cabinet_page = client_as(role_users["cabinet"]).get(cpdh.get_absolute_url()).content.decode()
        assert edit not in cabinet_page and add not in cabinet_page
        assert history not in cabinet_page  # the Governor's office does not read histories
        auditor_page = client_as(role_users["auditeur"]).get(cpdh.get_absolute_url()).content.decode()
        assert edit not in auditor_page and history in auditor_page

    def test_refused_to_dbm(self, client_as, role_users, cpdh):
        assert client_as(role_users["dbm"]).get(cpdh.get_absolute_url()).status_code == 403

    def test_same_number_of_queries_with_5_or_40_members(self, client_as, secretariat):
        small = builders.committee(secretariat, name="Petit comité")
        builders.members(small, secretariat, count=5)
        builders.meeting(small, secretariat)
        large = builders.committee(secretariat, name="Grand comité")
        builders.members(large, secretariat, count=40, women=10, youth=8)
        for offset in range(4):
            builders.meeting(large, secretariat, date=TODAY() + dt.timedelta(days=offset))
        client = client_as(secretariat)
        client.get(small.get_absolute_url())  # session and permissions warm
        assert query_count(client, small.get_absolute_url()) == query_count(client, large.get_absolute_url())


class TestMembers:
    def test_export_of_the_members(self, client_as, role_users, cpdh, secretariat):
        builders.members(cpdh, secretariat, count=3)
        url = reverse("committees:committee_members", args=[cpdh.pk])
        client = client_as(role_users["cabinet"])
        page = client.get(url)
        assert page.status_code == 200
        assert [m.function for m in page.context["object_list"]][0] == Member.Function.CHAIR
        export = client.get(url, {"export": "xlsx"})
        sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
        names = {row[0] for row in sheet.iter_rows(values_only=True)}
        assert {f"Membre {cpdh.pk}-1", f"Membre {cpdh.pk}-3"} <= names
        pdf = client.get(url, {"export": "pdf"})
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"

    def test_only_the_committee_members_and_the_term_filter(self, client_as, secretariat, cpdh):
        builders.members(cpdh, secretariat, count=2)
        other = builders.committee(secretariat, kind=Committee.Kind.CRDH, name="CRDH Souss-Massa")
        builders.members(other, secretariat, count=3, term_end=TODAY() - dt.timedelta(days=3))
        client = client_as(secretariat)
        response = client.get(reverse("committees:committee_members", args=[other.pk]), {"term": "anciens"})
        assert len(response.context["object_list"]) == 3
        response = client.get(reverse("committees:committee_members", args=[other.pk]), {"term": "en_mandat"})
        assert len(response.context["object_list"]) == 0
        response = client.get(reverse("committees:committee_members", args=[cpdh.pk]))
        assert len(response.context["object_list"]) == 2

    def test_add_a_member(self, client_as, secretariat, cpdh):
        response = client_as(secretariat).post(reverse("committees:member_create", args=[cpdh.pk]), member_data())
        assert response.status_code == 302
        member = cpdh.members.get()
        assert member.full_name == "Naima Lahlou"
        assert member.sex == Member.Sex.WOMAN

    def test_term_end_before_start_is_refused_next_to_the_field(self, client_as, secretariat, cpdh):
        response = client_as(secretariat).post(
            reverse("committees:member_create", args=[cpdh.pk]), member_data(term_end="2023-06-30")
        )
        assert response.status_code == 200
        assert response.context["form"].errors["term_end"] == ["La fin du mandat ne peut précéder son début."]
        assert not response.context["form"].non_field_errors()
        assert "La fin du mandat ne peut précéder son début." in response.content.decode()
        assert not cpdh.members.exists()

    def test_ending_a_term_moves_the_member_to_former(self, client_as, secretariat, cpdh):
        member = builders.members(cpdh, secretariat, count=2)[1]
        client = client_as(secretariat)
        url = reverse("committees:member_update", args=[member.pk])
        assert client.get(url).status_code == 200
        ended = (TODAY() - dt.timedelta(days=1)).isoformat()
        data = member_data(
            full_name=member.full_name, sex=member.sex, age_group=member.age_group, term_start="2020-01-01"
        )
        data["term_end"] = ended
        response = client.post(url, data, follow=True)
        assert "a pris fin" in response.content.decode()
        assert [m.pk for m in response.context["former"]] == [member.pk]

    @pytest.mark.parametrize("role", ["chef", "cabinet", "suivi_evaluation"])
    def test_refused_to_other_roles(self, client_as, role_users, role, secretariat, cpdh):
        member = builders.members(cpdh, secretariat, count=1)[0]
        client = client_as(role_users[role])
        assert client.post(reverse("committees:member_create", args=[cpdh.pk]), member_data()).status_code == 403
        assert client.get(reverse("committees:member_update", args=[member.pk])).status_code == 403
        assert cpdh.members.count() == 1


class TestSecretariatHome:
    def test_late_actions_and_feedback_are_shown(self, client_as, secretariat, cpdh):
        builders.members(cpdh, secretariat, count=6, women=2, youth=1)
        _held, _decision, action = past_meeting_with_actions(secretariat, cpdh)
        late = late_feedback(secretariat, CommuneFactory())
        on_time = late_feedback(secretariat, CommuneFactory(), subject="Demande récente", days_ago=1)
        response = client_as(secretariat).get(reverse("committees:index"))
        content = response.content.decode()
        assert response.context["late_actions_count"] == 1
        assert "Transmettre la demande d&#x27;extension au CPDH" in content
        assert response.context["late_feedback_count"] == 1
        assert late.reference in content
        assert on_time.reference not in content
        assert reverse("committees:action_list") + "?state=en_retard" in content
        assert reverse("committees:feedback_list") + "?late=true" in content
        assert action.pk

    def test_next_meetings_and_dossiers_awaiting_the_cpdh(self, client_as, role_users, secretariat, cpdh):
        builders.members(cpdh, secretariat, count=6, women=2, youth=1)
        upcoming = builders.meeting(cpdh, secretariat, date=TODAY() + dt.timedelta(days=7))
        dossiers = builders.preselected_dossiers(role_users["suivi_evaluation"], role_users["chef"], 2)
        response = client_as(secretariat).get(reverse("committees:index"))
        content = response.content.decode()
        assert [m.pk for m in response.context["meetings"]] == [upcoming.pk]
        assert response.context["awaiting_count"] == 2
        for dossier in dossiers:
            assert dossier.reference in content
            assert dossier.get_absolute_url() in content  # the secretariat reads the projects
        cabinet = client_as(role_users["cabinet"]).get(reverse("committees:index")).content.decode()
        assert dossiers[0].reference in cabinet
        assert dossiers[0].get_absolute_url() not in cabinet  # the Governor's office does not open dossiers

    def test_buttons_only_for_those_who_can_use_them(self, client_as, role_users):
        secretariat_page = client_as(role_users["secretariat_cpdh"]).get(reverse("committees:index")).content.decode()
        assert 'data-testid="feedback-create"' in secretariat_page
        assert 'data-testid="committee-create"' in secretariat_page
        chef_page = client_as(role_users["chef"]).get(reverse("committees:index")).content.decode()
        assert 'data-testid="feedback-create"' in chef_page  # the head keeps the register too
        assert 'data-testid="committee-create"' not in chef_page
        assert 'data-testid="meeting-create"' not in chef_page
        cabinet_page = client_as(role_users["cabinet"]).get(reverse("committees:index")).content.decode()
        for button in ("feedback-create", "committee-create", "meeting-create"):
            assert f'data-testid="{button}"' not in cabinet_page

    def test_refused_to_the_dbm(self, client_as, role_users):
        assert client_as(role_users["dbm"]).get(reverse("committees:index")).status_code == 403

    def test_fixed_number_of_queries(self, client_as, role_users, secretariat, cpdh, django_assert_max_num_queries):
        client = client_as(secretariat)
        client.get(reverse("committees:index"))
        empty = query_count(client, reverse("committees:index"))
        builders.members(cpdh, secretariat, count=6, women=2, youth=1)
        past_meeting_with_actions(secretariat, cpdh, count=15)
        for offset in range(12):
            builders.meeting(cpdh, secretariat, date=TODAY() + dt.timedelta(days=offset + 1))
        commune = CommuneFactory()
        for n in range(14):
            late_feedback(secretariat, commune, subject=f"Remontée {n}")
        builders.preselected_dossiers(role_users["suivi_evaluation"], role_users["chef"], 3)
        assert Meeting.objects.count() == 13 and Feedback.objects.count() == 14
        with django_assert_max_num_queries(empty):
            response = client.get(reverse("committees:index"))
        assert response.context["late_actions_count"] == 15
        assert len(response.context["late_actions"]) == 10
        assert response.context["late_feedback_count"] == 14
        assert len(response.context["meetings"]) == 10


@pytest.mark.django_db
def test_the_home_page_counts_what_the_committees_wait_for(client_as, role_users):
    """The secretariat's home page: upcoming meetings, dossiers awaiting the CPDH, late actions and remontées."""

    def sections_of(user):
        return {str(title): cards for title, cards in client_as(user).get(reverse("home")).context["sections"]}

    secretariat = role_users["secretariat_cpdh"]
    cpdh = builders.committee(secretariat)
    builders.members(cpdh, secretariat, count=3, women=1, youth=1)
    builders.meeting(cpdh, secretariat, date=TODAY() + dt.timedelta(days=3))
    builders.preselected_dossiers(role_users["suivi_evaluation"], role_users["chef"], 2)
    feedback_services.feedback_register(
        by=secretariat,
        kind="plainte",
        source="beneficiaire",
        commune=CommuneFactory(),
        received_on=TODAY() - dt.timedelta(days=40),
        channel="courrier",
        subject="Retard",
        content="Travaux arrêtés.",
    )
    cards = {str(c["title"]): c["value"] for c in sections_of(secretariat)["Comités"]}
    assert cards["Réunions à venir"] == 1
    assert cards["Dossiers en attente de décision du CPDH"] == 2
    assert cards["Remontées sans réponse dans le délai"] == 1
    # A reader without the register sees no remontée card; the DBM sees no committee section at all.
    reader = sections_of(role_users["auditeur"])["Comités"]
    assert "Remontées sans réponse dans le délai" not in {str(c["title"]) for c in reader}
    assert "Comités" not in sections_of(role_users["dbm"])
