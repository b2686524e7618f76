"""Demo data of the training service, area by area, each through its services: the register of people and the teams
(training.demo_people), the needs, modules and curricula (demo_needs), last year's closed plan and this year's plan
in execution, validated by the chef and approved by the CPDH (demo_plans), then this year's sessions with their
presences, evaluations and reports (demo_sessions). Each step is idempotent."""

import pghistory
from django.utils.translation import gettext as _

from training import demo_needs, demo_people, demo_plans, demo_sessions


def seed_training(*, by, head, secretariat) -> dict[str, int]:
    """Records created per area (all zero on a second run). ``by`` is the training service's agent."""
    created = {}
    with pghistory.context(user=by.pk, username=by.username):
        created[_("Registre et équipes d'animation")] = demo_people.seed(by=by)
        created[_("Besoins, modules et parcours")] = demo_needs.seed(by=by)
        created[_("Plans de formation")] = demo_plans.seed(by=by, head=head, secretariat=secretariat)
        created[_("Sessions de formation")] = demo_sessions.seed(by=by)
    return created
