"""claimgraph_headline_case: parse Title Case headlines as if they were written in sentence case.

"Benghazi Widow Defends Trump Amid Military Controversies" reaches the tagger as a row of
capitalised words: it reads them all as proper nouns, the parser finds no verb, and the
attribution the headline carries ("defends") is lost. The words' case is the only problem, and
the article itself tells which words are names: a word its body writes in lower case in the
middle of sentences is a common word ("defends", "amid"), one it writes capitalised is a name
("Trump"). So each Title Case line is rewritten in the case its body uses, parsed by the
model's own tok2vec, tagger and parser, and the tags and dependency arcs are copied back onto
the original tokens (nlp/reparse.py): the text, its offsets and the entity recognizer (which
runs later, on the original case) are untouched.

Words the body does not use are lower-cased when they are function words or cue-lexicon words
("slams", "denies"); everything else keeps its capital. A line is Title Case when it has at
least three words of four letters or more and nine in ten of them are capitalised; a line the
parser ran into the next sentence is re-parsed with that sentence, as a sentence of its own.

Cost: one extra parse of the headline lines only (a few dozen tokens per article).
"""

from __future__ import annotations

import re
from collections import Counter

import numpy
from spacy.attrs import LOWER
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from . import lexicon
from .doc_text import text_of
from .reparse import copy_parse, parse_copies

MAX_LINE_TOKENS = 40
MAX_LINE_CHARS = 300
MIN_LONG_WORDS = 3
TITLE_SHARE = 0.9
_SUFFIXES = ("ing", "ed", "es", "s", "d")


@Language.factory("claimgraph_headline_case", default_config={})
def make_headline_case(nlp: Language, name: str) -> "HeadlineCase":
    return HeadlineCase(nlp)


class HeadlineCase:
    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        words = set(STOP_WORDS)
        for e in lexicon.load_cues():
            words.update(e.words)
        self.common = frozenset(w.lower() for w in words)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 64):
        """The re-parses of a batch run together: the model's per-call cost is most of the
        cost of parsing a few dozen tokens."""
        for batch in minibatch(docs, size=batch_size):
            yield from self._run(list(batch))

    def _run(self, batch: list[Doc]) -> list[Doc]:
        jobs: list[tuple[Doc, int, Doc]] = []  # (doc, first token of the range, recased copy)
        for doc in batch:
            lines = _title_lines(doc)
            if lines:
                usage = _body_usage(doc, lines)
                jobs.extend(job for s, e in lines if (job := self._recased(doc, s, e, usage)) is not None)
        if jobs:
            copies = parse_copies(self.nlp, [copy for _, _, copy in jobs])
            for (doc, lo, _), copy in zip(jobs, copies):
                copy_parse(doc, lo, copy)
        return batch

    def _is_common(self, lower: str) -> bool:
        if lower in self.common:
            return True
        return any(lower.endswith(s) and lower[:-len(s)] in self.common for s in _SUFFIXES)

    def _recased(self, doc: Doc, start: int, end: int, usage: Counter) -> tuple[Doc, int, Doc] | None:
        """The parser's whole sentences around the line (it often runs a headline into the
        first sentence below it) as a new Doc, the line in its body's case and a sentence of
        its own; None when no word changes. Whole sentences are whole trees, so the arcs copied
        back cannot point outside the range."""
        lo, hi = doc[start].sent.start, doc[end - 1].sent.end
        span = doc[lo:hi]
        words, changed = [t.text for t in span], False
        for k in range(start + 1 - lo, end - lo):
            w = words[k]
            if w[:1].isupper() and not w.isupper():
                lower = w.lower()
                said = usage[(lower, "lower")] - usage[(lower, "upper")]
                if said > 0 or (said == 0 and self._is_common(lower)):
                    words[k], changed = lower, True
        if not changed:
            return None
        body = next((i for i in range(end, hi) if not doc[i].is_space), None)
        starts = [None] * (hi - lo)
        starts[0] = True
        if body is not None:
            starts[body - lo] = True
        copy = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in span], sent_starts=starts)
        return doc, lo, copy


_LONG_WORD = re.compile(r"\b[^\W\d_]{4,}\b")


def _title_lines(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the lines written in Title Case (read off the text: most lines are
    not, and are never turned into tokens here)."""
    text = text_of(doc)
    out, pos = [], 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if len(line) > MAX_LINE_CHARS or not line.strip() or line.isupper():
            continue
        words = _LONG_WORD.findall(line)
        capital = sum(1 for w in words if w[0].isupper())
        if len(words) < MIN_LONG_WORDS or capital < TITLE_SHARE * len(words):
            continue
        span = doc.char_span(start + len(line) - len(line.lstrip()), start + len(line.rstrip()),
                             alignment_mode="expand")
        if span is not None and 1 < len(span) <= MAX_LINE_TOKENS:
            out.append((span.start, span.end))
    return out


def _body_usage(doc: Doc, lines: list[tuple[int, int]]) -> Counter:
    """(lower-cased word, "lower"|"upper") -> times the rest of the text writes a word of the
    Title Case lines so, words at a sentence's or line's start left out (their capital says
    nothing). Only the headline words are looked up, with numpy over the lower-case ids."""
    lower_ids = doc.to_array([LOWER]).ravel()
    skip = numpy.zeros(len(doc), dtype=bool)
    for s, e in lines:
        skip[s:e] = True
    wanted = numpy.unique(numpy.concatenate([lower_ids[s + 1:e] for s, e in lines]))
    usage: Counter = Counter()
    for i in numpy.flatnonzero(numpy.isin(lower_ids, wanted) & ~skip).tolist():
        t = doc[i]
        if i == 0 or not t.is_alpha or t.is_sent_start:
            continue
        previous = doc[i - 1]
        if previous.is_space or previous.text in ".!?:\"“‘'(":
            continue
        usage[(t.lower_, "upper" if t.text[0].isupper() else "lower")] += 1
    return usage
