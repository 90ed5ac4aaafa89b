"""Datelines: "BISHKEK, May 24 – ...", "TEL AVIV (Reuters) – ...". A place in capitals at a
paragraph's start, an optional date or agency, a dash. The place is where the story was
filed and the date when: neither is a speaker, an event's place or an event's date."""

from __future__ import annotations

import re

# place in capitals; a region ("Nev.", "S.C.", "Burma") and/or a date ("Aug. 24"); an agency
DATELINE = re.compile(r"(?:[A-Z][A-Z'.\-]+)(?:\s+[A-Z][A-Z'.\-]+){0,3}"
                      r"(?:,\s*[A-Z][A-Za-z]*\.?(?:\s?[A-Z]\.)*(?![\w.]*\s+\d))?"
                      r"(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?"
                      r"(?:\s*\([A-Za-z ]+\))?\s*(?:[–—]|--?)\s*")


def dateline_end(text: str, s: int) -> int | None:
    """Where the dateline that starts a paragraph at `s` ends, or None when `s` starts none."""
    # only blanks between the line's start and `s` (walked back over, not searched for: a
    # text without line breaks would be read back to its start for every call)
    k = s
    while k > 0 and text[k - 1] != "\n":
        if not text[k - 1].isspace():
            return None
        k -= 1
    m = DATELINE.match(text, s)
    return m.end() if m else None


_PARAGRAPH_START = re.compile(r"(?:^|\n)[ \t]*")


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each dateline, at the start of the text or of a line."""
    out = []
    for m in _PARAGRAPH_START.finditer(text):
        d = DATELINE.match(text, m.end())
        if d is not None:
            out.append((d.start(), d.end()))
    return out
