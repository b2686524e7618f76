"""What the service's PDF documents share: the language (French or Arabic) a code stands for, whether a text typed
in Latin letters needs the fallback font in the Arabic document, a place's name in the document's language and a
count of people grouped by thousands."""

from __future__ import annotations


def count_text(value) -> str:
    """A count of people with its thousands grouped (10 600), left to right in Arabic too."""
    return "\u200e" + f"{value or 0:,}".replace(",", "\u202f")


def pdf_language(language: str) -> str:
    """The document's language: Arabic for any ``ar…`` code, French otherwise."""
    return "ar" if (language or "fr").startswith("ar") else "fr"


def latin(text: str, language: str) -> bool:
    """Whether ``text`` (not written in Arabic) is set in the fallback font, left to right, in the Arabic document."""
    return language == "ar" and bool(text) and not any("\u0600" <= char <= "\u06ff" for char in text)


def place_name(place, language: str) -> str:
    """A commune's or a locality's name in the document's language (the French one when no Arabic is given); "" for
    none."""
    if place is None:
        return ""
    return ((getattr(place, "name_ar", "") if language == "ar" else "") or place.name_fr) or ""
