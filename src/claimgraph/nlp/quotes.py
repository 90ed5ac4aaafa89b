"""The `claimgraph_quotes` component: quotations and the direct-quote attributions they make.

It stores every quotation found by `quote_marks.find_quotes` in `doc_state.quotes(doc)` and
adds a `DraftAttribution(type="direct", origin="rule:quote")` for each quotation that is a
statement of its own:

- `“…,” X said` / `“…,” said X` / `“…,” the Afghan branch of IS, X stated` (cue after),
- `X said: “…”` / `X said, “…”` / `X said “…”` (cue before, the quote ending the sentence),
- `“First part,” he said. “Second part.”`: a quote with no cue of its own right after another
  quote's cue clause, in the same paragraph, continues that attribution (one more content span),
- a quote running over several paragraphs (`quote_marks.chains`): one attribution whose
  content has one span per paragraph,
- `“…” ― Ana Ruiz`: a speaker line after a dash (the dash is the cue),
- a floating quote: a quote that starts a sentence, ends it, and has no cue: it gets `cue` and
  `source` None and `speaker_from` set to the statement in the previous sentence or two (one of
  our quote drafts, or a reported-speech sentence "X said (that) …"). With no such statement
  it is kept only when it has `min_floating_words` words and does not look like a quoted
  heading (‘All Bets Are Off.’).

A cue before the quote wins when the quote ends its sentence; one after it wins when the
quote's sentence goes on to it (`X said: “A.\n\n“B,” X added.`). A verb without a subject of
its own ("before adding: “…”") lends the speaker of the nearby statement via `speaker_from`.

A quote inside a sentence that is not a statement by itself (the “Ukrainian footprint”, a
quoted fragment after "that") is left to the verb rules, which make mixed attributions.

spaCy's sentence splits are not trusted inside quotes (a long quote is often cut into several
"sentences"): windows are built from char offsets around quote spans, and only tokens outside
quotes are read for cues and sources.

When the floating quote's speaker is in a reported-speech sentence, this component makes a
draft for that sentence too (origin "rule:quote-context"; type "indirect"; content the
verb's clausal complement) so that `speaker_from` has an object to point at. The verb rules,
which run next, should complete that draft in place rather than add a second one with the
same cue.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.attrs import IDX, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Token

from . import doc_state, doc_text
from .doc_state import DraftAttribution, Quote
from .noun_chunk_bounds import noun_chunk_bounds
from .quote_marks import chains, find_quotes, paragraph_spans

# Verbs that introduce a quotation, used when the shared cue lexicon (lexicon.py, cues.tsv)
# cannot be read; and verbs that introduce a quotation but nothing else ("“…,” he continued").
_FALLBACK_SPEECH_VERBS = frozenset("""
say state add tell assure claim declare explain note insist warn reply respond answer ask
write announce comment conclude argue stress emphasize emphasise underline affirm
confirm deny admit acknowledge accuse suggest observe remark recall reiterate maintain
predict promise vow pledge complain concede contend tweet post shout whisper joke report
quip testify allege assert describe counter retort agree lament urge demand threaten boast
point mention specify indicate clarify reveal disclose propose proclaim
""".split())
_QUOTE_ONLY_VERBS = frozenset({"continue", "recount"})
_AFTER_QUOTE_VERBS = frozenset({"read"})  # "“…,” the letter reads"; before a quote, too loose
# A cue after a quote heads its clause: a participle or infinitive modifying something else
# ("“Klein Radio,” broadcast on AM 970"; "“Mr. Smith?” I had prepared a statement to read")
# is not one.
_NOT_CUE_DEPS = frozenset({"acl", "amod", "relcl", "xcomp", "compound", "pobj", "nmod", "dobj"})

# Phrases after a cue clause that name the intermediary ("quoted by the Tass agency").
_CONDUIT = re.compile(
    r"\s*,?\s*((?:quoted|cited|interviewed) by|told|(?:in|during) an? (?:interview|conversation) with"
    r"|speaking (?:to|with)|in (?:remarks|comments) to|writing (?:in|for))\s+",
    re.IGNORECASE,
)

_SENTENCE_END = {".", "!", "?", ";"}
_MAX_CUE_DISTANCE_BEFORE = 12  # words between a cue and the quote it introduces
_DASHES = "―—–"  # `“…” ― Ana Ruiz`: a speaker line after a quote
_QUOTE_ENDS_SENTENCE = re.compile(r"[.!?…]['’‘\"”»)]*$")
_QUOTE_ENDS_CLAUSE = re.compile(r"[,.!?…—–-]['’‘\"”»)]*$")


def speech_lemmas() -> frozenset[str]:
    """Cue verbs: the speech verbs of the shared cue lexicon, plus quote-only verbs."""
    try:
        from .lexicon import speech_verbs

        verbs = speech_verbs()
    except (ImportError, OSError, ValueError):  # lexicon absent or its data file unreadable
        verbs = _FALLBACK_SPEECH_VERBS
    return frozenset(verbs) | _QUOTE_ONLY_VERBS


@Language.factory(
    "claimgraph_quotes",
    default_config={"min_floating_words": 4, "max_cue_distance": 20},
)
def make_quotes(nlp: Language, name: str, min_floating_words: int, max_cue_distance: int) -> "QuoteAttributor":
    return QuoteAttributor(min_floating_words=min_floating_words, max_cue_distance=max_cue_distance)


@dataclass
class _Cue:
    verb: Token
    source: tuple[int, int] | None
    conduit: tuple[int, int] | None
    end: int  # char offset where the cue clause (verb, source, conduit) ends


class QuoteAttributor:
    """Finds quotations and makes direct-quote drafts (see the module docstring)."""

    def __init__(self, *, min_floating_words: int = 4, max_cue_distance: int = 20) -> None:
        self.min_floating_words = min_floating_words
        self.max_cue_distance = max_cue_distance
        self.lemmas = speech_lemmas()

    def __call__(self, doc: Doc) -> Doc:
        found = find_quotes(doc_text.text_of(doc))
        store = doc_state.quotes(doc)
        store.extend(found)
        # Cues and sources are read from the dependency parse; without one, only quotes.
        if found and doc.has_annotation("DEP"):
            _Annotator(doc, found, self).run()
        return doc


class _Annotator:
    """The work on one document."""

    def __init__(self, doc: Doc, found: list[Quote], cfg: QuoteAttributor) -> None:
        self.doc = doc
        self.text = doc_text.text_of(doc)
        self.cfg = cfg
        self.groups = chains(self.text, found)
        self.spans = [(g[0].outer[0], g[-1].outer[1]) for g in self.groups]
        self.starts = [s for s, _ in self.spans]
        self.paragraphs = paragraph_spans(self.text)
        self.para_starts = [s for s, _ in self.paragraphs]
        # Each token's first char and the char after its text, read in one C pass: windows
        # of tokens are cut by bisection, and Token objects made only for the tokens kept.
        table = doc.to_array([IDX, SPACY])
        self.token_starts = table[:, 0].tolist() if len(doc) else []
        spaces = table[:, 1].tolist() if len(doc) else []
        self.token_ends = [n - sp for n, sp in zip(self.token_starts[1:] + [len(self.text)], spaces)]
        self._sent_chars: list[tuple[int, int]] | None = None  # each sentence's (start, end) chars
        # Drafts made here, with the char offset where each one's text (quote + cue clause) ends.
        self.made: list[tuple[DraftAttribution, int]] = []
        self.context: dict[tuple[int, int], DraftAttribution] = {}
        self._chunks: dict[int, int] | None = None  # noun chunk start -> end (token indices)

    # -- helpers ---------------------------------------------------------------------------
    def inside_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.spans[k][0] <= pos < self.spans[k][1]

    def paragraph(self, pos: int) -> tuple[int, int]:
        k = max(bisect.bisect_right(self.para_starts, pos) - 1, 0)
        return self.paragraphs[k] if self.paragraphs else (0, len(self.text))

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens wholly in [start, end) and outside every quote."""
        starts, ends, doc = self.token_starts, self.token_ends, self.doc
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end, lo)
        return [doc[i] for i in range(lo, hi) if ends[i] <= end and not self.inside_quote(starts[i])]

    def sentence_chars(self) -> list[tuple[int, int]]:
        """(start_char, end_char) of each of `doc.sents`, made once per document."""
        if self._sent_chars is None:
            self._sent_chars = [(s.start_char, s.end_char) for s in self.doc.sents]
        return self._sent_chars

    def is_cue(self, t: Token) -> bool:
        return t.lemma_.lower() in self.cfg.lemmas and (t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB"))

    def next_char(self, pos: int, limit: int) -> str:
        while pos < limit and self.text[pos].isspace():
            pos += 1
        return self.text[pos] if pos < limit else ""

    def prev_char(self, pos: int, limit: int) -> tuple[str, int]:
        pos -= 1
        while pos >= limit and self.text[pos].isspace():
            pos -= 1
        return (self.text[pos], pos) if pos >= limit else ("", limit)

    # -- the document ------------------------------------------------------------------------
    def run(self) -> None:
        drafts = doc_state.attributions(self.doc)
        for group in self.groups:
            draft = self.attribute(group)
            # identity, not ==: a continued quote returns the draft it extended
            if draft is not None and all(d is not draft for d in drafts):
                drafts.append(draft)
        for draft in self.context.values():
            drafts.append(draft)

    def attribute(self, group: list[Quote]) -> DraftAttribution | None:
        text = self.text
        first, last = group[0], group[-1]
        start, end = first.outer[0], last.outer[1]
        p_start, _ = self.paragraph(start)
        _, p_end = self.paragraph(last.outer[0])  # a multi-paragraph quote ends in a later one
        inners = [q.inner for q in group if q.inner[0] < q.inner[1]]
        if not inners:
            return None
        last_inner = text[last.inner[0]:last.inner[1]]

        before, before_pos = self.prev_char(start, p_start)
        after = self.next_char(end, p_end)
        after_previous = bool(self.made) and self.made[-1][1] <= start and not text[self.made[-1][1]:start].strip()
        opens_sentence = after_previous or before == "" or before in ".!?…([" or (
            before in "”\"»’'" and text[before_pos - 1:before_pos] in (".", "!", "?", "…"))
        ends_sentence = (after in ("", ".", "!", "?", ";") or after in "“„«\"‘"
                         or bool(_QUOTE_ENDS_SENTENCE.search(last_inner)) or last.close_mark is None)

        before_cue: _Cue | None = None
        if not opens_sentence:
            if before == "," and _looks_like_heading(text, inners):
                return None  # `on his program, “Klein Investigative Radio,” broadcast on …`
            before_cue = self.cue_before(start, p_start, adjacent=before not in (":", ","))
            if before_cue is None:
                return None  # a quoted phrase inside a sentence: the verb rules' business
        after_cue: _Cue | None = None
        if last.close_mark is not None and (after == "," or _QUOTE_ENDS_CLAUSE.search(last_inner)):
            after_cue = self.cue_after(end, p_end)
        # `X said: “A.\n\n“B,” X added.`: a quote whose sentence goes on to a cue of its own
        # takes that cue; one that ends its sentence keeps the cue that introduced it.
        if after_cue is not None and (before_cue is None or not _QUOTE_ENDS_SENTENCE.search(last_inner)):
            cue = after_cue
        else:
            cue = before_cue
            if cue is not None and not (ends_sentence or after == "," or (
                    before in (":", ",") and _QUOTE_ENDS_CLAUSE.search(last_inner))):
                return None  # `X said “the plan” was bad`: partly quoted, a mixed attribution

        if cue is not None:
            previous = self.made[-1][0] if self.made else None
            if previous is not None and previous.cue == _cue_span(cue.verb):
                # `“First,” he said, “second.”`: the second part of the same statement.
                previous.content.extend(inners)
                self.made[-1] = (previous, max(self.made[-1][1], end))
                return previous
            draft = DraftAttribution(
                type="direct", cue=_cue_span(cue.verb), source=cue.source, content=inners,
                conduit=cue.conduit, origin="rule:quote", cue_lemma=cue.verb.lemma_.lower())
            if cue.source is None:
                draft.speaker_from = self.nearby_statement(start, p_start)
            self.made.append((draft, max(cue.end, end)))
            return draft

        # No cue: a continuation of the previous quote's statement, or a floating quote. A
        # quote left unclosed (bad input) is not trusted to be a statement by itself.
        if last.close_mark is None:
            return None
        signed = self.dash_speaker(end, p_end)
        if signed is not None:
            dash, name = signed
            draft = DraftAttribution(type="direct", cue=dash, source=name, content=inners,
                                     origin="rule:quote")
            self.made.append((draft, name[1]))
            return draft
        if not ends_sentence or _looks_like_heading(text, inners):
            return None
        if self.made:
            previous, prev_end = self.made[-1]
            if p_start <= prev_end <= start and re.fullmatch(r"[\s.,;:—–-]*", text[prev_end:start]):
                previous.content.extend(inners)
                self.made[-1] = (previous, end)
                return previous
        speaker = self.nearby_statement(start, p_start)
        words = sum(len(text[s:e].split()) for s, e in inners)
        if speaker is None and words < self.cfg.min_floating_words:
            return None
        draft = DraftAttribution(type="direct", cue=None, source=None, content=inners,
                                 origin="rule:quote", speaker_from=speaker)
        self.made.append((draft, end))
        return draft

    # -- cues --------------------------------------------------------------------------------
    def dash_speaker(self, end: int, p_end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """`“…” ― Ana Ruiz`: a dash right after the quote, then a name: (dash, name) spans."""
        pos = end
        while pos < p_end and self.text[pos] in " \t\u00a0":
            pos += 1
        if pos >= p_end or self.text[pos] not in _DASHES:
            return None
        dash = (pos, pos + 1)
        k = bisect.bisect_right(self.starts, dash[1])
        limit = min(p_end, self.starts[k]) if k < len(self.starts) else p_end
        name: list[Token] = []
        for t in self.tokens_between(dash[1], limit):
            if t.pos_ == "PROPN" or (name and t.text in (".", "-") and t.idx == name[-1].idx + len(name[-1])):
                name.append(t)
            elif t.text in _DASHES and not name:
                continue
            else:
                break
        span = _trim(name)
        return (dash, span) if span is not None else None

    def cue_after(self, end: int, p_end: int) -> _Cue | None:
        """`“…,” X said` or `“…,” said X`: a cue verb within a few tokens after the quote,
        before the sentence ends or another quote begins."""
        k = bisect.bisect_right(self.starts, end)
        limit = min(p_end, self.starts[k]) if k < len(self.starts) else p_end
        window: list[Token] = []
        for t in self.tokens_between(end, limit):
            if t.text in _SENTENCE_END:
                break
            window.append(t)
        words = [t for t in window if not t.is_punct]
        for t in words[: self.cfg.max_cue_distance]:
            if not (self.is_cue(t) or (t.lemma_.lower() in _AFTER_QUOTE_VERBS and t.pos_ == "VERB")):
                continue
            if t.dep_ in _NOT_CUE_DEPS or t.tag_ == "VBG":  # "…,” blaming X": not a speech cue
                continue
            lo = window[0].idx if window else end
            source = self.subject(t, lo, t.idx, after_quote=True) or self.inverted_subject(t, window)
            if source is None:
                # The parser lost the subject: the words between the quote and the verb.
                between = [w for w in window if w.i < t.i]
                source = _trim(_name_after_apposition(between))
            return self.finish(t, source, window)
        return None

    def cue_before(self, start: int, p_start: int, *, adjacent: bool) -> _Cue | None:
        """`X said: “…”`, `X said, “…”` (any words between verb and punctuation) or, when
        `adjacent`, `X said “…”` with the verb right before the quote."""
        lo = p_start
        k = bisect.bisect_left(self.starts, start) - 1
        if k >= 0 and self.spans[k][1] > lo:
            lo = self.spans[k][1]  # never look back over an earlier quote
        window = self.tokens_between(lo, start)
        cut = 0
        for n, t in enumerate(window):
            if t.text in _SENTENCE_END or t.text in _DASHES:  # `… made public ― Trump said, “…”`
                cut = n + 1
        window = window[cut:]
        if not window:
            return None
        candidates = [window[-1]] if adjacent else [t for t in reversed(window) if not t.is_punct]
        for t in candidates[:_MAX_CUE_DISTANCE_BEFORE]:
            if self.is_cue(t):
                if any(w.i > t.i and w.dep_ == "mark" for w in window):
                    return None  # `said that for young people, “…”`: reported, partly quoted
                source = self.subject(t, window[0].idx, start)
                if source is None:  # the parser put the subject outside the clause
                    lead = [w for w in window if w.i < t.i]
                    if 0 < len(lead) <= 4 and all(w.pos_ in ("PROPN", "PRON", "DET", "NOUN") for w in lead):
                        source = _trim(lead)
                return self.finish(t, source, [w for w in window if w.i > t.i], before=True)
            if t.pos_ == "VERB" and t.dep_ not in ("acl", "amod"):
                break  # `he said he would read the letter: “…”`: the quote belongs to "read"
        return None

    def finish(self, verb: Token, source: tuple[int, int] | None, window: list[Token],
               *, before: bool = False) -> _Cue:
        end = verb.idx + len(verb)
        if source is not None and source[1] > end and not before:
            end = source[1]
        conduit = None
        if not before:
            m = _CONDUIT.match(self.text, end)
            if m:
                np_end = self.phrase_end(m.end())
                if np_end > m.end():
                    conduit = (m.start(1), np_end)
                    end = np_end
        return _Cue(verb=verb, source=source, conduit=conduit, end=end)

    # -- sources -----------------------------------------------------------------------------
    def subject(self, verb: Token, lo: int, hi: int, *, after_quote: bool = False) -> tuple[int, int] | None:
        """The verb's subject, grown to its full noun phrase inside [lo, hi)."""
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and lo <= child.idx < hi and not self.inside_quote(child.idx):
                tokens = [t for t in child.subtree
                          if lo <= t.idx < hi and t.i != verb.i and not self.inside_quote(t.idx)]
                # keep the contiguous run around the head (the subtree may reach into the quote)
                run = [t for t in tokens if _contiguous(tokens, child, t)]
                if after_quote:
                    run = _name_after_apposition(run)
                return _trim(run)
        if verb.dep_ == "conj" and verb.head.i < verb.i and verb.head.pos_ in ("VERB", "AUX"):
            return self.subject(verb.head, lo, hi)  # `She urges him and says, “…”`: shared subject
        return None

    def inverted_subject(self, verb: Token, window: list[Token]) -> tuple[int, int] | None:
        """`said the minister (of transport)`: the noun phrase right after the verb (or after
        its particle), with the prepositional phrases that follow it, up to punctuation."""
        first = verb.i + 2 if verb.i + 1 < len(self.doc) and verb.nbor(1).dep_ == "prt" else verb.i + 1
        chunk_end = self.chunk_end(first)
        if chunk_end is None:
            return None
        kept: list[Token] = []
        for t in window:
            if t.i < first:
                continue
            if t.text in (",", ".", ";", ":") or (
                    t.i >= chunk_end and t.pos_ not in ("ADP", "DET", "PROPN", "NOUN", "ADJ")):
                break
            kept.append(t)
        return _trim(kept)

    def chunk_end(self, start: int) -> int | None:
        """End of the noun chunk (`doc.noun_chunks`) starting at token `start`, if any."""
        if self._chunks is None:  # once per document, on first need (shared with speakers)
            self._chunks = dict(noun_chunk_bounds(self.doc))
        return self._chunks.get(start)

    def phrase_end(self, pos: int) -> int:
        """End of the noun phrase starting at `pos` ("the Tass agency"), stopping at punctuation
        or at a preposition/verb once a noun was seen ("… agency on Friday")."""
        lo = bisect.bisect_left(self.token_starts, pos)
        end, seen_noun = pos, False
        for t in self.doc[lo:]:
            if t.is_punct or t.is_space or "\n" in t.text:
                break
            if seen_noun and t.pos_ in ("ADP", "VERB", "AUX", "SCONJ", "CCONJ") and t.lower_ != "of":
                break
            if t.pos_ in ("NOUN", "PROPN", "PRON"):
                seen_noun = True
            end = t.idx + len(t)
        return end

    # -- floating quotes ---------------------------------------------------------------------
    def nearby_statement(self, start: int, p_start: int) -> DraftAttribution | None:
        """The statement whose speaker a cue-less quote at `start` shares: our nearest quote
        draft or reported-speech sentence in the two sentences before it (this paragraph or,
        when the quote opens its paragraph, the previous one)."""
        lo = p_start
        if not self.text[p_start:start].strip():
            k = bisect.bisect_left(self.para_starts, p_start) - 1
            if k >= 0:
                lo = self.paragraphs[k][0]
        sentences = [(s, e) for s, e in self.sentence_chars() if s < start and e > lo]
        seen = 0
        for sent_start, sent_end in reversed(sentences):
            s_lo, s_hi = max(sent_start, lo), min(sent_end, start)
            for draft, d_end in reversed(self.made):
                if s_lo < d_end <= s_hi + 1 or (draft.content and s_lo <= draft.content[-1][0] < s_hi):
                    return _root(draft)
            tokens = self.tokens_between(s_lo, s_hi)
            if tokens:
                for t in tokens:
                    if self.is_cue(t):
                        source = self.subject(t, s_lo, s_hi)
                        if source is not None:
                            return self.context_draft(t, source, s_lo, s_hi)
                seen += 1
            if seen >= 2:
                break
        return None

    def context_draft(self, verb: Token, source: tuple[int, int], lo: int, hi: int) -> DraftAttribution | None:
        cue = _cue_span(verb)
        if cue in self.context:
            return self.context[cue]
        content = None
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp") and self.inside_quote(child.idx):
                return None  # a quotation we could not attribute: no speaker to lend
            if child.dep_ in ("ccomp", "xcomp"):
                tokens = [t for t in child.subtree if lo <= t.idx < hi]
                content = _trim(tokens)
                break
        if content is None:
            tokens = [t for t in self.tokens_between(cue[1], hi) if t.idx >= max(cue[1], source[1])]
            content = _trim(tokens)
        draft = DraftAttribution(type="indirect", cue=cue, source=source,
                                 content=[content] if content else [], origin="rule:quote-context",
                                 cue_lemma=verb.lemma_.lower())
        self.context[cue] = draft
        return draft


def _looks_like_heading(text: str, spans: list[tuple[int, int]]) -> bool:
    """`‘All Bets Are Off.’` alone: a short quoted title (most longer words capitalised),
    a section heading rather than something someone said."""
    words = [w.strip(".,;:!?…'’\"”") for s, e in spans for w in text[s:e].split()]
    if not words or len(words) > 8:
        return False
    long = [w for w in words if len(w) >= 4 and w[:1].isalpha()]
    return bool(long) and all(w[0].isupper() for w in long)


def _cue_span(verb: Token) -> tuple[int, int]:
    """The cue verb with an adjacent particle ("pointed out")."""
    end = verb.idx + len(verb)
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            end = child.idx + len(child)
    return (verb.idx, end)


def _contiguous(tokens: list[Token], head: Token, t: Token) -> bool:
    """Whether `t` is linked to `head` by an unbroken run of token indices in `tokens`."""
    ids = {x.i for x in tokens}
    lo, hi = sorted((head.i, t.i))
    return all(i in ids for i in range(lo, hi + 1))


def _name_after_apposition(tokens: list[Token]) -> list[Token]:
    """`“…,” the Afghan branch of IS, Bórtnikov stated`: between a quote and its cue, the words
    before a comma may still belong to the quoted sentence; when the last comma-separated part
    starts with a name or pronoun, that part is the speaker."""
    commas = [n for n, t in enumerate(tokens) if t.text == ","]
    while commas and commas[-1] == len(tokens) - 1:
        tokens = tokens[:-1]
        commas.pop()
    if commas:
        tail = tokens[commas[-1] + 1:]
        if tail and (tail[0].pos_ == "PROPN" or tail[0].tag_ == "PRP"):
            return tail
    return tokens


def _trim(tokens: list[Token]) -> tuple[int, int] | None:
    """Char span of `tokens` without punctuation at the edges (None when nothing is left)."""
    while tokens and (tokens[0].is_punct or tokens[0].is_space) and tokens[0].text not in "([":
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and tokens[-1].text not in ")]":
        tokens = tokens[:-1]
    if not tokens:
        return None
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1]))


def _root(draft: DraftAttribution) -> DraftAttribution:
    """The draft that names the speaker, following `speaker_from` links."""
    seen = set()
    while draft.source is None and draft.speaker_from is not None and id(draft) not in seen:
        seen.add(id(draft))
        draft = draft.speaker_from
    return draft
