"""The demo data set: idempotent, valid identifiers, one account per role, a scoped account."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse

from das.models import Commune, Locality, Partner, RoleAssignment, User
from das.roles import DEFAULT_ROLES
from das.validators import validate_ice, validate_rib
from projects.models import Convention, Payment, ProgressEntry, Project

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "Demo-Agadir-2026-Souss"
COUNTED = (Partner, Commune, Locality, User, RoleAssignment, Project, Convention, Payment, ProgressEntry)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def seed(**options):
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo_password(monkeypatch):
    monkeypatch.setenv("DAS_DEMO_PASSWORD", DEMO_PASSWORD)
    return DEMO_PASSWORD


@pytest.fixture
def seeded(demo_password):
    first_output = seed()
    return {"first": counts(), "output": first_output}


def test_second_run_creates_nothing(seeded):
    assert seeded["first"]["Partner"] >= 40
    assert seeded["first"]["Commune"] > 0 and seeded["first"]["Locality"] > 0
    assert "Données de démonstration chargées." in seeded["output"]
    assert DEMO_PASSWORD in seeded["output"]  # the accounts table shows the password given

    output = seed()

    assert counts() == seeded["first"]
    assert "rien à créer" in output


def test_every_seeded_identifier_is_valid_and_unique(seeded):
    ribs = list(Partner.objects.exclude(rib="").values_list("rib", flat=True))
    assert len(ribs) >= 30
    for rib in ribs:
        validate_rib(rib)
    assert len(set(ribs)) == len(ribs)
    ices = list(Partner.objects.exclude(ice="").values_list("ice", flat=True))
    for ice in ices:
        validate_ice(ice)
    assert len(set(ices)) == len(ices)
    # Associations carry their receipt number, as the partner form requires.
    assert not Partner.objects.filter(kind=Partner.Kind.ASSOCIATION, receipt_number="").exists()


def test_one_active_demo_account_per_default_role(seeded):
    for code in DEFAULT_ROLES:
        province_wide = User.objects.filter(
            is_active=True, role_assignments__role__code=code, role_assignments__communes__isnull=True
        ).distinct()
        assert province_wide.count() == 1, code
        user = province_wide.get()
        assert user.check_password(DEMO_PASSWORD), code
        assert user.role_assignments.count() == 1, code
    assert User.objects.filter(is_active=True).count() == len(DEFAULT_ROLES) + 1  # + the scoped account


def test_scoped_account_is_limited_to_two_communes(seeded):
    user = User.objects.get(username="suivi.aourir")
    assert user.is_active
    [assignment] = user.role_assignments.annotate(scope=Count("communes"))
    assert assignment.role.code == "suivi_evaluation"
    assert assignment.scope == 2
    assert sorted(assignment.communes.values_list("name_fr", flat=True)) == ["Aourir", "Taghazout"]


def test_scoped_account_sees_only_its_communes_partners(seeded, client):
    response = client.post(reverse("login"), {"username": "suivi.aourir", "password": DEMO_PASSWORD})
    assert response.status_code == 302

    page = client.get(reverse("partners:list"), {"o": "name"})

    scope = Q(commune__name_fr__in=["Aourir", "Taghazout"]) | Q(commune__isnull=True)
    expected = Partner.objects.filter(scope)
    assert 0 < expected.count() < Partner.objects.count()  # the data set has partners elsewhere too
    assert page.context["paginator"].count == expected.count()
    shown = page.context["paginator"].object_list
    assert set(shown.values_list("pk", flat=True)) == set(expected.values_list("pk", flat=True))


def test_demo_accounts_sign_in_with_the_password(seeded, client):
    response = client.post(reverse("login"), {"username": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_next_run_brings_back_the_demo_password_only(seeded, monkeypatch):
    admin = User.objects.get(username="admin")
    admin.set_password("Autre-mot-de-passe-2026")
    admin.full_name = "Nom changé pendant la démo"
    admin.save()

    seed()

    admin.refresh_from_db()
    assert admin.check_password(DEMO_PASSWORD)
    assert admin.full_name == "Nom changé pendant la démo"  # what people changed survives


def test_journal_names_the_command(seeded):
    from das import selectors

    partner = Partner.objects.order_by("pk").first()
    [event] = [e for e in selectors.history_of(partner) if e.pgh_label == "insert"]
    assert (event.pgh_context or {}).get("command") == "seed_demo"


def test_scale_out_of_range_is_refused(demo_password):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--scale"):
        seed(scale=0)
    assert Partner.objects.count() == 0


def test_without_demo_password_one_is_generated_and_printed(monkeypatch):
    monkeypatch.delenv("DAS_DEMO_PASSWORD", raising=False)
    output = seed()
    assert "mot de passe généré" in output
    generated = output.split("mot de passe généré pour les comptes de démonstration : ")[1].split()[0]
    assert len(generated) >= 12
    assert User.objects.get(username="admin").check_password(generated)


def test_next_run_survives_a_renamed_partner(seeded):
    partner = Partner.objects.exclude(ice="").exclude(rib="").order_by("pk").first()
    partner.name = f"{partner.name} (nouveau nom)"
    partner.save()

    seed()

    assert counts() == seeded["first"]


def test_next_run_survives_a_renamed_demo_account(seeded):
    User.objects.filter(username="chef").update(username="r.aitlahcen")

    seed()

    assert User.objects.filter(email="chef@das-agadir.ma").count() == 1


def test_the_credits_of_the_previous_and_current_year_are_loaded(seeded):
    from django.utils import timezone

    from das.models import Programme
    from projects.credit_selectors import money_picture
    from projects.models import CreditAllocation, CreditNotification, Project
    from projects.services.credits import allocated_by_programme, notified_by_programme

    year = timezone.localdate().year
    active = Programme.objects.filter(phase__code="III", is_active=True).count()
    for fiscal_year, status in (
        (year - 1, CreditAllocation.Status.ACKNOWLEDGED),
        (year, CreditAllocation.Status.TRANSMITTED),
    ):
        notifications = CreditNotification.objects.filter(fiscal_year__year=fiscal_year)
        assert notifications.filter(corrects__isnull=True).count() == active
        (version,) = CreditAllocation.objects.filter(fiscal_year__year=fiscal_year)
        assert (version.number, version.status) == (1, status)
        assert version.transmittal_number and version.transmitted_on < timezone.localdate()
        assert version.validated_by.username == "chef" and version.transmitted_by.username == "suivi"
        notified = notified_by_programme(version.fiscal_year)
        assert all(amount <= notified[pk] for pk, amount in allocated_by_programme(version).items())
        assert money_picture(version.fiscal_year).total.allocated > 0
    assert CreditNotification.objects.filter(fiscal_year__year=year, corrects__isnull=False).count() == 1
    acknowledged = CreditAllocation.objects.get(fiscal_year__year=year - 1)
    assert acknowledged.acknowledged_by.username == "dbm" and acknowledged.acknowledged_on < timezone.localdate()
    assert Project.objects.exists() and not Project.objects.filter(budget_line__isnull=True).exists()


# --- The projects of --scale (projects.demo_scale) -------------------------------------------------------------------


def scaled():
    return Project.objects.filter(code__startswith="DEMO-")


def quarters(dates):
    return {(day.year, (day.month - 1) // 3) for day in dates}


def test_scale_1_holds_fifty_projects_with_what_the_dashboards_read(seeded):
    from django.db.models import Sum
    from django.utils import timezone

    from projects.models import ConventionParty, ProjectBeneficiaries, ProjectTerritory
    from projects.selectors import late_projects_q

    projects = scaled()
    today = timezone.localdate()
    assert projects.count() == 50
    assert set(projects.values_list("status", flat=True)) == set(Project.Status.values)
    assert projects.filter(status__in=[Project.Status.SUSPENDED, Project.Status.ABANDONED]).count() == 3
    assert {p.validated_on.year for p in projects} == {today.year - 2, today.year - 1, today.year}
    assert projects.values("programme").distinct().count() >= 4
    assert projects.values("commune").distinct().count() >= 6
    assert projects.values("holder").distinct().count() >= 10
    assert 0 < projects.filter(late_projects_q(today)).count() < 25
    assert projects.filter(ildh__isnull=False).values("ildh").distinct().count() >= 2
    split = ProjectTerritory.objects.filter(project__in=projects).values("project").distinct()
    assert split.count() >= 3
    lines = ProjectBeneficiaries.objects.filter(project__in=projects)
    assert {"vise", "atteint"} <= set(lines.values_list("kind", flat=True))
    assert len(set(lines.values_list("sex", "age_group"))) >= 6
    assert projects.aggregate(jobs=Sum("jobs_created"))["jobs"] > 0
    assert not projects.filter(budget_line__isnull=True).exists()
    # The money holds together: the Governor brings the INDH share, the tranches split it, payments stay within.
    for project in projects.prefetch_related("fundings", "conventions__parties", "conventions__tranches__payments"):
        assert project.indh_share + project.holder_contribution + project.partners_total == project.estimated_cost
        for convention in project.conventions.all():
            governor = [p for p in convention.parties.all() if p.kind == ConventionParty.Kind.GOVERNOR]
            assert [p.contribution for p in governor] == [project.indh_share]
            assert sum(t.amount for t in convention.tranches.all()) == project.indh_share
            for tranche in convention.tranches.all():
                assert sum(p.amount for p in tranche.payments.all()) <= tranche.amount
    # Payments and progress spread over the quarters (the « progress over the quarters » chart has a shape).
    payments = Payment.objects.filter(tranche__convention__project__in=projects)
    assert len(quarters(payments.values_list("paid_on", flat=True))) >= 6
    entries = ProgressEntry.objects.filter(project__in=projects)
    assert len(quarters(entries.values_list("recorded_on", flat=True))) >= 6
    assert all(day <= today for day in [*payments.values_list("paid_on", flat=True)])
    for project in projects.filter(progress_entries__isnull=False).distinct():
        last = project.progress_entries.order_by("-recorded_on", "-pk").first()
        assert (project.physical_progress, project.progress_updated_on) == (last.percent, last.recorded_on)


def test_scale_2_adds_fifty_projects_and_keeps_the_first(seeded):
    from projects.demo_scale import PER_SCALE, _World

    before = {p.code: (p.title, p.estimated_cost, p.status, p.holder_id) for p in scaled()}

    output = seed(scale=2)

    assert "100 projets" not in output and "50 projets" in output  # only the missing fifty were built
    assert scaled().count() == 2 * PER_SCALE
    assert {p.code: (p.title, p.estimated_cost, p.status, p.holder_id) for p in scaled() if p.code in before} == before
    # Project n is the same whatever the count it was built with (its values come from its own number).
    agent = User.objects.get(username="suivi")
    again = _World(agent, "das-agadir-demo").plan(73)["project"]
    stored = Project.objects.get(code="DEMO-00073")
    assert (again.title, again.estimated_cost, again.status, again.holder_id, again.validated_on) == (
        stored.title,
        stored.estimated_cost,
        stored.status,
        stored.holder_id,
        stored.validated_on,
    )
    counts_at_2 = counts()
    assert "rien à créer" in seed(scale=2)
    assert counts() == counts_at_2


def test_the_scaled_projects_are_journaled_under_the_agent(seeded):
    from das import selectors

    project = scaled().order_by("code").first()
    [event] = [e for e in selectors.history_of(project) if e.pgh_label == "insert"]
    assert event.pgh_context["command"] == "seed_demo"
    assert event.user == User.objects.get(username="suivi")
