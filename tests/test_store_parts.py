"""The store's pure parts, without a database: near-duplicate fingerprints, evidence spans,
full-text words, ids and database URLs."""

from __future__ import annotations

import random
import re
from itertools import combinations
from pathlib import Path

import pytest

from claimgraph.eval.corpus import sample_texts
from claimgraph.store import fingerprint, ids
from claimgraph.store.engine import database_url
from claimgraph.store.evidence import sentence_span
from claimgraph.store.fulltext import normalise, words

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "crocus"


@pytest.fixture(scope="module")
def texts():
    # written separately: the corpus's own wire reprint is left out
    return sample_texts(SAMPLES, reprints=False)


def true_jaccard(a: str, b: str) -> float:
    x, y = fingerprint.shingles(a), fingerprint.shingles(b)
    return len(x & y) / len(x | y)


def test_minhash_estimates_jaccard_similarity(texts):
    vocabulary = sorted({w for t in texts for w in re.findall(r"[A-Za-z]+", t)})
    rng = random.Random(3)
    errors = []
    for text in texts:
        for n in (300, 150, 60, 20):  # true similarity from about 0.35 to 0.9
            a = text + " " + " ".join(rng.choice(vocabulary) for _ in range(n))
            b = text + " " + " ".join(rng.choice(vocabulary) for _ in range(n))
            estimate = fingerprint.similarity(fingerprint.signature(a), fingerprint.signature(b))
            errors.append(abs(estimate - true_jaccard(a, b)))
    # 128 values: standard error at most 0.044; every estimate within 3 of them
    assert max(errors) < 0.13 and sum(errors) / len(errors) < 0.05


def test_wire_copies_pass_the_threshold_and_separate_stories_do_not(texts):
    for text in texts:
        headline, body = text.split("\n", 1)
        copy = "Another headline for the same wire story\n" + body + \
            "\nReporting by A. Reporter; editing by B. Editor. Copyright 2024 Example Wire."
        assert fingerprint.similarity(fingerprint.signature(text), fingerprint.signature(copy)) \
            >= fingerprint.JACCARD_THRESHOLD
    # articles about the same attack, written separately
    assert max(fingerprint.similarity(fingerprint.signature(a), fingerprint.signature(b))
               for a, b in combinations(texts, 2)) < 0.2


def test_signatures_and_band_keys_are_the_same_in_every_run(texts):
    sig = fingerprint.signature(texts[0])
    assert fingerprint.from_bytes(fingerprint.to_bytes(sig)).tolist() == sig.tolist()
    # fixed values: a change here means stored fingerprints no longer compare with new ones
    fox = fingerprint.signature("The quick brown fox jumps over the lazy dog")
    assert fox[:3].tolist() == [490812169, 525865983, 312073045]
    assert fingerprint.band_keys(fox)[0] == 2124840828942016785
    keys = fingerprint.band_keys(sig)
    assert len(keys) == fingerprint.BANDS and all(-2**63 <= k < 2**63 for k in keys)
    assert fingerprint.signature("") is None and fingerprint.signature("  ,. ") is None
    assert fingerprint.shingles("Only three words") == {"only three words"}


def test_evidence_is_the_sentence_around_the_statement():
    text = ('Police arrived. "We had nothing to do with it," the minister said on Monday. '
            "Then he left.\nA new paragraph.")
    start = text.index("We had")
    end = text.index("Monday") + len("Monday")
    s, e = sentence_span(text, start, end)
    assert text[s:e] == '"We had nothing to do with it," the minister said on Monday.'
    s, e = sentence_span(text, text.index("Then"), text.index("left") + 4)
    assert text[s:e] == "Then he left."
    s, e = sentence_span(text, text.index("new"), text.index("new") + 3)
    assert text[s:e] == "A new paragraph."
    # content that ends with its own full stop ends the sentence there
    s, e = sentence_span(text, 0, text.index("arrived.") + len("arrived."))
    assert text[s:e] == "Police arrived."


def test_full_text_words_fold_case_accents_and_apostrophes():
    assert words("Bórtnikov’s FSB, U.S. snake_case 1,000") == [
        "bortnikov", "s", "fsb", "u", "s", "snake", "case", "1", "000"]
    assert normalise("Ελληνικά — naïve") == "ελληνικα naive"
    assert words("'); DROP TABLE x; --") == ["drop", "table", "x"]


def test_ids_are_deterministic_and_distinguish_their_parts():
    assert ids.make_id("ab", "c") != ids.make_id("a", "bc")
    assert ids.make_id("a", None) != ids.make_id("a", "")
    assert ids.article_id_for_text("x") == ids.sha256_hex("x")[:32]
    a = ids.attribution_id("art", (1, 5), None, [(6, 9), (12, 20)])
    assert a == ids.attribution_id("art", (1, 5), None, [(6, 9), (12, 20)])
    assert a != ids.attribution_id("art", (1, 5), None, [(6, 9)])


def test_database_urls():
    assert database_url(None).database == "claims.db"
    assert database_url("data/claims.db").drivername == "sqlite+pysqlite"
    assert database_url("sqlite:////tmp/c.db").database == "/tmp/c.db"
    url = database_url("postgresql://u:p@localhost:5433/claims")
    assert (url.drivername, url.port, url.database) == ("postgresql+psycopg", 5433, "claims")
    assert database_url("postgres://h/db").drivername == "postgresql+psycopg"
    with pytest.raises(ValueError):
        database_url("mysql://h/db")
