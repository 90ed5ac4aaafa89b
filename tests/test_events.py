"""Events (claimgraph_events): type, place, date, figures, coreference and attribution links,
on hand-built sentences, the hand-made gold in tests/data/events_gold.jsonl, the crocus example
and the sample corpus; all with the real spaCy model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimgraph.inputs import read_one
from claimgraph.model import Analysis

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "events_gold.jsonl"
CROCUS = ROOT.parent / "shared" / "examples" / "crocus-attribution.txt"
SAMPLES = ROOT / "samples" / "crocus"


@pytest.fixture(scope="module")
def pipeline():
    from claimgraph.nlp.pipeline import Pipeline

    return Pipeline()


def events_of(pipeline, text: str, published: str | None = "2024-03-25") -> Analysis:
    return pipeline.analyze(text, id="t", published=published)


def only(analysis: Analysis, type_: str):
    found = [v for v in analysis.events if v.type == type_]
    assert len(found) == 1, [(v.type, v.trigger.text) for v in analysis.events]
    return found[0]


# -- one sentence at a time ------------------------------------------------------------------

def test_attack_with_place_date_and_qualified_figure(pipeline):
    a = events_of(pipeline, "More than 140 people were killed in the attack on Crocus City Hall in "
                            "Krasnogorsk on March 22.", published="2024-05-24")
    v = only(a, "attack")
    assert v.place.name == "Crocus City Hall"
    assert (v.date.text, v.date.value, v.date.precision) == ("March 22", "2024-03-22", "day")
    [f] = v.figures
    assert (f.kind, f.value, f.qualifier, f.counted) == ("killed", 140, "more than", "people")
    assert a.text[f.start:f.end] == f.text


def test_death_toll_and_number_words(pipeline):
    a = events_of(pipeline, "The death toll from the bombing rose to 144. Eleven people were detained.")
    assert [(f.kind, f.value) for f in only(a, "bombing").figures] == [("killed", 144)]
    assert [(f.kind, f.value) for f in only(a, "arrest").figures] == [("detained", 11)]


def test_bodies_and_burials_count_the_dead(pipeline):
    a = events_of(pipeline, "Russian troops killed civilians in Bucha, officials said. The mayor said "
                            "280 people had been buried in mass graves. The prosecutor said the bodies "
                            "of 410 civilians had been recovered.")
    assert [(f.kind, f.value) for f in only(a, "killing").figures] == [("killed", 280), ("killed", 410)]
    assert not events_of(pipeline, "A body of 20 experts met in Geneva on Monday.").events


def test_coreferent_mentions_are_one_event(pipeline):
    text = ("Gunmen opened fire at the Crocus City Hall concert venue on Friday. The attack was the "
            "deadliest in decades. Officials said the massacre had been planned for months.")
    a = events_of(pipeline, text)
    [v] = a.events
    assert v.type in ("attack", "shooting")
    assert [text[s:e] for s, e in v.mentions] == ["opened fire", "attack", "massacre"]


def test_another_attack_is_another_event(pipeline):
    a = events_of(pipeline, "The attack on the school in Beslan killed hundreds. Another attack "
                            "hit a theatre in Moscow two years earlier.")
    assert [v.type for v in a.events] == ["attack", "attack"]


def test_strike_sense_from_context(pipeline):
    labour = events_of(pipeline, "Teachers went on strike over pay on Monday, the union said.")
    assert [v.type for v in labour.events] == ["labour_strike"]
    military = events_of(pipeline, "A missile strike on Kharkiv wounded 30 civilians.")
    assert [v.type for v in military.events] == ["military_strike"]
    deal = events_of(pipeline, "The two parties struck a deal on the budget.")
    assert deal.events == []


def test_words_that_are_no_events(pipeline):
    a = events_of(pipeline, "The minister came under fire for his remarks. The senator attacked his "
                            "rival's record in a campaign speech.")
    assert a.events == []


def test_bounds_and_speech_dates_are_not_event_dates(pipeline):
    a = events_of(pipeline, "The Kremlin said on Saturday that the attack was the worst since 2004.")
    assert only(a, "attack").date is None


def test_future_verb_reads_the_weekday_forward(pipeline):
    a = events_of(pipeline, "The referendum will be held on Friday.", published="2024-03-20")
    assert only(a, "referendum").date.value == "2024-03-22"


def test_date_needs_the_publication_date(pipeline):
    a = events_of(pipeline, "The attack on Friday killed 12 people.", published=None)
    v = only(a, "attack")
    assert v.date.text == "Friday" and v.date.value is None and v.date.precision is None


def test_attributions_link_to_the_event_they_concern(pipeline):
    text = ("Gunmen killed 144 people in an attack on a concert hall near Moscow. "
            "Kyiv said it had nothing to do with the attack. "
            "Moscow accused Ukraine of involvement. "
            "The minister said the budget would be passed next week.")
    a = events_of(pipeline, text)
    v = only(a, "attack")
    by_cue = {x.cue.text: x.event for x in a.attributions if x.cue}
    linked = {x.content[0].text: x.event for x in a.attributions if x.content}
    assert linked["it had nothing to do with the attack"] == v.id
    assert by_cue["accused"] == v.id  # no mention, but an accusation about the main event
    assert linked["the budget would be passed next week"] is None


def test_record_survives_multiprocessing_bytes(pipeline):
    """The record component freezes events into plain data (dates read afterwards)."""
    texts = [("The attack on Friday killed 12 people.", {"id": "x", "published": "2024-03-25"})]
    [a] = list(pipeline.pipe(texts))
    v = only(a, "attack")
    assert v.date.value == "2024-03-22"
    assert Analysis.from_dict(json.loads(json.dumps(a.to_dict()))).to_dict() == a.to_dict()


# -- the hand-made gold ------------------------------------------------------------------------

def score_gold(pipeline) -> dict[str, float]:
    fig_tp = fig_pred = fig_gold = 0
    date_tp = date_pred = date_gold = 0
    type_tp = type_pred = type_gold = 0
    place_tp = place_pred = place_gold = 0
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        a = events_of(pipeline, case["text"], case["published"])
        gold_figs = [tuple(f) for v in case["events"] for f in v["figures"]]
        pred_figs = [(f.kind, f.value, f.qualifier) for v in a.events for f in v.figures]
        fig_gold += len(gold_figs)
        fig_pred += len(pred_figs)
        fig_tp += sum(1 for f in pred_figs if f in gold_figs)
        gold_types = [v["type"] for v in case["events"]]
        pred_types = [v.type for v in a.events]
        type_gold += len(gold_types)
        type_pred += len(pred_types)
        type_tp += sum(1 for t in pred_types if t in gold_types)
        gold_dates = [(v["type"], tuple(v["date"])) for v in case["events"] if v["date"]]
        pred_dates = [(v.type, (v.date.value, v.date.end_value)) for v in a.events if v.date and v.date.value]
        date_gold += len(gold_dates)
        date_pred += len(pred_dates)
        date_tp += sum(1 for d in pred_dates if d in gold_dates)
        gold_places = [(v["type"], v["place"]) for v in case["events"] if v["place"]]
        pred_places = [(v.type, v.place.name) for v in a.events if v.place]
        place_gold += len(gold_places)
        place_pred += len(pred_places)
        place_tp += sum(1 for d in pred_places if d in gold_places)

    def pr(tp: int, pred: int, gold: int) -> tuple[float, float]:
        return (tp / pred if pred else 1.0), (tp / gold if gold else 1.0)

    fp, fr = pr(fig_tp, fig_pred, fig_gold)
    dp, dr = pr(date_tp, date_pred, date_gold)
    tp_, tr = pr(type_tp, type_pred, type_gold)
    pp, pr_ = pr(place_tp, place_pred, place_gold)
    return {"figures_p": fp, "figures_r": fr, "dates_p": dp, "dates_r": dr, "types_p": tp_, "types_r": tr,
            "places_p": pp, "places_r": pr_}


def test_gold_figures_dates_and_types(pipeline):
    scores = score_gold(pipeline)
    print("events gold:", {k: round(v, 3) for k, v in scores.items()})
    # floors a little under the figures measured when they were set (see README, Events)
    assert scores["figures_p"] >= 0.95 and scores["figures_r"] >= 0.9, scores
    assert scores["types_p"] >= 0.9 and scores["types_r"] >= 0.9, scores
    assert scores["dates_p"] >= 0.9 and scores["dates_r"] >= 0.8, scores
    assert scores["places_p"] >= 0.85 and scores["places_r"] >= 0.8, scores


# -- real articles ------------------------------------------------------------------------------

def test_the_crocus_example(pipeline):
    if not CROCUS.exists():
        pytest.skip("../shared/examples is absent")
    text = CROCUS.read_text(encoding="utf-8")
    a = pipeline.analyze(text, id="crocus-attribution", published="2024-05-24")
    attack = a.events[0]
    assert attack.type == "attack"
    assert attack.place.name == "Crocus City Hall"
    assert (attack.date.value, attack.date.precision) == ("2024-03-22", "day")
    assert len(attack.mentions) >= 10
    assert {text[s:e] for s, e in attack.mentions} >= {"attack", "massacre", "opened fire"}
    figures = {(f.kind, f.value, f.qualifier) for f in attack.figures}
    assert {("killed", 140, "more than"), ("killed", 144, None), ("injured", 360, None)} <= figures
    arrest = only(a, "arrest")
    assert [(f.kind, f.value, f.qualifier) for f in arrest.figures] == [("detained", 20, "more than")]
    linked = [x for x in a.attributions if x.event == attack.id]
    assert len(linked) >= 0.7 * len(a.attributions)
    def event_of(content_start: str) -> str | None:
        [x] = [x for x in a.attributions if x.content and x.content[0].text.startswith(content_start)]
        return x.event

    assert event_of("that it had nothing to do with the attack") == attack.id
    assert event_of("that Ukrainian military intelligence is") == attack.id  # no mention: an accusation
    assert event_of("the data transmitted by the US") is None


def sample_paths() -> list[Path]:
    return sorted([*SAMPLES.glob("*.txt"), *SAMPLES.glob("*.md")])


def test_the_sample_corpus(pipeline):
    paths = sample_paths()
    if not paths:
        pytest.skip("no samples")
    dated = placed = 0
    for path in paths:
        item = read_one(str(path))
        m = re.match(r"(\d{4}-\d{2}-\d{2})", path.name)
        published = (item.meta.published if item.meta and item.meta.published else None) or (m and m.group(1))
        a = pipeline.analyze(item.text, id=item.id, published=published)
        main = max(a.events, key=lambda v: len(v.mentions))
        assert main.type in ("attack", "shooting"), (path.name, [(v.type, len(v.mentions)) for v in a.events])
        for v in a.events:
            for s, e in v.mentions:
                assert e > s
            for span in [v.trigger, v.place, v.date, *v.figures]:
                if span is not None:
                    assert a.text[span.start:span.end] == span.text
        if main.date and main.date.value:
            assert main.date.value == "2024-03-22", (path.name, main.date)
            dated += 1
        placed += main.place is not None and main.place.name == "Crocus City Hall"
        assert any(x.event == main.id for x in a.attributions), path.name
    # measured when set: 14 of 15 placed at Crocus City Hall, 9 of 15 dated (all right)
    assert placed >= 0.75 * len(paths)
    assert dated >= 0.5 * len(paths)


def test_long_text_pieces_keep_their_events(pipeline):
    from claimgraph.nlp.pipeline import join_analyses

    piece = "The attack on Friday killed 12 people. Kyiv denied any role in the attack. "
    first, second = events_of(pipeline, piece), events_of(pipeline, piece)
    text = piece + piece
    joined = join_analyses(text, [(0, first), (len(piece), second)], id="x", meta=first.meta)
    assert [v.id for v in joined.events] == ["v1", "v2"]
    for v in joined.events:
        for span in [v.trigger, v.date, *v.figures]:
            assert text[span.start:span.end] == span.text
        assert all(text[s:e] == "attack" for s, e in v.mentions)
    assert [a.event for a in joined.attributions] == ["v1", "v2"]


# -- strikes, shoot-downs, deaths, casualties (the scenario suite's misses) --------------------

def test_a_weapon_that_hits_is_a_strike_dated_this_morning(pipeline):
    a = events_of(pipeline, "A missile hit the railway station in Kramatorsk this morning as thousands "
                            "waited for trains.", published="2022-04-08")
    v = only(a, "military_strike")
    assert v.place.name == "Kramatorsk"  # the named town, not "railway station"
    assert (v.date.text, v.date.value) == ("this morning", "2022-04-08")
    assert events_of(pipeline, "Sanctions hit the economy hard last year.").events == []


def test_last_night_is_the_day_before(pipeline):
    a = events_of(pipeline, "An explosion tore through the grounds of al-Ahli Arab Hospital in Gaza City "
                            "last night.", published="2023-10-18")
    v = only(a, "explosion")
    assert v.place.name == "al-Ahli Arab Hospital"
    assert (v.date.text, v.date.value) == ("last night", "2023-10-17")


def test_shot_down_is_an_attack_and_a_proposal_is_not(pipeline):
    a = events_of(pipeline, "The Boeing 777 was flying from Amsterdam to Kuala Lumpur when it was shot "
                            "down on July 17, 2014.", published="2018-05-25")
    assert (only(a, "attack").trigger.text, only(a, "attack").date.value) == ("shot down", "2014-07-17")
    assert events_of(pipeline, "The senators shot down the proposal on Tuesday.").events == []


def test_strike_attack_and_shelling_of_one_day_are_one_event(pipeline):
    text = ("Western governments blamed Moscow for Friday's missile strike on the station in Kramatorsk. "
            "Johnson called the attack unconscionable. The ministry said the strike was a provocation.")
    a = events_of(pipeline, text, published="2022-04-10")
    [v] = a.events
    assert len(v.mentions) == 3 and v.place.name == "Kramatorsk"
    assert v.date.value == "2022-04-08"


def test_a_death_in_custody_is_a_death_and_a_count_is_not(pipeline):
    a = events_of(pipeline, "Alexei Navalny has died in a penal colony above the Arctic Circle, Russia's "
                            "prison service announced on Friday.", published="2024-02-16")
    v = only(a, "death")
    assert (v.trigger.text, v.date.value) == ("died", "2024-02-16")  # a perfect, dated by its report
    assert only(events_of(pipeline, "He was found dead in his cell on Monday."), "death").trigger.text == "found dead"
    assert events_of(pipeline, "The death toll rose to 12. In all, 298 people died.").events == []


def test_victims_join_the_event_and_carry_its_date(pipeline):
    text = ("Dozens of prisoners were killed overnight when a barracks at a prison camp in Olenivka was "
            "destroyed. The ministry said that Ukrainian forces had struck the camp with rockets.")
    a = events_of(pipeline, text, published="2022-07-29")
    [v] = a.events
    assert v.type == "military_strike" and v.trigger.text == "struck"
    assert (v.date.text, v.date.value) == ("overnight", "2022-07-29")
    assert v.place.name == "Olenivka"


def test_the_west_is_no_place(pipeline):
    a = events_of(pipeline, "There was a lot of speculation about the crash in the West.")
    assert only(a, "crash").place is None
