"""Credits built through the services, as production builds them: a year's notifications and versions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from das.models import BudgetLine, FiscalYear
from projects.services import credits as services
from tests.factories import ProgrammeFactory


def budget_lines(count: int, prefix: str = "R") -> list[BudgetLine]:
    return [
        BudgetLine.objects.get_or_create(code=f"{prefix}{i}", defaults={"name_fr": f"Rubrique {prefix}{i}"})[0]
        for i in range(1, count + 1)
    ]


def notified_year(role_users, *, year: int, programmes: int = 2, amount: Decimal = Decimal("1000000")):
    """A fiscal year whose ``programmes`` programmes were each notified ``amount``."""
    fiscal_year, _created = FiscalYear.objects.get_or_create(year=year)
    agent = role_users["suivi_evaluation"]
    built = []
    for _i in range(programmes):
        programme = ProgrammeFactory()
        services.notification_record(
            by=agent,
            fiscal_year=fiscal_year,
            programme=programme,
            amount=amount,
            reference=f"N-{year}-{programme.code}",
            notified_on=min(dt.date(year, 2, 1), timezone.localdate()),
        )
        built.append(programme)
    return fiscal_year, built


def fill(allocation, role_users, programmes, lines, amount=Decimal("100000")):
    return services.allocation_save_grid(
        allocation=allocation,
        by=role_users["suivi_evaluation"],
        cells={(p.pk, line.pk): amount for p in programmes for line in lines},
    )


def validated(allocation, role_users):
    return services.allocation_validate(allocation=allocation, by=role_users["chef"])


def transmitted(allocation, role_users):
    validated(allocation, role_users)
    return services.allocation_transmit(
        allocation=allocation, by=role_users["suivi_evaluation"], on=timezone.localdate()
    )


def year_with_versions(role_users, *, year: int, programmes: int = 2, lines: int = 4):
    """Version 1 transmitted to the DBM, version 2 in draft with one cell changed."""
    fiscal_year, progs = notified_year(role_users, year=year, programmes=programmes)
    rubriques = budget_lines(lines)
    agent = role_users["suivi_evaluation"]
    first = services.allocation_start(by=agent, fiscal_year=fiscal_year)
    fill(first, role_users, progs, rubriques)
    sent = transmitted(first, role_users)
    draft = services.allocation_start(by=agent, fiscal_year=fiscal_year)
    services.allocation_save_grid(allocation=draft, by=agent, cells={(progs[0].pk, rubriques[0].pk): Decimal("250000")})
    draft.refresh_from_db()
    return {"fiscal_year": fiscal_year, "programmes": progs, "lines": rubriques, "sent": sent, "draft": draft}
