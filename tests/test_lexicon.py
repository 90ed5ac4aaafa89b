"""The cue and conduit lexicons (data/cues.tsv, data/conduits.tsv) and their loader."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from claimgraph.model import STANCES
from claimgraph.nlp import lexicon
from claimgraph.nlp.lexicon import CueEntry

SHARED = Path(__file__).resolve().parents[2] / "shared"  # beside the repo; absent on a fresh clone
POLNEAR = SHARED / "data" / "polnear"


def test_lexicon_is_large_and_holds_the_core_verbs():
    verbs = lexicon.cues_by_pos()["VERB"]
    assert len(verbs) >= 200
    for lemma in ("say", "state", "assure", "claim", "deny", "admit", "acknowledge", "accuse",
                  "reject", "warn", "insist", "suggest", "believe", "know", "add", "recall"):
        assert lemma in verbs, lemma


def test_entries_are_valid():
    for entry in lexicon.load_cues():
        assert entry.lemma == entry.lemma.strip().lower()
        assert entry.pos in lexicon.POS
        assert entry.kind in lexicon.KINDS
        assert entry.stance in STANCES  # the FORMAT.md labels
        assert entry.complement in lexicon.COMPLEMENTS
        if entry.pos != "PHRASE":
            assert len(entry.words) == 1, entry


@pytest.mark.parametrize("lemma,stance", [
    ("deny", "deny"), ("accuse", "accuse"), ("warn", "warn"), ("admit", "acknowledge"),
    ("acknowledge", "acknowledge"), ("reject", "reject"), ("say", "assert"), ("ask", "question"),
    ("claim responsibility", "claim_responsibility"), ("accusation", "accuse"), ("denial", "deny"),
])
def test_stance_hints(lemma, stance):
    assert lexicon.cue_lexicon()[lemma].stance == stance


def test_kinds():
    lex = lexicon.cue_lexicon()
    assert lex["say"].kind == "speech"
    assert lex["believe"].kind == "belief"
    assert lex["want"].kind == "intention"
    assert lex["support"].kind == "stance"
    assert lex["according to"].pos == "PHRASE"


def test_verb_entry_wins_for_a_lemma_that_is_also_a_noun():
    by_pos = lexicon.cues_by_pos()
    assert "claim" in by_pos["VERB"] and "claim" in by_pos["NOUN"]
    assert lexicon.cue_lexicon()["claim"].pos == "VERB"
    assert lexicon.cue_lexicon()["statement"].pos == "NOUN"


def test_loaders_are_cached():
    assert lexicon.cue_lexicon() is lexicon.cue_lexicon()
    assert lexicon.conduit_lexicon() is lexicon.conduit_lexicon()


def test_speech_verbs():
    verbs = lexicon.speech_verbs()
    assert {"say", "state", "assure", "tell"} <= verbs
    assert "believe" not in verbs and "want" not in verbs


def test_bad_rows_are_refused(tmp_path):
    path = tmp_path / "cues.tsv"
    path.write_text("lemma\tpos\tkind\tstance\tcomplement\nsay\tVERB\tspeech\tshout\tclause\n")
    with pytest.raises(ValueError):
        lexicon.load_cues(path)
    path.write_text("lemma\tpos\tkind\tstance\tcomplement\nsay\tVERB\tspeech\tassert\tclause\n"
                    "say\tVERB\tspeech\tassert\tclause\n")
    with pytest.raises(ValueError):
        lexicon.load_cues(path)
    path.write_text("# a comment\nlemma\tpos\tkind\tstance\tcomplement\nSay\tVERB\tspeech\tassert\tclause\n")
    assert lexicon.load_cues(path) == [CueEntry("say", "VERB", "speech", "assert", "clause")]


def test_conduit_lexicon():
    c = lexicon.conduit_lexicon()
    assert "agency" in c.media_nouns and "newspaper" in c.media_nouns
    assert c.is_media_name("Reuters") and c.is_media_name("The  New York Times")
    assert c.is_media_name("Tass") and not c.is_media_name("Alexander Bortnikov")
    assert "interview" in c.interview_nouns and "statement" in c.statement_nouns
    assert "report" in c.report_verbs and "quote" in c.conduit_verbs


@pytest.mark.polnear
def test_lexicon_covers_frequent_polnear_cue_verbs():
    """Single-word PolNeAR train cues seen at least 15 times (the annotated words, lowercased):
    almost all must be forms of a lexicon lemma. Reads the corpus; copies nothing from it."""
    train = POLNEAR / "train" / "attributions"
    if not train.is_dir():
        pytest.skip("PolNeAR is not available")
    counts: Counter[str] = Counter()
    for ann in train.glob("*.ann"):
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and parts[1].startswith("Cue ") and " " not in parts[2].strip():
                counts[parts[2].strip().lower()] += 1
    frequent = [w for w, n in counts.items() if n >= 15 and w.isalpha()]
    lemmas = set(lexicon.cue_lexicon())

    def covered(word: str) -> bool:
        stems = {word, word[:-1], word[:-2], word[:-3], word[:-1] + "e" if word.endswith("ing") else word,
                 word[:-3] + "e", word[:-3] + "y", word[:-2] + "y"}
        irregular = {"said": "say", "says": "say", "told": "tell", "tells": "tell", "wrote": "write",
                     "thought": "think", "knew": "know", "saw": "see", "sought": "seek",
                     "found": "find", "felt": "feel", "spoke": "speak", "according": "according to"}
        return bool(stems & lemmas) or irregular.get(word) in lemmas

    missing = [w for w in frequent if not covered(w)]
    # a handful of frequent annotated words are not attribution verbs for us ("seemed", "made")
    assert len(missing) <= 0.15 * len(frequent), missing
    with open(POLNEAR / "metadata.tsv", encoding="utf-8") as f:  # the corpus is the one we think
        assert any(row["compartment"] == "train" for row in csv.DictReader(f, delimiter="\t"))
