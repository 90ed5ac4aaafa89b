"""Story events across articles (graph/events_merge.py) on hand-built FORMAT.md records."""

from claimgraph.graph.events_merge import merge_events


def ev(local, etype, place=None, date=None):
    out = {"id": local, "type": etype, "figures": []}
    if place:
        out["place"] = {"name": place}
    if date:
        out["date"] = {"value": date, "text": date}
    return out


def rec(*events):
    return {"events": list(events)}


def test_a_bare_mention_of_a_related_harm_joins_its_articles_story():
    out = merge_events([
        ("a1", rec(ev("v1", "crash", "Tver", "2023-08-23")), "2023-08-24"),
        # "rejected suggestions that it had ordered the killing" in an article on "the crash"
        ("a2", rec(ev("v1", "killing"), ev("v2", "crash")), "2023-08-26"),
    ])
    crash = out.story_of("a1", "v1")
    assert out.story_of("a2", "v2") == crash
    assert out.story_of("a2", "v1") == crash
    assert len(out.events) == 1


def test_an_arrest_or_an_anchored_event_keeps_its_own_story():
    out = merge_events([
        ("b1", rec(ev("v1", "death", "penal colony", "2024-02-16")), "2024-02-16"),
        ("b2", rec(ev("v1", "death"), ev("v2", "arrest")), "2024-02-18"),
        # a killing with a place of its own is not the death in other words
        ("b3", rec(ev("v1", "death"), ev("v2", "killing", "Kharkiv")), "2024-02-19"),
    ])
    death = out.story_of("b1", "v1")
    assert out.story_of("b2", "v1") == death and out.story_of("b3", "v1") == death
    assert out.story_of("b2", "v2") != death
    assert out.story_of("b3", "v2") != death
    # with no related event in its article, a bare event starts its own story, as before
    alone = merge_events([("c1", rec(ev("v1", "killing")), None), ("c2", rec(ev("v1", "attack")), None)])
    assert len(alone.events) == 1
