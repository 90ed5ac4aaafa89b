"""claimgraph_stance on statements whose stance is not in the cue: denials without a denying
verb, accusations through a neutral verb, dismissals by description, questions, warnings and
demands, claims of a deed. Real parses, entities and drafts built by hand (see test_stance.py);
each case is one wording of a general rule, with a second wording where the rule could be
mistaken for a fit to one sentence."""

from __future__ import annotations

import pytest

from test_stance import nlp, read  # noqa: F401  (the module-scoped model fixture)

EXTRA = {"macron": ["Macron"], "jit": ["The investigators", "the investigators"], "fsb": ["the FSB"], "g7": ["The G7"],
         "court": ["the court"], "is": ["The Islamic State", "the Islamic State", "The group"]}


def check(nlp, text, cue, content, speaker, stance, targets):
    got_stance, got_targets = read(nlp, text, cue, content, speaker, extra=EXTRA)
    assert got_stance == stance, (text, got_stance, got_targets)
    assert set(targets) <= set(got_targets), (text, got_stance, got_targets)


# -- denials without a denying verb: the content negates an accusation ------------------------

@pytest.mark.parametrize("text, cue, content, speaker, stance, targets", [
    # a negated word of evidence negates the clause it governs
    ("The ministry said there was no indication that the army was involved.", "said",
     "there was no indication that the army was involved", "ministry", "deny", ["army"]),
    ("Washington said it had seen nothing to suggest that Ukraine was behind the attack.", "said",
     "it had seen nothing to suggest that Ukraine was behind the attack", "us", "deny", ["ukraine"]),
    ("The ministry said nothing indicated that its troops were involved in the shooting.", "said",
     "nothing indicated that its troops were involved in the shooting", "ministry", "deny", ["ministry"]),
    ("Moscow said there was no sign that the army had crossed the border.", "said",
     "there was no sign that the army had crossed the border", "russia", "deny", ["army"]),
    # a negative subject negates its clause
    ("The ministry said none of its missile systems had ever crossed the border.", "said",
     "none of its missile systems had ever crossed the border", "ministry", "deny", ["ministry"]),
    ("Kyiv said no Ukrainian unit had taken part in the attack.", "said",
     "no Ukrainian unit had taken part in the attack", "ukraine", "deny", ["ukraine"]),
    # a negated act of force on a weapon
    ("The ministry said the army did not use that type of missile.", "said",
     "the army did not use that type of missile", "ministry", "deny", ["army"]),
    ("The rebels said they never fired the missile.", "said", "they never fired the missile", "rebels",
     "deny", ["rebels"]),
    ("Putin said Russia had no part in the downing of the plane.", "said",
     "Russia had no part in the downing of the plane", "putin", "deny", ["russia"]),
    # a bare no answers the question it was asked; the quoted "not" does not negate the cue
    ('Putin replied: "Of course not."', "replied", "Of course not.", "putin", "deny", ["putin"]),
    # clearing a party named as the cue's object
    ("Medvedev accused the report of trying to absolve Washington.", "absolve", None, "russia", "deny", ["us"]),
])
def test_denials_without_a_denying_verb(nlp, text, cue, content, speaker, stance, targets):
    check(nlp, text, cue, content, speaker, stance, targets)


# -- accusations through a neutral verb -------------------------------------------------------

@pytest.mark.parametrize("text, cue, content, speaker, stance, targets", [
    ("The investigators said the missile was fired by the army.", "said",
     "the missile was fired by the army", "jit", "accuse", ["army"]),
    ("The army said the rocket was launched by the rebels.", "said",
     "the rocket was launched by the rebels", "army", "accuse", ["rebels"]),
    ("Biden called Putin a war criminal.", "called", "Putin a war criminal", "us", "accuse", ["putin"]),
    ("Zelensky called Putin a terrorist.", "called", "Putin a terrorist", "ukraine", "accuse", ["putin"]),
    ("The ministry said the images were a provocation staged by the Kyiv regime.", "said",
     "the images were a provocation staged by the Kyiv regime", "ministry", "accuse", ["ukraine"]),
    ("Moscow said Ukrainian agents took part in the attack.", "said",
     "Ukrainian agents took part in the attack", "russia", "accuse", ["ukraine"]),
    # the speaker's own people did it: a claim of the deed
    ("The group said four of its fighters had attacked the concert.", "said",
     "four of its fighters had attacked the concert", "is", "claim_responsibility", ["is"]),
    # a demand to stop a misdeed blames
    ("The G7 called on Russia to stop Russia's disinformation attacks.", "called on",
     "Russia to stop Russia's disinformation attacks", "g7", "accuse", ["russia"]),
])
def test_accusations_through_a_neutral_verb(nlp, text, cue, content, speaker, stance, targets):
    check(nlp, text, cue, content, speaker, stance, targets)


# -- dismissals: condemning or describing another's statement ---------------------------------

@pytest.mark.parametrize("text, cue, content, speaker, stance, targets", [
    ("Kyiv called the accusations lies.", "called", "the accusations lies", "ukraine", "reject", []),
    ("Kyiv called the report Russian propaganda.", "called", "the report Russian propaganda", "ukraine",
     "reject", []),
    ("Moscow described the warnings as threatening.", "described", "the warnings as threatening", "russia",
     "reject", []),
    ("The ministry branded the report a fabrication.", "branded", "the report a fabrication", "ministry",
     "reject", []),
    ("The G7 condemned Russia's attempts to blame Ukraine.", "condemned", "Russia's attempts to blame Ukraine",
     "g7", "reject", ["russia"]),
    ("Kyiv denounced the accusations as propaganda.", "denounced", "the accusations as propaganda", "ukraine",
     "reject", []),
    ("Moscow said Kyiv's claims were lies.", "said", "Kyiv's claims were lies", "russia", "reject", ["ukraine"]),
])
def test_dismissals_by_description(nlp, text, cue, content, speaker, stance, targets):
    check(nlp, text, cue, content, speaker, stance, targets)


# -- other acts: questions, warnings, demands, refusals, claims of a deed ----------------------

@pytest.mark.parametrize("text, cue, content, speaker, stance, targets", [
    ("Putin wanted to know who had ordered the attack.", "wanted to know", "who had ordered the attack",
     "putin", "question", []),
    ("Kyiv wants to know why the warnings were ignored.", "wants to know", "why the warnings were ignored",
     "ukraine", "question", []),
    ("Medvedev said those responsible will pay.", "said", "those responsible will pay", "russia", "warn", []),
    ("Washington said those behind the attack would be brought to justice.", "said",
     "those behind the attack would be brought to justice", "us", "warn", []),
    ("The ministry called on Kyiv to stop the talks.", "called on", "Kyiv to stop the talks", "ministry",
     "other", ["ukraine"]),
    ("Peskov refused to say whether Ukraine was involved.", "refused to say", "whether Ukraine was involved",
     "russia", "other", []),
    ("The Islamic State had claimed the attack.", "claimed", "the attack", "is", "claim_responsibility", ["is"]),
    ("The group claimed the bombing within hours.", "claimed", "the bombing", "is", "claim_responsibility", ["is"]),
])
def test_other_acts(nlp, text, cue, content, speaker, stance, targets):
    check(nlp, text, cue, content, speaker, stance, targets)


# -- what the new rules must leave alone ------------------------------------------------------

@pytest.mark.parametrize("text, cue, content, speaker, stance", [
    ("Western governments say the Kremlin had every reason to punish him.", "say",
     "the Kremlin had every reason to punish him", None, "assert"),
    ("Kyiv described the report as accurate.", "described", "the report as accurate", "ukraine", "assert"),
    ("The ministry said it used the talks to press its case.", "said", "it used the talks to press its case",
     "ministry", "assert"),
    ("Refugees said they had crossed the border at night.", "said", "they had crossed the border at night",
     None, "assert"),
    ("Kyiv said its soldiers took part in the peace talks.", "said", "its soldiers took part in the peace talks",
     "ukraine", "assert"),
    ("The G7 condemned the bombing of the hospital.", "condemned", "the bombing of the hospital", "g7", "accuse"),
    ("The Kremlin declined to comment on the claim.", "declined to comment", "on the claim", "russia", "other"),
    ("The ministry did not deny that its troops were involved.", "deny", None, "ministry", "other"),
])
def test_what_the_rules_leave_alone(nlp, text, cue, content, speaker, stance):
    assert read(nlp, text, cue, content, speaker, extra=EXTRA)[0] == stance


def test_the_struck_and_the_place_are_not_the_doer(nlp):
    # the doer is no entity: the blame falls on the parties named, but not on the victim or place
    text = ("The investigators said the missile that destroyed the airliner over eastern Ukraine came from "
            "a unit of the army.")
    content = "the missile that destroyed the airliner over eastern Ukraine came from a unit of the army"
    assert read(nlp, text, "said", content, "jit", extra=EXTRA) == ("accuse", ["army"])


@pytest.mark.parametrize("text, content, stance, targets", [
    # two negations cancel: a negative quantity over a negated clause affirms it
    ("He said there was nothing in Russia that Putin was not behind.",
     "there was nothing in Russia that Putin was not behind", "accuse", ["putin"]),
    ("He said there was not much that happens in Russia that Putin is not behind.",
     "there was not much that happens in Russia that Putin is not behind", "accuse", ["putin"]),
    # "no doubt" is no word of evidence: the clause stands
    ("He said there was no doubt that Ukraine was behind the attack.",
     "there was no doubt that Ukraine was behind the attack", "accuse", ["ukraine"]),
])
def test_negations_from_outside_the_clause(nlp, text, content, stance, targets):
    check(nlp, text, "said", content, "sullivan", stance, targets)


@pytest.mark.parametrize("text, content, speaker, stance, targets", [
    # a participle set off by a comma is the speaker's own act
    ("Macron said the Islamic State was responsible, accusing Moscow of exploiting the tragedy.",
     "the Islamic State was responsible, accusing Moscow of exploiting the tragedy", "macron", "accuse",
     ["russia", "is"]),
    ("Macron said the talks would resume, accusing Moscow of delaying them.",
     "the talks would resume, accusing Moscow of delaying them", "macron", "accuse", ["russia"]),
    ("Kyiv said the report was false, denying any role in the attack.",
     "the report was false, denying any role in the attack", "ukraine", "deny", ["ukraine"]),
])
def test_the_speakers_trailing_participle(nlp, text, content, speaker, stance, targets):
    check(nlp, text, "said", content, speaker, stance, targets)
