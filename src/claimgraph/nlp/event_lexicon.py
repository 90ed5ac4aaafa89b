"""The event lexicons: trigger words (data/event_triggers.tsv), their senses by context
(data/event_senses.tsv) and the words of casualty and arrest figures (data/event_figures.tsv).

Data files reviewed like code; this module only reads them (once per process) and turns them
into lemma hashes, so that the component can find candidate tokens with one numpy pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.strings import hash_string

from .lexicon import _rows

DATA = Path(__file__).parent / "data"
TRIGGERS_PATH = DATA / "event_triggers.tsv"
SENSES_PATH = DATA / "event_senses.tsv"
FIGURES_PATH = DATA / "event_figures.tsv"

FIGURE_KINDS = ("killed", "injured", "detained", "arrested", "missing")


@dataclass(frozen=True)
class Trigger:
    lemma: str  # the trigger noun or verb (for a PHRASE, its last word)
    pos: str  # NOUN | VERB | PHRASE
    type: str  # event type, "anaphor" or "none"
    family: str
    needs: frozenset[str] = frozenset()  # modifier lemmas, one of which must be present
    governor: str | None = None  # PHRASE only: the lemma governing the noun ("open" in "open fire")


@dataclass(frozen=True)
class Sense:
    type: str  # event type, or "none"
    clues: frozenset[int]  # lemma hashes; empty = the default sense


@dataclass
class EventLexicon:
    nouns: dict[str, Trigger] = field(default_factory=dict)
    verbs: dict[str, Trigger] = field(default_factory=dict)
    phrases: dict[str, list[Trigger]] = field(default_factory=dict)  # by noun lemma
    senses: dict[str, list[Sense]] = field(default_factory=dict)
    families: dict[str, str] = field(default_factory=dict)  # event type -> family
    figure_kinds: dict[str, str] = field(default_factory=dict)  # lemma -> kind or "toll"
    qualifiers: tuple[tuple[str, ...], ...] = ()  # longest first

    def trigger_hashes(self) -> list[int]:
        words = set(self.nouns) | set(self.verbs) | set(self.phrases)
        return sorted(hash_string(w) for w in words)

    def figure_hashes(self) -> list[int]:
        return sorted(hash_string(w) for w in self.figure_kinds)


def load(triggers: Path = TRIGGERS_PATH, senses: Path = SENSES_PATH, figures: Path = FIGURES_PATH) -> EventLexicon:
    lex = EventLexicon()
    for lemma, pos, type_, family, needs in _rows(triggers, 5):
        need = frozenset() if needs == "-" else frozenset(needs.split(","))
        if pos == "PHRASE":
            governor, noun = lemma.rsplit(" ", 1)
            lex.phrases.setdefault(noun, []).append(Trigger(noun, pos, type_, family, need, governor))
        elif pos in ("NOUN", "VERB"):
            (lex.nouns if pos == "NOUN" else lex.verbs)[lemma] = Trigger(lemma, pos, type_, family, need)
        else:
            raise ValueError(f"{triggers.name}: unknown pos {pos!r} for {lemma!r}")
        if type_ not in ("anaphor", "none"):
            lex.families.setdefault(type_, family)
    for lemma, sense, clues in _rows(senses, 3):
        hashes = frozenset() if clues == "*" else frozenset(hash_string(c) for c in clues.split(","))
        lex.senses.setdefault(lemma, []).append(Sense(sense, hashes))
    quals = []
    for words, kind in _rows(figures, 2):
        if kind == "qualifier":
            quals.append(tuple(words.split()))
        elif kind in FIGURE_KINDS or kind == "toll":
            lex.figure_kinds[words] = kind
        else:
            raise ValueError(f"{figures.name}: unknown kind {kind!r}")
    lex.qualifiers = tuple(sorted(set(quals), key=len, reverse=True))
    return lex


@lru_cache(maxsize=1)
def default_lexicon() -> EventLexicon:
    return load()
