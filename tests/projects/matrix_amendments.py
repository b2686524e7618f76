"""Rows of the URL x role matrix (tests/test_url_matrix.py) for amendments, and their objects."""

READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "auditeur"}
READERS_AND_CABINET = READERS | {"cabinet"}
AGENTS = {"suivi_evaluation"}
CABINET = {"cabinet"}

MATRIX = [
    ("projects:amendment_create", lambda o: [o["executing_convention"].pk], AGENTS, "get"),
    ("projects:amendment_detail", lambda o: [o["draft_amendment"].pk], READERS_AND_CABINET, "get"),
    ("projects:amendment_terms", lambda o: [o["draft_amendment"].pk], AGENTS, "get"),
    ("projects:amendment_schedule", lambda o: [o["draft_amendment"].pk], AGENTS, "get"),
    ("projects:amendment_sign", lambda o: [o["transmitted_amendment"].pk], CABINET, "get"),
    ("projects:amendment_return", lambda o: [o["transmitted_amendment"].pk], CABINET, "get"),
    ("projects:amendment_scan", lambda o: [o["signed_amendment"].pk], READERS_AND_CABINET, "get"),
    ("projects:amendment_pdf", lambda o: [o["draft_amendment"].pk, "fr"], READERS_AND_CABINET, "get"),
    ("projects:amendment_transition", lambda o: [o["draft_amendment"].pk, "validate"], READERS, "post-only"),
]


def add_objects(objects, role_users):
    """Avenants on the conventions the convention and tranche rows built: a draft, one at the Cabinet and a signed
    one (each changing the duration only), leaving ``executing_convention`` free for a new avenant."""
    from django.utils import timezone

    from projects.services import amendments as services
    from tests.projects.test_convention_services import tiny_pdf

    agent, head, cabinet = role_users["suivi_evaluation"], role_users["chef"], role_users["cabinet"]

    def amendment(convention, reason):
        created = services.amendment_create(convention=convention, by=agent, reason=reason)
        contributions = {p.party_id: p.contribution for p in created.parties.all()}
        return services.amendment_edit(
            amendment=created,
            by=agent,
            reason=reason,
            cost=created.cost,
            duration_months=created.duration_months + 3,
            contributions=contributions,
        )

    def at_cabinet(convention, reason):
        validated = services.amendment_validate(amendment=amendment(convention, reason), by=head)
        return services.amendment_transmit(amendment=validated, by=agent)

    objects["draft_amendment"] = amendment(objects["signed_convention"], "Prolongation")
    objects["transmitted_amendment"] = at_cabinet(objects["scheduled_convention"], "Prolongation")
    objects["signed_amendment"] = services.amendment_sign(
        amendment=at_cabinet(objects["executing_convention"], "Prolongation"),
        by=cabinet,
        signed_on=timezone.localdate(),
        scan=tiny_pdf("avenant.pdf"),
    )
