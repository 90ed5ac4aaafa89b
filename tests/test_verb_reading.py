"""claimgraph_verb_reading: a cue verb's -s form that the tagger read as a plural noun is read
again as a verb. Real model, real pipeline; each case is checked against the same pipeline
without the component, so a test fails if the model alone already read the sentence right."""

from __future__ import annotations

import pytest

from claimgraph.nlp.pipeline import Pipeline, build_language
from claimgraph.nlp.verb_reading import _past, third_person

CROCUS_LINKS = ("The head of the FSB links this escape plan to the Ukrainian intelligence "
                "services. \u201cThe investigation is ongoing,\u201d Bortnikov said.")


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


@pytest.fixture(scope="module")
def without():
    nlp = build_language()
    nlp.remove_pipe("claimgraph_verb_reading")
    return Pipeline(nlp=nlp)


def cues(pipeline: Pipeline, text: str) -> dict[str, tuple[str | None, str]]:
    return {a.cue.text: (a.source.text if a.source else None, a.stance)
            for a in pipeline.analyze(text).attributions}


def test_the_component_runs_before_the_attribute_ruler(pipeline):
    names = pipeline.nlp.pipe_names
    reading = names.index("claimgraph_verb_reading")
    assert names.index("parser") < reading < names.index("attribute_ruler")


@pytest.mark.parametrize("text, cue, source, stance", [
    (CROCUS_LINKS, "links", "The head of the FSB", "accuse"),
    ("The nearly 90-second ad slams the governor for his vote on the 1994 ban.", "slams",
     "The nearly 90-second ad", "accuse"),
])
def test_a_misread_cue_verb_gets_its_attribution(pipeline, without, text, cue, source, stance):
    # the model alone reads a plural noun: the statement is lost, or (when the learned tagger
    # finds the cue anyway) its source is cut
    assert cues(without, text).get(cue) != (source, stance)
    assert cues(pipeline, text)[cue] == (source, stance)


def test_the_word_is_tagged_as_written_and_lemmatized_as_a_verb(pipeline):
    doc = pipeline.nlp(CROCUS_LINKS)
    links = next(t for t in doc if t.text == "links")
    assert (links.tag_, links.pos_, links.lemma_) == ("VBZ", "VERB", "link")
    assert next(c for c in links.children if c.dep_ == "nsubj").text == "head"
    assert doc.text == CROCUS_LINKS  # the text and offsets stay the original ones


@pytest.mark.parametrize("text", [
    "The FSB's links to the attack are unclear.",  # a possessive: a noun
    "Rail links connect the two towns.",  # a verb above it: a noun
    "Claims of fraud circulated online after the vote.",  # sentence-initial
])
def test_plural_nouns_stay_nouns(pipeline, text):
    doc = pipeline.nlp(text)
    assert all(t.tag_ != "VBZ" for t in doc if t.lower_ in ("links", "claims"))


def test_forms():
    assert [third_person(v) for v in ("say", "deny", "stress", "vouch", "link", "echo")] == [
        "says", "denies", "stresses", "vouches", "links", "echoes"]
    assert [_past(v) for v in ("link", "slam", "brag", "tie", "deny", "say", "claim", "quip")] == [
        "linked", "slammed", "bragged", "tied", "denied", "said", "claimed", "quipped"]
