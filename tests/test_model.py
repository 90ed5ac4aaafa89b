"""The record model is the FORMAT.md contract: round trips and the offset invariant."""

import json

from claimgraph.model import Analysis, Attribution, Conduit, Entity, Meta, Span

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
    assert list(d) == ["format", "id", "text", "meta", "entities", "attributions"]
    assert d["format"] == 1
    assert list(d["meta"]) == ["title", "url", "outlet", "published", "language"]
    a = d["attributions"][0]
    assert list(a) == ["id", "type", "cue", "source", "speaker", "content", "conduit", "stance", "targets"]
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
    back["events"] = [{"what": "a field from a later format version"}]
    back["attributions"][0]["event"] = "v1"
    assert Analysis.from_dict(back).to_dict() == d
