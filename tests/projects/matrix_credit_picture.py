"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the money picture and the documents of a version."""

CREDIT_READERS = {"chef", "suivi_evaluation", "cabinet", "dbm", "auditeur"}
DIVISION = {"chef", "suivi_evaluation", "auditeur"}  # credits and projects: the drill-down, the versions not sent

MATRIX = [
    ("projects:credit_picture", lambda o: [o["picture_year"].year], CREDIT_READERS, "get"),
    ("projects:credit_picture_detail", lambda o: [o["picture_year"].year], DIVISION, "get"),
    ("projects:credit_transmittal_pdf", lambda o: [o["picture_sent"].pk, "fr"], CREDIT_READERS, "get"),
    ("projects:credit_statement_pdf", lambda o: [o["picture_sent"].pk, "ar"], CREDIT_READERS, "get"),
    ("projects:credit_statement_pdf", lambda o: [o["picture_draft"].pk, "fr"], DIVISION, "get"),
    ("projects:credit_statement_xlsx", lambda o: [o["picture_sent"].pk], CREDIT_READERS, "get"),
    ("projects:credit_statement_xlsx", lambda o: [o["picture_draft"].pk], DIVISION, "get"),
]


def add_objects(objects, role_users):
    """A year of its own (2017): one notification, version 1 sent to the DBM and version 2 in draft."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from das.models import BudgetLine, FiscalYear
    from projects.services import credits as services
    from tests.factories import ProgrammeFactory

    agent, head = role_users["suivi_evaluation"], role_users["chef"]
    year = FiscalYear.objects.get_or_create(year=2017)[0]
    programme = ProgrammeFactory()
    line = BudgetLine.objects.get_or_create(code="R-MATRIX", defaults={"name_fr": "Rubrique de la matrice"})[0]
    services.notification_record(
        by=agent,
        fiscal_year=year,
        programme=programme,
        amount=Decimal("100000"),
        reference="N-MATRIX",
        notified_on=dt.date(2017, 2, 1),
    )
    sent = services.allocation_start(by=agent, fiscal_year=year)
    services.allocation_save_grid(allocation=sent, by=agent, cells={(programme.pk, line.pk): Decimal("60000")})
    services.allocation_validate(allocation=sent, by=head)
    sent = services.allocation_transmit(allocation=sent, by=agent, on=timezone.localdate())
    objects["picture_year"] = year
    objects["picture_sent"] = sent
    objects["picture_draft"] = services.allocation_start(by=agent, fiscal_year=year)
