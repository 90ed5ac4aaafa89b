"""Claim grouping and positions on hand-built statements (the graph's logic, no parsing)."""

from claimgraph.graph.claims import Statement, group_claims, responsible_party
from claimgraph.graph.positions import changes, contradictions, responsibility_matrix, spread

AGENCY_OF = {"Ukrainian military intelligence": "Ukraine", "IS-Khorasan": "Islamic State"}


def party_of(actor: str) -> str:
    return AGENCY_OF.get(actor, actor)


def st(key, speaker, stance, content, targets=(), date="2024-03-24", article=None, outlet=None,
       spans=(), event="crocus"):
    return Statement(key=key, article_id=article or f"art-{key}", published=date, outlet=outlet,
                     speaker=speaker, stance=stance, targets=tuple(targets), content=content,
                     event=event, target_spans=tuple(spans))


def test_wordings_of_one_accusation_and_its_denials_are_one_claim():
    statements = [
        st("a", "Bortnikov", "accuse", "Ukrainian military intelligence is directly involved",
           ["Ukrainian military intelligence"], "2024-03-26"),
        st("b", "Putin", "accuse", "Kyiv had ordered it", ["Ukraine"], "2024-05-24"),
        st("c", "Russia", "assert", "the perpetrators fled to Ukraine", ["Ukraine"], "2024-05-24"),
        st("d", "Ukraine", "deny", "it had nothing to do with the attack", ["Ukraine"], "2024-03-24"),
        st("e", "G7", "reject", "Moscow's attempts to link Ukraine to the attack", ["Russia", "Ukraine"],
           "2024-04-22", spans=[("Russia", 0, 6), ("Ukraine", 32, 39)]),
        st("f", "Islamic State", "claim_responsibility", "responsibility for the attack", [], "2024-03-23"),
        st("g", "Kirby", "assert", "ISIS bears sole responsibility", ["Islamic State"], "2024-03-25"),
    ]
    claims = group_claims(statements, party_of)
    by_party = {c.party: c for c in claims if c.kind == "responsibility"}
    assert set(by_party) == {"Ukraine", "Islamic State"}
    ukraine = by_party["Ukraine"]
    assert {s.key: p for s, p in ukraine.members} == {"a": 1, "b": 1, "c": 1, "d": -1, "e": -1}
    assert ukraine.contested
    assert {s.key for s, _ in by_party["Islamic State"].members} == {"f", "g"}
    assert not by_party["Islamic State"].contested


def test_the_holder_of_a_claim_is_not_its_party():
    s = st("e", "G7", "reject", "Moscow's attempts to link Ukraine", ["Russia", "Ukraine"],
           spans=[("Russia", 0, 6), ("Ukraine", 27, 34)])
    assert responsible_party(s, party_of) == "Ukraine"
    # without the holder pattern, the first target is the party
    plain = st("x", "Kirby", "accuse", "Russia let it happen", ["Russia", "Ukraine"],
               spans=[("Russia", 0, 6)])
    assert responsible_party(plain, party_of) == "Russia"


def test_a_speaker_is_not_its_own_accused_party_but_can_deny_its_own_role():
    accuse_self = st("x", "Russia", "accuse", "Russia is a victim", ["Russia"])
    assert responsible_party(accuse_self, party_of) is None
    deny_self = st("y", "Ukraine", "deny", "any involvement", ["Ukraine"])
    assert responsible_party(deny_self, party_of) == "Ukraine"


def test_plain_assertions_without_responsibility_words_are_other_claims():
    a = st("a", "US", "assert", "Washington warned Moscow of a planned attack on large gatherings", ["Russia"])
    b = st("b", "Kirby", "assert", "the United States warned Moscow about a planned attack on gatherings",
           ["Russia"], article="other")
    c = st("c", "Peskov", "assert", "the president will address the nation tonight", [])
    claims = group_claims([a, b, c], party_of)
    assert all(cl.kind == "other" for cl in claims)
    groups = sorted(sorted(s.key for s, _ in cl.members) for cl in claims)
    assert groups == [["a", "b"], ["c"]]


def test_matrix_changes_and_contradictions():
    statements = [
        st("r1", "Russia", "accuse", "Ukraine was behind the attack", ["Ukraine"], "2024-03-24"),
        st("u1", "Ukraine", "deny", "any involvement", ["Ukraine"], "2024-03-24"),
        st("r2", "Russia", "acknowledge", "the Islamic State coordinated the attack", ["Islamic State"],
           "2024-05-24"),
        st("r3", "Russia", "accuse", "Ukrainian military intelligence is directly involved",
           ["Ukrainian military intelligence"], "2024-05-24"),
    ]
    claims = group_claims(statements, party_of)
    matrix = responsibility_matrix(claims, "crocus")
    assert set(matrix) == {("Russia", "Ukraine"), ("Ukraine", "Ukraine"), ("Russia", "Islamic State")}
    assert [s.key for s, _ in matrix[("Russia", "Ukraine")].statements] == ["r1", "r3"]
    assert matrix[("Ukraine", "Ukraine")].polarity == -1
    (turn,) = changes(claims, "Russia")
    # "admits for the first time that IS coordinated the attack, but continues to link it to Ukraine"
    assert (turn.kind, turn.party, turn.statement.key, turn.still_blamed) == (
        "first", "Islamic State", "r2", ("Ukraine",))
    (conflict,) = contradictions(claims)
    assert (conflict.affirming.key, conflict.rejecting.key) == ("r1", "u1")


def test_a_reversal_is_a_change():
    claims = group_claims([
        st("a", "Russia", "accuse", "Ukraine was involved", ["Ukraine"], "2024-03-24"),
        st("b", "Russia", "deny", "Ukraine was involved", ["Ukraine"], "2024-06-01"),
    ], party_of)
    (turn,) = changes(claims, "Russia")
    assert (turn.kind, turn.statement.key, turn.previous.key) == ("reversal", "b", "a")


def test_spread_counts_origins_not_reprints():
    statements = [
        st("w1", "Russia", "accuse", "Ukraine was behind it", ["Ukraine"], "2024-03-25", "wire-1", "wire.example"),
        st("w2", "Russia", "accuse", "Ukraine was behind it", ["Ukraine"], "2024-03-26", "wire-2", "daily.example"),
        st("x", "Russia", "accuse", "Kyiv organised the attack", ["Ukraine"], "2024-03-24", "own", "tv.example"),
    ]
    (claim,) = group_claims(statements, party_of)
    sp = spread(claim, group_of={"wire-1": "wire-1", "wire-2": "wire-1", "own": "own"})
    assert (sp.first.key, sp.appearances, sp.origins) == ("x", 3, 2)
    assert sp.outlets == ("tv.example", "wire.example", "daily.example")


def test_other_claims_read_a_countrys_names_as_one_word():
    a = st("a", "US", "assert", "Washington warned Moscow of a planned attack", [], article="x")
    b = st("b", "Kirby", "assert", "the Americans warned the Russians of a planned attack", [], article="y")
    c = st("c", "Peskov", "assert", "Moscow thanked nobody for anything at the gatherings", [], article="z")
    groups = sorted(sorted(s.key for s, _ in cl.members) for cl in group_claims([a, b, c], party_of))
    assert groups == [["a", "b"], ["c"]]
