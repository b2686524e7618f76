"""What the coordination service's records share."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Sex(models.TextChoices):
    WOMEN = "F", _("Femmes")
    MEN = "H", _("Hommes")
