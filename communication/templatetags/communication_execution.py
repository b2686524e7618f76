"""Template helpers of the execution area: what the user may do with an action (buttons shown only to who may use
them), and the participants counted at a realisation."""

from django import template
from django.db.models import Sum

from communication.services import execution as services

register = template.Library()


@register.filter
def may_record_realisation(action, user) -> bool:
    """``{% if action|may_record_realisation:user %}``: record or change the realisation now."""
    return bool(user) and services.may_record(user, action)


@register.filter
def may_cancel_action(action, user) -> bool:
    """``{% if action|may_cancel_action:user %}``: cancel the (still planned) action now."""
    return bool(user) and services.may_cancel(user, action)


@register.simple_tag
def realisation_participants(realisation) -> int:
    """Women + men counted at ``realisation`` (one query, whatever its number of rows)."""
    if realisation is None:
        return 0
    totals = realisation.attendance.aggregate(women=Sum("women"), men=Sum("men"))
    return (totals["women"] or 0) + (totals["men"] or 0)
