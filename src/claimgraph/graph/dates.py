"""Date expressions in news text, normalised against the article's publication date.

`normalise_date("at the end of March", "2024-05-24")` gives March 21–31, 2024 at precision
`part_of_month`. The result is a range (`start`..`end`, both inclusive) with a precision, so that
"last week" and "March 22" can be compared: two dates agree when their ranges overlap.

Rules (news convention; `future=True` is for an expression governed by a future verb, "the vote
will be held on Friday"):

- A weekday alone, "on Friday" or "this Friday": the most recent such day on or before
  publication (the day itself when published on a Friday); with `future`, the first on or after.
  "last Friday": the most recent strictly before publication; "next Friday": the first strictly
  after. Parts of a day ("Friday evening", "the night of March 22", "late on Saturday") are the day.
- A month and day without a year ("March 22"): the year that puts it nearest the publication date
  (so "December 28" in a January article is last year's).
- A month without a year ("in March"): the most recent such month that has begun by publication;
  with `future`, the next one that has not ended.
- Parts of a month: early / beginning / start = days 1–10, mid / middle = 11–20, late / end = 21
  to the month's last day. "earlier this month" runs from the 1st to the day before publication.
- Weeks are Monday to Sunday: "last week" is the previous one, "this week" the current one.
- Relative: today, yesterday, tomorrow, tonight, N days / weeks / months / years ago, last /
  this / next month or year, earlier this week / month / year.
- Parts of the publication day: "this morning", "earlier today", "tonight" are the publication
  day. Nights: "last night" is the evening before publication, so the day before ("an explosion
  tore through the hospital last night", published the next morning, happened the day before);
  "overnight" is the night that ended on the publication day's morning, dated by the day it
  ended in, the publication day ("were killed overnight" in a morning report). Both are the
  writer's night; an article published a day late is off by one, which the precision "day"
  cannot say.
- Absolute: ISO dates (2024-03-22, 2024-03), "22 March 2024", "March 22, 2024", "Friday, March
  22", "March 2024", a bare year. Numeric day/month/year forms ("22/03/2024") are read day first.

Anything else (durations such as "more than two years", "the 1990s", "that day", "since 2004") is
None: the caller keeps the raw expression. Without a publication date only absolute expressions
that name their year resolve.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

PRECISIONS = ("day", "week", "month", "part_of_month", "year")

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

# Parts of a month and the days they cover (the end day is clipped to the month's length).
PARTS = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20),
         "middle": (11, 20), "late": (21, 31), "end": (21, 31)}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_PART = r"(?P<part>early|beginning|start|mid|middle|late|end)"

# Words around the date itself that do not change it ("on", "the night of", "late on").
_LEADING = re.compile(
    r"^(?:(?:on|in|at|during|of|from|the|a|late|early)\s+)*"
    r"(?:(?:night|morning|evening|afternoon|day|weekend)\s+of\s+)?(?:the\s+)?")
_TRAILING = re.compile(r"(?:,?\s+(?:night|morning|evening|afternoon|overnight))+$")
# Prepositions that make the expression a bound, not the date of something.
_BOUNDS = re.compile(r"^(?:since|until|till|before|after|by|for|within|over|throughout|from)\b")

_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?$")
_NUMERIC = re.compile(r"^(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})$")
_MONTH_DAY = re.compile(rf"^(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?$")
_DAY_MONTH = re.compile(rf"^(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?$")
_MONTH_ALONE = re.compile(rf"^(?P<rel>last|this|next)?\s*{_MONTH}(?:,?\s+{_YEAR})?$")
_PART_OF_MONTH = re.compile(
    rf"^(?:at\s+|in\s+)?(?:the\s+)?{_PART}(?:[\s-]+(?:of|in))?[\s-]+"
    rf"(?:(?P<rel>last|this|next)\s+month|the\s+month|{_MONTH}(?:,?\s+{_YEAR})?)$")
_EARLIER_THIS = re.compile(r"^(?:earlier|later)\s+this\s+(?P<unit>week|month|year)$")
_RELATIVE_UNIT = re.compile(r"^(?P<rel>last|this|next|the\s+past|the\s+previous)\s+(?P<unit>week|weekend|month|year)$")
_WEEKDAY_ALONE = re.compile(rf"^(?P<rel>last|this|next|past)?\s*{_WEEKDAY}$")
_AGO = re.compile(r"^(?P<n>\d+|" + "|".join(NUMBER_WORDS) + r")\s+(?P<unit>day|week|month|year)s?\s+ago$")
_YEAR_ALONE = re.compile(rf"^{_YEAR}$")
_DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
              "earlier today": 0, "later today": 0, "overnight": 0, "early this morning": 0,
              "yesterday": -1, "last night": -1, "late last night": -1, "yesterday morning": -1,
              "yesterday afternoon": -1, "yesterday evening": -1, "the day before yesterday": -2,
              "tomorrow": 1, "the day after tomorrow": 2}


@dataclass(frozen=True)
class DateValue:
    """A normalised date: the inclusive range `start`..`end` at `precision`, from `text`."""

    start: dt.date
    end: dt.date
    precision: str  # one of PRECISIONS
    text: str

    def overlaps(self, other: "DateValue") -> bool:
        return self.start <= other.end and other.start <= self.end


def as_date(published: dt.date | dt.datetime | str | None) -> dt.date | None:
    """A publication date from a date, a datetime or an ISO string ("2024-05-24T10:00Z")."""
    if published is None or published == "":
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    try:
        return dt.date.fromisoformat(str(published).strip()[:10])
    except ValueError:
        return None


def normalise_date(expression: str, published: dt.date | str | None, *,
                   future: bool = False) -> DateValue | None:
    """The date `expression` names, read against the publication date (see the module's rules)."""
    anchor = as_date(published)
    text = " ".join(expression.lower().replace("’", "'").split()).strip(" ,.;")
    text = text.removesuffix("'s").removesuffix("'")  # "last Friday's attack"
    if not text or _BOUNDS.match(text):
        return None
    for candidate in _forms(text):
        found = _read(candidate, anchor, future)
        if found is not None:
            start, end, precision = found
            return DateValue(start, end, precision, expression)
    return None


def is_date_expression(expression: str) -> bool:
    """Whether `expression` is a date this module can place, given some publication date (a
    duration such as "two years" is not)."""
    return normalise_date(expression, dt.date(2000, 6, 15)) is not None


def _forms(text: str) -> list[str]:
    """The expression as given, then without the words that only frame the date."""
    forms = [text]
    bare = _TRAILING.sub("", _LEADING.sub("", text)).strip()
    if bare and bare != text:
        forms.append(bare)
    return forms


def _read(text: str, anchor: dt.date | None, future: bool) -> tuple[dt.date, dt.date, str] | None:
    m = _ISO.match(text) or _NUMERIC.match(text)
    if m:
        return _absolute(int(m["year"]), int(m["month"]), int(m["day"]) if m["day"] else None)
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        m = pattern.match(text)
        if m:
            return _month_day(MONTHS[m["month"]], int(m["day"]), m["year"], anchor)
    m = _PART_OF_MONTH.match(text)
    if m:
        return _part_of_month(m, anchor, future)
    m = _MONTH_ALONE.match(text)
    if m:
        year, month = _month_year(MONTHS[m["month"]], m["year"], m["rel"], anchor, future)
        if year is None:
            return None
        return _month_range(year, month) + ("month",)
    m = _YEAR_ALONE.match(text)
    if m:
        year = int(m["year"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if anchor is None:
        return None
    return _relative(text, anchor, future)


def _absolute(year: int, month: int, day: int | None) -> tuple[dt.date, dt.date, str] | None:
    try:
        if day is None:
            return _month_range(year, month) + ("month",)
        d = dt.date(year, month, day)
    except ValueError:
        return None
    return d, d, "day"


def _month_day(month: int, day: int, year: str | None, anchor: dt.date | None):
    if year is not None:
        return _absolute(int(year), month, day)
    if anchor is None:
        return None
    best = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((d - anchor).days) < abs((best - anchor).days):
            best = d
    return (best, best, "day") if best else None


def _month_year(month: int, year: str | None, rel: str | None, anchor: dt.date | None,
                future: bool) -> tuple[int | None, int]:
    if year is not None:
        return int(year), month
    if anchor is None:
        return None, month
    if rel == "last":  # "last March": the most recent March that has ended
        return (anchor.year if month < anchor.month else anchor.year - 1), month
    if rel == "next":
        return (anchor.year if month > anchor.month else anchor.year + 1), month
    if rel == "this":
        return anchor.year, month
    if future:
        return (anchor.year if month >= anchor.month else anchor.year + 1), month
    return (anchor.year if month <= anchor.month else anchor.year - 1), month


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + by
    return n // 12, n % 12 + 1


def _part_of_month(m: re.Match, anchor: dt.date | None, future: bool):
    if m["month"]:
        year, month = _month_year(MONTHS[m["month"]], m["year"], None, anchor, future)
        if year is None:
            return None
    else:
        if anchor is None:
            return None
        by = {"last": -1, "next": 1}.get(m["rel"] or "this", 0)
        year, month = _shift_month(anchor.year, anchor.month, by)
    first, last = PARTS[m["part"]]
    last = min(last, calendar.monthrange(year, month)[1])
    return dt.date(year, month, first), dt.date(year, month, last), "part_of_month"


def _week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _relative(text: str, anchor: dt.date, future: bool):
    one = dt.timedelta(days=1)
    if text in _DAY_WORDS:
        d = anchor + _DAY_WORDS[text] * one
        return d, d, "day"
    m = _WEEKDAY_ALONE.match(text)
    if m:
        target = WEEKDAYS[m["weekday"]]
        back = (anchor.weekday() - target) % 7
        ahead = (target - anchor.weekday()) % 7
        rel = m["rel"]
        if rel in ("last", "past"):
            d = anchor - dt.timedelta(days=back or 7)
        elif rel == "next":
            d = anchor + dt.timedelta(days=ahead or 7)
        elif future:
            d = anchor + dt.timedelta(days=ahead)
        else:
            d = anchor - dt.timedelta(days=back)
        return d, d, "day"
    m = _RELATIVE_UNIT.match(text)
    if m:
        return _relative_unit(m["rel"].split()[-1], m["unit"], anchor)
    m = _EARLIER_THIS.match(text)
    if m:
        unit = m["unit"]
        start = {"week": _week_of(anchor)[0], "month": anchor.replace(day=1),
                 "year": anchor.replace(month=1, day=1)}[unit]
        if text.startswith("earlier"):
            end = max(start, anchor - one)
        else:  # "later this month": from publication to the unit's end
            start, end = anchor, _relative_unit("this", unit, anchor)[1]
        precision = {"week": "week", "month": "part_of_month", "year": "year"}[unit]
        return start, end, precision
    m = _AGO.match(text)
    if m:
        n = int(m["n"]) if m["n"].isdigit() else NUMBER_WORDS[m["n"]]
        unit = m["unit"]
        if unit == "day":
            d = anchor - n * one
            return d, d, "day"
        if unit == "week":
            return _week_of(anchor - dt.timedelta(weeks=n)) + ("week",)
        if unit == "month":
            return _month_range(*_shift_month(anchor.year, anchor.month, -n)) + ("month",)
        y = anchor.year - n
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    if text in ("the weekend", "this weekend", "the past weekend", "over the weekend"):
        saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
        if future:
            saturday = anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7)
        return saturday, saturday + one, "week"
    return None


def _relative_unit(rel: str, unit: str, anchor: dt.date):
    by = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1}[rel]
    if unit == "week":
        start, end = _week_of(anchor + dt.timedelta(weeks=by))
        return start, end, "week"
    if unit == "weekend":
        monday = _week_of(anchor + dt.timedelta(weeks=by))[0]
        return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "week"
    if unit == "month":
        return _month_range(*_shift_month(anchor.year, anchor.month, by)) + ("month",)
    y = anchor.year + by
    return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
