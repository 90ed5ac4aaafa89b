"""claimgraph_headline_case: Title Case headlines parsed in the case the article's body uses.

Real model, real pipeline (build_language puts the component after the parser)."""

from __future__ import annotations

import pytest
from spacy.attrs import DEP, HEAD, TAG

from claimgraph.model import Meta
from claimgraph.nlp.pipeline import analysis_from_doc, build_language

ARTICLE = ("Kremlin Denies Role In Crocus Attack, Blames Kyiv\n\n"
           "The Kremlin on Friday denied any role in the attack and blamed Ukraine. Kremlin "
           "spokesman Dmitry Peskov said the accusations were absurd.")


@pytest.fixture(scope="module")
def nlp():
    return build_language()


def test_the_component_sits_after_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index("claimgraph_headline_case") == names.index("parser") + 1


def test_a_title_case_headline_gets_its_verbs_and_attributions(nlp):
    doc = nlp(ARTICLE)
    by_text = {t.text: t for t in doc[:10]}
    assert by_text["Denies"].tag_ == "VBZ" and by_text["Denies"].dep_ == "ROOT"
    assert by_text["Kremlin"].dep_ == "nsubj"
    record = analysis_from_doc(doc, id="x", meta=Meta())
    headline = [a for a in record.attributions if a.cue and a.cue.end < ARTICLE.index("\n")]
    assert {a.cue.text for a in headline} == {"Denies", "Blames"}
    assert all(a.source.text == "Kremlin" for a in headline)
    # the text, offsets and entities are the original ones (the recognizer reads the
    # original case: the component changes tags and arcs only)
    assert doc.text == ARTICLE
    with nlp.select_pipes(disable=["claimgraph_headline_case"]):
        plain = nlp(ARTICLE)
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == \
        [(e.start_char, e.end_char, e.label_) for e in plain.ents]


def test_words_the_body_capitalises_stay_names(nlp):
    from claimgraph.nlp.headline_case import _body_usage, _title_lines

    doc = nlp.make_doc("Widow Defends Trump Amid Controversies\n\nThe widow said on Monday that Trump "
                       "had her support amid the controversies. Trump thanked her.")
    for name in ("tok2vec", "tagger", "parser"):
        doc = nlp.get_pipe(name)(doc)
    lines = _title_lines(doc)
    assert lines == [(0, 5)]
    usage = _body_usage(doc, lines)
    # "Trump thanked her." opens a sentence: its capital says nothing
    assert usage[("trump", "upper")] == 1 and usage[("trump", "lower")] == 0
    assert usage[("amid", "lower")] == 1


def test_sentence_case_text_is_left_exactly_as_the_parser_made_it(nlp):
    text = "The minister said the talks had failed.\n\nKyiv Denied It.\n\nShort Line Here"
    with_it = nlp(text)
    without = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "claimgraph_headline_case":
            break
        without = proc(without)
    cols = [TAG, HEAD, DEP]
    # "Kyiv Denied It." has fewer than three long words: not a headline; nothing changes
    assert (with_it.to_array(cols) == without.to_array(cols)).all()
