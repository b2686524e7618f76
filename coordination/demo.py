"""Demo data of the coordination service, area by area, each through its services: the CRDH dossiers and the CRDH's
decisions (coordination.demo_crdh), the other prefectures and provinces, joint projects and coordination meetings
(demo_provinces), the literacy campaigns (demo_literacy), international cooperation (demo_cooperation) and the
technical studies (demo_studies). Each step is idempotent.
"""

import pghistory
from django.utils.translation import gettext as _

from coordination import demo_cooperation, demo_crdh, demo_literacy, demo_provinces, demo_studies


def seed_coordination(*, by, head, secretariat) -> dict[str, int]:
    """Records created per area (all zero on a second run). ``by`` is the coordination service's agent."""
    steps = [
        (_("Préfectures et provinces partenaires, projets communs, réunions de coordination"), demo_provinces),
        (_("Alphabétisation et éducation non formelle"), demo_literacy),
        (_("Coopération internationale"), demo_cooperation),
        (_("Études et travaux techniques"), demo_studies),
        (_("Dossiers de la province pour le CRDH"), demo_crdh),
    ]
    created = {}
    with pghistory.context(user=by.pk, username=by.username):
        for label, module in steps:
            created[label] = module.seed(by=by, head=head, secretariat=secretariat)
    return created
