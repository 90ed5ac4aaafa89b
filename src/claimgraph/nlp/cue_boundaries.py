"""Cue boundary conventions learned from PolNeAR train: where a cue starts and stops.

The CRF finds most cues but often disagrees with the annotators on their edges: "said Friday"
vs "said", "said in a statement" vs "said", "then pointed out" vs "pointed out", "lashed out at".
The annotators follow habits per phrase, so a lookup table of those habits fixes part of it
(training/build_cue_boundaries.py builds it from the gold cues of train).

Model: a cue has an anchor (its syntactic root, preferring a verb). From the anchor the cue grows
one token at a time to the right, then to the left; at each step the table holds, for the cue
read so far (anchor lemma + the words taken, e.g. "say in a") and the next word ("statement"),
how often the gold cues took that word and how often they stopped before it. Where the table
has seen the situation often enough and leans clearly one way it decides; elsewhere the
predicted span decides. Words are generalised where the habit is about the class, not the word:
weekdays and months, numbers, proper names.

Cost: a few dict lookups per cue (a handful of cues per article), far below the parse.
"""

from __future__ import annotations

import json
from pathlib import Path

from spacy.tokens import Doc

TABLE_PATH = Path(__file__).parent / "models" / "cue_boundaries.json"
MAX_GROW = 6  # words taken on one side beyond the anchor: cue phrases are short
MIN_SEEN = 4  # situations seen fewer times in train leave the decision to the predicted span
LOOK_AHEAD = 3  # words of right (or left) context in a key
LEAN = 0.7  # share of one outcome needed to override the predicted span

_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
         "today", "yesterday", "tonight"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "jan.", "feb.", "aug.", "sept.",
           "oct.", "nov.", "dec."}


def word_class(tok) -> str:
    low = tok.lower_
    if low in _DAYS:
        return "<DAY>"
    if low in _MONTHS and tok.pos_ == "PROPN":
        return "<MONTH>"
    if tok.like_num:
        return "<NUM>"
    if tok.pos_ == "PROPN":
        return "<NAME>"
    if tok.is_space:
        return "<SP>"
    return low


def anchor_of(doc: Doc, start: int, end: int) -> int:
    """The cue's root: a token whose head lies outside the span, a verb if there is one."""
    roots = [i for i in range(start, end) if not (start <= doc[i].head.i < end) or doc[i].head.i == i]
    for pool in (roots, range(start, end)):
        verbs = [i for i in pool if doc[i].pos_ in ("VERB", "AUX") and doc[i].dep_ != "aux"]
        if verbs:
            return verbs[0]
    return roots[0] if roots else end - 1


def _walk(sent, anchor: int, step: int, limit: int):
    """The tokens out from the anchor on one side (step +1 or -1), within its sentence."""
    i = anchor + step
    n = 0
    while sent.start <= i < sent.end and n < limit:
        yield i
        i += step
        n += 1


def _ahead(doc: Doc, sent, i: int, step: int) -> list[str]:
    """The keys' look-ahead: the next word, the next two, the next three (outward order), so
    "said in a statement" and "said in Iowa" are told apart at "in"."""
    words: list[str] = []
    out = []
    for k in range(LOOK_AHEAD):
        j = i + k * step
        if not sent.start <= j < sent.end:
            break
        words.append(word_class(doc[j]))
        out.append(" ".join(words))
    return out


def count_cue(doc: Doc, start: int, end: int, table: dict[str, dict[str, list[int]]]) -> None:
    """Add one gold cue [start, end) (token indices) to the counts: per side, [took, stopped]
    for each (cue so far, next words)."""
    a = anchor_of(doc, start, end)
    sent = doc[a].sent
    for side, step in (("R", 1), ("L", -1)):
        words = [doc[a].lemma_.lower()]
        counts = table.setdefault(side, {})
        for i in _walk(sent, a, step, MAX_GROW + 1):
            took = start <= i < end
            for ahead in _ahead(doc, sent, i, step):
                counts.setdefault(" ".join(words) + "\t" + ahead, [0, 0])[0 if took else 1] += 1
            if not took:
                break
            words.append(word_class(doc[i]))


class CueBoundaries:
    def __init__(self, table: dict[str, dict[str, list[int]]], min_seen: int = MIN_SEEN,
                 lean: float = LEAN) -> None:
        self.table = table
        self.min_seen = min_seen
        self.lean = lean

    @classmethod
    def load(cls, path: str | Path = TABLE_PATH) -> "CueBoundaries":
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def adjust(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """The token span [start, end) of a predicted cue, its edges moved to where the
        annotators' habits put them."""
        a = anchor_of(doc, start, end)
        new_start, new_end = a, a + 1
        sent = doc[a].sent
        for side, step in (("R", 1), ("L", -1)):
            words = [doc[a].lemma_.lower()]
            counts = self.table.get(side, {})
            for i in _walk(sent, a, step, MAX_GROW):
                # the longest look-ahead seen often enough speaks; if it does not lean clearly,
                # the predicted span decides
                prefix = " ".join(words) + "\t"
                c = None
                for ahead in _ahead(doc, sent, i, step):
                    seen = counts.get(prefix + ahead)
                    if seen is None or sum(seen) < self.min_seen:
                        break
                    c = seen
                if c is not None and max(c) >= self.lean * (c[0] + c[1]):
                    take = c[0] > c[1]
                else:
                    take = start <= i < end
                if not take:
                    break
                words.append(word_class(doc[i]))
                if step > 0:
                    new_end = i + 1
                else:
                    new_start = i
        # never hand back a span that starts or ends on a space or loses the anchor
        while new_end > new_start + 1 and doc[new_end - 1].is_space:
            new_end -= 1
        while new_start < a and doc[new_start].is_space:
            new_start += 1
        return new_start, new_end
