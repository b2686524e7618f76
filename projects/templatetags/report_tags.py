"""How the official reports write their figures: amounts, rates and progress, each wrapped in left-to-right marks
so that « 1 234,00 DH » and « 12,50 % » keep their order in an Arabic PDF (WeasyPrint does not isolate inline
boxes)."""

from django import template

from das.formatting import format_money
from projects.credit_documents import format_rate
from projects.reports.programmes import format_progress

register = template.Library()
LRM = "\u200e"


def _ltr(text: str) -> str:
    return f"{LRM}{text}{LRM}"


@register.filter
def money(value):
    return _ltr(format_money(value))


@register.filter
def rate(value):
    return _ltr(format_rate(value))


@register.filter
def progress(value):
    return _ltr(format_progress(value))


@register.filter
def ltr(value):
    return _ltr(str(value))
