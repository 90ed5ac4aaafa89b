"""Datelines: "BISHKEK, May 24 – ...", "TEL AVIV (Reuters) – ...". A place in capitals at a
paragraph's start, an optional date or agency, a dash. The place is where the story was
filed and the date when: neither is a speaker, an event's place or an event's date."""

from __future__ import annotations

import re

DATELINE = re.compile(r"(?:[A-Z][A-Z'.\-]+)(?:\s+[A-Z][A-Z'.\-]+){0,3}(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?"
                      r"(?:\s*\([A-Za-z ]+\))?\s*(?:[–—]|--?)\s*")
_PARAGRAPH_START = re.compile(r"(?:^|\n)[ \t]*")


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each dateline, at the start of the text or of a line."""
    out = []
    for m in _PARAGRAPH_START.finditer(text):
        d = DATELINE.match(text, m.end())
        if d is not None:
            out.append((d.start(), d.end()))
    return out
