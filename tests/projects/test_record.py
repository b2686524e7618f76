"""The project record: code pattern, direct registration, the record's edits, territories, beneficiaries, ILDH."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from das.models import Axis, BudgetLine
from das.selectors import history_of
from projects import codes, record_selectors
from projects.models import Convention, Project, ProjectBeneficiaries
from projects.services import conventions as convention_services
from projects.services import record as services
from projects.services import tranches as tranche_services
from projects.services.record import BeneficiaryLine, FundingLine, MemberLine, TerritoryLine
from tests.committees.test_meeting_services import approved_project
from tests.factories import CommuneFactory, LocalityFactory, PartnerFactory, PhaseFactory, ProgrammeFactory
from tests.projects.test_convention_services import at
from tests.projects.test_tranches import RIB

pytestmark = pytest.mark.django_db
K, S, A = ProjectBeneficiaries.Kind, ProjectBeneficiaries.Sex, ProjectBeneficiaries.AgeGroup


@pytest.fixture
def head(role_users):
    return role_users["chef"]


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def programme():
    return ProgrammeFactory(phase=PhaseFactory(), code="P3")


@pytest.fixture
def commune():
    return CommuneFactory(code="AOU")


def fields(programme, commune, **extra):
    return {
        "title": "Unité de couscous des femmes de Tamraght",
        "phase": programme.phase,
        "programme": programme,
        "holder": PartnerFactory(),
        "commune": commune,
        "estimated_cost": Decimal("400000"),
        "indh_share": Decimal("250000"),
        "holder_contribution": Decimal("50000"),
        "duration_months": 12,
        "validated_on": dt.date(2026, 3, 10),
        **extra,
    }


def register(head, programme, commune, partner_amount=Decimal("100000"), **extra):
    return services.project_register(
        by=head, fundings=[FundingLine(PartnerFactory(), partner_amount)], **fields(programme, commune, **extra)
    )


# --- Code pattern -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "fragment"),
    [
        ("", "vide"),
        ("PRJ-{year}", "{number} exactement une fois"),
        ("PRJ-{annee}-{number}", "inconnu"),
        ("PRJ-{year-{number}", "mal formé"),
        ("PRJ-{number:>4}", "largeur"),
    ],
)
def test_a_bad_code_pattern_is_explained(pattern, fragment):
    errors = codes.pattern_errors(pattern)
    assert errors and fragment in " ".join(errors)


def test_the_default_pattern_is_valid_and_reproduces_the_former_codes(head, programme, commune):
    assert codes.pattern_errors(codes.DEFAULT_PATTERN) == []
    assert register(head, programme, commune).code == "PRJ-2026-0001"
    assert register(head, programme, commune).code == "PRJ-2026-0002"


def test_a_custom_pattern_numbers_per_programme_and_commune(settings, head, programme, commune):
    settings.DAS_PROJECT_CODE_PATTERN = "INDH-{programme}-{commune}/{year}-{number:03d}"
    assert register(head, programme, commune).code == "INDH-P3-AOU/2026-001"
    assert register(head, programme, commune).code == "INDH-P3-AOU/2026-002"
    assert register(head, programme, CommuneFactory(code="TAM")).code == "INDH-P3-TAM/2026-001"


def test_an_invalid_pattern_stops_the_numbering_with_its_reason(settings, head, programme, commune):
    settings.DAS_PROJECT_CODE_PATTERN = "PRJ-{year}"
    with pytest.raises(ImproperlyConfigured, match="number"):
        register(head, programme, commune)


def test_a_taken_over_code_sharing_the_prefix_does_not_break_the_numbering(head, programme, commune):
    old = register(head, programme, commune, taken_over=True, code="PRJ-2026-ANCIEN")
    assert old.code == "PRJ-2026-ANCIEN" and old.origin == Project.Origin.TAKEN_OVER
    assert register(head, programme, commune).code == "PRJ-2026-0001"


# --- Direct registration --------------------------------------------------------------------------------------------


def test_the_head_registers_a_project_with_its_plan_territories_and_beneficiaries(head, programme, commune):
    locality = LocalityFactory(commune=commune)
    other = CommuneFactory()
    project = services.project_register(
        by=head,
        fundings=[FundingLine(PartnerFactory(), Decimal("100000"))],
        territories=[TerritoryLine(commune, Decimal("60"), locality), TerritoryLine(other, Decimal("40"))],
        beneficiaries=[
            BeneficiaryLine(K.TARGETED, S.FEMALE, A.YOUTH, 30),
            BeneficiaryLine(K.TARGETED, S.MALE, A.ADULT, 20),
            BeneficiaryLine(K.REACHED, S.FEMALE, A.YOUTH, 12),
        ],
        **fields(programme, commune, jobs_planned=8, latitude=Decimal("30.42"), longitude=Decimal("-9.6")),
    )
    assert project.origin == Project.Origin.DIRECT and project.dossier is None
    assert (project.beneficiaries_total, project.beneficiaries_women, project.beneficiaries_youth) == (50, 30, 30)
    assert project.fundings.get().amount == Decimal("100000")
    assert project.territories.count() == 2
    assert history_of(project).filter(pgh_context__user=head.pk).exists()  # audited, under the head's name


def test_only_the_head_registers_a_project(agent, programme, commune):
    with pytest.raises(PermissionDenied):
        register(agent, programme, commune)
    assert not Project.objects.exists()


def test_a_plan_that_does_not_add_up_is_refused_on_the_cost(head, programme, commune):
    with pytest.raises(ValidationError) as caught:
        register(head, programme, commune, partner_amount=Decimal("90000"))
    assert "somme des contributions" in caught.value.message_dict["estimated_cost"][0]


def test_a_former_code_already_taken_is_refused(head, programme, commune):
    register(head, programme, commune, taken_over=True, code="INDH-2012-17")
    with pytest.raises(ValidationError) as caught:
        register(head, programme, commune, taken_over=True, code="indh-2012-17")
    assert "déjà celui d'un autre projet" in caught.value.message_dict["code"][0]


def test_only_a_taken_over_project_keeps_a_code_of_its_own(head, programme, commune):
    with pytest.raises(ValidationError) as caught:
        register(head, programme, commune, code="MON-CODE")
    assert "code" in caught.value.message_dict


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        (Decimal("30.4"), None, "longitude"),
        (None, Decimal("-9.6"), "latitude"),
        (Decimal("48.85"), Decimal("2.35"), "latitude"),  # Paris
        (Decimal("-9.6"), Decimal("30.4"), "latitude"),  # swapped
    ],
)
def test_a_gps_point_is_whole_and_in_morocco(head, programme, commune, latitude, longitude, field):
    with pytest.raises(ValidationError) as caught:
        register(head, programme, commune, latitude=latitude, longitude=longitude)
    assert field in caught.value.message_dict


@pytest.mark.parametrize(
    ("territories", "fragment"),
    [
        ([("main", "60"), ("other", "30")], "100 %"),
        ([("other", "100")], "commune principale"),
        ([("main", "50"), ("main", "50")], "deux fois"),
    ],
)
def test_territory_shares_make_100_and_include_the_main_commune(head, programme, commune, territories, fragment):
    places = {"main": commune, "other": CommuneFactory()}
    lines = [TerritoryLine(places[name], Decimal(share)) for name, share in territories]
    with pytest.raises(ValidationError) as caught:
        services.project_register(
            by=head, territories=lines, **fields(programme, commune, estimated_cost=Decimal("300000"))
        )
    assert fragment in " ".join(caught.value.message_dict["territories"])


def test_a_locality_of_another_commune_is_refused(head, programme, commune):
    stray = LocalityFactory()
    with pytest.raises(ValidationError) as caught:
        services.project_register(
            by=head,
            territories=[TerritoryLine(commune, Decimal("100"), stray)],
            **fields(programme, commune, estimated_cost=Decimal("300000")),
        )
    assert "n'est pas un quartier" in " ".join(caught.value.message_dict["territories"])


def test_agr_facts_are_kept_only_for_an_agr(head, programme, commune):
    agr = {
        "agr_feasibility_done": True,
        "agr_feasibility_on": dt.date(2026, 1, 5),
        "agr_personal_contribution": Decimal("5000"),
        "agr_microcredit_amount": Decimal("20000"),
        "agr_microcredit_institution": "Al Amana",
    }
    project = register(head, programme, commune, is_agr=True, **agr)
    assert project.agr_microcredit_institution == "Al Amana"
    plain = register(head, programme, commune, is_agr=False, **agr)
    assert plain.agr_microcredit_amount is None and plain.agr_microcredit_institution == ""
    with pytest.raises(ValidationError) as caught:
        register(head, programme, commune, is_agr=True, agr_microcredit_amount=Decimal("1000"))
    assert "agr_microcredit_institution" in caught.value.message_dict


def test_an_axis_of_another_programme_is_refused(head, programme, commune):
    stray = Axis.objects.create(programme=ProgrammeFactory(), code="X", name_fr="Axe X")
    with pytest.raises(ValidationError) as caught:
        register(head, programme, commune, axis=stray)
    assert "axis" in caught.value.message_dict


# --- The record's edits ---------------------------------------------------------------------------------------------


def test_the_agent_edits_the_record_and_the_cost_plan_before_signature(role_users, agent):
    project = approved_project(role_users)
    partner = project.fundings.get()
    services.project_update_record(
        project=project,
        by=agent,
        jobs_planned=4,
        jobs_created=2,
        indh_share=project.indh_share - Decimal("10000"),
        holder_contribution=project.holder_contribution + Decimal("10000"),
        fundings=[FundingLine(partner.partner, partner.amount)],
        beneficiaries=[BeneficiaryLine(K.REACHED, S.MALE, A.CHILD, 7)],
    )
    project.refresh_from_db()
    assert (project.jobs_planned, project.jobs_created) == (4, 2)
    assert project.indh_share == Decimal("290000")
    assert project.beneficiary_lines.get().count == 7


@pytest.mark.parametrize("role", ["secretariat_cpdh", "auditeur", "communication"])
def test_readers_do_not_edit_the_record(role_users, role):
    project = approved_project(role_users)
    with pytest.raises(PermissionDenied):
        services.project_update_record(project=project, by=role_users[role], jobs_created=3)


def signed_project(role_users):
    project = approved_project(role_users)
    created = convention_services.convention_create(project=project, by=role_users["suivi_evaluation"])
    at(created, Convention.Status.SIGNED, role_users)
    return project


def test_after_signature_money_changes_only_by_an_avenant(role_users, agent):
    project = signed_project(role_users)
    with pytest.raises(ValidationError) as caught:
        services.project_update_record(project=project, by=agent, estimated_cost=project.estimated_cost + 1)
    assert "avenant" in caught.value.message_dict["estimated_cost"][0]
    with pytest.raises(ValidationError):
        services.project_update_record(project=project, by=agent, fundings=[])
    # The rest of the record stays editable, and the same amounts are no change.
    services.project_update_record(
        project=project, by=agent, jobs_created=5, estimated_cost=project.estimated_cost, holder=project.holder
    )
    project.refresh_from_db()
    assert project.jobs_created == 5


def test_after_signature_the_duration_changes_only_by_an_avenant(role_users, agent):
    project = signed_project(role_users)
    with pytest.raises(ValidationError) as caught:
        services.project_update_record(project=project, by=agent, duration_months=project.duration_months + 6)
    assert "avenant" in caught.value.message_dict["duration_months"][0]
    services.project_update_record(project=project, by=agent, duration_months=project.duration_months)  # unchanged


def test_before_signature_the_duration_may_change(role_users, agent):
    project = approved_project(role_users)
    services.project_update_record(project=project, by=agent, duration_months=project.duration_months + 6)


# --- ILDH -----------------------------------------------------------------------------------------------------------


def team():
    return [
        MemberLine("Fatima Ait Ali", "F", "Coordinatrice locale", "Commune"),
        MemberLine("Youssef Idrissi", "M", "Animateur"),
        MemberLine("Hanane Bouzid", "F", "Animatrice", "Association Amal"),
    ]


def test_the_agent_records_an_ildh_with_its_team(agent, commune):
    ildh = services.ildh_create(
        by=agent, members=team(), title="ILDH d'Aourir", commune=commune, start_year=2011, end_year=2015
    )
    assert ildh.reference == "ILDH-2011-0001" and ildh.members.count() == 3
    ildh = services.ildh_update(
        ildh=ildh, by=agent, members=team()[:1], title="ILDH d'Aourir", commune=commune, start_year=2011, end_year=2016
    )
    assert ildh.end_year == 2016 and ildh.members.count() == 1


def test_an_ildh_is_refused_to_readers_and_with_bad_years(role_users, agent, commune):
    with pytest.raises(PermissionDenied):
        services.ildh_create(
            by=role_users["secretariat_cpdh"], title="X", commune=commune, start_year=2011, end_year=2015
        )
    with pytest.raises(ValidationError) as caught:
        services.ildh_create(by=agent, title="X", commune=commune, start_year=2015, end_year=2011)
    assert "end_year" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.ildh_create(
            by=agent, title="X", commune=commune, start_year=2011, end_year=2015, members=[MemberLine("", "F", "")]
        )
    assert "members" in caught.value.message_dict


def test_a_project_attaches_to_the_ildh_of_its_commune(head, agent, programme, commune):
    ildh = services.ildh_create(by=agent, title="ILDH", commune=commune, start_year=2011, end_year=2015)
    assert register(head, programme, commune, ildh=ildh).ildh == ildh
    with pytest.raises(ValidationError) as caught:
        register(head, programme, CommuneFactory(), ildh=ildh)
    assert "ildh" in caught.value.message_dict


def pay(project, role_users, amount):
    agent = role_users["suivi_evaluation"]
    convention = at(
        convention_services.convention_create(project=project, by=agent), Convention.Status.EXECUTING, role_users
    )
    (tranche,) = tranche_services.tranche_schedule_set(
        convention=convention, by=agent, lines=[tranche_services.TrancheLine(project.indh_share, "Signature")]
    )
    tranche_services.tranche_release(tranche=tranche, by=role_users["chef"])
    tranche_services.payment_record(
        tranche=tranche,
        by=agent,
        paid_on=timezone.localdate(),
        amount=amount,
        payment_order=f"OP-{project.pk}",
        rib=RIB,
    )


def test_the_ildh_follows_the_physical_and_financial_progress_of_its_projects(role_users, agent):
    first = approved_project(role_users)  # cost 500 000, INDH 300 000
    ildh = services.ildh_create(by=agent, title="ILDH", commune=first.commune, start_year=2019, end_year=2023)
    second = register(role_users["chef"], first.programme, first.commune, ildh=ildh)  # cost 400 000
    Project.objects.filter(pk=first.pk).update(ildh=ildh, physical_progress=40)
    Project.objects.filter(pk=second.pk).update(physical_progress=80)
    pay(first, role_users, Decimal("100000"))
    page = record_selectors.ildh_page(ildh)
    # (500 000 × 40 + 400 000 × 80) / 900 000 = 57.8
    assert page["physical_progress"] == Decimal("57.8")
    assert page["paid"] == Decimal("100000") and page["indh"] == Decimal("550000")
    assert page["financial_progress"] == Decimal("18.2")
    progress = {p.pk: p.financial_progress for p in page["projects"]}
    assert progress == {first.pk: Decimal("33.3"), second.pk: Decimal("0.0")}


# --- Selectors -------------------------------------------------------------------------------------------------------


def test_figures_per_territory_split_the_project_by_share(head, programme, commune):
    other = CommuneFactory()
    project = services.project_register(
        by=head,
        territories=[TerritoryLine(commune, Decimal("75")), TerritoryLine(other, Decimal("25"))],
        beneficiaries=[
            BeneficiaryLine(K.TARGETED, S.FEMALE, A.ADULT, 200),
            BeneficiaryLine(K.REACHED, S.MALE, A.ADULT, 40),
        ],
        **fields(programme, commune, estimated_cost=Decimal("300000")),
    )
    single = register(head, programme, other)
    rows = {(r.project_id, r.commune.pk): r for r in record_selectors.territory_figures()}
    split = rows[project.pk, other.pk]
    assert (split.cost, split.indh_share, split.beneficiaries_targeted, split.beneficiaries_reached) == (
        Decimal("75000.00"),
        Decimal("62500.00"),
        Decimal("50.00"),
        Decimal("10.00"),
    )
    assert rows[single.pk, other.pk].share == Decimal("100")
    by_commune = {row["commune"].pk: row for row in record_selectors.figures_by_commune()}
    assert by_commune[other.pk]["indh_share"] == Decimal("62500.00") + Decimal("250000.00")


def test_the_record_of_one_project_reads_in_a_fixed_number_of_queries(head, programme, commune):
    project = register(head, programme, commune, is_agr=True, agr_feasibility_done=True)
    with CaptureQueriesContext(connection) as queries:
        record = record_selectors.project_record(project.pk)
    assert len(queries) <= 5
    assert record["plan"]["leverage"] == Decimal("37.5")  # (50 000 + 100 000) / 400 000
    assert record["territories"][0]["share"] == Decimal("100") and record["agr"]


# --- Pages ------------------------------------------------------------------------------------------------------------


def money(value):
    return str(value).replace(".", ",")


def register_post(programme, commune, holder, partner, **extra):
    data = {
        "title": "Centre d'accueil",
        "phase": programme.phase.pk,
        "programme": programme.pk,
        "holder": holder.pk,
        "commune": commune.pk,
        "estimated_cost": "400 000,00",
        "indh_share": "250 000",
        "holder_contribution": "50000",
        "duration_months": "12",
        "validated_on": "2026-03-10",
        "beneficiaries_total": "0",
        "beneficiaries_women": "0",
        "beneficiaries_youth": "0",
        "beneficiaries_disabled": "0",
        "jobs_planned": "3",
        "jobs_created": "0",
        "latitude": "30,42",
        "longitude": "-9,60",
    }
    for prefix, rows in (("territories", 3), ("beneficiaries", 4), ("fundings", 3)):
        data.update({f"{prefix}-TOTAL_FORMS": str(rows), f"{prefix}-INITIAL_FORMS": "0"})
    data.update({"fundings-0-partner": partner.pk, "fundings-0-amount": "100 000"})
    data.update({"beneficiaries-0-kind": "vise", "beneficiaries-0-sex": "F", "beneficiaries-0-age_group": "jeune"})
    data["beneficiaries-0-count"] = "25"
    data.update(extra)
    return data


def test_the_register_page_creates_a_project(client_as, head, programme, commune):
    client = client_as(head)
    url = reverse("projects:project_register")
    assert client.get(url).status_code == 200
    response = client.post(url, register_post(programme, commune, PartnerFactory(), PartnerFactory()))
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.latitude == Decimal("30.42") and project.beneficiaries_women == 25
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'data-testid="project-record"' in page and "30.420000, -9.600000" in page


def test_the_register_page_shows_the_service_refusals_next_to_the_fields(client_as, head, programme, commune):
    client = client_as(head)
    data = register_post(programme, commune, PartnerFactory(), PartnerFactory(), latitude="48,8")
    data.update({"territories-0-commune": CommuneFactory().pk, "territories-0-share": "100"})
    response = client.post(reverse("projects:project_register"), data)
    assert response.status_code == 200 and not Project.objects.exists()
    form = response.context["form"]
    assert "latitude" in form.errors
    assert any("commune principale" in error for error in form.non_field_errors())


def test_the_edit_page_hides_the_partners_once_signed(client_as, role_users):
    project = signed_project(role_users)
    client = client_as(role_users["suivi_evaluation"])
    url = reverse("projects:project_record_edit", args=[project.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="money-locked"' in page.content.decode()
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"jobs_created": "9", "estimated_cost": "1", "agr_feasibility_done": ""})
    for prefix, rows in (("territories", 3), ("beneficiaries", 4), ("fundings", 0)):
        data.update({f"{prefix}-TOTAL_FORMS": str(rows), f"{prefix}-INITIAL_FORMS": "0"})
    data = {k: v for k, v in data.items() if v is not False and v != ""}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    project.refresh_from_db()
    assert project.jobs_created == 9 and project.estimated_cost == Decimal("500000")  # disabled: the amount kept


@pytest.mark.parametrize("role", ["secretariat_cpdh", "auditeur"])
def test_readers_see_no_edit_link_and_are_refused_the_pages(client_as, role_users, role):
    project = approved_project(role_users)
    client = client_as(role_users[role])
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'data-testid="project-record"' in page and 'data-testid="record-edit"' not in page
    assert client.get(reverse("projects:project_record_edit", args=[project.pk])).status_code == 403
    assert client.get(reverse("projects:project_register")).status_code == 403
    assert client.get(reverse("projects:ildh_create")).status_code == 403


def test_the_ildh_pages(client_as, agent, commune):
    client = client_as(agent)
    data = {
        "title": "ILDH de Tamraght",
        "commune": commune.pk,
        "start_year": "2011",
        "end_year": "2015",
        "diagnostic_summary": "Eau, pistes, emploi des jeunes.",
        "members-TOTAL_FORMS": "3",
        "members-INITIAL_FORMS": "0",
        "members-0-name": "Fatima Ait Ali",
        "members-0-sex": "F",
        "members-0-function": "Coordinatrice locale",
    }
    response = client.post(reverse("projects:ildh_create"), data)
    assert response.status_code == 302
    ildh = commune.ildhs.get()
    page = client.get(ildh.get_absolute_url()).content.decode()
    assert "Fatima Ait Ali" in page and 'data-testid="team-warning"' in page  # fewer than three people
    listing = client.get(reverse("projects:ildh_list"), {"commune": commune.pk, "year": "2013"})
    assert list(listing.context["object_list"]) == [ildh]
    assert client.get(reverse("projects:ildh_list"), {"export": "xlsx"}).status_code == 200
    history = client.get(reverse("history", args=["projects.ildh", ildh.pk]))
    assert history.status_code == 200


def test_the_list_filters_late_and_stale_projects_as_the_alerts_link_them(client_as, role_users, head):
    project = approved_project(role_users)
    late = approved_project(role_users)
    Project.objects.filter(pk=late.pk).update(planned_start=dt.date(2020, 1, 1))
    stale = approved_project(role_users)
    Project.objects.filter(pk=stale.pk).update(status=Project.Status.IN_PROGRESS, actual_start=dt.date(2020, 1, 1))
    client = client_as(head)
    url = reverse("projects:project_list")
    assert list(client.get(url, {"retard": "1"}).context["object_list"]) == [late]
    assert list(client.get(url, {"sans_avancement": "1"}).context["object_list"]) == [stale]
    assert project in client.get(url, {"retard": "0"}).context["object_list"]
    for params, expected in [({"holder": late.holder_id}, [late]), ({"sector": ""}, None)]:
        rows = list(client.get(url, params).context["object_list"])
        assert expected is None or rows == expected
    assert reverse("projects:project_register") in client.get(url).content.decode()


def query_count(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_the_pages_keep_their_query_count(client_as, head, agent, programme, commune):
    ildh = services.ildh_create(by=agent, members=team(), title="ILDH", commune=commune, start_year=2019, end_year=2023)

    def add(count):
        return [
            services.project_register(
                by=head,
                territories=[TerritoryLine(commune, Decimal("50")), TerritoryLine(CommuneFactory(), Decimal("50"))],
                beneficiaries=[BeneficiaryLine(K.TARGETED, S.FEMALE, A.ADULT, 10 + i)],
                fundings=[FundingLine(PartnerFactory(), Decimal("100000"))],
                **fields(programme, commune, ildh=ildh),
            )
            for i in range(count)
        ]

    first = add(2)[0]
    client = client_as(head)
    urls = [
        (reverse("projects:project_list"), {"retard": "1", "sans_avancement": "0"}),
        (reverse("projects:project_list"), {"o": "-paid"}),
        (ildh.get_absolute_url(), None),
        (reverse("projects:ildh_list"), None),
        (first.get_absolute_url(), None),
        (reverse("projects:project_record_edit", args=[first.pk]), None),
    ]
    for url, params in urls:
        client.get(url, params or {})  # caches warmed
    few = [query_count(client, url, params) for url, params in urls]
    add(12)
    assert [query_count(client, url, params) for url, params in urls] == few


@pytest.mark.parametrize(
    ("share", "message"), [("0", "supérieure à 0 %"), ("-1", "supérieure à 0 %"), ("101", "100 %")]
)
def test_a_share_out_of_range_is_explained_not_a_server_error(client_as, head, programme, commune, share, message):
    """min_value / max_value %-formatted these messages and their "%" raised ValueError: incomplete format."""
    client = client_as(head)
    data = register_post(programme, commune, PartnerFactory(), PartnerFactory())
    data.update({"territories-0-commune": commune.pk, "territories-0-share": share})
    response = client.post(reverse("projects:project_register"), data)
    assert response.status_code == 200 and not Project.objects.exists()
    assert message in response.content.decode()


# --- Rubrique budgétaire ------------------------------------------------------------------------------------------


def test_the_rubrique_is_set_at_registration_and_on_the_signed_project_but_only_an_active_one(
    role_users, head, agent, programme, commune
):
    infra = BudgetLine.objects.create(code="R1", name_fr="Infrastructures")
    training = BudgetLine.objects.create(code="R2", name_fr="Formation")
    retired = BudgetLine.objects.create(code="R9", name_fr="Ancienne rubrique", is_active=False)
    assert register(head, programme, commune, budget_line=infra).budget_line == infra
    with pytest.raises(ValidationError) as caught:
        register(head, programme, commune, budget_line=retired)
    assert "n'est plus utilisée" in " ".join(caught.value.message_dict["budget_line"])

    # A classification, not a term of the convention: it changes after the signature too, and is journaled.
    project = signed_project(role_users)
    assert project.budget_line is None
    services.project_update_record(project=project, by=agent, budget_line=training)
    project.refresh_from_db()
    assert project.budget_line == training
    assert history_of(project).filter(pgh_data__budget_line_id=training.pk).exists()
    with pytest.raises(ValidationError, match="n'est plus utilisée"):
        services.project_update_record(project=project, by=agent, budget_line=retired)

    # A project that already carries a rubrique since retired keeps it through other edits.
    Project.objects.filter(pk=project.pk).update(budget_line=retired)
    services.project_update_record(project=project, by=agent, budget_line=retired, jobs_created=2)
    project.refresh_from_db()
    assert project.budget_line == retired and project.jobs_created == 2


def test_the_pages_offer_the_active_rubriques_and_show_the_project_s_one(client_as, head, programme, commune):
    line = BudgetLine.objects.create(code="R1", name_fr="Infrastructures")
    retired = BudgetLine.objects.create(code="R9", name_fr="Ancienne rubrique", is_active=False)
    client = client_as(head)
    url = reverse("projects:project_register")
    offered = client.get(url).context["form"].fields["budget_line"]
    assert list(offered.queryset) == [line] and not offered.required
    response = client.post(url, register_post(programme, commune, PartnerFactory(), PartnerFactory()))
    project = Project.objects.get()
    assert response.status_code == 302 and project.budget_line is None  # optional
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'data-testid="budget-line">Non précisée<' in page

    edit = reverse("projects:project_record_edit", args=[project.pk])
    form = client.get(edit).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["budget_line"] = line.pk
    for prefix, rows in (("territories", 0), ("beneficiaries", 0), ("fundings", 1)):
        data.update({f"{prefix}-TOTAL_FORMS": str(rows), f"{prefix}-INITIAL_FORMS": str(rows)})
    funding = project.fundings.get()
    data.update({"fundings-0-partner": funding.partner_id, "fundings-0-amount": "100 000"})
    data = {k: v for k, v in data.items() if v is not False and v != ""}
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    project.refresh_from_db()
    assert project.budget_line == line
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'data-testid="budget-line">R1 – Infrastructures<' in page
    data["budget_line"] = retired.pk
    response = client.post(edit, data)
    assert response.status_code == 200 and "budget_line" in response.context["form"].errors
