from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from das import exports
from das.formatting import format_money

register = template.Library()


@register.filter
def money(value):
    """An amount that reads left to right, on one line, also inside an Arabic page."""
    return format_html('<span class="money">{}</span>', format_money(value))


@register.filter
def amount(value):
    """An amount without its unit, for wide tables whose headers say « (DH) »."""
    return format_html('<span class="money">{}</span>', format_money(value, unit="").strip())


@register.filter
def label_lower(obj):
    return obj._meta.label_lower


@register.simple_tag
def cell_class(column):
    return exports.cell_class(column)


@register.simple_tag
def cell(column, obj):
    return column.display(obj)


@register.simple_tag
def sort_link(column, request):
    """A column header that sorts the list (again: the other way), keeping the filters."""
    current = request.GET.get("o", "")
    descending = current == column.order_by
    query = request.GET.copy()
    query.pop("page", None)
    query["o"] = f"-{column.order_by}" if descending else column.order_by
    arrow = ""
    if current == column.order_by:
        arrow, state = " ▲", _("trié croissant")
    elif current == f"-{column.order_by}":
        arrow, state = " ▼", _("trié décroissant")
    else:
        state = _("trier")
    return format_html('<a href="?{}" title="{}">{}{}</a>', query.urlencode(), state, column.label, arrow)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.simple_tag
def cell_href(column, obj, row_url=None, row_url_args=None):
    """The page a list cell links to: the column's own, or the row's page for the linked column."""
    if column.href:
        return column.href(obj) or ""
    if column.link and row_url:
        return reverse(row_url, args=[*(row_url_args or []), obj.pk])
    return ""


@register.filter
def css_string(value):
    """Text placed inside a CSS string ("…"): backslashes, quotes and line breaks escaped the CSS way."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return mark_safe(text.replace("<", "\\3C ").replace(">", "\\3E "))  # noqa: S308 (escaped above)
