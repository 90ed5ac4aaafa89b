"""The draft filter (nlp/draft_filter.py) and the tagger confidence it reads (learned.CueScorer)."""

from __future__ import annotations

import json
import math

import pytest

from claimgraph.nlp import doc_state
from claimgraph.nlp.doc_state import DraftAttribution
from claimgraph.nlp.draft_filter import MODEL_PATH, DraftFilter, Neighbours, draft_features
from claimgraph.nlp.pipeline import build_language


@pytest.fixture(scope="module")
def nlp():
    # everything up to the merge, where the filter runs
    return build_language(components=["claimgraph_quotes", "claimgraph_attribution_rules",
                                      "claimgraph_attribution_learned"])


def _span(text: str, words: str) -> tuple[int, int]:
    s = text.index(words)
    return s, s + len(words)


def test_the_tagger_is_sure_of_a_plain_cue_and_not_of_a_word_beside_it(nlp):
    text = "Vladimir Putin claimed that the gunmen had been caught. He presented no evidence."
    doc = nlp(text)
    by_cue = {text[slice(*d.cue)]: d.tagger_confidence for d in doc_state.attributions(doc)}
    assert by_cue["claimed"] > 0.9
    learned = nlp.get_pipe("claimgraph_attribution_learned")
    [(_, scorer)] = learned.tagger.predict_many_scored([doc])
    claimed, gunmen, missing = scorer.confidences([_span(text, "claimed"), _span(text, "gunmen"), None])
    assert gunmen < 0.1 < 0.9 < claimed
    assert missing is None


def test_features_name_the_origin_the_source_the_content_and_the_confidence(nlp):
    text = "“We will win,” the minister said on Monday."
    doc = nlp(text)
    [draft] = [d for d in doc_state.attributions(doc) if d.cue and text[slice(*d.cue)].startswith("said")]
    feats = draft_features(doc, draft, text, Neighbours(doc_state.attributions(doc)))
    assert "origin=" + "+".join(sorted(draft.origin.split("+"))) in feats
    assert "src=NOUN" in feats and "con=quote" in feats and "lemma=say" in feats
    assert any(f.startswith("conf=") and f != "conf=none" for f in feats)


def test_a_dropped_draft_goes_and_the_drafts_nested_in_it_move_up(nlp):
    text = "Officials said that Russia knows that the culprit is IS. The report was published."
    doc = nlp.make_doc(text)
    doc = nlp.get_pipe("parser")(nlp.get_pipe("tagger")(nlp.get_pipe("tok2vec")(doc)))
    said = DraftAttribution(type="indirect", cue=_span(text, "said"), source=_span(text, "Officials"),
                            content=[_span(text, "that Russia knows that the culprit is IS")],
                            origin="rule:verb", cue_lemma="say")
    knows = DraftAttribution(type="indirect", cue=_span(text, "knows"), source=_span(text, "Russia"),
                             content=[_span(text, "that the culprit is IS")], origin="rule:verb",
                             cue_lemma="know", parent=said)
    doc_state.attributions(doc)[:] = [said, knows]
    neighbours = Neighbours([said, knows])
    assert neighbours.cue_in_other_content(knows) and neighbours.content_holds_cue(said)
    assert not neighbours.cue_in_other_content(said) and not neighbours.content_holds_cue(knows)
    # a filter that keeps only "know" cues: "said" goes, "knows" is no longer nested in it
    DraftFilter({"bias": -5.0, "lemma=know": 10.0}, threshold=0.5)(doc)
    assert doc_state.attributions(doc) == [knows] and knows.parent is None
    # nested drafts are never judged: with "said" kept, "knows" stays whatever its score
    doc_state.attributions(doc)[:] = [said, knows]
    knows.parent = said
    DraftFilter({"bias": -5.0, "lemma=say": 10.0}, threshold=0.5)(doc)
    assert doc_state.attributions(doc) == [said, knows]


def test_the_shipped_filter_loads_and_says_how_it_was_trained():
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert 0.0 < model["threshold"] < 1.0
    assert "out-of-fold" in model["about"] and "bias" in model["weights"]
    f = DraftFilter.load()
    assert f.probability(["bias"]) == pytest.approx(1 / (1 + math.exp(-model["weights"]["bias"])))


def test_a_draft_whose_cue_takes_a_side_is_never_dropped(nlp):
    text = "The Kyiv regime hurried to deny any role. Officials spoke at length."
    doc = nlp(text)
    drafts = doc_state.attributions(doc)
    deny = DraftAttribution(type="indirect", cue=_span(text, "deny"), source=_span(text, "The Kyiv regime"),
                            content=[_span(text, "any role")], origin="rule:verb", cue_lemma="deny")
    spoke = DraftAttribution(type="indirect", cue=_span(text, "spoke"), source=_span(text, "Officials"),
                             content=[_span(text, "at length")], origin="rule:verb", cue_lemma="speak")
    drafts[:] = [deny, spoke]
    DraftFilter({"bias": -10.0}, threshold=0.5)(doc)  # a filter that would drop everything
    assert drafts == [deny]
