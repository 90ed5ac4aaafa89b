"""The cached attribute ruler and lemmatizer must annotate exactly like the model's own."""

from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from claimgraph.eval.corpus import sample_texts
from claimgraph.nlp import cached_annotation
from claimgraph.nlp.pipeline import DEFAULT_MODEL

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TRICKY = [
    "",
    "   \n\n ",
    "I ain't gonna say it, let's see. Gotta go, y'all wanna come?",
    "“We had nothing to do with it,” Zelensky's office said on Friday.\n\n\tKyiv denied it.",
    "THE KREMLIN SAID NOTHING. the kremlin said nothing. U.S. officials—citing intelligence—spoke.",
]


@pytest.fixture(scope="module")
def models():
    original = spacy.load(DEFAULT_MODEL)
    cached = spacy.load(DEFAULT_MODEL)
    switched = cached_annotation.install(cached)
    return original, cached, switched


def test_both_components_are_switched(models):
    original, cached, switched = models
    assert switched == ["attribute_ruler", "lemmatizer"]
    assert type(cached.get_pipe("attribute_ruler")) is cached_annotation.CachedAttributeRuler
    assert type(original.get_pipe("attribute_ruler")) is not cached_annotation.CachedAttributeRuler


def test_annotations_equal_the_original_token_by_token(models):
    original, cached, _ = models
    texts = TRICKY + sample_texts(SAMPLES, recursive=True)
    assert len(texts) > len(TRICKY)
    # twice: the second pass answers from the caches filled by the first
    for _ in range(2):
        for a, b in zip(original.pipe(texts), cached.pipe(texts)):
            cols = [POS, MORPH, LEMMA, TAG, DEP]
            diff = np.flatnonzero((a.to_array(cols) != b.to_array(cols)).any(axis=1))
            assert not len(diff), [(a[i].text, a[i].pos_, b[i].pos_, a[i].lemma_, b[i].lemma_)
                                   for i in diff[:5]]


def test_multi_token_patterns_still_apply(models):
    _, cached, _ = models
    doc = cached("I ain't gonna do it.")
    lemmas = [t.lemma_ for t in doc]
    # "ai n't" -> be; "gon na" -> go to: rules of the model's attribute ruler spanning two tokens
    assert lemmas[1] == "be"
    assert lemmas[3:5] == ["go", "to"]


def test_a_ruler_reading_unknown_attributes_is_left_alone():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"ENT_TYPE": "PERSON"}]], {"TAG": "NNP"})
    assert cached_annotation.install(nlp) == []
    assert type(nlp.get_pipe("attribute_ruler")) is not cached_annotation.CachedAttributeRuler
