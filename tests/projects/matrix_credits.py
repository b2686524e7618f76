"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the credits, and their objects."""

CREDIT_READERS = {"chef", "suivi_evaluation", "cabinet", "dbm", "auditeur"}
# The DBM and the Cabinet read only the versions sent to the DBM.
DIVISION_READERS = CREDIT_READERS - {"cabinet", "dbm"}
AGENTS = {"suivi_evaluation"}

MATRIX = [
    ("projects:credit_index", lambda o: [], CREDIT_READERS, "get"),
    ("projects:credit_year", lambda o: [o["credit_sent"].fiscal_year.year], CREDIT_READERS, "get"),
    ("projects:credit_notification_list", lambda o: [], CREDIT_READERS, "get"),
    ("projects:credit_notification_create", lambda o: [o["credit_sent"].fiscal_year.year], AGENTS, "get"),
    ("projects:credit_notification_detail", lambda o: [o["credit_notification"].pk], CREDIT_READERS, "get"),
    ("projects:credit_notification_correct", lambda o: [o["credit_notification"].pk], AGENTS, "get"),
    ("projects:credit_allocation_create", lambda o: [o["credit_sent"].fiscal_year.year], AGENTS, "post-only"),
    ("projects:credit_allocation_detail", lambda o: [o["credit_sent"].pk], CREDIT_READERS, "get"),
    ("projects:credit_allocation_detail", lambda o: [o["credit_draft"].pk], DIVISION_READERS, "get"),
    ("projects:credit_allocation_grid", lambda o: [o["credit_draft"].pk], AGENTS, "get"),
    ("projects:credit_allocation_transition", lambda o: [o["credit_draft"].pk, "validate"], {"chef"}, "post-only"),
    ("projects:credit_allocation_transmit", lambda o: [o["credit_validated"].pk], AGENTS, "get"),
    ("projects:credit_allocation_acknowledge", lambda o: [o["credit_sent"].pk], {"dbm"}, "get"),
]


def add_objects(objects, role_users):
    """Last year: notifications, version 1 transmitted to the DBM and version 2 in draft; the year before: a
    version validated by the head and not yet transmitted (one version is prepared at a time in a year)."""
    from django.utils import timezone

    from projects.services import credits as services
    from tests.projects.credit_builders import fill, notified_year, validated, year_with_versions

    year = timezone.localdate().year - 1
    built = year_with_versions(role_users, year=year)
    objects["credit_sent"] = built["sent"]
    objects["credit_draft"] = built["draft"]
    objects["credit_notification"] = built["sent"].fiscal_year.credit_notifications.order_by("pk").first()
    fiscal_year, programmes = notified_year(role_users, year=year - 1, programmes=1)
    allocation = services.allocation_start(by=role_users["suivi_evaluation"], fiscal_year=fiscal_year)
    fill(allocation, role_users, programmes, built["lines"][:1])
    objects["credit_validated"] = validated(allocation, role_users)
