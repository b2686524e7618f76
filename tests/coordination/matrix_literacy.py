"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the coordination service: literacy."""

import datetime

from coordination.services import literacy as services

READERS = {"chef", "coordination", "auditeur"}
AGENTS = {"coordination"}

MATRIX = [
    ("coordination:campaign_list", lambda o: [], READERS, "get"),
    ("coordination:campaign_create", lambda o: [], AGENTS, "get"),
    ("coordination:campaign_detail", lambda o: [o["literacy_campaign"].pk], READERS, "get"),
    ("coordination:campaign_update", lambda o: [o["literacy_campaign"].pk], AGENTS, "get"),
    ("coordination:campaign_close", lambda o: [o["literacy_campaign"].pk], AGENTS, "get"),
    ("coordination:campaign_transition", lambda o: [o["literacy_campaign"].pk, "start"], READERS, "post-only"),
    ("coordination:campaign_pdf", lambda o: [o["literacy_campaign"].pk, "fr"], READERS, "get"),
    ("coordination:campaign_xlsx", lambda o: [o["literacy_campaign"].pk], READERS, "get"),
    ("coordination:centre_list", lambda o: [], READERS, "get"),
    ("coordination:centre_create", lambda o: [], AGENTS, "get"),
    ("coordination:centre_update", lambda o: [o["literacy_centre"].pk], READERS, "get"),
    ("coordination:centre_activation", lambda o: [o["literacy_centre"].pk], AGENTS, "post-only"),
    ("coordination:operation_list", lambda o: [], READERS, "get"),
    ("coordination:operation_create", lambda o: [], AGENTS, "get"),
    ("coordination:operation_detail", lambda o: [o["literacy_operation"].pk], READERS, "get"),
    ("coordination:operation_update", lambda o: [o["literacy_operation"].pk], AGENTS, "get"),
    ("coordination:operation_cancel", lambda o: [o["literacy_operation"].pk], AGENTS, "get"),
    ("coordination:operation_transition", lambda o: [o["literacy_operation"].pk, "complete"], READERS, "post-only"),
    ("coordination:class_create", lambda o: [o["literacy_operation"].pk], AGENTS, "get"),
    ("coordination:class_detail", lambda o: [o["literacy_class"].pk], READERS, "get"),
    ("coordination:class_update", lambda o: [o["literacy_class"].pk], AGENTS, "get"),
    ("coordination:class_headcounts", lambda o: [o["literacy_class"].pk], AGENTS, "get"),
    ("history", lambda o: ["coordination.literacycampaign", o["literacy_campaign"].pk], READERS, "get"),
    ("history", lambda o: ["coordination.literacyoperation", o["literacy_operation"].pk], READERS, "get"),
    ("history", lambda o: ["coordination.literacyclass", o["literacy_class"].pk], READERS, "get"),
    ("history", lambda o: ["coordination.literacycentre", o["literacy_centre"].pk], READERS, "get"),
]


def add_objects(objects, role_users):
    """The records this area's rows need (built through the services): a campaign en cours, an operation en cours
    with one class and its grid, in a centre of the matrix's commune."""
    agent = role_users["coordination"]
    campaign = services.campaign_create(
        by=agent, start_year=2031, start_on=datetime.date(2031, 10, 1), end_on=datetime.date(2032, 6, 30)
    )
    campaign = services.campaign_start(campaign=campaign, by=agent)
    centre = services.centre_create(
        by=agent, name="Foyer féminin Tikiouine", kind="foyer_feminin", commune=objects["commune"]
    )
    operation = services.operation_create(
        campaign=campaign,
        by=agent,
        programme="general",
        operator=objects["partner"],
        commune=objects["commune"],
        start_on=campaign.start_on,
        end_on=campaign.end_on,
        target_learners=40,
    )
    operation = services.operation_start(operation=operation, by=agent)
    literacy_class = services.class_create(
        operation=operation,
        by=agent,
        centre=centre,
        name="Classe 1",
        level="niveau_1",
        start_on=operation.start_on,
        end_on=operation.end_on,
    )
    services.headcounts_save(
        literacy_class=literacy_class,
        by=agent,
        lines=[{"sex": "F", "age_group": "25-44", "enrolled": 18, "completed": 0}],
    )
    objects.update(
        literacy_campaign=campaign, literacy_centre=centre, literacy_operation=operation, literacy_class=literacy_class
    )
