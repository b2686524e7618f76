"""A financing plan as the pages show it, for a dossier or a project: each source with its share of the cost."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

HUNDRED = Decimal(100)


def percent_of(amount, total) -> Decimal | None:
    if not total:
        return None
    return (Decimal(amount) / Decimal(total) * HUNDRED).quantize(Decimal("0.1"), ROUND_HALF_UP)


def financing_rows(*, cost, indh_share, holder, holder_contribution, partners) -> list[dict]:
    """INDH, the holder, then each partner (``partners``: (partner, amount) pairs), with their share of ``cost``."""
    rows = [
        {"label": _("Part INDH"), "amount": indh_share, "kind": "indh"},
        {"label": _("Porteur : %(name)s") % {"name": holder}, "amount": holder_contribution, "kind": "holder"},
        *(
            {"label": _("Partenaire : %(name)s") % {"name": partner}, "amount": amount, "kind": "partner"}
            for partner, amount in partners
        ),
    ]
    for row in rows:
        row["percent"] = percent_of(row["amount"], cost)
    return rows
