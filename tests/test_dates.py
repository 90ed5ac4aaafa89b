"""Date expressions normalised against the publication date (claimgraph.graph.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from claimgraph.graph.dates import as_date, is_date_expression, normalise_date

FRI = "2024-05-24"  # a Friday: the crocus example's publication date
SAT = "2024-03-23"  # a Saturday, the day after the Crocus attack
JAN = "2025-01-03"  # a Friday early in a year

# (expression, published, expected start, expected end, precision); end None = same as start.
CASES = [
    ("this Friday", FRI, "2024-05-24", None, "day"),
    ("on Friday", SAT, "2024-03-22", None, "day"),
    ("Friday", SAT, "2024-03-22", None, "day"),
    ("Friday evening", SAT, "2024-03-22", None, "day"),
    ("last Friday", SAT, "2024-03-22", None, "day"),
    ("last Friday", FRI, "2024-05-17", None, "day"),
    ("next Friday", FRI, "2024-05-31", None, "day"),
    ("late on Saturday", SAT, "2024-03-23", None, "day"),
    ("on Saturday night", "2024-03-25", "2024-03-23", None, "day"),
    ("yesterday", SAT, "2024-03-22", None, "day"),
    ("today", SAT, "2024-03-23", None, "day"),
    ("last night", SAT, "2024-03-22", None, "day"),
    ("two days ago", SAT, "2024-03-21", None, "day"),
    ("last week", FRI, "2024-05-13", "2024-05-19", "week"),
    ("this week", FRI, "2024-05-20", "2024-05-26", "week"),
    ("last weekend", "2024-03-26", "2024-03-23", "2024-03-24", "week"),
    ("March 22", FRI, "2024-03-22", None, "day"),
    ("22 March", FRI, "2024-03-22", None, "day"),
    ("March 22nd", FRI, "2024-03-22", None, "day"),
    ("March 22, 2024", None, "2024-03-22", None, "day"),
    ("on March 22", FRI, "2024-03-22", None, "day"),
    ("Friday, March 22", FRI, "2024-03-22", None, "day"),
    ("the night of March 22", FRI, "2024-03-22", None, "day"),
    ("December 28", JAN, "2024-12-28", None, "day"),
    ("January 10", JAN, "2025-01-10", None, "day"),
    ("2024-03-22", None, "2024-03-22", None, "day"),
    ("22/03/2024", None, "2024-03-22", None, "day"),
    ("at the end of March", FRI, "2024-03-21", "2024-03-31", "part_of_month"),
    ("in early May", FRI, "2024-05-01", "2024-05-10", "part_of_month"),
    ("mid-April", FRI, "2024-04-11", "2024-04-20", "part_of_month"),
    ("in mid-February", "2024-03-10", "2024-02-11", "2024-02-20", "part_of_month"),
    ("late February", "2024-03-10", "2024-02-21", "2024-02-29", "part_of_month"),
    ("the beginning of April", FRI, "2024-04-01", "2024-04-10", "part_of_month"),
    ("late last month", FRI, "2024-04-21", "2024-04-30", "part_of_month"),
    ("earlier this month", FRI, "2024-05-01", "2024-05-23", "part_of_month"),
    ("at the end of the month", FRI, "2024-05-21", "2024-05-31", "part_of_month"),
    ("last month", FRI, "2024-04-01", "2024-04-30", "month"),
    ("this month", FRI, "2024-05-01", "2024-05-31", "month"),
    ("in March", FRI, "2024-03-01", "2024-03-31", "month"),
    ("in November", FRI, "2023-11-01", "2023-11-30", "month"),
    ("March 2024", None, "2024-03-01", "2024-03-31", "month"),
    ("2024-03", None, "2024-03-01", "2024-03-31", "month"),
    ("in 2004", None, "2004-01-01", "2004-12-31", "year"),
    ("last year", FRI, "2023-01-01", "2023-12-31", "year"),
    ("earlier this year", FRI, "2024-01-01", "2024-05-23", "year"),
]

# Durations, bounds and anchors we do not know: no date.
NOT_DATES = ["more than two years", "the past two years", "since 2004", "that day", "the 1990s",
             "decades", "24 hours", "the following day", "recent weeks"]


@pytest.mark.parametrize("expression, published, start, end, precision", CASES)
def test_normalise_date(expression, published, start, end, precision):
    got = normalise_date(expression, published)
    assert got is not None, expression
    assert (got.start.isoformat(), got.end.isoformat(), got.precision) == (start, end or start, precision)
    assert got.text == expression


@pytest.mark.parametrize("expression", NOT_DATES)
def test_durations_and_unanchored_expressions_are_not_dates(expression):
    assert normalise_date(expression, FRI) is None
    assert not is_date_expression(expression)


def test_a_future_verb_looks_forward():
    assert normalise_date("Friday", SAT, future=True).start == dt.date(2024, 3, 29)
    assert normalise_date("in March", "2024-05-24", future=True).start == dt.date(2025, 3, 1)


def test_relative_expressions_need_a_publication_date():
    assert normalise_date("last week", None) is None
    assert normalise_date("March 22", None) is None
    assert normalise_date("March 22, 2024", None) is not None


def test_publication_dates_in_several_forms():
    assert as_date("2024-05-24T09:30:00+00:00") == dt.date(2024, 5, 24)
    assert as_date(dt.datetime(2024, 5, 24, 9, 30)) == dt.date(2024, 5, 24)
    assert as_date("not a date") is None
    assert normalise_date("yesterday", dt.date(2024, 3, 1)).start == dt.date(2024, 2, 29)


def test_ranges_compare_by_overlap():
    week = normalise_date("last week", "2024-03-27")
    assert week.overlaps(normalise_date("March 22", "2024-03-27"))
    assert not week.overlaps(normalise_date("March 12", "2024-03-27"))


def test_table_size():
    assert len(CASES) >= 30


def test_nights_and_parts_of_the_publication_day():
    # "last night" is the evening before publication; "overnight" the night that ended on the
    # publication day (see the module's rules)
    day = "2022-07-29"
    assert normalise_date("last night", day).start == dt.date(2022, 7, 28)
    assert normalise_date("overnight", day).start == dt.date(2022, 7, 29)
    assert normalise_date("this morning", day).start == dt.date(2022, 7, 29)
    assert normalise_date("early this morning", day).start == dt.date(2022, 7, 29)
    assert normalise_date("late last night", day).start == dt.date(2022, 7, 28)
    assert normalise_date("on the night of July 28", day).start == dt.date(2022, 7, 28)
