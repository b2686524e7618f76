"""The literacy services: each write and transition allowed for the service and refused otherwise (role, state,
dates, convention), the learners' grid saved whole or not at all, and the campaign's figures against totals computed
by hand."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from coordination import literacy_selectors as selectors
from coordination.models.literacy import LiteracyCampaign, LiteracyHeadcount, LiteracyOperation
from coordination.services import literacy as services
from das.workflow import TransitionRefused
from tests.coordination.factories_literacy import (
    END,
    START,
    YEAR,
    LiteracyCentreFactory,
    class_in,
    convention_of,
    grid,
    operation_in,
    running_campaign,
)
from tests.factories import CommuneFactory, PartnerFactory

pytestmark = pytest.mark.django_db
Status = LiteracyOperation.Status


@pytest.fixture
def agent(role_users):
    return role_users["coordination"]


# --- Campaigns --------------------------------------------------------------------------------------------------
def test_a_campaign_is_created_once_per_school_year(agent):
    campaign = services.campaign_create(by=agent, start_year=YEAR, start_on=START, end_on=END, title=" Campagne ")
    assert str(campaign) == "2025-2026" and campaign.status == LiteracyCampaign.Status.PLANNED
    assert campaign.title == "Campagne"
    with pytest.raises(ValidationError) as error:
        services.campaign_create(by=agent, start_year=YEAR, start_on=START, end_on=END)
    assert "existe déjà" in str(error.value.message_dict["start_year"])


def test_a_campaign_needs_its_end_after_its_start_and_the_right_role(agent, role_users):
    with pytest.raises(ValidationError) as error:
        services.campaign_create(by=agent, start_year=YEAR, start_on=END, end_on=START)
    assert "end_on" in error.value.message_dict
    for role in ("chef", "auditeur", "communication"):
        with pytest.raises(PermissionDenied):
            services.campaign_create(by=role_users[role], start_year=YEAR, start_on=START, end_on=END)
    assert not LiteracyCampaign.objects.exists()


def test_a_campaign_starts_then_closes_once_every_operation_is_settled(agent, role_users):
    campaign = running_campaign(agent)
    assert campaign.status == LiteracyCampaign.Status.IN_PROGRESS
    done = operation_in(campaign, agent)
    planned = operation_in(campaign, agent, start=False)
    with pytest.raises(TransitionRefused) as error:
        services.campaign_close(campaign=campaign, by=agent, closing_note="Bilan")
    assert "2 opérations" in " ".join(error.value.messages)
    services.operation_complete(operation=done, by=agent)
    with pytest.raises(TransitionRefused):
        services.campaign_close(campaign=campaign, by=agent, closing_note="Bilan")
    services.operation_cancel(operation=planned, by=agent, reason="Opérateur défaillant")
    with pytest.raises(TransitionRefused) as error:
        services.campaign_close(campaign=campaign, by=agent, closing_note="  ")
    assert "bilan de clôture" in " ".join(error.value.messages)
    with pytest.raises(PermissionDenied):
        services.campaign_close(campaign=campaign, by=role_users["chef"], closing_note="Bilan")
    closed = services.campaign_close(campaign=campaign, by=agent, closing_note="Campagne réussie.")
    assert closed.status == LiteracyCampaign.Status.CLOSED and closed.closed_at and closed.closing_note
    with pytest.raises(TransitionRefused):
        services.campaign_update(campaign=closed, by=agent, start_on=START, end_on=END, title="x", target_learners=1)


def test_a_campaign_starts_only_from_programmee(agent):
    campaign = running_campaign(agent)
    with pytest.raises(TransitionRefused):
        services.campaign_start(campaign=campaign, by=agent)


# --- Centres ----------------------------------------------------------------------------------------------------
def test_a_centre_is_unique_in_its_commune_and_can_be_deactivated(agent, role_users):
    commune = CommuneFactory()
    centre = services.centre_create(by=agent, name="Foyer féminin Anza", kind="foyer_feminin", commune=commune)
    with pytest.raises(ValidationError) as error:
        services.centre_create(by=agent, name="foyer féminin anza", kind="foyer_feminin", commune=commune)
    assert "existe déjà" in str(error.value.message_dict["name"])
    other = services.centre_create(by=agent, name="Foyer féminin Anza", kind="foyer_feminin", commune=CommuneFactory())
    assert other.pk != centre.pk
    with pytest.raises(PermissionDenied):
        services.centre_set_active(centre=centre, by=role_users["auditeur"], active=False)
    assert services.centre_set_active(centre=centre, by=agent, active=False).is_active is False
    with pytest.raises(TransitionRefused):
        services.centre_set_active(centre=centre, by=agent, active=False)


# --- Operations -------------------------------------------------------------------------------------------------
def test_operations_are_numbered_per_campaign_year(agent):
    campaign = running_campaign(agent)
    first = operation_in(campaign, agent, start=False)
    second = operation_in(campaign, agent, start=False)
    assert (first.reference, second.reference) == ("ALPHA-2025-0001", "ALPHA-2025-0002")


def test_an_operation_stays_near_its_campaign_dates(agent):
    campaign = running_campaign(agent)
    data = {"programme": "general", "operator": PartnerFactory(), "commune": CommuneFactory(), "target_learners": 10}
    with pytest.raises(ValidationError) as error:
        services.operation_create(
            campaign=campaign, by=agent, start_on=START - datetime.timedelta(days=90), end_on=END, **data
        )
    assert "start_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.operation_create(
            campaign=campaign, by=agent, start_on=START, end_on=END + datetime.timedelta(days=120), **data
        )
    assert "end_on" in error.value.message_dict
    inside = services.operation_create(
        campaign=campaign, by=agent, start_on=START - datetime.timedelta(days=20), end_on=END, **data
    )
    assert inside.status == Status.PLANNED


def test_an_operation_convention_is_the_operators_or_another_by_reference(agent):
    campaign = running_campaign(agent)
    operator = PartnerFactory()
    theirs = convention_of(operator)
    someone_elses = convention_of(PartnerFactory())
    data = {"programme": "general", "operator": operator, "commune": CommuneFactory(), "start_on": START, "end_on": END}
    with pytest.raises(ValidationError) as error:
        services.operation_create(campaign=campaign, by=agent, convention=someone_elses, **data)
    assert "convention" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.operation_create(
            campaign=campaign, by=agent, convention=theirs, convention_reference="ANLCA-12", **data
        )
    assert "convention_reference" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.operation_create(campaign=campaign, by=agent, convention_amount=Decimal("1000"), **data)
    assert "convention_reference" in error.value.message_dict
    linked = services.operation_create(campaign=campaign, by=agent, convention=theirs, **data)
    assert linked.convention == theirs
    other = services.operation_create(
        campaign=campaign, by=agent, convention_reference="ANLCA/2025/12", convention_amount=Decimal("85000"), **data
    )
    assert other.convention_amount == Decimal("85000.00")


def test_an_operation_starts_only_in_a_running_campaign(agent):
    campaign = services.campaign_create(by=agent, start_year=YEAR, start_on=START, end_on=END)
    operation = operation_in(campaign, agent, start=False)
    with pytest.raises(TransitionRefused) as error:
        services.operation_start(operation=operation, by=agent)
    assert "campagne en cours" in " ".join(error.value.messages)
    services.campaign_start(campaign=campaign, by=agent)
    assert services.operation_start(operation=operation, by=agent).status == Status.IN_PROGRESS


def test_an_operation_completes_or_is_cancelled_with_a_reason(agent, role_users):
    campaign = running_campaign(agent)
    operation = operation_in(campaign, agent)
    with pytest.raises(TransitionRefused):
        services.operation_cancel(operation=operation, by=agent, reason=" ")
    with pytest.raises(PermissionDenied):
        services.operation_complete(operation=operation, by=role_users["chef"])
    done = services.operation_complete(operation=operation, by=agent)
    assert done.status == Status.COMPLETED
    with pytest.raises(TransitionRefused):
        services.operation_cancel(operation=done, by=agent, reason="Trop tard")
    with pytest.raises(TransitionRefused):
        services.operation_update(
            operation=done,
            by=agent,
            programme="general",
            operator=done.operator,
            commune=done.commune,
            start_on=START,
            end_on=END,
        )
    other = operation_in(campaign, agent, start=False)
    cancelled = services.operation_cancel(operation=other, by=agent, reason="Local indisponible")
    assert cancelled.status == Status.CANCELLED and cancelled.status_note == "Local indisponible"


# --- Classes ----------------------------------------------------------------------------------------------------
def test_a_class_stays_inside_its_operation_and_in_an_active_centre(agent, role_users):
    campaign = running_campaign(agent)
    operation = operation_in(campaign, agent)
    with pytest.raises(ValidationError) as error:
        class_in(operation, agent, end_on=operation.end_on + datetime.timedelta(days=1))
    assert "end_on" in error.value.message_dict
    closed = LiteracyCentreFactory(is_active=False)
    with pytest.raises(ValidationError) as error:
        class_in(operation, agent, centre=closed)
    assert "centre" in error.value.message_dict
    elsewhere = LiteracyCentreFactory()  # another commune of the province: allowed
    literacy_class = class_in(operation, agent, name="Classe A", centre=elsewhere)
    assert literacy_class.centre.commune_id != operation.commune_id
    with pytest.raises(ValidationError) as error:
        class_in(operation, agent, name="classe a")
    assert "name" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        class_in(operation, role_users["auditeur"])


# --- The grid ---------------------------------------------------------------------------------------------------
def test_the_grid_is_saved_whole_and_replaced(agent):
    campaign = running_campaign(agent)
    literacy_class = class_in(operation_in(campaign, agent), agent)
    services.headcounts_save(literacy_class=literacy_class, by=agent, lines=grid(F_25_44=(12, 9), H_15_24=(4, 2)))
    lines = {(h.sex, h.age_group): (h.enrolled, h.completed) for h in literacy_class.headcounts.all()}
    assert len(lines) == 8 and lines[("F", "25-44")] == (12, 9) and lines[("H", "15-24")] == (4, 2)
    services.headcounts_save(literacy_class=literacy_class, by=agent, lines=grid(F_45=(7, 3)))
    lines = {(h.sex, h.age_group): (h.enrolled, h.completed) for h in literacy_class.headcounts.all()}
    assert lines[("F", "25-44")] == (0, 0) and lines[("F", "45+")] == (7, 3)
    assert sum(e for e, _c in lines.values()) == 7


def test_completed_above_enrolled_is_refused_on_its_line_and_nothing_is_saved(agent):
    campaign = running_campaign(agent)
    literacy_class = class_in(operation_in(campaign, agent), agent)
    services.headcounts_save(literacy_class=literacy_class, by=agent, lines=grid(F_25_44=(10, 5)))
    with pytest.raises(ValidationError) as error:
        services.headcounts_save(literacy_class=literacy_class, by=agent, lines=grid(F_25_44=(20, 15), H_45=(3, 4)))
    assert list(error.value.message_dict) == ["H:45+"]
    assert "plus que d'inscrits" in error.value.message_dict["H:45+"][0]
    assert literacy_class.headcounts.get(sex="F", age_group="25-44").enrolled == 10


def test_the_database_refuses_completed_above_enrolled_too(agent):
    campaign = running_campaign(agent)
    literacy_class = class_in(operation_in(campaign, agent), agent)
    with pytest.raises(IntegrityError), transaction.atomic():
        LiteracyHeadcount.objects.create(
            literacy_class=literacy_class, sex="F", age_group="45+", enrolled=1, completed=2, recorded_by=agent
        )


def test_an_all_zero_grid_is_allowed(agent):
    campaign = running_campaign(agent)
    literacy_class = class_in(operation_in(campaign, agent), agent)
    services.headcounts_save(literacy_class=literacy_class, by=agent, lines=[])
    assert literacy_class.headcounts.count() == 8


def test_completions_wait_for_the_class_to_start(agent):
    future = running_campaign(agent, year=2090, start_on=datetime.date(2090, 10, 1), end_on=datetime.date(2091, 6, 30))
    literacy_class = class_in(operation_in(future, agent), agent)
    services.headcounts_save(literacy_class=literacy_class, by=agent, lines=grid(F_15_24=(10, 0)))
    with pytest.raises(ValidationError) as error:
        services.headcounts_save(literacy_class=literacy_class, by=agent, lines=grid(F_15_24=(10, 2)))
    assert "commencée" in error.value.message_dict["F:15-24"][0]


def test_the_grid_is_closed_for_a_cancelled_operation_a_closed_campaign_and_other_roles(agent, role_users):
    campaign = running_campaign(agent)
    operation = operation_in(campaign, agent)
    literacy_class = class_in(operation, agent)
    with pytest.raises(PermissionDenied):
        services.headcounts_save(literacy_class=literacy_class, by=role_users["chef"], lines=grid(F_45=(1, 0)))
    services.operation_complete(operation=operation, by=agent)
    services.headcounts_save(literacy_class=literacy_class, by=agent, lines=grid(F_45=(5, 4)))  # final completions
    services.campaign_close(campaign=campaign, by=agent, closing_note="Bilan")
    with pytest.raises(TransitionRefused):
        services.headcounts_save(literacy_class=literacy_class, by=agent, lines=grid(F_45=(5, 5)))
    other = running_campaign(agent, year=2026, start_on=datetime.date(2026, 10, 1), end_on=datetime.date(2027, 6, 30))
    cancelled_operation = operation_in(other, agent)
    cancelled_class = class_in(cancelled_operation, agent)
    services.operation_cancel(operation=cancelled_operation, by=agent, reason="Annulée")
    with pytest.raises(TransitionRefused):
        services.headcounts_save(literacy_class=cancelled_class, by=agent, lines=grid(F_45=(1, 0)))


# --- Figures ----------------------------------------------------------------------------------------------------
def build_campaign(agent):
    """Two communes, two operators, three classes (one of them with no grid), one cancelled operation."""
    campaign = running_campaign(agent)
    anza, drarga = CommuneFactory(name_fr="Anza"), CommuneFactory(name_fr="Drarga")
    association, mosques = PartnerFactory(name="Association Amal"), PartnerFactory(name="Délégation des Habous")
    general = operation_in(campaign, agent, commune=anza, operator=association)
    enf = operation_in(campaign, agent, commune=drarga, operator=mosques, programme="enf")
    a = class_in(general, agent, name="A", level="niveau_1")
    b = class_in(general, agent, name="B", level="niveau_2")
    c = class_in(enf, agent, name="C", level="enf")
    class_in(enf, agent, name="D sans effectifs")
    services.headcounts_save(literacy_class=a, by=agent, lines=grid(F_25_44=(20, 15), H_25_44=(5, 2)))
    services.headcounts_save(literacy_class=b, by=agent, lines=grid(F_45=(10, 8), F_15_24=(6, 6)))
    services.headcounts_save(literacy_class=c, by=agent, lines=grid(F_9_14=(12, 9), H_9_14=(8, 4)))
    cancelled = operation_in(campaign, agent, commune=anza, operator=association)
    x = class_in(cancelled, agent, name="X")
    services.headcounts_save(literacy_class=x, by=agent, lines=grid(F_45=(100, 0)))
    services.operation_cancel(operation=cancelled, by=agent, reason="Annulée")
    return campaign


def test_the_campaign_figures_match_the_hand_computed_totals(agent):
    figures = selectors.campaign_figures(build_campaign(agent))
    # enrolled: women 20 + 10 + 6 + 12 = 48, men 5 + 8 = 13; completed: women 15 + 8 + 6 + 9 = 38, men 2 + 4 = 6
    total = figures.total
    assert (total.enrolled_f, total.enrolled_h, total.completed_f, total.completed_h) == (48, 13, 38, 6)
    assert total.rate == Decimal("72.1")  # 44 / 61
    assert total.women_share == Decimal("78.7")  # 48 / 61
    communes = {f.label: (f.enrolled, f.completed) for f in figures.by_commune}
    assert communes == {"Anza": (41, 31), "Drarga": (20, 13)}
    programmes = {f.key: f.enrolled for f in figures.by_programme}
    assert programmes == {"general": 41, "enf": 20}
    levels = {f.key: (f.enrolled, f.completed) for f in figures.by_level}
    assert levels == {"niveau_1": (25, 17), "niveau_2": (16, 14), "enf": (20, 13)}
    operators = {f.label: f.enrolled_f for f in figures.by_operator}
    assert operators == {"Association Amal": 36, "Délégation des Habous": 12}
    ages = {row.key: (row.women.enrolled, row.men.enrolled, row.total.completed) for row in figures.by_age}
    assert ages == {"9-14": (12, 8, 13), "15-24": (6, 0, 6), "25-44": (20, 5, 17), "45+": (10, 0, 8)}
    assert figures.class_count == 4 and figures.classes_without_headcount == 1
    assert figures.operation_counts[Status.CANCELLED] == 1 and len(figures.operations) == 3


def test_the_lists_and_the_space_count_the_same_learners(agent):
    campaign = build_campaign(agent)
    row = selectors.campaigns_with_figures().get(pk=campaign.pk)
    assert (row.operation_count, row.class_count, row.enrolled, row.completed, row.enrolled_women) == (3, 4, 61, 44, 48)
    counts = selectors.space_counts(selectors.current_campaign())
    assert (counts["enrolled"], counts["completed"], counts["without_headcount"], counts["in_progress"]) == (
        61,
        44,
        1,
        2,
    )
    by_reference = {op.reference: op.enrolled for op in selectors.operations_with_figures()}
    assert sorted(by_reference.values()) == [20, 41, 100]  # the cancelled one lists its own learners


def test_updates_are_allowed_while_open_and_refused_once_settled(agent, role_users):
    campaign = running_campaign(agent)
    campaign = services.campaign_update(
        campaign=campaign, by=agent, title="Campagne 2025-2026", start_on=START, end_on=END, target_learners=900
    )
    assert campaign.target_learners == 900 and campaign.title == "Campagne 2025-2026"
    operation = operation_in(campaign, agent)
    literacy_class = class_in(operation, agent, name="Classe A")
    data = {
        "programme": "fonctionnel",
        "operator": operation.operator,
        "commune": operation.commune,
        "start_on": START,
        "end_on": END,
        "target_learners": 25,
    }
    assert services.operation_update(operation=operation, by=agent, **data).programme == "fonctionnel"
    short = data | {"end_on": END.replace(month=3)}
    with pytest.raises(ValidationError) as error:
        services.operation_update(operation=operation, by=agent, **short)
    assert "Classe A" in str(error.value.message_dict["start_on"])
    class_data = {
        "centre": literacy_class.centre,
        "name": "Classe A bis",
        "level": "niveau_2",
        "instructor": "Fatima",
        "start_on": START,
        "end_on": END,
        "hours": 120,
    }
    assert services.class_update(literacy_class=literacy_class, by=agent, **class_data).name == "Classe A bis"
    with pytest.raises(PermissionDenied):
        services.class_update(literacy_class=literacy_class, by=role_users["auditeur"], **class_data)
    centre = literacy_class.centre
    renamed = services.centre_update(
        centre=centre, by=agent, name="Foyer Anza", kind="foyer_feminin", commune=centre.commune, address="Anza"
    )
    assert renamed.name == "Foyer Anza" and renamed.address == "Anza"
    services.operation_complete(operation=operation, by=agent)
    with pytest.raises(TransitionRefused):
        services.class_update(literacy_class=literacy_class, by=agent, **class_data)
    with pytest.raises(TransitionRefused):
        class_in(operation, agent, name="Classe B")


# --- Dates out of the calendar's reach and a campaign's operations -----------------------------------------------
FAR = datetime.date(9999, 12, 31)
EARLY = datetime.date(1, 1, 1)


def test_years_outside_2000_2100_are_refused_on_every_date_of_the_area(agent):
    campaign = running_campaign(agent)
    fields = {"title": "x", "target_learners": 1}
    for start_on, end_on, field in ((START, FAR, "end_on"), (EARLY, END, "start_on")):
        with pytest.raises(ValidationError) as error:
            services.campaign_update(campaign=campaign, by=agent, start_on=start_on, end_on=end_on, **fields)
        assert "entre 2000 et 2100" in str(error.value.message_dict[field])
        with pytest.raises(ValidationError) as error:
            services.campaign_create(by=agent, start_year=YEAR + 1, start_on=start_on, end_on=end_on)
        assert field in error.value.message_dict
    campaign.refresh_from_db()
    assert campaign.end_on == END
    data = {"programme": "general", "operator": PartnerFactory(), "commune": CommuneFactory(), "target_learners": 10}
    with pytest.raises(ValidationError) as error:
        services.operation_create(campaign=campaign, by=agent, start_on=EARLY, end_on=END, **data)
    assert "entre 2000 et 2100" in str(error.value.message_dict["start_on"])
    operation = operation_in(campaign, agent)
    with pytest.raises(ValidationError) as error:
        class_in(operation, agent, start_on=START, end_on=FAR)
    assert "entre 2000 et 2100" in str(error.value.message_dict["end_on"])


def test_an_operation_of_a_campaign_saved_with_extreme_dates_is_still_checked_without_overflow(agent):
    # A campaign stored before years were checked: the margin arithmetic must not overflow.
    campaign = running_campaign(agent)
    LiteracyCampaign.objects.filter(pk=campaign.pk).update(start_on=EARLY, end_on=FAR)
    campaign.refresh_from_db()
    data = {"programme": "general", "operator": PartnerFactory(), "commune": CommuneFactory(), "target_learners": 10}
    operation = services.operation_create(campaign=campaign, by=agent, start_on=START, end_on=END, **data)
    services.operation_update(operation=operation, by=agent, start_on=START, end_on=END, **data)


def test_a_campaign_keeps_its_operations_inside_its_new_dates(agent):
    campaign = running_campaign(agent)
    operation = operation_in(campaign, agent, start=False)
    fields = {"title": "x", "target_learners": 1}
    later = START + datetime.timedelta(days=90)
    with pytest.raises(ValidationError) as error:
        services.campaign_update(campaign=campaign, by=agent, start_on=later, end_on=END, **fields)
    assert operation.reference in str(error.value.message_dict["start_on"])
    earlier = END - datetime.timedelta(days=90)
    with pytest.raises(ValidationError) as error:
        services.campaign_update(campaign=campaign, by=agent, start_on=START, end_on=earlier, **fields)
    assert operation.reference in str(error.value.message_dict["start_on"])
    campaign.refresh_from_db()
    assert (campaign.start_on, campaign.end_on) == (START, END)
    # Within the two months' margin the operation still fits.
    near = START + datetime.timedelta(days=50)
    assert services.campaign_update(campaign=campaign, by=agent, start_on=near, end_on=END, **fields).start_on == near
