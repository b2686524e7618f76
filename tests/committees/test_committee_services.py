"""Committees and members through the services: the rules they keep, who may manage them, the composition check."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from committees.models import Committee, Member
from committees.selectors import committee_list, composition
from committees.services.committees import committee_save, member_save
from das.selectors import history_of
from tests.committees import builders
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(role_users):
    return role_users["secretariat_cpdh"]


def test_a_cldh_needs_a_commune(secretariat):
    with pytest.raises(ValidationError) as error:
        committee_save(committee=Committee(kind=Committee.Kind.CLDH, name="CLDH d'Aourir"), by=secretariat)
    assert "commune" in error.value.message_dict
    commune = CommuneFactory()
    cldh = committee_save(
        committee=Committee(kind=Committee.Kind.CLDH, name="CLDH d'Aourir", commune=commune), by=secretariat
    )
    assert cldh.commune == commune
    # A CPDH or a commission does not need one.
    assert builders.committee(secretariat).commune is None
    assert builders.committee(secretariat, kind=Committee.Kind.RECEPTION).commune is None
    assert {e.pgh_context["username"] for e in history_of(cldh)} == {secretariat.username}


def test_committee_names_are_unique_and_the_quorum_a_percentage(secretariat):
    builders.committee(secretariat, name="CPDH d'Agadir")
    with pytest.raises(ValidationError, match="porte déjà ce nom"):
        builders.committee(secretariat, name="CPDH d'Agadir")
    with pytest.raises(ValidationError) as error:
        builders.committee(secretariat, quorum_percent=Decimal("120"))
    assert "quorum_percent" in error.value.message_dict


@pytest.mark.parametrize("role", ["chef", "auditeur", "suivi_evaluation", "cabinet"])
def test_only_the_secretariat_manages_committees_and_members(role_users, secretariat, role):
    with pytest.raises(PermissionDenied):
        builders.committee(role_users[role])
    cpdh = builders.committee(secretariat)
    with pytest.raises(PermissionDenied):
        builders.members(cpdh, role_users[role], count=1)
    assert not cpdh.members.exists()


def test_a_mandate_ends_after_it_starts(secretariat):
    cpdh = builders.committee(secretariat)
    with pytest.raises(ValidationError, match="précède son début"):
        builders.members(cpdh, secretariat, count=1, term_start=dt.date(2024, 1, 1), term_end=dt.date(2023, 12, 31))
    member = builders.members(cpdh, secretariat, count=1)[0]
    member.term_end = dt.date(2025, 12, 31)
    assert member_save(member=member, by=secretariat).term_end == dt.date(2025, 12, 31)
    assert not member.sits_on(dt.date(2026, 1, 1)) and member.sits_on(dt.date(2025, 12, 31))
    assert not member.sits_on(dt.date(2019, 12, 31))


def test_a_compliant_composition_has_no_warning(secretariat):
    cpdh = builders.committee(secretariat)  # at most 30, 20 % women, 15 % youth
    result = composition(cpdh, builders.members(cpdh, secretariat, count=10, women=3, youth=2, voting=8))
    assert (result.sitting, result.women, result.youth, result.voting) == (10, 3, 2, 8)
    assert (result.women_percent, result.youth_percent) == (Decimal("30.0"), Decimal("20.0"))
    assert result.warnings == []


def test_percentages_read_the_french_way(secretariat):
    cpdh = builders.committee(secretariat, min_women_percent=Decimal("12.5"), min_youth_percent=None)
    result = composition(cpdh, builders.members(cpdh, secretariat, count=9, women=1, youth=0))
    assert result.warnings == ["Femmes : 11,1 % des membres, en dessous du minimum de 12,5 %."]


def test_exactly_at_the_minimums_is_compliant(secretariat):
    cpdh = builders.committee(secretariat, min_women_percent=Decimal("30"), min_youth_percent=Decimal("20"))
    assert composition(cpdh, builders.members(cpdh, secretariat, count=10, women=3, youth=2)).warnings == []


def test_too_many_members(secretariat):
    cpdh = builders.committee(secretariat, max_members=8)
    result = composition(cpdh, builders.members(cpdh, secretariat, count=10, women=3, youth=2))
    assert result.warnings == ["10 membres siègent : le maximum est de 8."]


def test_too_few_women_and_youth(secretariat):
    cpdh = builders.committee(secretariat)
    result = composition(cpdh, builders.members(cpdh, secretariat, count=10, women=1, youth=1))
    assert len(result.warnings) == 2
    assert "Femmes : 10 % des membres, en dessous du minimum de 20 %." in result.warnings[0]
    assert "Jeunes : 10 % des membres, en dessous du minimum de 15 %." in result.warnings[1]


def test_only_members_sitting_on_the_day_count(secretariat):
    cpdh = builders.committee(secretariat, max_members=5)
    builders.members(cpdh, secretariat, count=5, women=1, youth=1)
    builders.members(cpdh, secretariat, count=3, women=3, youth=3, term_end=dt.date(2024, 12, 31))
    members = list(cpdh.members.all())
    now = composition(cpdh, members)
    assert (now.sitting, now.women, now.youth) == (5, 1, 1)
    assert now.warnings == []
    back_then = composition(cpdh, members, day=dt.date(2024, 6, 1))
    assert (back_then.sitting, back_then.women) == (8, 4)
    assert "8 membres siègent : le maximum est de 5." in back_then.warnings


def test_a_committee_without_composition_rules_has_no_warning(secretariat):
    commission = builders.committee(secretariat, kind=Committee.Kind.FOLLOW_UP)
    result = composition(commission, builders.members(commission, secretariat, count=40, women=0, youth=0))
    assert (result.sitting, result.warnings) == (40, [])
    assert composition(commission, []).women_percent == Decimal("0")


def test_the_list_counts_sitting_members_and_meetings(secretariat):
    cpdh = builders.committee(secretariat)
    builders.members(cpdh, secretariat, count=4)
    builders.members(cpdh, secretariat, count=2, term_end=timezone.localdate() - dt.timedelta(days=1))
    builders.meeting(cpdh, secretariat)
    row = committee_list().get(pk=cpdh.pk)
    assert (row.sitting_count, row.meeting_count) == (4, 1)
    assert Member.objects.filter(committee=cpdh).count() == 6
