"""The attribution lexicons: cue words (data/cues.tsv) and conduit words (data/conduits.tsv).

Both are data files reviewed like code; this module only reads them, once per process.

Stable API (other components read it):

- `cue_lexicon() -> dict[str, CueEntry]`: every cue, keyed by its lemma ("say", "statement",
  "according to", "claim responsibility"). A lemma listed both as a verb and as a noun ("claim")
  is keyed once, by its VERB entry (verbs, then phrases, then nouns win); the two share their
  kind and stance hint in the file, so a lookup by `DraftAttribution.cue_lemma` gives the right
  hint either way. `cues_by_pos()` gives every entry, per part of speech.
- `CueEntry`: `lemma`, `pos` ("VERB" | "NOUN" | "PHRASE"), `kind` ("speech" | "belief" |
  "perception" | "intention" | "stance"), `stance` (a FORMAT.md stance label: the default for
  the cue, before any look at the content), `complement` ("clause": only a clause counts as
  content; "any": a noun-phrase object counts too; "against": a noun cue whose content is its
  "against"/"of" object; "figure": a PHRASE whose second word is a figure noun, the content
  being that object with the verb's at/to/as phrase: "put the toll at 40"; "to-party": a verb
  that ties its object to whom its "to" phrase names, the content being both, said only by
  someone who can speak: "links this escape plan to the Ukrainian services", not "the bridge
  links the two towns"), and `words` (the lemma split on spaces; PHRASE heads come first).
- `speech_verbs()`: lemmas of VERB cues of kind speech (for components that look for a
  speech verb beside a quotation).
- `conduit_lexicon() -> ConduitLexicon`: word sets that mark a conduit (see data/conduits.tsv).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
CUES_PATH = DATA / "cues.tsv"
CONDUITS_PATH = DATA / "conduits.tsv"

POS = ("VERB", "NOUN", "PHRASE")
KINDS = ("speech", "belief", "perception", "intention", "stance")
STANCES = ("assert", "accuse", "deny", "acknowledge", "reject", "claim_responsibility", "warn",
           "question", "other")
COMPLEMENTS = ("clause", "any", "against", "figure", "to-party")


@dataclass(frozen=True)
class CueEntry:
    lemma: str
    pos: str
    kind: str
    stance: str
    complement: str = "clause"

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.lemma.split())


@dataclass(frozen=True)
class ConduitLexicon:
    media_nouns: frozenset[str]  # head nouns of outlets and journalists ("agency", "reporter")
    media_names: frozenset[str]  # lowercased outlet names ("reuters", "the new york times")
    interview_nouns: frozenset[str]  # "in an interview/remarks ... with|to|on X"
    statement_nouns: frozenset[str]  # "said in a statement": kept inside the cue
    report_verbs: frozenset[str]  # a parent cue that makes its source a conduit
    conduit_verbs: frozenset[str]  # participles that introduce a conduit ("quoted by")

    def is_media_name(self, text: str) -> bool:
        name = " ".join(text.lower().split())
        return name in self.media_names or name.removeprefix("the ") in self.media_names


def _rows(path: Path, width: int) -> list[list[str]]:
    """Non-comment rows of a tab-separated file, without its header line."""
    rows = []
    header_seen = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:  # the first non-comment line names the columns
            header_seen = True
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != width:
            raise ValueError(f"{path.name}: expected {width} columns: {line!r}")
        rows.append(parts)
    return rows


def load_cues(path: Path | str = CUES_PATH) -> list[CueEntry]:
    """All entries of a cue file, validated, in file order (one per lemma and pos)."""
    entries: list[CueEntry] = []
    seen: set[tuple[str, str]] = set()
    for lemma, pos, kind, stance, complement in _rows(Path(path), 5):
        if pos not in POS or kind not in KINDS or stance not in STANCES or complement not in COMPLEMENTS:
            raise ValueError(f"{Path(path).name}: bad entry {lemma!r} {pos} {kind} {stance} {complement}")
        key = (lemma.lower(), pos)
        if key in seen:
            raise ValueError(f"{Path(path).name}: {lemma!r} listed twice as {pos}")
        seen.add(key)
        entries.append(CueEntry(lemma.lower(), pos, kind, stance, complement))
    return entries


@lru_cache(maxsize=1)
def cues_by_pos() -> dict[str, dict[str, CueEntry]]:
    """{"VERB": {lemma: entry}, "NOUN": {...}, "PHRASE": {...}} from data/cues.tsv."""
    out: dict[str, dict[str, CueEntry]] = {p: {} for p in POS}
    for e in load_cues():
        out[e.pos][e.lemma] = e
    return out


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, CueEntry]:
    """Every cue keyed by lemma; a lemma that is both verb and noun maps to its VERB entry."""
    by_pos = cues_by_pos()
    merged: dict[str, CueEntry] = {}
    for pos in ("NOUN", "PHRASE", "VERB"):  # later wins
        merged.update(by_pos[pos])
    return merged


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    return frozenset(l for l, e in cues_by_pos()["VERB"].items() if e.kind == "speech")


@lru_cache(maxsize=1)
def conduit_lexicon() -> ConduitLexicon:
    groups: dict[str, set[str]] = {}
    for kind, word in _rows(CONDUITS_PATH, 2):
        groups.setdefault(kind, set()).add(" ".join(word.lower().split()))
    get = lambda k: frozenset(groups.get(k, ()))  # noqa: E731
    return ConduitLexicon(
        media_nouns=get("media_noun"), media_names=get("media_name"),
        interview_nouns=get("interview_noun"), statement_nouns=get("statement_noun"),
        report_verbs=get("report_verb"), conduit_verbs=get("conduit_verb"),
    )
