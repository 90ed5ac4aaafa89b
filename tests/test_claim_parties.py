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


def test_words_that_blame_a_neighbour_make_a_responsibility_statement_only_beside_a_party():
    agency = {"Ukraine's special forces": "Ukraine", "Russia's army": "Russia"}.get
    near = st("a", "Nebenzia", "assert", "this was a Ukrainian provocation", ["Ukraine"], [("Ukraine", 11, 20)])
    assert responsible_party(near, lambda a: a) == "Ukraine"
    sunk = st("b", "Johnson", "assert", "it showed how far Russia's army had sunk", ["Russia's army"],
              [("Russia's army", 18, 31)])
    assert responsible_party(sunk, lambda a: agency(a) or a) == "Russia"
    # "provocation" far from the only party the words name: no party
    far = st("c", "Peskov", "assert", "Moscow wanted the Security Council to discuss what he called a provocation",
             ["Russia"], [("Russia", 0, 6)])
    assert responsible_party(far, lambda a: a) is None
    # the one who calls it so holds the claim: "what Kyiv called a provocation"
    caller = st("d", "Someone", "assert", "the blast was what Kyiv called a provocation", ["Ukraine"],
                [("Ukraine", 19, 23)])
    assert responsible_party(caller, lambda a: a) is None


def test_motive_accountability_and_cover_up_name_their_party():
    motive = st("a", "Western governments", "assert", "the Kremlin had every reason to punish Prigozhin",
                ["Russia", "Prigozhin"], [("Russia", 4, 11), ("Prigozhin", 39, 48)])
    assert responsible_party(motive, lambda a: a) == "Russia"  # Prigozhin is who was punished
    held = st("b", "Widow", "assert", "Lukashenko and his circle would be held accountable for it", ["Lukashenko"],
              [("Lukashenko", 0, 10)])
    assert responsible_party(held, lambda a: a) == "Lukashenko"
    cover = st("c", "Hamas", "assert", "Washington was covering for Israel", ["United States", "Israel"],
               [("United States", 0, 10), ("Israel", 28, 34)])
    assert responsible_party(cover, lambda a: a) == "Israel"


def test_the_victim_of_the_act_is_not_its_party():
    denial = st("a", "Russia", "reject", "suggestions that it had ordered the killing of the Wagner boss",
                ["Wagner"], [("Wagner", 51, 57)])
    assert responsible_party(denial, lambda a: a) == "Russia"  # its own role, not Wagner's
    both = st("b", "Kyiv", "accuse", "Moscow of the shelling of Ukrainian prisoners", ["Russia", "Ukraine"],
              [("Russia", 0, 6), ("Ukraine", 26, 35)])
    assert responsible_party(both, lambda a: a) == "Russia"
    assert responsible_party(st("c", "Kyiv", "accuse", "the shelling of Ukrainian prisoners", ["Ukraine"],
                                [("Ukraine", 16, 25)]), lambda a: a) is None


def test_the_author_of_an_account_holds_it():
    s = st("a", "United States", "reject", "Hersh's account utterly false", ["Hersh"], [("Hersh", 0, 5)])
    assert responsible_party(s, lambda a: a) == "United States"


def test_make_no_mistake_affirms():
    claims = group_claims([st("a", "Biden", "assert", "Make no mistake: Putin is responsible for his death",
                              ["Putin"], [("Putin", 17, 22)])])
    (claim,) = claims
    assert claim.kind == "responsibility" and claim.members[0][1] == 1
    (denial,) = group_claims([st("b", "Peskov", "assert", "Putin is not responsible for his death", ["Putin"],
                                 [("Putin", 0, 5)])])
    assert denial.members[0][1] == -1


def dated(key, speaker, stance, content, targets, article, published, event=None):
    return Statement(key=key, article_id=article, published=published, outlet=None, speaker=speaker,
                     stance=stance, targets=tuple(targets), content=content, event=event)


def events_of(claims):
    return {s.key: s.event for c in claims for s, _ in c.members}


def test_an_article_without_events_takes_the_story_its_parties_are_blamed_for_that_week():
    statements = [
        dated("a", "Kuleba", "accuse", "Russia of a massacre", ["Russia"], "day1", "2022-04-03", "irpin"),
        dated("b", "Peskov", "deny", "any role", ["Russia"], "day2", "2022-04-04"),
        # an article that names no event: its accusation of Russia, and what follows it
        dated("c", "Zelensky", "accuse", "Russian soldiers of war crimes", ["Russia"], "day3", "2022-04-05"),
        dated("d", "Biden", "accuse", "Putin of war crimes", ["Putin"], "day3", "2022-04-05"),
        # a party nobody is blamed for that weeks: left alone
        dated("e", "X", "accuse", "Belarus of it", ["Belarus"], "day4", "2022-04-05"),
    ]
    out = events_of(group_claims(statements))
    assert out == {"a": "irpin", "b": "irpin", "c": "irpin", "d": "irpin", "e": None}


def test_a_party_blamed_for_two_stories_that_weeks_links_to_none_unless_one_leads():
    base = [dated("a", "K", "accuse", "Russia of a massacre", ["Russia"], "x1", "2022-04-03", "irpin"),
            dated("b", "K", "accuse", "Russia of a strike", ["Russia"], "x2", "2022-04-04", "station")]
    lone = dated("c", "Z", "accuse", "Russia of war crimes", ["Russia"], "x3", "2022-04-05")
    assert events_of(group_claims(base + [lone]))["c"] is None
    again = dated("d", "K", "accuse", "Russia of the strike", ["Russia"], "x4", "2022-04-06", "station")
    assert events_of(group_claims(base + [again, lone]))["c"] == "station"
    # months apart, the one story the party is ever blamed for
    later = dated("e", "Z", "reject", "the accusation", ["Sweden"], "x5", "2022-10-01")
    sweden = dated("f", "K", "accuse", "Sweden of the blasts", ["Sweden"], "x6", "2022-06-01", "pipeline")
    assert events_of(group_claims([sweden, later]))["e"] == "pipeline"


def test_lead_statements_follow_their_party_before_the_next_linked_statement():
    # the article's first linked statement is about another event (the detentions after the death)
    statements = [
        dated("a", "Biden", "accuse", "Putin of the death", ["Putin"], "y1", "2024-02-16", "death"),
        dated("b", "Widow", "accuse", "Putin had killed her husband", ["Putin"], "y2", "2024-02-20"),
        dated("c", "Monitor", "assert", "400 people had been detained", [], "y2", "2024-02-20", "arrests"),
    ]
    assert events_of(group_claims(statements))["b"] == "death"
    # with_article_events alone still takes the following one
    assert {s.key: s.event for s in with_article_events(statements)}["b"] == "arrests"


def test_a_spokesman_bare_denial_echoes_his_governments_denial_of_its_own_role():
    statements = [
        dated("a", "Officials", "accuse", "Belarus of the plot", ["Belarus"], "w1", "2021-05-01", "plot"),
        dated("b", "Belarus", "reject", "suggestions that it had ordered the plot", [], "w2", "2021-05-02", "plot"),
        dated("c", "Spokesman", "reject", "all of this is an absolute lie", [], "w2", "2021-05-02"),
    ]
    parties = {s.key: c.party for c in group_claims(statements) for s, _ in c.members}
    assert parties == {"a": "Belarus", "b": "Belarus", "c": "Belarus"}
    # a speaker someone holds responsible denies its own role, echo or not
    blamed = dated("d", "Officials", "accuse", "Spokesman of the plot", ["Spokesman"], "w3", "2021-05-01", "plot")
    parties = {s.key: c.party for c in group_claims(statements + [blamed]) for s, _ in c.members}
    assert parties["c"] == "Spokesman"
    # the denial of someone else's role is not echoed: the speaker is on the other side
    other = [dated("e", "Officials", "deny", "Estonia was not responsible", ["Estonia"], "w4", "2021-05-01", "plot"),
             dated("f", "Estonia-critic", "reject", "the account", [], "w4", "2021-05-01")]
    parties = {s.key: c.party for c in group_claims(statements[:1] + other) for s, _ in c.members}
    assert parties["f"] == "Estonia-critic"


def test_a_speaker_repeating_its_accusation_is_on_its_claim():
    quote = "Without courage they are cynically destroying the civilian population,"
    statements = [
        dated("a", "Zelensky", "accuse", "Russia of striking civilians. " + quote, ["Russia"], "v1", "2022-04-08", "strike"),
        dated("b", "Zelensky", "assert", quote, [], "v1", "2022-04-08", "strike"),
        dated("c", "Kuleba", "accuse", "Russia of a deliberate massacre", ["Russia"], "v2", "2022-04-03", "strike"),
        dated("d", "Kuleba", "assert", "The Bucha massacre was deliberate,", [], "v2", "2022-04-03"),
        # the same speaker on something else, or denying what it asserted: not the claim
        dated("e", "Kuleba", "assert", "sanctions must follow quickly", [], "v2", "2022-04-03"),
        dated("f", "Kuleba", "assert", "the massacre was not deliberate", [], "v2", "2022-04-03"),
    ]
    claims = group_claims(statements)
    (russia,) = [c for c in claims if c.kind == "responsibility"]
    assert sorted(s.key for s, _ in russia.members) == ["a", "b", "c", "d"]
    assert all(p == 1 for _, p in russia.members)


def test_a_claim_named_by_its_holder_or_where_it_goes_round_is_held_not_blamed():
    version = st("a", "Satellite company", "reject", "the Russian version of events", ["Russia"])
    # Russia holds the version: the rejection names no one else, as "rejected the account" does
    assert responsible_party(version, lambda a: a) == "Satellite company"
    assert responsible_party(version, lambda a: a, lambda a: a == "Russia") is None
    # where a claim goes round holds it
    place = st("b", "Peskov", "reject", "speculation about the crash in the West", ["West"], [("West", 35, 39)])
    assert responsible_party(place, lambda a: a) == "Peskov"
    # ... but a country named where the culprits were going implicates it
    welcome = st("e", "FSB", "assert", "the gunmen were to be welcomed in Ruritania as heroes, behind it all",
                  ["Ruritania"], [("Ruritania", 34, 43)])
    assert responsible_party(welcome, lambda a: a) == "Ruritania"
    # a located target after a claim noun is still read by position
    named = st("c", "Kyiv", "reject", "suggestions that Ukraine had staged it", ["Ukraine"], [("Ukraine", 17, 24)])
    assert responsible_party(named, lambda a: a) == "Ukraine"
    # a claim whose party is named after it: not only its holder
    attempts = st("d", "G7", "reject", "Moscow's attempts to link Ukraine to the attack", ["Russia", "Ukraine"],
                  [("Russia", 0, 6)])
    assert responsible_party(attempts, lambda a: a) == "Ukraine"


def test_a_country_named_by_its_demonym_in_the_words_is_located():
    from claimgraph.graph.actors import country_actor_id

    ukraine, russia = country_actor_id("Ukraine"), country_actor_id("Russia")
    # the record locates Russia ("Russia would"), not Ukraine (its mentions are "Kyiv", elsewhere)
    s = st("a", "Envoy", "assert", "Russia would show what he called a Ukrainian provocation",
           [russia, ukraine], [(russia, 0, 6)])
    assert responsible_party(s, lambda a: a) == ukraine
    # the victims' country and the culprit's, both by demonym
    crime = st("b", "Zelensky", "assert", "the killing of Ukrainian prisoners a deliberate Russian war crime",
               [ukraine, russia])
    assert responsible_party(crime, lambda a: a) == russia
    # "the Russian president" names a person of Russia, not the country: the person is the party
    person = st("c", "Widow", "accuse", "the Russian president of having him killed", [russia, "Putin"])
    assert responsible_party(person, lambda a: a) == "Putin"
    alone = st("d", "Widow", "accuse", "the Russian president of having him killed", [russia])
    assert responsible_party(alone, lambda a: a) == russia


def test_a_passive_without_agent_and_a_reported_speaker_blame_no_one():
    count = st("a", "Kyiv", "assert", "the Russian military first said 40 prisoners were killed",
               ["Russian military"], [("Russian military", 4, 20)])
    assert responsible_party(count, lambda a: a) is None
    agent = st("b", "Kyiv", "assert", "the camp was blown up from inside by Russian forces",
               ["Russian forces"], [("Russian forces", 37, 51)])
    assert responsible_party(agent, lambda a: a) == "Russian forces"
    # "in X's": X's act, not a place
    role = st("c", "Official", "assert", "a hidden hand in Ruritania's attack was behind it", ["Ruritania"],
              [("Ruritania", 17, 26)])
    assert responsible_party(role, lambda a: a) == "Ruritania"
