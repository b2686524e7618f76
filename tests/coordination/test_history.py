"""Lines kept inside a coordination record (shares, headcounts…) have no page: their changes show in the history of
the record that holds them, and only there."""

from decimal import Decimal

import pytest
from django.urls import reverse

from coordination.services import literacy as literacy_services
from coordination.services import provinces as province_services
from tests.coordination import factories_literacy, factories_provinces

pytestmark = pytest.mark.django_db


def history(client, record):
    url = reverse("history", args=[record._meta.label_lower, record.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_joint_projects_shares_show_in_its_history_and_not_in_anothers(role_users, client_as):
    agent = role_users["coordination"]
    project = factories_provinces.joint_project(agent, title="Centre régional pour l'autisme")
    other = factories_provinces.joint_project(agent, title="Transport scolaire de la vallée")
    province_services.share_add(
        joint_project=project, by=agent, province=factories_provinces.other("TIZ"), amount=Decimal("123456.00")
    )
    client = client_as(role_users["auditeur"])
    assert "123456" in history(client, project).replace("\u202f", "").replace(" ", "")
    assert "123456" not in history(client, other).replace("\u202f", "").replace(" ", "")


def test_a_class_history_shows_its_headcounts(role_users, client_as):
    agent = role_users["coordination"]
    campaign = factories_literacy.running_campaign(agent)
    literacy_class = factories_literacy.class_in(factories_literacy.operation_in(campaign, agent), agent)
    literacy_services.headcounts_save(
        literacy_class=literacy_class, by=agent, lines=factories_literacy.grid(F_25_44=(17, 0))
    )
    page = history(client_as(role_users["chef"]), literacy_class)
    assert "17" in page and "effectif" in page.lower()


def test_the_history_with_lines_is_refused_to_roles_without_the_service(role_users, client_as):
    project = factories_provinces.joint_project(role_users["coordination"])
    url = reverse("history", args=[project._meta.label_lower, project.pk])
    assert client_as(role_users["dbm"]).get(url).status_code == 403
    assert client_as(role_users["formation"]).get(url).status_code == 403
