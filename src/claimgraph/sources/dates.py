"""Publication dates: the string as a source gives it, and its ISO 8601 form.

The ISO form is a date ("2024-03-23") when the source gives only a day, and a datetime
("2024-03-23T14:05:00+00:00") when it gives a time, so that nothing is invented (no midnight,
no time zone that was not there)."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")


def normalise_date(raw: str | None) -> str | None:
    """ISO 8601 form of a date string in any common news format, or None if not understood."""
    if raw is None:
        return None
    s = raw.strip()
    if not s:
        return None
    try:
        if len(s) == 10:
            return date.fromisoformat(s).isoformat()
        return datetime.fromisoformat(s.replace(" ", "T", 1) if "T" not in s else s).isoformat()
    except ValueError:
        pass
    try:  # RSS: "Sat, 23 Mar 2024 14:05:00 GMT"
        return parsedate_to_datetime(s).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return _dateparser(s)


def _dateparser(s: str) -> str | None:
    # Loaded only for the odd formats ("March 23, 2024", "23.03.2024"): it is slow to import.
    import dateparser

    try:
        parsed = dateparser.parse(s, settings={"PREFER_DATES_FROM": "past", "STRICT_PARSING": True})
    except Exception:  # dateparser raises a variety of errors on odd strings
        return None
    if parsed is None:
        return None
    return parsed.isoformat() if _HAS_TIME.search(s) else parsed.date().isoformat()
