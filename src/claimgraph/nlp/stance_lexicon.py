"""The stance lexicons (data/stance_cues.tsv, data/stance_content.tsv) and a small phrase matcher.

Entries are lemmas, or lemma sequences in which `*` stands for a gap of up to `MAX_GAP` words
("pin * on") and `**` for one of up to `MAX_LONG_GAP` ("link ** to"). Quotation marks are read
through. One-word entries go to a dict keyed by lemma; phrases are indexed by
their first word, so matching is one dict lookup per token. A word matches an entry by its
lower-cased lemma or its lower-cased text (the small model's lemmas of participles and proper
nouns vary: "involved" is sometimes `involve`, sometimes `involved`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Token

DATA = Path(__file__).parent / "data"
CUES_PATH = DATA / "stance_cues.tsv"
CONTENT_PATH = DATA / "stance_content.tsv"

GAP = "*"
MAX_GAP = 4
# A long gap, for phrases whose middle is a whole noun phrase ("linking the men accused of the
# Crocus City Hall massacre to ..."): the shortest match is still taken first.
LONG_GAP = "**"
MAX_LONG_GAP = 12
# Tokens that are only quotation marks (spaCy keeps each mark a token of its own): phrases are
# matched through them.
QUOTE_TOKENS = frozenset({'"', "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e",
                          "\u2039", "\u203a", "'", "``", "''"})


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    value: str  # a stance (cue lexicon) or a class (content lexicon)
    negated: str = "other"  # stance when the cue is negated (cue lexicon only)


@dataclass
class Lexicon:
    """One-word entries by lemma, and multiword phrases by first word."""

    words: dict[str, list[Phrase]] = field(default_factory=dict)
    phrases: dict[str, list[Phrase]] = field(default_factory=dict)
    # `classes` by (lemma, lower-cased text): the stance component asks about the same words
    # in document after document.
    _classes: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    _words_with: dict[frozenset[str], frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def add(self, entry: Phrase) -> None:
        table = self.words if len(entry.words) == 1 else self.phrases
        bucket = table.setdefault(entry.words[0], [])
        if entry not in bucket:
            bucket.append(entry)
        self._classes.clear()
        self._words_with.clear()

    def lookup(self, tok: Token) -> list[Phrase]:
        """The one-word entries a token matches (by lemma, then by text)."""
        lemma = tok.lemma_.lower()
        found = self.words.get(lemma, [])
        if tok.lower_ != lemma:
            found = found + self.words.get(tok.lower_, [])
        return found

    def lookup_strings(self, lemma: str, lower: str) -> list[Phrase]:
        """`lookup` for a token's lower-cased lemma and lower-cased text."""
        found = self.words.get(lemma, [])
        if lower != lemma:
            found = found + self.words.get(lower, [])
        return found

    def lookup_words(self, lemma: str) -> list[Phrase]:
        """Entries for a lemma given as a string: one word, or a phrase ("claim responsibility")."""
        words = tuple(lemma.split())
        if len(words) == 1:
            return self.words.get(words[0], [])
        return [p for p in self.phrases.get(words[0], []) if p.words == words]

    def classes(self, tok: Token) -> frozenset[str]:
        return self.classes_of(tok.lemma_.lower(), tok.lower_)

    def words_with(self, values: frozenset[str]) -> frozenset[str]:
        """The one-word entries having any of `values`: a token has one of these classes iff
        its lower-cased lemma or its lower-cased text is among them (see `classes_of`)."""
        found = self._words_with.get(values)
        if found is None:
            found = self._words_with[values] = frozenset(
                w for w, entries in self.words.items() if any(p.value in values for p in entries))
        return found

    def classes_of(self, lemma: str, lower: str) -> frozenset[str]:
        """The classes of the one-word entries matching a lower-cased lemma or text."""
        key = (lemma, lower)
        found = self._classes.get(key)
        if found is None:
            entries = self.words.get(lemma, [])
            if lower != lemma:
                entries = entries + self.words.get(lower, [])
            found = frozenset(p.value for p in entries)
            if len(self._classes) >= 200_000:  # a long-running process: keep memory bounded
                self._classes.clear()
            self._classes[key] = found
        return found

    def match_phrases(self, tokens: Sequence[Token]) -> list[tuple[Phrase, int, int]]:
        """Phrases found in `tokens` (consecutive tokens of one Doc), as (phrase, start, end)
        indices into `tokens`, end exclusive; a match inside a longer one is left out."""
        return self.match_phrase_words([(tok.lemma_.lower(), tok.lower_) for tok in tokens])

    def match_phrase_words(self, words: Sequence[tuple[str, str]]) -> list[tuple[Phrase, int, int]]:
        """`match_phrases` for tokens given as (lower-cased lemma, lower-cased text) pairs: a
        caller that reads many ranges of one Doc makes each token's pair once."""
        phrases = self.phrases
        if not phrases:
            return []
        # Quotation marks are read through: a phrase quoted in part is still the phrase (Ukraine
        # had "absolutely nothing to do" with it). Matched on the words without them, then
        # mapped back to the caller's indices.
        keep = [k for k, (_, lower) in enumerate(words) if lower not in QUOTE_TOKENS]
        if len(keep) == len(words):
            return self._match_words(words)
        return [(phrase, keep[s], keep[e - 1] + 1)
                for phrase, s, e in self._match_words([words[k] for k in keep])]

    def _match_words(self, words: Sequence[tuple[str, str]]) -> list[tuple[Phrase, int, int]]:
        found = []
        phrases = self.phrases
        for i, (lemma, lower) in enumerate(words):
            cands = phrases.get(lemma, [])
            if lower != lemma:
                cands = cands + phrases.get(lower, [])
            for phrase in cands:
                end = _match(phrase.words, 1, words, i + 1)
                if end is not None:
                    found.append((phrase, i, end))
        # A phrase inside a longer one ("nothing to do with" in "had nothing to do with") is
        # the same finding read from a worse anchor: keep the longer. Not inside a long gap: the
        # noun phrase there ("linking the men who fired on the crowd to ...") says its own things.
        return [m for m in found
                if not any(o is not m and o[1] <= m[1] and m[2] <= o[2] and (o[2] - o[1]) > (m[2] - m[1])
                           and LONG_GAP not in o[0].words for o in found)]


def _match(words: tuple[str, ...], w: int, tokens: Sequence[tuple[str, str]], t: int) -> int | None:
    """End index of a match of words[w:] starting at tokens[t] (a (lemma, lower) pair), or None."""
    if w == len(words):
        return t
    if words[w] in (GAP, LONG_GAP):
        # Try the shortest gap first: "link * to" should stop at the first "to".
        for skip in range(0, (MAX_GAP if words[w] == GAP else MAX_LONG_GAP) + 1):
            end = _match(words, w + 1, tokens, t + skip)
            if end is not None:
                return end
            if t + skip >= len(tokens):
                break
        return None
    if t < len(tokens) and (words[w] == tokens[t][0] or words[w] == tokens[t][1]):
        return _match(words, w + 1, tokens, t + 1)
    return None


def _rows(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        yield cols


def load_cues(path: Path | str = CUES_PATH) -> Lexicon:
    """Cue lexicon: pattern → stance, with the stance when the cue is negated."""
    lex = Lexicon()
    for cols in _rows(Path(path)):
        words = tuple(cols[0].lower().split())
        negated = cols[2] if len(cols) > 2 and cols[2] else "other"
        lex.add(Phrase(words, cols[1], negated))
    return lex


def load_content(path: Path | str = CONTENT_PATH) -> Lexicon:
    """Content lexicon: pattern → class (see the file's header for the classes)."""
    lex = Lexicon()
    for cols in _rows(Path(path)):
        lex.add(Phrase(tuple(cols[0].lower().split()), cols[1]))
    return lex
