"""One project's conventions, avenants, tranches and payments in a fixed number of queries: what a "fiche projet"
or a report prints about the money of a project (read only; the rules are in projects.services)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Sum

from projects.models import Amendment, Convention, ConventionParty, Payment, Tranche

ZERO = Decimal("0")


@dataclass
class ConventionSummary:
    convention: Convention
    indh: Decimal  # the INDH contribution now (after the signed avenants): the payments' ceiling
    paid: Decimal
    tranches: list[Tranche]  # each with ``paid_total`` and ``payments`` prefetched, in order
    amendments: list[Amendment]  # every avenant, with ``changes`` (before → after) once signed
    payments: list[Payment] = field(default_factory=list)  # every payment, oldest first

    @property
    def left(self) -> Decimal:
        return self.indh - self.paid


def project_conventions(project) -> list[ConventionSummary]:
    """The project's conventions (a terminated one and its successor included), newest first; 5 queries."""
    conventions = (
        Convention.objects.filter(project=project)
        .prefetch_related(
            Prefetch("parties", queryset=ConventionParty.objects.select_related("partner")),
            Prefetch(
                "tranches",
                queryset=Tranche.objects.annotate(paid_total=Sum("payments__amount"))
                .prefetch_related(Prefetch("payments", queryset=Payment.objects.order_by("paid_on", "pk")))
                .order_by("number"),
            ),
            Prefetch("amendments", queryset=Amendment.objects.order_by("number")),
        )
        .order_by("-year", "-reference")
    )
    summaries = []
    for convention in conventions:
        tranches = list(convention.tranches.all())
        indh = next((p.contribution for p in convention.parties.all() if p.kind == ConventionParty.Kind.GOVERNOR), ZERO)
        summaries.append(
            ConventionSummary(
                convention=convention,
                indh=indh,
                paid=sum((t.paid for t in tranches), ZERO),
                tranches=tranches,
                amendments=list(convention.amendments.all()),
                payments=[p for t in tranches for p in t.payments.all()],
            )
        )
    return summaries
