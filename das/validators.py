"""Validators of Moroccan identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RIB_LENGTH = 24


def normalize_rib(value: str) -> str:
    """Spaces and dashes are how people write a RIB; only the digits matter."""
    return re.sub(r"[\s\-.]", "", value or "")


def rib_key(first_22_digits: str) -> int:
    """The two-digit key that makes the 24-digit RIB divisible by 97 (3 bank, 3 city, 16 account, 2 key)."""
    return 97 - (int(first_22_digits) * 100) % 97


def validate_rib(value: str) -> None:
    rib = normalize_rib(value)
    if not (rib.isascii() and rib.isdigit()) or len(rib) != RIB_LENGTH:
        raise ValidationError(
            _("Le RIB doit compter exactement 24 chiffres (code banque, code ville, numéro de compte, clé)."),
            code="rib_format",
        )
    if int(rib[22:]) != rib_key(rib[:22]):
        raise ValidationError(
            _("La clé RIB (deux derniers chiffres) ne correspond pas : vérifiez le numéro saisi."), code="rib_key"
        )


def validate_ice(value: str) -> None:
    if not re.fullmatch(r"\d{15}", value or ""):
        raise ValidationError(_("L'ICE compte exactement 15 chiffres."), code="ice_format")
