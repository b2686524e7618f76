"""Report periods as written in a report's stable URL."""

import datetime as dt

import pytest
from django.utils import translation

from projects.reports import periods
from projects.reports.periods import MONTH, QUARTER, SEMESTER, YEAR, Period, PeriodError


@pytest.mark.parametrize(
    ("slug", "kind", "start", "end"),
    [
        ("2026-10", MONTH, dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        ("2024-02", MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2026-T1", QUARTER, dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("2026-T4", QUARTER, dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("2026-S2", SEMESTER, dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
        ("2026", YEAR, dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ],
)
def test_a_slug_reads_as_its_dates_and_back(slug, kind, start, end):
    period = periods.parse(slug, kind)
    assert (period.start, period.end, period.slug) == (start, end, slug)


@pytest.mark.parametrize(
    ("slug", "kind"),
    [("2026-13", MONTH), ("2026-00", MONTH), ("2026-T5", QUARTER), ("2026-T3", MONTH), ("2026-S3", SEMESTER)]
    + [("1999", YEAR), ("abcd", YEAR), ("", QUARTER), ("2026-T3 ", QUARTER), ("2026-3", QUARTER)],
)
def test_a_wrong_slug_is_refused(slug, kind):
    with pytest.raises(PeriodError):
        periods.parse(slug, kind)


def test_previous_next_across_years_and_the_last_complete_period():
    assert Period(QUARTER, 2026, 1).previous() == Period(QUARTER, 2025, 4)
    assert Period(MONTH, 2025, 12).next() == Period(MONTH, 2026, 1)
    assert Period(SEMESTER, 2026, 2).next() == Period(SEMESTER, 2027, 1)
    assert periods.last_complete(dt.date(2026, 11, 23), QUARTER) == Period(QUARTER, 2026, 3)
    assert periods.last_complete(dt.date(2026, 1, 1), MONTH) == Period(MONTH, 2025, 12)
    assert periods.last_complete(dt.date(2026, 7, 1), SEMESTER) == Period(SEMESTER, 2026, 1)
    assert periods.last_complete(dt.date(2026, 7, 1), YEAR) == Period(YEAR, 2025, 1)
    assert Period(QUARTER, 2026, 2).contains(dt.date(2026, 6, 30))
    assert not Period(QUARTER, 2026, 2).contains(dt.date(2026, 7, 1))


def test_labels_in_french():
    with translation.override("fr"):
        assert Period(QUARTER, 2026, 3).label == "trimestre 3 de 2026"
        assert Period(MONTH, 2026, 10).label == "octobre 2026"
        assert Period(YEAR, 2026).label == "année 2026"
