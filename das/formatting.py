"""How amounts and dates read for the division: ``1 234 567,89 DH``, ``jj/mm/aaaa``."""

from decimal import ROUND_HALF_UP, Decimal

NARROW_NBSP = "\u202f"


def format_money(value, *, unit: str = "DH") -> str:
    if value is None or value == "":
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{NARROW_NBSP.join(groups)},{cents}\u00a0{unit}"


def format_number(value) -> str:
    """A plain number the French way, without useless decimals: 90, 62,5, 12,25."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")
