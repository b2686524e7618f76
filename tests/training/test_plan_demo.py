"""The plans' demo data: last year's plan closed and this year's in execution, both through the CPDH; idempotent;
a clear error when the catalogue's modules are missing."""

import pytest
from django.utils import timezone

from tests.committees import builders
from tests.factories import PartnerFactory
from tests.training.factories import BudgetLineFactory, ModuleFactory, NeedFactory, NeedThemeFactory
from training import demo_plans
from training.models import ActorType, TrainingPlan

pytestmark = pytest.mark.django_db


def test_the_seed_needs_the_modules(role_users):
    with pytest.raises(demo_plans.DemoPrerequisiteMissing, match="M01"):
        demo_plans.seed(by=role_users["formation"], head=role_users["chef"], secretariat=role_users["secretariat_cpdh"])


def test_the_seed_builds_last_years_closed_plan_and_this_years_running_plan(role_users):
    secretariat = role_users["secretariat_cpdh"]
    cpdh = builders.committee(secretariat)
    builders.members(cpdh, secretariat)
    PartnerFactory()
    BudgetLineFactory(code="R03")
    year = timezone.localdate().year
    theme = NeedThemeFactory()
    for code, groups in (
        ("M01", [ActorType.EAQ]),
        ("M02", [ActorType.EAC]),
        ("M03", [ActorType.ASSOCIATION]),
        ("M04", [ActorType.CLDH]),
        ("M05", [ActorType.COOPERATIVE]),
    ):
        ModuleFactory(code=code, target_groups=groups).themes.add(theme)
    need = NeedFactory(year=year, theme=theme)
    kwargs = {"by": role_users["formation"], "head": role_users["chef"], "secretariat": secretariat}
    assert demo_plans.seed(**kwargs) == 2
    last, current = TrainingPlan.objects.get(year=year - 1), TrainingPlan.objects.get(year=year)
    assert last.status == TrainingPlan.Status.CLOSED and last.closing_note
    assert current.status == TrainingPlan.Status.IN_PROGRESS
    assert current.cpdh_decision.outcome == "approuve" and current.validated_by == role_users["chef"]
    assert current.actions.count() == 5
    assert sorted(current.actions.values_list("module__code", flat=True)) == ["M01", "M02", "M03", "M04", "M05"]
    assert need.plan_actions.filter(plan=current).exists()
    assert demo_plans.seed(**kwargs) == 0
