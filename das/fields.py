"""Form fields for how the division writes values."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

SPACES = re.compile(r"[\s\u00a0\u202f]")


class MoneyField(forms.DecimalField):
    """An amount in dirhams as people type it: ``1 234 567,89``, ``1234567.89`` or ``1 234 567,89 DH``."""

    default_error_messages = {"invalid": _("Saisissez un montant en dirhams, par exemple 1 234 567,89.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        # The bounds of the amount columns (numeric(16, 2)): without them "1e400" or 30 nines pass the form and
        # then overflow the services' sums and their formatting (decimal.InvalidOperation, a server error).
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = SPACES.sub("", value)
            value = re.sub(r"(?i)(mad|dhs?|dirhams?)$", "", value).replace(",", ".")
        return super().to_python(value)


def money_formfield(model_field, **kwargs):
    """formfield_callback for model forms: every DecimalField of an amount becomes a MoneyField."""
    from django.db import models

    if isinstance(model_field, models.DecimalField):
        return model_field.formfield(form_class=MoneyField, **kwargs)
    return model_field.formfield(**kwargs)


class MoneyInput(forms.TextInput):
    """Shows a stored amount the way people type it (``1 500 000,00``); what was typed is shown as typed."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        from das.formatting import format_money

        if isinstance(value, Decimal):
            return format_money(value, unit="").strip()
        return super().format_value(value)
