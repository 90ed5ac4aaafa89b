"""claimgraph_paragraph_breaks: a blank line ends a sentence before the parser runs."""

from __future__ import annotations

import pytest

from claimgraph.nlp.pipeline import build_language

TEXT = ("Kyiv rejects Moscow's attempts to link Ukraine to Crocus attack\n\n"
        "Ukraine has rejected Russian attempts to tie it to the shooting near Moscow.\n"
        "A hard-wrapped line goes on here.")


@pytest.fixture(scope="module")
def nlp():
    return build_language()


def test_a_blank_line_ends_the_sentence_and_a_single_break_does_not(nlp):
    names = nlp.pipe_names
    assert names.index("claimgraph_paragraph_breaks") == names.index("parser") - 1
    doc = nlp(TEXT)
    starts = [s.start_char for s in doc.sents]
    assert TEXT.index("Ukraine has") in starts
    assert TEXT.index("goes on") not in starts


def test_the_headline_no_longer_swallows_the_first_sentence(nlp):
    from claimgraph.model import Meta
    from claimgraph.nlp.pipeline import analysis_from_doc

    record = analysis_from_doc(nlp(TEXT), id="x", meta=Meta())
    cues = {a.cue.text for a in record.attributions if a.cue}
    assert {"rejects", "has rejected"} <= cues
    with nlp.select_pipes(disable=["claimgraph_paragraph_breaks"]):
        joined = analysis_from_doc(nlp(TEXT), id="x", meta=Meta())
    assert "has rejected" not in {a.cue.text for a in joined.attributions if a.cue}
