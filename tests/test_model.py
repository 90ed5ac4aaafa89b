"""The record model is the FORMAT.md contract: round trips and the offset invariant."""

import json

from claimgraph.model import (Analysis, Attribution, Conduit, Entity, Event, EventDate, Figure, Meta,
                              Place, Span)

TEXT = "Kyiv denied any role, a spokesman told Reuters."


def build() -> Analysis:
    cue = Span.of(TEXT, TEXT.index("denied"), TEXT.index("denied") + 6)
    src = Span.of(TEXT, 0, 4)
    content = Span.of(TEXT, TEXT.index("any"), TEXT.index(","))
    conduit = Conduit(TEXT.index("told"), TEXT.index("."), "told Reuters", "e2")
    return Analysis(
        id="doc", text=TEXT, meta=Meta(published="2024-03-23"),
        entities=[Entity("e1", "Ukraine", "GPE", aliases=["Kyiv"], mentions=[(0, 4)]),
                  Entity("e2", "Reuters", "ORG", mentions=[(TEXT.index("Reuters"), TEXT.index("."))])],
        attributions=[Attribution("a1", "indirect", cue, src, "e1", [content], conduit, "deny", ["e1"])],
    )


def test_to_dict_has_exactly_the_format_fields():
    d = build().to_dict()
    assert list(d) == ["format", "id", "text", "meta", "entities", "attributions", "events"]
    assert d["format"] == 1
    assert list(d["meta"]) == ["title", "url", "outlet", "published", "language"]
    a = d["attributions"][0]
    assert list(a) == ["id", "type", "cue", "source", "speaker", "content", "conduit", "stance", "targets",
                       "event"]
    assert d["events"] == [] and a["event"] is None  # added within format 1: empty by default
    assert a["conduit"] == {"start": TEXT.index("told"), "end": TEXT.index("."), "text": "told Reuters",
                            "entity": "e2"}
    assert d["entities"][0]["mentions"] == [[0, 4]]


def test_every_span_text_matches_the_offsets():
    d = build().to_dict()
    for a in d["attributions"]:
        for span in [a["cue"], a["source"], a["conduit"], *a["content"]]:
            assert d["text"][span["start"]:span["end"]] == span["text"]


def test_json_round_trip_is_lossless_and_ignores_unknown_fields():
    d = build().to_dict()
    line = json.dumps(d, ensure_ascii=False)
    back = json.loads(line)
    back["claims"] = [{"what": "a field from a later format version"}]
    back["attributions"][0]["claim"] = "c1"
    assert Analysis.from_dict(back).to_dict() == d


def test_a_record_without_events_reads_as_one_with_none():
    d = build().to_dict()
    del d["events"]
    del d["attributions"][0]["event"]
    back = Analysis.from_dict(d)
    assert back.events == [] and back.attributions[0].event is None


def test_events_round_trip():
    text = "Kyiv denied any role in the attack on the hall in Moscow on March 22 that killed 144."
    at = text.index("attack")
    analysis = build()
    analysis.text = text
    analysis.attributions[0].event = "v1"
    analysis.events = [Event(
        "v1", "attack", Span.of(text, at, at + 6), mentions=[(at, at + 6)],
        place=Place(text.index("Moscow"), text.index("Moscow") + 6, "Moscow", "Moscow"),
        date=EventDate(text.index("March"), text.index("March") + 8, "March 22", "2024-03-22",
                       "2024-03-22", "day"),
        figures=[Figure(text.index("killed"), text.index("144") + 3, "killed 144", "killed", 144, None, None)],
    )]
    d = json.loads(json.dumps(analysis.to_dict()))
    assert d["events"][0]["figures"][0] == {"kind": "killed", "value": 144, "qualifier": None, "counted": None,
                                            "start": text.index("killed"), "end": text.index("144") + 3,
                                            "text": "killed 144"}
    assert list(d["events"][0]) == ["id", "type", "mentions", "trigger", "place", "date", "figures"]
    assert d["attributions"][0]["event"] == "v1"
    back = Analysis.from_dict(d)
    assert back.to_dict() == d
    assert back.event("v1").date.value == "2024-03-22" and back.event("v2") is None
