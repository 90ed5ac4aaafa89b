"""The `claimgraph_attribution_rules` component on hand-built sentences and the crocus article.

Real spaCy model, real quotes component before ours (the project's pipeline order)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import spacy

from claimgraph.nlp import attribution_rules, doc_state  # noqa: F401  (registers the factory)
from claimgraph.nlp.doc_state import DraftAttribution
from claimgraph.nlp.pipeline import DEFAULT_MODEL

SHARED = Path(__file__).resolve().parents[2] / "shared"  # beside the repo; absent on a fresh clone
CROCUS = SHARED / "examples" / "crocus-attribution.txt"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load(DEFAULT_MODEL)
    try:
        from claimgraph.nlp import quotes  # noqa: F401
        nlp.add_pipe("claimgraph_quotes")
    except ImportError:  # the quotes component is another part of the project
        pass
    nlp.add_pipe("claimgraph_attribution_rules")
    return nlp


def ours(doc) -> list[DraftAttribution]:
    return [a for a in doc_state.attributions(doc) if not a.origin.startswith("rule:quote")]


def text(doc, span):
    return None if span is None else doc.text[span[0]:span[1]]


def by_cue(doc, cue: str) -> DraftAttribution:
    found = [a for a in doc_state.attributions(doc) if text(doc, a.cue) == cue]
    assert len(found) == 1, [text(doc, a.cue) for a in doc_state.attributions(doc)]
    return found[0]


def contents(doc, a):
    return [text(doc, c) for c in a.content]


# -- reported speech -------------------------------------------------------------------------------

def test_indirect_speech(nlp):
    doc = nlp("The minister said that the bridge would reopen in June.")
    [a] = ours(doc)
    assert a.type == "indirect" and a.origin == "rule:verb" and a.cue_lemma == "say"
    assert text(doc, a.cue) == "said"
    assert text(doc, a.source) == "The minister"
    # PolNeAR: the complementizer is content, the sentence's full stop is not
    assert contents(doc, a) == ["that the bridge would reopen in June"]
    assert a.parent is None and a.conduit is None


def test_cue_keeps_its_verb_group_and_source_its_apposition(nlp):
    doc = nlp("Kyiv has repeatedly denied that it was involved. "
              "The head of the agency, Maria Lopez, warned that prices would rise.")
    denied = by_cue(doc, "has repeatedly denied")
    assert text(doc, denied.source) == "Kyiv" and denied.cue_lemma == "deny"
    warned = by_cue(doc, "warned")
    assert text(doc, warned.source) == "The head of the agency, Maria Lopez,"
    assert contents(doc, warned) == ["that prices would rise"]


def test_conjoined_and_xcomp_cues_share_the_speaker(nlp):
    doc = nlp("The mayor acknowledged that the budget was late but continued to insist "
              "that the council had blocked it.")
    first, second = by_cue(doc, "acknowledged"), by_cue(doc, "insist")
    assert text(doc, first.source) == text(doc, second.source) == "The mayor"
    assert contents(doc, first) == ["that the budget was late"]
    assert contents(doc, second) == ["that the council had blocked it"]
    assert second.parent is None


def test_nested_attribution_is_a_separate_record(nlp):
    doc = nlp("The spokesman said that the company knows that the pipes are leaking.")
    outer, inner = by_cue(doc, "said"), by_cue(doc, "knows")
    assert contents(doc, outer) == ["that the company knows that the pipes are leaking"]
    assert text(doc, inner.source) == "the company"
    assert contents(doc, inner) == ["that the pipes are leaking"]
    assert inner.parent is outer and outer.parent is None


def test_stance_verb_with_a_noun_phrase_object(nlp):
    doc = nlp("The council rejected the proposal. Officials accused the company of hiding the losses.")
    rejected = by_cue(doc, "rejected")
    assert text(doc, rejected.source) == "The council" and contents(doc, rejected) == ["the proposal"]
    accused = by_cue(doc, "accused")
    assert contents(doc, accused) == ["the company of hiding the losses"]


def test_claimed_responsibility(nlp):
    doc = nlp("The group claimed responsibility for the bombing.")
    a = by_cue(doc, "claimed")
    assert a.cue_lemma == "claim responsibility" and a.origin == "rule:phrase"
    assert contents(doc, a) == ["responsibility for the bombing"]


def test_mixed_when_the_content_holds_a_quotation(nlp):
    doc = nlp('The judge said the ruling was "final and binding."')
    a = by_cue(doc, "said")
    assert a.type == "mixed"
    assert contents(doc, a) == ['the ruling was "final and binding."']  # up to the closing mark


# -- according to, nouns, passives -----------------------------------------------------------------

def test_according_to(nlp):
    doc = nlp("According to the police, the driver fled north. The car was found later, "
              "according to local officials.")
    first, second = by_cue(doc, "According to"), by_cue(doc, "according to")
    for a in (first, second):
        assert a.type == "according_to" and a.origin == "rule:according_to"
    assert text(doc, first.source) == "the police"
    assert contents(doc, first) == ["the driver fled north"]
    assert text(doc, second.source) == "local officials"
    assert contents(doc, second) == ["The car was found later"]


def test_noun_cue_with_possessor(nlp):
    doc = nlp("The union's claim that wages had fallen was disputed by the firm.")
    claim = by_cue(doc, "claim")
    assert claim.origin == "rule:noun" and text(doc, claim.source) == "The union"
    assert contents(doc, claim) == ["that wages had fallen"]
    disputed = by_cue(doc, "was disputed")
    assert text(doc, disputed.source) == "the firm"  # the agent of a passive
    assert claim.parent is disputed


def test_passives(nlp):
    doc = nlp("The senator was quoted as saying that the vote would be close. "
              "It was determined by investigators that the fire started in the kitchen.")
    quoted = by_cue(doc, "was quoted as saying")
    assert text(doc, quoted.source) == "The senator"
    assert contents(doc, quoted) == ["that the vote would be close"]
    determined = by_cue(doc, "was determined")
    assert text(doc, determined.source) == "investigators"
    assert contents(doc, determined) == ["that the fire started in the kitchen"]


# -- conduits ------------------------------------------------------------------------------------

def test_conduits(nlp):
    doc = nlp("The minister told Reuters that talks had stalled.\n\n"
              "In an interview with CNN, the governor said that the plan was dead.\n\n"
              "The general said that troops would withdraw, quoted by the Interfax agency.\n\n"
              "The ambassador, speaking to the BBC, said that the border would stay closed.")
    [told, governor, general, ambassador] = sorted(ours(doc), key=lambda a: a.cue)
    assert text(doc, told.conduit) == "told Reuters"
    assert text(doc, governor.conduit) == "In an interview with CNN"
    assert text(doc, general.conduit) == "quoted by the Interfax agency"
    assert contents(doc, general) == ["that troops would withdraw"]
    assert text(doc, ambassador.conduit) == "speaking to the BBC"
    assert text(doc, ambassador.source) == "The ambassador"
    assert all(a.conduit_entity is None for a in ours(doc))  # left to speaker resolution


def test_more_conduits_channels_journalists_and_according_to(nlp):
    doc = nlp("The rebel group claimed responsibility through its Vox news agency.\n\n"
              "In an interview with the radio journalist Ada Lind, the harbour chief, Tom Berg, "
              "said the cranes had failed.\n\n"
              "According to the city's fire service, quoted by the Nord agency, 12 people were hurt.")
    claimed, said, according = sorted(ours(doc), key=lambda a: a.cue)
    assert text(doc, claimed.conduit) == "through its Vox news agency"
    # the parser hangs the speaker on the interviewer as an apposition: it stays the speaker
    assert text(doc, said.source).rstrip(",") in ("the harbour chief, Tom Berg", "Tom Berg")
    assert text(doc, said.conduit) == "In an interview with the radio journalist Ada Lind"
    assert text(doc, according.source) == "the city's fire service"
    assert text(doc, according.conduit) == "quoted by the Nord agency"


def test_reported_by_an_outlet_and_citing(nlp):
    doc = nlp("Reuters reported that the minister said the talks had failed.\n\n"
              "Tass reported, citing a security source, that two men were detained.")
    inner = by_cue(doc, "said")
    [outer] = [a for a in ours(doc) if text(doc, a.source) == "Reuters"]
    assert text(doc, inner.source) == "the minister"
    assert inner.parent is outer
    assert text(doc, inner.conduit) == "Reuters"
    tass = [a for a in ours(doc) if a.conduit and text(doc, a.conduit) == "Tass"]
    assert len(tass) == 1
    assert text(doc, tass[0].source) == "a security source"
    assert contents(doc, tass[0]) == ["that two men were detained"]


def test_a_count_put_at_a_figure_is_an_attribution_with_the_reporter_as_conduit(nlp):
    doc = nlp("The security service put the first toll at 40 dead, the TASS agency reported.\n\n"
              "Investigators later raised the death toll to 137.\n\n"
              "He put the book on the table.")
    put = by_cue(doc, "put")
    assert text(doc, put.source) == "The security service"
    assert contents(doc, put) == ["the first toll at 40 dead"]
    assert text(doc, put.conduit) == "the TASS agency"
    raised = [a for a in ours(doc) if "raised" in text(doc, a.cue)]
    assert [contents(doc, a) for a in raised] == [["the death toll to 137"]]
    # "put" without a count is no cue
    assert not [a for a in ours(doc) if a.cue[0] > doc.text.index("He put")]


def test_a_channel_the_parser_hung_on_a_noun_is_still_the_conduit(nlp):
    doc = nlp("Islamic State claimed responsibility within hours of the shooting through its "
              "Amaq news agency and has since released footage.")
    claim = by_cue(doc, "claimed")
    assert text(doc, claim.conduit) == "through its Amaq news agency"
    assert contents(doc, claim) == ["responsibility within hours of the shooting"]


# -- working with the quotes component ---------------------------------------------------------------

def test_no_second_draft_for_a_quote_cue_and_none_inside_quotes(nlp):
    doc = nlp('"I think the vote is rigged and we will not pay," the minister said.')
    assert ours(doc) == []  # neither "said" (the quote's cue) nor "think" (inside the quote)


def test_quote_draft_gets_a_missing_conduit(nlp):
    text_ = "The general said that troops would withdraw, quoted by the Interfax agency."
    nlp_parse = spacy.load(DEFAULT_MODEL)
    doc = nlp_parse(text_)
    cue = (text_.index("said"), text_.index("said") + 4)
    theirs = DraftAttribution(type="direct", cue=cue, source=(0, 11), content=[(22, 42)],
                              origin="rule:quote")
    doc_state.attributions(doc).append(theirs)
    nlp.get_pipe("claimgraph_attribution_rules")(doc)
    assert doc_state.attributions(doc) == [theirs]
    assert text(doc, theirs.conduit) == "quoted by the Interfax agency"


def test_fast_compared_to_the_parse(nlp):
    if not CROCUS.exists():
        pytest.skip("example article not available")
    body = CROCUS.read_text(encoding="utf-8") * 3
    parse_only = [p for p in nlp.pipe_names if p != "claimgraph_attribution_rules"]
    doc = nlp(body, disable=["claimgraph_attribution_rules"])
    rules = nlp.get_pipe("claimgraph_attribution_rules")
    t0 = time.perf_counter()
    for _ in range(3):
        doc._.cg_attributions = []
        rules(doc)
    ours_s = (time.perf_counter() - t0) / 3
    t0 = time.perf_counter()
    with nlp.select_pipes(enable=parse_only):
        nlp(body)
    parse_s = time.perf_counter() - t0
    assert ours_s < 0.25 * parse_s, (ours_s, parse_s)


# -- the example article ---------------------------------------------------------------------------

def test_crocus_example(nlp):
    if not CROCUS.exists():
        pytest.skip("example article not available")
    doc = nlp(CROCUS.read_text(encoding="utf-8"))
    got = {(text(doc, a.cue), text(doc, a.source)): a for a in ours(doc)}
    expected = [
        ("assured", "The head of the Russian Security Services (FSB), Alexander Bortnikov,"),
        ("has repeatedly stated", "Kyiv"),
        ("rejected", "The G-7 (United States, United Kingdom, Germany, Italy, Canada, France and Japan)"),
        ("described", "French President Emmanuel Macron"),
        ("accusing", "the Russian side"),
        ("acknowledged", "Russian President Vladimir Putin"),
        ("suggest", "Russian President Vladimir Putin"),
        ("According to", "Moscow"),
        ("assures", "he"),
        ("added", "Bortnikov"),
        ("said", "he"),
        ("also accused", "He"),
        ("claimed", "it"),
        ("stated", "US authorities"),
        ("said", "US President Joe Biden’s advisor, Jake Sullivan,"),
        ("knows", "Russia"),
        ("recalled", "US President Joe Biden’s advisor, Jake Sullivan,"),
        ("According to", "Bortnikov"),
    ]
    missing = [e for e in expected if e not in got]
    assert not missing, missing

    def content(cue, source):
        return contents(doc, got[(cue, source)])

    assert content("assured", expected[0][1]) == ["that Ukrainian military intelligence is “directly involved.”"]
    assert got[("assured", expected[0][1])].type == "mixed"
    assert content("has repeatedly stated", "Kyiv") == ["that it had nothing to do with the attack"]
    assert content("rejected", expected[2][1]) == ["Ukraine’s participation"]
    assert content("suggest", "Russian President Vladimir Putin") == ["that Kyiv had ordered it"]
    assert content("According to", "Moscow") == ["after the attack the perpetrators fled to Ukraine"]
    assert got[("According to", "Moscow")].type == "according_to"
    assert content("said", "he") == ["that the main organizer of the terrorist attack was abroad"]
    assert got[("claimed", "it")].cue_lemma == "claim responsibility"
    sullivan = got[("said", "US President Joe Biden’s advisor, Jake Sullivan,")]
    assert content("said", "US President Joe Biden’s advisor, Jake Sullivan,") == [
        "that Russia knows that the culprit of the attack is IS"]
    assert got[("knows", "Russia")].parent is sullivan
    assert content("recalled", "US President Joe Biden’s advisor, Jake Sullivan,") == [
        "that Washington had previously warned Moscow about an imminent terrorist attack"]
    assert got[("accusing", "the Russian side")].parent is got[("described", "French President Emmanuel Macron")]
    # the direct quotes belong to the quotes component: no second draft for their cues
    cues = [text(doc, a.cue) for a in doc_state.attributions(doc)]
    assert len(cues) == len(set(zip(cues, [a.cue for a in doc_state.attributions(doc)])))


@pytest.mark.parametrize("sentence, source, content", [
    ("As reported by the Kyiv Independent, the strike killed 12 people in the city.",
     "the Kyiv Independent", "the strike killed 12 people in the city"),
    ("As the ministry reported, the strike killed 12 people in the city.",
     "the ministry", "the strike killed 12 people in the city"),
    ("As noted by the mission's monitors, the shelling continued overnight.",
     "the mission's monitors", "the shelling continued overnight"),
])
def test_an_as_clause_reports_the_clause_it_hangs_on(nlp, sentence, source, content):
    doc = nlp(sentence)
    cue = next(w for w in ("reported", "noted") if w in sentence)
    a = by_cue(doc, cue)
    assert text(doc, a.source) == source
    assert contents(doc, a) == [content]


def test_an_as_clause_without_a_speaker_is_no_attribution(nlp):
    doc = nlp("As expected, the parliament approved the budget on Friday.")
    assert not [a for a in ours(doc) if text(doc, a.cue) == "expected"]


def test_linking_a_deed_to_a_party_is_an_accusation(nlp):
    doc = nlp("Moscow admits that the gunmen were Islamists, but continues to link the raid to Georgia.")
    a = by_cue(doc, "link")
    assert text(doc, a.source) == "Moscow"
    assert contents(doc, a) == ["the raid to Georgia"]
    doc = nlp("The minister tied the blackout to Russian hackers.")
    assert contents(doc, by_cue(doc, "tied")) == ["the blackout to Russian hackers"]


@pytest.mark.parametrize("sentence", [
    "He tied the boat to the pier.",            # the "to" phrase names no party
    "The bridge links the old town to the station.",  # a thing cannot speak
])
def test_linking_things_is_no_statement(nlp, sentence):
    doc = nlp(sentence)
    assert not [a for a in ours(doc) if text(doc, a.cue) in ("tied", "links")]


@pytest.mark.parametrize("sentence, cue, source, content", [
    ("Sullivan recalled that Washington had previously warned Moscow about an imminent attack.",
     "had previously warned", "Washington", "about an imminent attack"),
    ("The mayor warned residents against complacency before the storm.",
     "warned", "The mayor", "against complacency"),  # "before the storm": when it was said
])
def test_a_warning_about_something_has_that_as_its_content_not_the_one_warned(nlp, sentence, cue,
                                                                                source, content):
    a = by_cue(nlp(sentence), cue)
    assert (text(nlp(sentence), a.source), contents(nlp(sentence), a)) == (source, [content])


def test_a_warning_with_no_clause_and_no_topic_is_no_attribution(nlp):
    doc = nlp("The police warned residents on Monday.")
    assert not [a for a in ours(doc) if text(doc, a.cue) == "warned"]
