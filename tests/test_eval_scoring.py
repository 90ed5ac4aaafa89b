"""The PolNeAR scorer on hand-built gold and predictions, with values worked out by hand.

Tokens (spaCy English rules) of the main text:
  Kyiv denied any involvement , officials said . " We will win , " Smith said on Monday .
"""

import json
from pathlib import Path

import pytest

from claimgraph.eval.polnear import GoldAttribution, GoldDocument, gold_to_analysis, read_polnear
from claimgraph.eval.scoring import error_records, format_report, score
from claimgraph.model import Analysis, Attribution, Entity, Span

POLNEAR_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "dev"

TEXT = 'Kyiv denied any involvement, officials said. "We will win," Smith said on Monday.'


def at(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of `sub` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def span(text: str, sub: str, nth: int = 0) -> Span:
    return Span.of(text, *at(text, sub, nth))


def attribution(id: str, cue: Span | None, source: Span | None, content: list[Span],
                speaker: str | None = None) -> Attribution:
    return Attribution(id=id, type="other", cue=cue, source=source, speaker=speaker,
                       content=content, conduit=None, stance="assert")


def gold_doc() -> GoldDocument:
    return GoldDocument("d1", TEXT, [
        GoldAttribution(cue=[at(TEXT, "said")], source=[at(TEXT, "officials")],
                        content=[at(TEXT, "Kyiv denied any involvement")], id="E1"),
        GoldAttribution(cue=[at(TEXT, "said", 1)], source=[at(TEXT, "Smith")],
                        content=[at(TEXT, "We will win")], id="E2"),
    ])


def predicted() -> Analysis:
    return Analysis("d1", TEXT, attributions=[
        attribution("a1", span(TEXT, "officials said"), span(TEXT, "officials"),
                    [span(TEXT, "denied any involvement, officials")]),
        attribution("a2", span(TEXT, "said", 1), None, [span(TEXT, 'We will win,"')]),
    ])


def test_exact_and_overlap_metrics_match_hand_computed_values():
    r = score([(gold_doc(), predicted())])
    ex, ov = r.exact, r.overlap
    # cue: a2's "said" is exact, a1's "officials said" is not
    assert (ex["cue"].precision, ex["cue"].recall) == (0.5, 0.5)
    # source: a1's cue overlaps E1's cue and "officials" is exact; a2 predicts no source
    assert (ex["source"].correct, ex["source"].predicted) == (1, 1)
    assert (ex["source"].found, ex["source"].gold) == (1, 2)
    assert ex["source"].f1 == pytest.approx(2 / 3)
    assert (ex["content"].precision, ex["content"].recall) == (0.0, 0.0)
    assert ex["all"].f1 == 0.0
    # overlap counts in tokens: cue pred {officials, said, said} vs gold {said, said}
    assert (ov["cue"].overlap, ov["cue"].predicted, ov["cue"].gold) == (2, 3, 2)
    assert (ov["source"].precision, ov["source"].recall) == (1.0, 0.5)
    # content: pred 5 + 5 tokens, gold 4 + 3, overlap 3 + 3
    assert (ov["content"].overlap, ov["content"].predicted, ov["content"].gold) == (6, 10, 7)
    assert ov["content"].precision == pytest.approx(0.6)
    assert ov["content"].recall == pytest.approx(6 / 7)
    assert (ov["all"].precision, ov["all"].recall) == (pytest.approx(9 / 14), pytest.approx(9 / 11))
    # quotes: a1 covers 3/4 of E1, a2 all of E2
    q30, q80 = r.quotes[0.3], r.quotes[0.8]
    assert (q30.matched, q30.precision, q30.recall) == (2, 1.0, 1.0)
    assert (q80.matched, q80.precision, q80.recall) == (1, 0.5, 0.5)
    # speaker: a1 names "officials" (right), a2 names nobody for Smith's quote (wrong)
    assert q30.speaker_match == 0.5 and q80.speaker_match == 0.0
    assert r.n_docs == 1 and r.n_gold == 2 and r.n_pred == 2


def test_gold_scored_against_itself_is_perfect():
    text = 'Officials said the plan\nwas dead. "We will win," Smith said, "and soon." Polls show gains.'
    gold = GoldDocument("d2", text, [
        GoldAttribution([at(text, "said")], [at(text, "Officials")],
                        [at(text, "the plan"), at(text, "was dead")]),
        GoldAttribution([at(text, "said", 1)], [at(text, "Smith")],
                        [at(text, '"We will win,"'), at(text, '"and soon."')]),
        GoldAttribution([at(text, "show")], [], [at(text, "gains")]),
    ])
    r = score([(gold, gold_to_analysis(gold)), (gold_doc(), gold_to_analysis(gold_doc()))])
    d = r.to_dict()
    for role in ("cue", "source", "content", "all"):
        for kind in ("exact", "overlap"):
            assert d["roles"][role][kind]["f1"] == 1.0, (role, kind)
    for q in d["quotes"].values():
        assert q["f1"] == 1.0 and q["speaker_match"] == 1.0
    assert error_records(gold, gold_to_analysis(gold)) == []


@pytest.mark.polnear
def test_dev_gold_against_itself_is_perfect():
    if not POLNEAR_DEV.is_dir():
        pytest.skip("PolNeAR dev split not present")
    docs = read_polnear(POLNEAR_DEV)
    d = score((g, gold_to_analysis(g)) for g in docs).to_dict()
    assert d["n_docs"] == 84
    assert all(d["roles"][r][k]["f1"] == 1.0 for r in d["roles"] for k in ("exact", "overlap"))
    assert all(q["f1"] == 1.0 for q in d["quotes"].values())


def test_spans_snap_to_whole_tokens_and_ignore_edge_whitespace():
    s, e = at(TEXT, "said")
    pred = Analysis("d1", TEXT, attributions=[
        attribution("a1", Span.of(TEXT, s, e - 1),  # "sai" snaps to "said"
                    span(TEXT, " officials "), [span(TEXT, "Kyiv denied any involvement,")]),
    ])
    gold = GoldDocument("d1", TEXT, [GoldAttribution([at(TEXT, "said")], [at(TEXT, "officials")],
                                                     [at(TEXT, "Kyiv denied any involvement")])])
    r = score([(gold, pred)])
    assert r.exact["cue"].f1 == 1.0 and r.exact["source"].f1 == 1.0
    assert r.exact["content"].correct == 0  # the comma is a token of its own
    pred.attributions[0].content = [span(TEXT, "Kyiv denied any involvemen")]
    assert score([(gold, pred)]).exact["all"].f1 == 1.0


def test_discontinuous_content_merges_only_across_whitespace():
    text = 'Officials said the plan\nwas dead. "We will win," Smith said, "and soon."'
    gold = GoldDocument("d", text, [
        GoldAttribution([at(text, "said")], [at(text, "Officials")],
                        [at(text, "the plan"), at(text, "was dead")]),
        GoldAttribution([at(text, "said", 1)], [at(text, "Smith")],
                        [at(text, '"We will win,"'), at(text, '"and soon."')]),
    ])
    pred = Analysis("d", text, attributions=[
        attribution("a1", span(text, "said"), span(text, "Officials"), [span(text, "the plan\nwas dead")]),
        attribution("a2", span(text, "said", 1), span(text, "Smith"),
                    [span(text, '"We will win," Smith said, "and soon."')]),
    ])
    r = score([(gold, pred)])
    assert (r.exact["content"].correct, r.exact["content"].found) == (1, 1)
    pred.attributions[1].content = [span(text, '"We will win,"'), span(text, '"and soon."')]
    assert score([(gold, pred)]).exact["content"].f1 == 1.0


def test_source_and_content_exact_need_an_overlapping_cue():
    pred = Analysis("d1", TEXT, attributions=[
        attribution("a1", span(TEXT, "Monday"), span(TEXT, "officials"),
                    [span(TEXT, "Kyiv denied any involvement")]),
    ])
    r = score([(gold_doc(), pred)])
    assert (r.exact["source"].correct, r.exact["content"].correct) == (0, 0)
    assert r.overlap["source"].overlap == 1  # overlap is not anchored on cues


def test_sourceless_attributions_count_only_where_a_source_exists():
    text = "Polls show gains for Smith."
    gold = GoldDocument("d", text, [GoldAttribution([at(text, "show")], [], [at(text, "gains for Smith")])])
    right = Analysis("d", text, attributions=[
        attribution("a1", span(text, "show"), None, [span(text, "gains for Smith")])])
    r = score([(gold, right)])
    assert (r.exact["source"].predicted, r.exact["source"].gold) == (0, 0)
    assert r.exact["all"].f1 == 1.0 and r.quotes[0.3].speaker_match == 1.0
    wrong = Analysis("d", text, attributions=[
        attribution("a1", span(text, "show"), span(text, "Polls"), [span(text, "gains for Smith")])])
    r = score([(gold, wrong)])
    assert (r.exact["source"].correct, r.exact["source"].predicted, r.exact["source"].gold) == (0, 1, 0)
    assert r.exact["all"].correct == 0 and r.quotes[0.3].speaker_match == 0.0


def test_a_source_shared_by_two_attributions_is_not_double_counted():
    text = "Smith said taxes would rise and added that spending would fall."
    smith = at(text, "Smith")
    gold = GoldDocument("d", text, [
        GoldAttribution([at(text, "said")], [smith], [at(text, "taxes would rise")]),
        GoldAttribution([at(text, "added")], [smith], [at(text, "that spending would fall")]),
    ])
    r = score([(gold, gold_to_analysis(gold))])
    # Citron's pairwise sum would give overlap 4 over 2 predicted tokens here.
    assert (r.overlap["source"].overlap, r.overlap["source"].predicted, r.overlap["source"].gold) == (2, 2, 2)
    one = gold_to_analysis(gold)
    one.attributions[1].source = None
    r = score([(gold, one)])
    assert (r.overlap["source"].precision, r.overlap["source"].recall) == (1.0, 0.5)


def test_quote_match_needs_strictly_more_than_the_threshold_and_is_one_to_one():
    text = "He said one two three four five six seven eight nine ten."
    gold = GoldDocument("d", text, [GoldAttribution([at(text, "said")], [at(text, "He")],
                                                    [at(text, "one two three four five six seven eight nine ten")])])

    def pred(content: str) -> Analysis:
        return Analysis("d", text, attributions=[
            attribution("a1", span(text, "said"), span(text, "He"), [span(text, content)])])

    assert score([(gold, pred("one two three"))]).quotes[0.3].matched == 0  # exactly 30 %
    assert score([(gold, pred("one two three four"))]).quotes[0.3].matched == 1
    assert score([(gold, pred("one two three four five six seven eight"))]).quotes[0.8].matched == 0
    assert score([(gold, pred("one two three four five six seven eight nine"))]).quotes[0.8].matched == 1

    two = GoldDocument("d", text, [
        GoldAttribution([at(text, "said")], [], [at(text, "one two three")]),
        GoldAttribution([at(text, "said")], [], [at(text, "four five six")]),
    ])
    q = score([(two, pred("one two three four five six"))]).quotes[0.8]
    assert (q.matched, q.predicted, q.gold) == (1, 1, 2)


def test_speaker_matches_through_the_predicted_speakers_mentions():
    text = "Smith arrived. He said taxes would rise."
    gold = GoldDocument("d", text, [GoldAttribution([at(text, "said")], [at(text, "He")],
                                                    [at(text, "taxes would rise")])])
    pred = Analysis("d", text, entities=[
        Entity("e1", "Smith", "PERSON", mentions=[at(text, "Smith"), at(text, "He")])],
        attributions=[attribution("a1", span(text, "said"), span(text, "Smith"),
                                  [span(text, "taxes would rise")], speaker="e1")])
    assert score([(gold, pred)]).quotes[0.3].speaker_match == 1.0
    pred.attributions[0].speaker = None
    assert score([(gold, pred)]).quotes[0.3].speaker_match == 0.0


def test_error_records_list_false_positives_and_negatives_with_text():
    recs = error_records(gold_doc(), predicted())
    got = {(r["role"], r["error"], r["text"], r.get("partial")) for r in recs}
    assert got == {
        ("cue", "fp", "officials said", True),
        ("cue", "fn", "said", True),
        ("source", "fn", "Smith", False),
        ("content", "fp", "denied any involvement, officials", True),
        ("content", "fp", 'We will win,"', True),
        ("content", "fn", "Kyiv denied any involvement", True),
        ("content", "fn", "We will win", True),
        ("speaker", "mismatch", "Smith", None),
    }
    assert all(r["doc"] == "d1" for r in recs)
    json.dumps(recs)


def test_report_is_json_and_a_readable_table():
    r = score([(gold_doc(), predicted())])
    d = json.loads(json.dumps(r.to_dict()))
    assert d["n_docs"] == 1
    assert d["counts"]["gold_attributions"] == 2
    assert d["roles"]["content"]["overlap"]["f1"] == pytest.approx(2 * 0.6 * (6 / 7) / (0.6 + 6 / 7))
    assert set(d["quotes"]) == {"0.3", "0.8"}
    table = format_report(r)
    assert str(r) == table
    rows = {line.split()[0]: line.split() for line in table.splitlines() if line.strip()}
    assert rows["cue"][1:4] == ["50.0", "50.0", "50.0"]
    assert rows["content"][4:7] == ["60.0", "85.7", "70.6"]
    assert rows[">30%"][1:4] == ["100.0", "100.0", "100.0"]


def test_another_annotators_discontinuous_cue_keeps_its_fragments():
    """"said (on Monday) in a statement" as two fragments on both sides is an exact match; the same
    annotation turned into a record (one covering span) is not."""
    text = "Polls show gains, Smith said on Monday in a statement."
    frags = [at(text, "said"), at(text, "in a statement")]
    gold = GoldDocument("d", text, [GoldAttribution(frags, [], [at(text, "Polls show gains")])])
    assert score([(gold, gold)]).exact["cue"].f1 == 1.0
    assert score([(gold, gold_to_analysis(gold))]).exact["cue"].f1 == 0.0


def test_a_speaker_error_names_the_speaker_of_the_record_it_is_about():
    """A nested record listed first is left out of the scoring; the speaker error of the outer
    record must name the outer record's speaker, not the nested one's."""
    text = "Smith said Jones believes taxes would rise."
    gold = GoldDocument("d", text, [GoldAttribution(
        [at(text, "said")], [at(text, "Smith")], [at(text, "Jones believes taxes would rise")])])
    pred = Analysis("d", text, entities=[Entity("e1", "Jones", "PERSON", mentions=[at(text, "Jones")]),
                                         Entity("e2", "Brown", "PERSON", mentions=[])],
                    attributions=[
        Attribution(id="a1", type="other", cue=span(text, "believes"), source=span(text, "Jones"),
                    speaker="e1", content=[span(text, "taxes would rise")], conduit=None, stance="assert"),
        Attribution(id="a2", type="other", cue=span(text, "said"), source=None, speaker="e2",
                    content=[span(text, "Jones believes taxes would rise")], conduit=None,
                    stance="assert")])
    [mismatch] = [r for r in error_records(gold, pred) if r["role"] == "speaker"]
    assert mismatch["predicted_attribution"] == "a2"
    assert mismatch["predicted_speaker"] == "e2"


def test_prediction_of_another_text_is_refused():
    with pytest.raises(ValueError, match="d1"):
        score([(gold_doc(), Analysis("d1", TEXT + " More."))])


# -- PolNeAR's outermost-only view (eval/outermost.py) -----------------------------------------

NESTED = "Sullivan said that Russia knows that Ukraine was not involved."


def nested_gold() -> GoldDocument:
    # PolNeAR annotates only the outermost attribution
    return GoldDocument("d2", NESTED, [
        GoldAttribution(cue=[at(NESTED, "said")], source=[at(NESTED, "Sullivan")],
                        content=[at(NESTED, "that Russia knows that Ukraine was not involved.")],
                        id="E1")])


def nested_records() -> Analysis:
    return Analysis("d2", NESTED, attributions=[
        attribution("a1", span(NESTED, "said"), span(NESTED, "Sullivan"),
                    [span(NESTED, "that Russia knows that Ukraine was not involved.")]),
        attribution("a2", span(NESTED, "knows"), span(NESTED, "Russia"),
                    [span(NESTED, "that Ukraine was not involved.")]),
    ])


def test_nested_records_are_left_out_of_the_polnear_scoring_by_default():
    r = score([(nested_gold(), nested_records())])
    assert r.n_pred == 1
    assert (r.exact["cue"].precision, r.exact["cue"].recall) == (1.0, 1.0)
    assert r.overlap["source"].precision == 1.0


def test_all_records_scores_the_nested_record_as_a_false_positive():
    from claimgraph.eval.scoring import Scorer

    scorer = Scorer(all_records=True)
    scorer.add(nested_gold(), nested_records())
    r = scorer.report
    assert r.n_pred == 2
    assert r.exact["cue"].precision == 0.5 and r.exact["cue"].recall == 1.0


def test_outermost_keeps_the_wider_of_two_records_that_seem_to_nest_each_other():
    from claimgraph.eval.outermost import outermost
    from types import SimpleNamespace as Q

    # token spans: each cue lies inside the other's content; the wider content wins
    wide = Q(cue=((5, 6),), content=((0, 5), (6, 20)))
    narrow = Q(cue=((2, 3),), content=((4, 8),))
    alone = Q(cue=((30, 31),), content=((31, 40),))
    assert outermost([narrow, wide, alone]) == [1, 2]
    # a record without a cue is never nested (nothing to place inside a content)
    assert outermost([Q(cue=(), content=((0, 3),)), wide]) == [0, 1]
