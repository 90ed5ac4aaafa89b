"""Cue shapes the CRF misses because they are not verbs: transcript speaker colons, "Name:"
lines and poll prepositions.

- "KOVAL: Why not hold the talks?" in an interview transcript: the colon is the cue, the capitalised
  name before it at the start of the line the source, the rest of the line the content.
- "Amnesty International: Shelling Of Market Was A War Crime", headlines and quoted turns: a short
  capitalised lead-in naming a person or organisation (no verb), then the claim.
- "In the new Rating Group poll, Zelensky leads ...", "45 percent support in a new Levada
  poll": PolNeAR marks the preposition "in" as the cue and the poll as the source; the content is
  the clause around it.

All are found from the parse and the characters alone (no model). Speed: the text is searched
for ":" and "poll"/"survey" first (C speed), so only those few tokens are looked at in Python.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import IDX
from spacy.tokens import Doc

from .doc_text import text_of

POLL_NOUNS = {"poll", "survey"}
_POLL_WORD = re.compile(r"\b(?:poll|survey)\b", re.IGNORECASE)
MAX_NAME_WORDS = 4


def _tokens_at(doc: Doc, pattern, text: str | None) -> list:
    """The tokens that start where `pattern` (a str or compiled regex) matches the doc's text
    (`text`: the doc's text when the caller has it at hand)."""
    if text is None:
        text = text_of(doc)
    starts = ([m.start() for m in re.finditer(re.escape(pattern), text)] if isinstance(pattern, str)
              else [m.start() for m in pattern.finditer(text)])
    if not starts:
        return []
    # token start offsets once, in C (doc.char_span scans per call)
    idx = doc.to_array(IDX)
    pos = np.searchsorted(idx, starts)
    return [doc[int(k)] for k, c in zip(pos, starts) if k < len(idx) and idx[k] == c]


def _line_start(doc: Doc, i: int, max_words: int | None = None) -> int:
    """The first token of token i's line (at most `max_words` tokens back)."""
    s = i
    while (s > 0 and not doc[s - 1].is_space and "\n" not in doc[s - 1].text_with_ws
           and (max_words is None or i - s < max_words)):
        s -= 1
    return s


def _line_end(doc: Doc, i: int) -> int:
    """The end (exclusive) of token i's line."""
    e = i + 1
    while e < len(doc) and not doc[e].is_space and "\n" not in doc[e - 1].text_with_ws:
        e += 1
    return e


def _trim(doc: Doc, s: int, e: int) -> tuple[int, int]:
    while s < e and (doc[s].is_punct or doc[s].is_space) and doc[s].text not in "\"“‘'":
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space) and doc[e - 1].text not in "\"”’'":
        e -= 1
    return s, e


def transcript_colons(doc: Doc, text: str | None = None) -> list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]:
    """(cue, source, content) token spans of "NAME: words" lines."""
    out = []
    for t in _tokens_at(doc, ":", text):
        if t.text != ":":
            continue
        i = t.i
        s = _line_start(doc, i, MAX_NAME_WORDS)
        # the name must start the line and be written in capitals ("KATE BOULDUAN")
        if s > 0 and "\n" not in doc[s - 1].text_with_ws and not doc[s - 1].is_space:
            continue
        name = doc[s:i]
        if not len(name) or not all(w.is_upper and w.is_alpha and len(w) > 1 for w in name):
            continue
        e = _line_end(doc, i)
        cs, ce = _trim(doc, i + 1, e)
        # a spoken turn ends like a sentence; "UPDATE: 5/12 ..." and headlines do not
        if ce > cs and doc[e - 1].text[-1:] in ".?!\"”…":
            out.append(((i, i + 1), (s, i), (cs, ce)))
    # a transcript has several turns; one capitalised label is a heading
    return out if len({doc[s:e].text for _, (s, e), _ in out}) >= 2 else []


_SOURCE_ENTS = {"PERSON", "ORG", "NORP", "GPE"}


def headline_colons(doc: Doc, text: str | None = None) -> list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]:
    """(cue, source, content) token spans of "Name: what they said" lines (headlines, quoted
    turns): a short capitalised lead-in naming a person or organisation, no verb, then words."""
    out = []
    for t in _tokens_at(doc, ":", text):
        if t.text != ":":
            continue
        i = t.i
        s = _line_start(doc, i)
        while s < i and doc[s].is_punct:  # an opening quote mark before the name
            s += 1
        name = doc[s:i]
        if not 0 < len(name) <= 5 or any(w.is_alpha and not w.text[:1].isupper() for w in name):
            continue
        if any(w.pos_ in ("VERB", "AUX") for w in name) or not any(w.ent_type_ in _SOURCE_ENTS for w in name):
            continue
        e = _line_end(doc, i)
        cs, ce = _trim(doc, i + 1, e)
        # "Clinton: 547." is a tally, not a claim
        if sum(w.is_alpha for w in doc[cs:ce]) >= 3 and not _roster(doc[cs:ce]):
            out.append(((i, i + 1), (s, i), (cs, ce)))
    return out


def _roster(words) -> bool:
    """"Ohio: Ann Lee, Bo Kim, Cy Diaz" (a label over a list of names) and "Name: Ann Lee
    Age: 27" (a form's fields): what follows the colon is no statement."""
    if any(w.text == ":" for w in words):
        return True
    commas = sum(w.text == "," for w in words)
    return commas >= 2 and all(w.pos_ == "PROPN" or w.is_punct or w.is_space for w in words)


def poll_prepositions(doc: Doc, text: str | None = None) -> list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]:
    """(cue, source, content) token spans of "in <a poll>" phrases."""
    out = []
    for obj in _tokens_at(doc, _POLL_WORD, text):
        t = obj.head
        # one named poll ("a new Fox News poll"), not "in the polls" or "in polls"
        if (obj.dep_ != "pobj" or t.lower_ != "in" or t.dep_ != "prep"
                or obj.lemma_.lower() not in POLL_NOUNS or obj.tag_ != "NN"):
            continue
        src = (obj.left_edge.i, obj.right_edge.i + 1)
        sent = t.sent
        # content: the longer side of the sentence around the "in ..." phrase
        sides = [_trim(doc, sent.start, t.i), _trim(doc, src[1], sent.end)]
        cs, ce = max(sides, key=lambda p: p[1] - p[0])
        if ce > cs:
            out.append(((t.i, t.i + 1), src, (cs, ce)))
    return out


_HEARSAY = re.compile(r"\breportedly\b", re.IGNORECASE)


def hearsay_adverbs(doc: Doc, text: str | None = None) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """"Bloomberg is reportedly considering a run": PolNeAR marks "reportedly" as the cue of a
    source-less attribution whose content is the clause around it. (cue, content fragments)
    for each "reportedly" that modifies a verb. On train files 0-755 "reportedly" is such a cue
    8 times in 17 (47 %, above the break-even); "allegedly" 1 in 11, so it is left out."""
    out = []
    for t in _tokens_at(doc, _HEARSAY, text):
        head = t.head
        if t.dep_ != "advmod" or head.i == t.i or head.pos_ not in ("VERB", "AUX"):
            continue
        toks = [w for w in head.subtree if w.i != t.i and not w.is_space]
        while toks and toks[-1].is_punct:
            toks.pop()
        fragments: list[tuple[int, int]] = []
        for w in toks:
            if fragments and w.i == fragments[-1][1]:
                fragments[-1] = (fragments[-1][0], w.i + 1)
            else:
                fragments.append((w.i, w.i + 1))
        spans = [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1])) for a, b in fragments]
        if spans:
            out.append(((t.idx, t.idx + len(t)), spans))
    return out
