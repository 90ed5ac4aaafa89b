"""Which party a responsibility statement is about, and which event (graph/claims.py), on
hand-built statements: the cases the multi-article scenarios (tests/test_scenarios.py) showed."""

from claimgraph.graph.claims import Statement, group_claims, responsible_party, with_article_events


def st(key, speaker, stance, content, targets=(), spans=(), article="a1", event=None):
    return Statement(key=key, article_id=article, published="2023-10-18", outlet=None, speaker=speaker,
                     stance=stance, targets=tuple(targets), content=content, event=event,
                     target_spans=tuple(spans))


def test_the_agent_of_a_passive_is_the_party_not_a_holder():
    s = st("a", "Daniel Hagari", "assert", "a rocket fired by Palestinian Islamic Jihad had misfired",
           ["Palestinian Islamic Jihad"], [("Palestinian Islamic Jihad", 17, 42)])
    assert responsible_party(s, lambda a: a) == "Palestinian Islamic Jihad"
    # after a claim noun, "by" still names the holder
    h = st("b", "G7", "reject", "the attempts by Russia to blame Ukraine", ["Russia", "Ukraine"],
           [("Russia", 16, 22), ("Ukraine", 32, 39)])
    assert responsible_party(h, lambda a: a) == "Ukraine"


def test_the_agent_of_the_act_makes_an_assertion_a_responsibility_statement():
    for content, party in [("Ukrainian forces had struck the camp with rockets", "Ukraine"),
                           ("the hospital had been hit by an Israeli airstrike", "Israel"),
                           ("Putin had killed her husband", "Putin")]:
        s = st("a", "Someone", "assert", content, [party])
        assert responsible_party(s, lambda a: a) == party, content
    plain = st("p", "US", "assert", "Washington warned Moscow of a planned attack", ["Russia"])
    assert responsible_party(plain, lambda a: a) is None


def test_a_denial_that_names_no_one_is_about_the_speaker():
    assert responsible_party(st("a", "Islamic Jihad", "reject", "the account"), lambda a: a) == "Islamic Jihad"
    held = st("b", "Russia", "reject", "Western accusations", ["West"], [("West", 0, 7)])
    assert responsible_party(held, lambda a: a) == "Russia"  # "Western" holds the accusations
    assert responsible_party(st("c", "Hamas", "assert", "the account"), lambda a: a) is None


def test_of_several_targets_the_one_next_to_the_responsibility_word_is_the_party():
    s = st("a", "Nebenzia", "assert", "Russia would show that Ukrainian forces staged it",
           ["Russia", "Ukraine"], [("Russia", 0, 6), ("Ukraine", 23, 32)])
    assert responsible_party(s, lambda a: a) == "Ukraine"


def test_unlinked_statements_take_the_event_under_discussion_in_their_article():
    linked = st("a", "Ukraine", "accuse", "Russia struck the station", ["Russia"], event="strike")
    unlinked = st("b", "Russia", "deny", "any role", ["Russia"])
    elsewhere = st("c", "Russia", "deny", "any role", ["Russia"], article="a2")
    out = {s.key: s.event for s in with_article_events([linked, unlinked, elsewhere])}
    assert out == {"a": "strike", "b": "strike", "c": None}
    # an article about two events: the one under discussion, i.e. the nearest linked
    # statement's before it, or the first one's after it when none comes before
    two = st("d", "X", "accuse", "Y did it", ["Y"], event="other-event")
    assert {s.key: s.event for s in with_article_events([linked, unlinked, two])}["b"] == "strike"
    assert {s.key: s.event for s in with_article_events([linked, two, unlinked])}["b"] == "other-event"
    assert {s.key: s.event for s in with_article_events([unlinked, two, linked])}["b"] == "other-event"
    claims = [c for c in group_claims([linked, unlinked]) if c.kind == "responsibility"]
    assert len(claims) == 1 and claims[0].contested
