"""Actor merges from descriptions (an apposition beside a name, a founder for "the X chief"; graph/actors.py),
dates (graph/actor_names.is_date_phrase), on hand-built records."""

from claimgraph.graph.actor_names import is_date_phrase
from claimgraph.graph.actors import resolve_actors


def record(aid, text, *entities):
    """entities: (name, type, [(start, end), ...]) as e1, e2, ..."""
    ents = [{"id": f"e{n}", "name": name, "type": etype, "aliases": [], "titles": [], "mentions": [list(m) for m in ms]}
            for n, (name, etype, ms) in enumerate(entities, start=1)]
    return {"format": 1, "id": aid, "text": text, "meta": {"published": "2021-05-03"}, "entities": ents,
            "attributions": []}


def spans(text, *phrases):
    return [(text.index(p), text.index(p) + len(p)) for p in phrases]


def test_a_name_and_its_country_institution_side_by_side_are_one_actor():
    text = "Avialesookhrana, Russia's forest fire agency, said the blaze was contained. The agency added more."
    rec = record("a1", text, ("Avialesookhrana", "GPE", spans(text, "Avialesookhrana")),
                 ("Russia's forest fire agency", "ORG", spans(text, "Russia's forest fire agency", "The agency")))
    g = resolve_actors([rec])
    assert g.actor_of("a1", "e1") == g.actor_of("a1", "e2")
    [m] = [m for m in g.merges if m.rule == "known_as"]
    assert "Avialesookhrana, Russia's forest fire agency" in m.evidence
    # the description first, then the name
    text2 = "Ukraine's state rail company, Ukrzaliznytsia, said trains were running."
    rec2 = record("a2", text2, ("Ukraine's state rail company", "ORG", spans(text2, "Ukraine's state rail company")),
                  ("Ukrzaliznytsia", "ORG", spans(text2, "Ukrzaliznytsia")))
    g2 = resolve_actors([rec2])
    assert g2.actor_of("a2", "e1") == g2.actor_of("a2", "e2")


def test_lists_places_and_people_beside_an_institution_are_not_appositions():
    # a list: "A, B, and C"
    text = "Gazprom, Russia's energy ministry, and the regulator said nothing."
    rec = record("b1", text, ("Gazprom", "ORG", spans(text, "Gazprom")),
                 ("Russia's energy ministry", "ORG", spans(text, "Russia's energy ministry")))
    # a city beside a country's body
    text2 = "Kursk, Russia's border guard service, reported shelling."
    rec2 = record("b2", text2, ("Kursk", "GPE", spans(text2, "Kursk")),
                  ("Russia's border guard service", "ORG", spans(text2, "Russia's border guard service")))
    # a person beside a body names its member, not the body
    text3 = "Ivan Petrov, Russia's foreign ministry, said so."
    rec3 = record("b3", text3, ("Ivan Petrov", "PERSON", spans(text3, "Ivan Petrov")),
                  ("Russia's foreign ministry", "ORG", spans(text3, "Russia's foreign ministry")))
    g = resolve_actors([rec, rec2, rec3])
    for aid in ("b1", "b2", "b3"):
        assert g.actor_of(aid, "e1") != g.actor_of(aid, "e2"), aid


def test_dates_taken_for_names_are_merged_with_nothing_and_typed_other():
    assert is_date_phrase("last September") and is_date_phrase("Monday night") and is_date_phrase("March 2022")
    assert not is_date_phrase("May") and not is_date_phrase("Theresa May") and not is_date_phrase("Black September")
    g = resolve_actors([record("d1", "", ("last September", "ORG", [])), record("d2", "", ("last September", "ORG", []))])
    a, b = g.actor_of("d1", "e1"), g.actor_of("d2", "e1")
    assert a != b
    assert g.actors[a].type == "OTHER"


def test_a_political_bloc_tagged_as_a_place_is_a_group():
    g = resolve_actors([record("p1", "", ("the West", "LOC", [])), record("p2", "", ("Tver", "LOC", []))])
    assert g.actors[g.actor_of("p1", "e1")].type == "NORP"
    assert g.actors[g.actor_of("p2", "e1")].type == "LOC"


def titled(aid, published, *entities):
    """entities: (name, type, titles)"""
    ents = [{"id": f"e{n}", "name": name, "type": etype, "aliases": [], "titles": list(titles), "mentions": []}
            for n, (name, etype, titles) in enumerate(entities, start=1)]
    return {"format": 1, "id": aid, "text": "", "meta": {"published": published}, "entities": ents,
            "attributions": []}


def test_the_head_of_a_body_nobody_is_titled_head_of_is_its_founder():
    founder = titled("f1", "2021-03-01", ("Arkady Volkov", "PERSON", ["founder of the Vostok Brigade"]))
    chief = titled("f2", "2021-03-04", ("Vostok chief", "PERSON", []))
    g = resolve_actors([founder, chief])
    assert g.actor_of("f1", "e1") == g.actor_of("f2", "e1")
    [m] = [m for m in g.merges if m.rule == "title"]
    assert "founder of the Vostok Brigade" in m.evidence
    # someone titled its head: the head, not the founder
    head = titled("f3", "2021-03-02", ("Boris Orlov", "PERSON", ["commander-in-chief and head of the Vostok Brigade"]))
    g = resolve_actors([founder, head, chief])
    assert g.actor_of("f2", "e1") == g.actor_of("f3", "e1") != g.actor_of("f1", "e1")
    # two founders: no merge
    other = titled("f4", "2021-03-02", ("Gleb Sokolov", "PERSON", ["a founder of the Vostok Brigade"]))
    g = resolve_actors([founder, other, chief])
    assert g.actor_of("f2", "e1") not in (g.actor_of("f1", "e1"), g.actor_of("f4", "e1"))
