"""Demo data of the communication service, area by area, each through its services: the yearly plans (last year's,
this year's in execution, next year's draft; communication.demo_plans), the realisations of this year's actions
already due (demo_execution), the document library and the packs sent to the EAQ (demo_library), the fiches de
réalisation of achieved projects (demo_showcase) and the support requests (demo_requests). Each step is idempotent.
"""

import pghistory
from django.utils.translation import gettext as _

from communication import demo_execution, demo_library, demo_plans, demo_requests, demo_showcase


def seed_communication(*, by, head) -> dict[str, int]:
    """Records created per area (all zero on a second run). ``by`` is the communication service's agent."""
    created = {}
    with pghistory.context(user=by.pk, username=by.username):
        created[_("Plans de communication")] = demo_plans.seed(by=by, head=head)
        created[_("Réalisations des actions de communication")] = demo_execution.seed(by=by, head=head)
        created[_("Bibliothèque documentaire")] = demo_library.seed(by=by, head=head)
        created[_("Fiches de réalisation")] = demo_showcase.seed(by=by, head=head)
        created[_("Demandes d'appui en communication")] = demo_requests.seed(by=by, head=head)
    return created
