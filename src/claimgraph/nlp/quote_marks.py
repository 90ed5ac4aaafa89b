"""Find quotations in raw text by their quote marks (pure Python, no spaCy).

`find_quotes(text)` returns every quotation as a `doc_state.Quote`, nested ones included,
ordered by start. Offsets are `str` indices into `text`, which is never modified.

How marks are read:
- Curly and angled marks have a direction, so they pair by family: “…” (English), „…“ and
  „…” (German, Eastern European), «…» and « … » (French, spaces inside allowed), »…« (Danish,
  German books), ‘…’, ‚…‘, ‹…›. A ” that opens a paragraph or follows a space and precedes a
  word opens a quote (some outlets use ” for both marks).
- Typewriter doubles ``…'' and ''…'' (two characters each) count as one double mark.
- Straight " and ' have no direction: a mark opens when it follows the start, a space, a
  bracket or dash (or another opening mark) and precedes a non-space; it closes an open quote
  when it follows a non-space.
- Single marks (' ‘ ’) double as apostrophes (don't, Russia’s, '90s, students'). A single mark
  inside a word never opens or closes, one before two digits never opens, and a single quote
  left open at the end of its paragraph is dropped: it was an apostrophe, not a quote.
- Quotes never cross a paragraph break. A double quote still open at the end of its paragraph
  ends there (close_mark None): this is both how bad input is contained (an unbalanced mark
  cannot swallow the rest of the document) and the first half of the multi-paragraph
  convention, where a quote running over several paragraphs leaves each paragraph but the
  last unclosed and reopens every new one. We report each paragraph's piece as its own
  `Quote`; `chains()` groups the pieces of one quotation (see there).
- A closing mark with nothing open to close is ignored.

Paragraphs: see `paragraph_spans` (blank lines, and single line breaks after a sentence end).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .doc_state import Quote

# Every character that may act as a quote mark.
DOUBLE_MARKS = "\"“”„‟«»"
SINGLE_MARKS = "'‘’‚‛‹›"
ALL_MARKS = DOUBLE_MARKS + SINGLE_MARKS

# For an opening mark, the marks that may close it.
_CLOSERS: dict[str, str] = {
    "“": "”“\"",   # English; “ also closes sloppy “…“
    "„": "“”\"",   # German „…“, Polish/Romanian „…”
    "‟": "”\"",
    "\"": "\"”“",  # straight quotes, sometimes closed by a curly mark in mixed text
    "”": "”\"",    # Swedish/Finnish ”…”, and outlets that open with ”
    "«": "»",
    "»": "«»",     # Danish »…«, Swedish/Finnish »…»
    "‘": "’'‘",    # the crocus text closes ‘window' with a straight mark
    "‚": "‘’",
    "‛": "’'",
    "'": "'’",
    "‹": "›",
    "›": "‹›",
    "``": "''\"”",
    "''": "''",
}
_TWO_CHAR_MARKS = ("``", "''")

_OPEN_BEFORE = "([{<—–-/" + ALL_MARKS  # a mark after these chars may be opening
_CLOSE_AFTER = ".,;:!?)]}>—–-…/" + ALL_MARKS  # a mark before these chars may be closing
_SPACES = " \t\n\r\f\v\u00a0\u202f\u2009\u2007\u2002\u2003"  # incl. the no-break spaces of « … »
_LINE_END = ".!?:;…" + ALL_MARKS
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
# The chars the paragraph scanner stops at (every other char is skipped by the regex engine).
_MARK_CHAR = re.compile("[" + "".join(re.escape(c) for c in ALL_MARKS + "`") + "]")


def _is_space(ch: str) -> bool:
    return ch in _SPACES or ch.isspace()


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph, surrounding whitespace excluded.

    A blank line always ends a paragraph. A single line break ends one too, unless the text
    uses blank lines and the line breaks in mid-sentence (hard-wrapped text): a line that ends
    with a word continues on the next line, one that ends with . ! ? : or a quote mark does not.
    """
    wrapped = bool(_BLANK_LINE.search(text))
    breaks = []
    for m in re.finditer(r"\n(?:[ \t\r\f\v\u00a0]*\n)*", text):
        if wrapped and "\n" not in text[m.start() + 1:m.end()]:
            k = m.start() - 1
            while k >= 0 and text[k] in " \t\r\f\v\u00a0":
                k -= 1
            if k >= 0 and text[k] not in _LINE_END:
                continue  # a wrapped line: the paragraph goes on
        breaks.append((m.start(), m.end()))
    spans = []
    start = 0
    for b_start, b_end in breaks + [(len(text), len(text))]:
        s, e = start, b_start
        while s < e and _is_space(text[s]):
            s += 1
        while e > s and _is_space(text[e - 1]):
            e -= 1
        if s < e:
            spans.append((s, e))
        start = b_end
    return spans


@dataclass
class _Open:
    pos: int
    mark: str
    double: bool


def _context(text: str, i: int, width: int, start: int, end: int) -> tuple[bool, bool]:
    """(may_open, may_close) for the mark text[i:i+width], from its neighbours in [start, end)."""
    prev = text[i - 1] if i > start else ""
    nxt = text[i + width] if i + width < end else ""
    may_open = (prev == "" or _is_space(prev) or prev in _OPEN_BEFORE) and nxt != "" and not _is_space(nxt)
    may_close = prev != "" and not _is_space(prev) and (nxt == "" or _is_space(nxt) or nxt in _CLOSE_AFTER)
    return may_open, may_close


def _is_elision(text: str, i: int, end: int) -> bool:
    """'90s, ’99: an apostrophe standing for dropped digits, not an opening quote."""
    return i + 3 <= end and text[i + 1:i + 3].isdigit()


def _scan_paragraph(text: str, start: int, end: int, out: list[Quote]) -> None:
    stack: list[_Open] = []

    def close(level: int, i: int, mark: str) -> None:
        opened = stack[level]
        del stack[level:]  # marks opened inside and never closed were not quotes
        out.append(_make(text, opened.pos, i + len(mark), opened.mark, mark))

    find = _MARK_CHAR.search
    pos = start
    while True:
        m = find(text, pos, end)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        pos = i + 1
        pair = text[i:i + 2]
        if pair in _TWO_CHAR_MARKS and i + 2 <= end:
            ch = pair  # ``…'' and ''…'' (typewriter and PTB style doubles)
            pos = i + 2
        elif ch == "`":
            continue
        may_open, may_close = _context(text, i, len(ch), start, end)
        double = ch in DOUBLE_MARKS or ch in _TWO_CHAR_MARKS
        nxt = text[i + len(ch)] if i + len(ch) < end else ""

        # 1. Close the innermost open quote this mark can close.
        level = _closable(stack, ch, double)
        if level is not None:
            opened = stack[level]
            if ch in "”»«›‹":
                closes = True  # marks with a direction: French even puts a space before »
            elif double:
                # A straight " (or a “ closing „) in clear opening position, space before and
                # word after, starts a nested quote rather than closing the open one.
                closes = not (may_open and not may_close)
            else:
                # A single mark closes only at a word's end; inside a word it is an apostrophe.
                closes = may_close
            if closes:
                close(level, i, ch)
                continue

        # 2. Otherwise open a new quote where the position allows it.
        if ch in "«‹":
            if nxt != "":
                stack.append(_Open(i, ch, double))
        elif ch in "»›":
            if may_open and not may_close:
                stack.append(_Open(i, ch, double))
        elif ch == "’":
            pass  # a lone ’ is an apostrophe (’Tis, rock ’n’ roll)
        elif may_open and not (not double and _is_elision(text, i, end)):
            if not (ch == "‚" and not nxt.isalpha()):  # else a low comma-like punctuation mark
                stack.append(_Open(i, ch, double))
        # anything else is a stray mark: ignored

    # 3. The paragraph ends: an open double quote ends here, open single quotes were
    #    apostrophes. Only the outermost open double quote is kept.
    for opened in stack:
        if opened.double:
            out.append(_make(text, opened.pos, end, opened.mark, None))
            break


def _closable(stack: list[_Open], ch: str, double: bool) -> int | None:
    """Index in `stack` of the innermost open quote that `ch` can close, or None.

    A double mark may close a double quote below open single quotes (those are dropped as
    apostrophes); a single mark only closes the innermost quote when it is single."""
    for level in range(len(stack) - 1, -1, -1):
        opened = stack[level]
        if opened.double == double and ch in _CLOSERS.get(opened.mark, ""):
            return level
        if opened.double and not double:
            return None  # a single mark never closes across an open double quote
        if opened.double == double:
            return None  # same kind, wrong closer: not ours to skip over
    return None


def _make(text: str, open_pos: int, outer_end: int, open_mark: str, close_mark: str | None) -> Quote:
    inner_start = open_pos + len(open_mark)
    inner_end = outer_end - len(close_mark) if close_mark is not None else outer_end
    while inner_start < inner_end and _is_space(text[inner_start]):
        inner_start += 1
    while inner_end > inner_start and _is_space(text[inner_end - 1]):
        inner_end -= 1
    return Quote(outer=(open_pos, outer_end), inner=(inner_start, inner_end),
                 open_mark=open_mark, close_mark=close_mark)


def find_quotes(text: str) -> list[Quote]:
    """All quotations in `text`, nested ones included, ordered by start (outer first)."""
    out: list[Quote] = []
    for start, end in paragraph_spans(text):
        _scan_paragraph(text, start, end, out)
    out.sort(key=lambda q: (q.outer[0], -q.outer[1]))
    return out


def outermost(quotes: list[Quote]) -> list[Quote]:
    """The quotes not contained in another one, in order."""
    result: list[Quote] = []
    for q in sorted(quotes, key=lambda q: (q.outer[0], -q.outer[1])):
        if result and q.outer[0] < result[-1].outer[1]:
            continue
        result.append(q)
    return result


def chains(text: str, quotes: list[Quote]) -> list[list[Quote]]:
    """Group outermost quotes into quotations: a quote left open at the end of its paragraph
    continues in the next paragraph when that paragraph begins with an opening mark (the
    multi-paragraph convention). Every other quote is a chain of one."""
    paragraphs = paragraph_spans(text)
    para_of_start = {s: n for n, (s, _) in enumerate(paragraphs)}
    para_of_end = {e: n for n, (_, e) in enumerate(paragraphs)}
    groups: list[list[Quote]] = []
    for q in outermost(quotes):
        if groups:
            last = groups[-1][-1]
            n = para_of_end.get(last.outer[1])
            if last.close_mark is None and n is not None and para_of_start.get(q.outer[0]) == n + 1:
                groups[-1].append(q)
                continue
        groups.append([q])
    return groups
