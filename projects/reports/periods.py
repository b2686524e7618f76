"""Report periods as they appear in a report's stable URL: ``2026-10`` (a month), ``2026-T3`` (a quarter),
``2026-S1`` (a semester), ``2026`` (a year)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

MONTH, QUARTER, SEMESTER, YEAR = "mois", "trimestre", "semestre", "annee"
MONTHS_PER = {MONTH: 1, QUARTER: 3, SEMESTER: 6, YEAR: 12}
PATTERNS = {
    MONTH: re.compile(r"^(\d{4})-(\d{2})$"),
    QUARTER: re.compile(r"^(\d{4})-T([1-4])$"),
    SEMESTER: re.compile(r"^(\d{4})-S([12])$"),
    YEAR: re.compile(r"^(\d{4})$"),
}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    kind: str  # MONTH, QUARTER, SEMESTER or YEAR
    year: int
    number: int = 1  # the month (1-12), quarter (1-4) or semester (1-2); 1 for a year

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.number - 1) * MONTHS_PER[self.kind] + 1, 1)

    @property
    def end(self) -> dt.date:
        month = self.number * MONTHS_PER[self.kind]
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def slug(self) -> str:
        if self.kind == MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind == QUARTER:
            return f"{self.year}-T{self.number}"
        if self.kind == SEMESTER:
            return f"{self.year}-S{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        """« octobre 2026 », « 3e trimestre 2026 », « 1er semestre 2026 », « année 2026 » in the active language."""
        if self.kind == MONTH:
            return date_format(self.start, "F Y")
        if self.kind == QUARTER:
            return _("trimestre %(number)s de %(year)s") % {"number": self.number, "year": self.year}
        if self.kind == SEMESTER:
            return _("semestre %(number)s de %(year)s") % {"number": self.number, "year": self.year}
        return _("année %(year)s") % {"year": self.year}

    def previous(self) -> Period:
        count = 12 // MONTHS_PER[self.kind]
        if self.number > 1:
            return Period(self.kind, self.year, self.number - 1)
        return Period(self.kind, self.year - 1, count)

    def next(self) -> Period:
        count = 12 // MONTHS_PER[self.kind]
        if self.number < count:
            return Period(self.kind, self.year, self.number + 1)
        return Period(self.kind, self.year + 1, 1)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def parse(slug: str, kind: str) -> Period:
    """The period of ``kind`` written ``slug``; PeriodError when it is not one (a wrong URL answers 404)."""
    match = PATTERNS[kind].match(slug or "")
    if not match:
        raise PeriodError(slug)
    year = int(match.group(1))
    number = int(match.group(2)) if kind != YEAR else 1
    if not 2000 <= year <= 2100 or not 1 <= number <= 12 // MONTHS_PER[kind]:
        raise PeriodError(slug)
    return Period(kind, year, number)


def containing(day: dt.date, kind: str) -> Period:
    return Period(kind, day.year, (day.month - 1) // MONTHS_PER[kind] + 1)


def last_complete(day: dt.date, kind: str) -> Period:
    """The last period of ``kind`` that ended before ``day`` (what a report is usually asked for)."""
    return containing(day, kind).previous()
