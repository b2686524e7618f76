"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the tranches and payments, and their objects."""

READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "auditeur"}
AGENTS = {"suivi_evaluation"}
HEAD = {"chef"}

MATRIX = [
    # A convention without an avenant under way (the amendment rows put one at the Cabinet on scheduled_convention,
    # which closes its schedule page).
    ("projects:tranche_schedule", lambda o: [o["executing_convention"].pk], AGENTS, "get"),
    ("projects:tranche_release", lambda o: [o["tranche_to_release"].pk], HEAD, "get"),
    ("projects:payment_create", lambda o: [o["released_tranche"].pk], AGENTS, "get"),
    ("projects:payment_list", lambda o: [], READERS, "get"),
]


def add_objects(objects, role_users):
    """An executing convention (INDH 300 000) in two tranches: the first released and partly paid."""
    from decimal import Decimal

    from django.utils import timezone

    from projects.models import Convention
    from projects.services import conventions as convention_services
    from projects.services import tranches as services
    from tests.committees.test_meeting_services import approved_project
    from tests.projects.test_convention_services import at
    from tests.projects.test_tranches import RIB

    agent = role_users["suivi_evaluation"]
    created = convention_services.convention_create(project=approved_project(role_users), by=agent)
    convention = at(created, Convention.Status.EXECUTING, role_users)
    lines = [services.TrancheLine(Decimal("100000"), "Signature"), services.TrancheLine(Decimal("200000"), "50 %")]
    first, second = services.tranche_schedule_set(convention=convention, by=agent, lines=lines)
    services.tranche_release(tranche=first, by=role_users["chef"])
    services.payment_record(
        tranche=first, by=agent, paid_on=timezone.localdate(), amount=Decimal("1000"), payment_order="OP-M", rib=RIB
    )
    objects["scheduled_convention"] = convention
    objects["tranche_to_release"] = second
    objects["released_tranche"] = first
