"""The evidence span of a statement: the sentence(s) around its cue, source and content.

A reader checks a claim against the sentence it came from, not against the bare content span.
Sentence ends are found with a plain rule (., ! or ? with any closing quotes or brackets, then
white space; or a line break): the store must not depend on the NLP model.
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?][\"'”’»)\]]*\s+|\n+")
_LOOKAROUND = 3000  # a sentence longer than this is cut here: evidence stays readable


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) widened to the sentence boundaries around text[start:end]."""
    lo = max(0, start - _LOOKAROUND)
    s = lo
    for m in _END.finditer(text, lo, start):
        s = m.end()
    if s == lo and lo > 0:
        s = start
    # from end - 1: content that ends with its own full stop ends the sentence there
    m = _END.search(text, max(s, end - 1), min(len(text), end + _LOOKAROUND))
    e = m.start() + len(m.group().rstrip()) if m else min(len(text), end + _LOOKAROUND)
    if e < end:
        e = end
    return s, e
