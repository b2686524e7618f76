"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the training service: people."""

from django.utils import timezone

from tests.factories import LocalityFactory
from training.models import ActorType, AgeGroup, Sex, Team
from training.services import people as services

READERS = {"chef", "formation", "auditeur"}
AGENTS = {"formation"}

MATRIX = [
    ("training:person_list", lambda o: [], READERS, "get"),
    ("training:person_create", lambda o: [], AGENTS, "get"),
    ("training:person_duplicates", lambda o: [], READERS, "get"),
    ("training:committee_members_register", lambda o: [], AGENTS, "get"),
    ("training:person_detail", lambda o: [o["tp_person"].pk], READERS, "get"),
    ("training:person_update", lambda o: [o["tp_person"].pk], AGENTS, "get"),
    ("training:person_merge", lambda o: [o["tp_person"].pk], AGENTS, "get"),
    ("training:team_list", lambda o: [], READERS, "get"),
    ("training:team_create", lambda o: [], AGENTS, "get"),
    ("training:team_detail", lambda o: [o["tp_team"].pk], READERS, "get"),
    ("training:team_update", lambda o: [o["tp_team"].pk], AGENTS, "get"),
    ("training:team_member_add", lambda o: [o["tp_team"].pk], AGENTS, "get"),
    ("training:team_member_leave", lambda o: [o["tp_team"].pk, o["tp_member"].pk], AGENTS, "get"),
    ("training:team_support_request_create", lambda o: [o["tp_team"].pk], AGENTS, "get"),
    ("training:support_request_list", lambda o: [], READERS, "get"),
    ("training:support_request_create", lambda o: [], AGENTS, "get"),
    ("training:support_request_detail", lambda o: [o["tp_request"].pk], READERS, "get"),
    ("training:support_request_update", lambda o: [o["tp_request"].pk], AGENTS, "get"),
    ("training:support_request_take_charge", lambda o: [o["tp_request"].pk], AGENTS, "post-only"),
    ("training:support_request_answer", lambda o: [o["tp_request"].pk], AGENTS, "post-only"),
    ("training:support_request_close", lambda o: [o["tp_request"].pk], AGENTS, "post-only"),
    ("training:support_request_reopen", lambda o: [o["tp_request"].pk], AGENTS, "post-only"),
    ("history", lambda o: ["training.person", o["tp_person"].pk], READERS, "get"),
]


def add_objects(objects, role_users):
    """Add to ``objects`` what the rows above need (built through the services)."""
    by = role_users["formation"]
    commune = objects["commune"]
    person = services.person_create(
        by=by,
        full_name="Hanane Aït Taleb",
        sex=Sex.WOMAN,
        age_group=AgeGroup.YOUNG,
        actor_type=ActorType.EAQ,
        commune=commune,
    )
    team = services.team_create(
        by=by, kind=Team.Kind.EAQ, name="Al Massira", commune=commune, locality=LocalityFactory(commune=commune)
    )
    objects["tp_person"] = person
    objects["tp_team"] = team
    objects["tp_member"] = services.member_add(
        team=team, person=person, by=by, role="animateur", joined_on=timezone.localdate()
    )
    objects["tp_request"] = services.support_request_create(
        by=by, team=team, domain="technique", subject="Diagnostic", request="Appui au diagnostic participatif."
    )
