"""claimgraph_stance on classes of statements whose stance or targets lie outside the cue and
the plain content: a denial of a deed named by a gerund, dismissive words said of a statement,
a pronoun standing for a statement made before, a spokesman reporting the stance of those it
speaks for, deeds that are someone's "work", the addressee's "you", a bare "no" answering the
question asked, the reporter's "but gave no evidence", and a quote that goes on with an
accusation its speaker just made. Real parses, entities and drafts built by hand (see
test_stance.py); each rule with at least two wordings, and the cases it must leave alone."""

from __future__ import annotations

import pytest

from claimgraph.nlp import doc_state
from claimgraph.nlp.doc_state import DraftAttribution, DraftEntity
from test_stance import ACTORS, _mentions, _span, nlp, read  # noqa: F401  (module-scoped model fixture)

EXTRA = {"serbia": ["Serbia", "Belgrade", "Serbian"], "kosovo": ["Kosovo", "Pristina"],
         "vucic": ["Aleksandar Vucic", "Vucic"], "kurti": ["Albin Kurti", "Kurti"],
         "eu": ["the EU", "The EU"], "hamas": ["Hamas"], "israel": ["Israel", "Israeli"],
         "idf": ["the army", "The army"], "minister": ["The minister", "the minister"],
         "spokesman": ["A spokesman", "a spokesman"], "marinka": ["Marinka"], "gaza": ["Gaza"]}
PERSONS = {"vucic", "kurti", "minister", "putin", "sullivan", "bortnikov"}


def check(nlp, text, cue, content, speaker, stance, targets, source=None):
    got_stance, got_targets = read(nlp, text, cue, content, speaker, source=source, extra=EXTRA)
    assert got_stance == stance, (text, got_stance, got_targets)
    assert set(targets) <= set(got_targets), (text, got_stance, got_targets)
    return got_targets


def read_all(nlp, text, drafts):
    """Run the component on several drafts of one text: (cue, content, speaker, source) each;
    a content in quote marks in the text makes a direct quote. Persons are typed PERSON
    (pronoun agreement reads it). Returns [(stance, targets)]."""
    doc = nlp(text)
    actors = dict(ACTORS, **EXTRA)
    doc._.cg_entities = [DraftEntity(eid, forms[0], "PERSON" if eid in PERSONS else "ORG", mentions=ms)
                         for eid, forms in actors.items() if (ms := _mentions(text, forms))]
    made, after = [], 0
    for cue, content, speaker, source in drafts:
        cue_span = _span(text, cue, after)
        after = cue_span[1]
        quoted = bool(content) and f'"{content}' in text
        made.append(DraftAttribution(
            type="direct" if quoted else "indirect", cue=cue_span, speaker=speaker,
            source=_span(text, source, max(0, cue_span[0] - 80)) if source else None,
            content=[_span(text, content, max(0, cue_span[0] - 200))] if content else []))
    doc._.cg_attributions = made
    nlp.get_pipe("claimgraph_stance")(doc)
    return [(d.stance, d.targets) for d in made]


# -- a denied or admitted gerund: its doer is the speaker -------------------------------------

@pytest.mark.parametrize("text, cue, content, speaker, stance", [
    ("The army denied shelling the village of Marinka.", "denied", "shelling the village of Marinka", "idf", "deny"),
    ("Belgrade denied arming the gunmen in Kosovo.", "denied", "arming the gunmen in Kosovo", "serbia", "deny"),
    ("Hamas admitted firing rockets at Israel.", "admitted", "firing rockets at Israel", "hamas", "acknowledge"),
])
def test_a_subjectless_gerund_is_the_speakers_deed(nlp, text, cue, content, speaker, stance):
    targets = check(nlp, text, cue, content, speaker, stance, [speaker])
    assert targets[0] == speaker  # not the place or the victim


def test_a_denied_clause_with_its_own_subject_is_about_that_subject(nlp):
    check(nlp, "Belgrade denied that Kosovo had been attacked by Serbian units.", "denied",
          "that Kosovo had been attacked by Serbian units", "serbia", "deny", ["serbia"])


# -- dismissive words said of a statement -----------------------------------------------------

@pytest.mark.parametrize("text, cue, content, speaker, targets", [
    ("Vucic said the accusations from Pristina were outrageous.", "said",
     "the accusations from Pristina were outrageous", "vucic", ["kosovo"]),
    ("The EU said the claims against Kurti seemed unjustified.", "said",
     "the claims against Kurti seemed unjustified", "eu", ["kurti"]),
    ("Kurti told reporters that these insulting allegations would not stop the talks.", "told",
     "that these insulting allegations would not stop the talks", "kurti", []),
    ("Serbia called the report biased and one-sided.", "called", "the report biased and one-sided", "serbia", []),
])
def test_a_dismissive_word_said_of_a_statement_rejects_it(nlp, text, cue, content, speaker, targets):
    check(nlp, text, cue, content, speaker, "reject", targets)


@pytest.mark.parametrize("text, cue, content, speaker, stance", [
    # said of a deed, the same word condemns it
    ("Kurti said the attack on the police was outrageous and unacceptable.", "said",
     "the attack on the police was outrageous and unacceptable", "kurti", "assert"),
    ("The EU said the violence in the north was unacceptable.", "said",
     "the violence in the north was unacceptable", "eu", "assert"),
    ("Kurti said the decision was unfair to farmers.", "said", "the decision was unfair to farmers", "kurti",
     "assert"),
])
def test_a_dismissive_word_said_of_something_else_dismisses_nothing(nlp, text, cue, content, speaker, stance):
    assert read(nlp, text, cue, content, speaker, extra=EXTRA)[0] == stance


# -- a pronoun standing for a statement made in the sentence before -----------------------------

@pytest.mark.parametrize("text, cue, content, speaker, targets", [
    ("Belgrade dismissed reports that Serbian units had crossed into Kosovo. Vucic called them lies.",
     "called", "them lies", "vucic", ["kosovo"]),
    ("Kosovo rejected claims that Kurti had ordered the raid. The EU called it absurd.",
     "called", "it absurd", "eu", ["kurti"]),
])
def test_a_pronoun_for_a_statement_is_dismissed_with_whom_it_named(nlp, text, cue, content, speaker, targets):
    check(nlp, text, cue, content, speaker, "reject", targets)


def test_a_pronoun_called_something_harmless_is_no_dismissal(nlp):
    text = "Kosovo published a report on the talks. Kurti called it a useful step."
    assert read(nlp, text, "called", "it a useful step", "kurti", extra=EXTRA)[0] != "reject"


# -- a spokesman reporting the stance of those it speaks for ----------------------------------

@pytest.mark.parametrize("text, cue, content, source, stance, targets", [
    ("A Serbian government spokesman said Belgrade firmly rejected the accusations.", "said",
     "Belgrade firmly rejected the accusations", "A Serbian government spokesman", "reject", ["serbia"]),
    ("A Hamas spokesman said Hamas denied any involvement in the kidnapping.", "said",
     "Hamas denied any involvement in the kidnapping", "A Hamas spokesman", "deny", ["hamas"]),
])
def test_a_spokesman_reports_the_stance_of_whom_it_speaks_for(nlp, text, cue, content, source, stance, targets):
    check(nlp, text, cue, content, "spokesman", stance, targets, source=source)


def test_someone_else_reporting_a_rejection_only_asserts(nlp):
    text = "Kurti said Belgrade had rejected the peace plan."
    assert read(nlp, text, "said", "Belgrade had rejected the peace plan", "kurti", source="Kurti",
                extra=EXTRA)[0] == "assert"


# -- deeds that are someone's "work" ----------------------------------------------------------

@pytest.mark.parametrize("text, cue, content, speaker, stance, targets", [
    ("The ministry said the bombing was the work of Hamas.", "said", "the bombing was the work of Hamas",
     "ministry", "accuse", ["hamas"]),
    ("Kurti said the ambush was the handiwork of Serbian agents.", "said",
     "the ambush was the handiwork of Serbian agents", "kurti", "accuse", ["serbia"]),
    ("Belgrade said the unrest was not its doing.", "said", "the unrest was not its doing", "serbia", "deny",
     ["serbia"]),
    ("The EU said the explosion was not Israel's fault.", "said", "the explosion was not Israel's fault", "eu",
     "deny", ["israel"]),
])
def test_a_predicated_deed_noun_blames_or_clears_its_owner(nlp, text, cue, content, speaker, stance, targets):
    check(nlp, text, cue, content, speaker, stance, targets)


def test_a_deed_noun_that_is_not_predicated_blames_no_one(nlp):
    text = "Kurti said Serbia's work on the new border crossing had stopped after the attack."
    got = read(nlp, text, "said", "Serbia's work on the new border crossing had stopped after the attack",
               "kurti", extra=EXTRA)
    assert got[0] != "accuse"


def test_it_and_they_are_not_the_person_speaking(nlp):
    # a person speaker is never "their": the group named before is
    text = "The minister said the raid had been a compliment to Serbia's police, but that it was not their work."
    (stance, targets), = read_all(nlp, text, [
        ("said", "the raid had been a compliment to Serbia's police, but that it was not their work", "minister",
         "The minister")])
    assert stance == "deny" and "minister" not in targets and "serbia" in targets


def test_its_forces_in_a_denial_are_the_deniers(nlp):
    # "its" owns the troops: in a denial, the denier's own, whatever else "forces" was taken for
    check(nlp, "The army denied that its units had fired on the convoy near Gaza.", "denied",
          "that its units had fired on the convoy near Gaza", "idf", "deny", ["idf"])


# -- the addressee's "you" --------------------------------------------------------------------

def test_you_is_whom_the_cue_addresses(nlp):
    text = '"You are responsible for the raid," Kurti told Serbian President Aleksandar Vucic.'
    stance, targets = read(nlp, text, "told", "You are responsible for the raid,", "kurti", extra=EXTRA)
    assert stance == "accuse" and "vucic" in targets


def test_not_you_clears_the_addressee_and_the_party_it_stands_for(nlp):
    text = '"It was carried out by the other side, not you," Kurti told Serbian President Aleksandar Vucic.'
    stance, targets = read(nlp, text, "told", "It was carried out by the other side, not you,", "kurti",
                           extra=EXTRA)
    assert stance == "deny" and {"vucic", "serbia"} <= set(targets)


def test_you_with_no_addressee_named_blames_no_one(nlp):
    text = '"You know who did this," Kurti told reporters.'
    assert read(nlp, text, "told", "You know who did this,", "kurti", extra=EXTRA)[1] == []


# -- a bare "no" answers the question asked ---------------------------------------------------

@pytest.mark.parametrize("text, cue, content, speaker, targets", [
    ('Asked whether Belgrade had armed the gunmen, Vucic answered: "Absolutely not."', "answered",
     "Absolutely not.", "vucic", ["serbia"]),
    ('Asked if Hamas had fired the rocket, the spokesman replied: "No."', "replied", "No.", "spokesman",
     ["hamas"]),
    # no question before it: the speaker's own part
    ('Vucic replied: "Of course not."', "replied", '"Of course not."', "vucic", ["vucic"]),
])
def test_a_bare_no_denies_what_it_was_asked(nlp, text, cue, content, speaker, targets):
    check(nlp, text, cue, content, speaker, "deny", targets)


# -- "but gave no evidence": the reporter's caveat --------------------------------------------

@pytest.mark.parametrize("text, cue, content, speaker", [
    ("Kurti said the raid had been ordered by Serbian officers, but gave no evidence.", "said",
     "the raid had been ordered by Serbian officers, but gave no evidence", "kurti"),
    ("Vucic said the raid had been ordered by Kurti, without providing any proof.", "said",
     "the raid had been ordered by Kurti, without providing any proof", "vucic"),
])
def test_a_presenting_verb_with_no_subject_is_no_dismissal(nlp, text, cue, content, speaker):
    assert read(nlp, text, cue, content, speaker, extra=EXTRA)[0] == "accuse"


def test_someone_else_giving_no_evidence_is_still_a_dismissal(nlp):
    text = "Vucic said Pristina had given no evidence for its claims."
    assert read(nlp, text, "said", "Pristina had given no evidence for its claims", "vucic", extra=EXTRA)[0] == "reject"


# -- double negation through an existential quantity ------------------------------------------

@pytest.mark.parametrize("text, content", [
    ("Kurti said there is not much in the north that Belgrade is not behind.",
     "there is not much in the north that Belgrade is not behind"),
    ("Kurti said there isn't anything that happens in the north that Serbia is not behind.",
     "there isn't anything that happens in the north that Serbia is not behind"),
])
def test_a_negated_quantity_cancels_the_negation_under_it(nlp, text, content):
    check(nlp, text, "said", content, "kurti", "accuse", ["serbia"])


# -- a statement that goes on with its speaker's accusation -----------------------------------

def test_a_quote_after_an_accusation_is_about_the_same_party(nlp):
    text = ('Kurti accused Serbia of an organised attack on the police. "The assault was planned for '
            'months," he wrote on X.')
    (s1, t1), (s2, t2) = read_all(nlp, text, [
        ("accused", "Serbia of an organised attack on the police", "kurti", "Kurti"),
        ("wrote", "The assault was planned for months,", "kurti", "he")])
    assert s1 == "accuse" and "serbia" in t1
    assert s2 == "accuse" and "serbia" in t2


def test_an_elaboration_after_a_blaming_assertion_stays_an_assertion(nlp):
    # blame through "said" (no accusing cue), then what the speaker said next about the attack
    text = ('Kurti said Serbian officers had planned the attack on the police. He said the main organiser '
            'of the assault had fled abroad.')
    (s1, t1), (s2, t2) = read_all(nlp, text, [
        ("said", "Serbian officers had planned the attack on the police", "kurti", "Kurti"),
        ("said", "the main organiser of the assault had fled abroad", "kurti", "He")])
    assert s1 == "accuse" and "serbia" in t1
    assert s2 == "assert" and "serbia" in t2


def test_they_in_a_quote_after_an_accusation_is_the_accused(nlp):
    text = ('Vucic accused Kosovo of persecuting Serbs. "They want to drive our people out," he told '
            'reporters.')
    _, (s2, t2) = read_all(nlp, text, [
        ("accused", "Kosovo of persecuting Serbs", "vucic", "Vucic"),
        ("told", "They want to drive our people out,", "vucic", "he")])
    assert "kosovo" in t2


@pytest.mark.parametrize("text, drafts", [
    # another speaker's quote
    ('Kurti accused Serbia of an attack on the police. "The assault was planned," Vucic wrote.',
     [("accused", "Serbia of an attack on the police", "kurti", "Kurti"),
      ("wrote", "The assault was planned,", "vucic", "Vucic")]),
    # too far back
    ('Kurti accused Serbia of an attack on the police. The talks were suspended. The EU met on Monday. '
     'Ministers spoke at length. "The assault was planned," Kurti wrote.',
     [("accused", "Serbia of an attack on the police", "kurti", "Kurti"),
      ("wrote", "The assault was planned,", "kurti", "Kurti")]),
    # a quote about something else
    ('Kurti accused Serbia of an attack on the police. "We will rebuild the station," he wrote.',
     [("accused", "Serbia of an attack on the police", "kurti", "Kurti"),
      ("wrote", "We will rebuild the station,", "kurti", "he")]),
])
def test_what_carrying_an_accusation_leaves_alone(nlp, text, drafts):
    _, (stance, targets) = read_all(nlp, text, drafts)
    assert "serbia" not in targets, (stance, targets)


# -- a dismissal of a party's words is about whom its accusation blamed -----------------------

def test_dismissing_an_accusers_words_takes_in_whom_they_blamed(nlp):
    text = ("Kurti accused Vucic of ordering the raid on the monastery. Belgrade rejected Kurti's words "
            "on Monday.")
    _, (stance, targets) = read_all(nlp, text, [
        ("accused", "Vucic of ordering the raid on the monastery", "kurti", "Kurti"),
        ("rejected", "Kurti's words", "serbia", "Belgrade")])
    assert stance == "reject" and {"kurti", "vucic"} <= set(targets)


def test_dismissing_someone_who_accused_no_one_adds_no_one(nlp):
    text = "Kurti said he would meet Vucic in May. Belgrade rejected Kurti's words on Monday."
    (_, t1), (stance, targets) = read_all(nlp, text, [
        ("said", "he would meet Vucic in May", "kurti", "Kurti"),
        ("rejected", "Kurti's words", "serbia", "Belgrade")])
    assert "vucic" in t1  # named, not blamed
    assert stance == "reject" and "vucic" not in targets


# -- a bare "yes" answers the question asked ----------------------------------------------------

@pytest.mark.parametrize("text, cue, content, speaker, targets", [
    # a yes hedged by belief blames whom the question named
    ('Asked whether Belgrade had armed the gunmen who attacked the police, Kurti replied: "We believe so."',
     "replied", "We believe so.", "kurti", ["serbia"]),
    ('Asked if Hamas had fired the rocket that struck the hospital, the minister said: "Yes."', "said", "Yes.",
     "minister", ["hamas"]),
    # a yes that names one of the parties asked about blames that one
    ('Asked whether Hamas or Israel was behind the explosion, the spokesman answered: "Of course, Hamas."',
     "answered", "Of course, Hamas.", "spokesman", ["hamas"]),
])
def test_a_bare_yes_to_who_did_wrong_accuses(nlp, text, cue, content, speaker, targets):
    got = check(nlp, text, cue, content, speaker, "accuse", targets)
    assert "israel" not in got


@pytest.mark.parametrize("text, cue, content, speaker", [
    # a yes to a question about no wrongdoing
    ('Asked whether Belgrade would join the talks in Brussels, Vucic replied: "We believe so."', "replied",
     "We believe so.", "vucic"),
    # no question before it
    ('Vucic replied: "Of course."', "replied", "Of course.", "vucic"),
    # more than a yes
    ('Asked whether Serbia was behind the attack, Kurti said: "Of course, the talks must go on."', "said",
     "Of course, the talks must go on.", "kurti"),
])
def test_a_yes_that_blames_no_one_asserts(nlp, text, cue, content, speaker):
    assert read(nlp, text, cue, content, speaker, extra=EXTRA)[0] == "assert"



# -- "described as Y the X": a description put before a heavy object ----------------------------

@pytest.mark.parametrize("text, cue, content", [
    ("Kurti described as threatening the statements by the Serbian side about the north.", "described",
     "the statements by the Serbian side about the north"),
    ("Vucic described as baseless the accusations made by Pristina against the army.", "described",
     "the accusations made by Pristina against the army"),
])
def test_a_description_before_its_statement_dismisses_it(nlp, text, cue, content):
    speaker = "kurti" if text.startswith("Kurti") else "vucic"
    assert read(nlp, text, cue, content, speaker, extra=EXTRA)[0] == "reject"


def test_a_favourable_description_before_its_statement_dismisses_nothing(nlp):
    text = "Vucic described as accurate the reports by the EU about the north."
    assert read(nlp, text, "described", "the reports by the EU about the north", "vucic", extra=EXTRA)[0] != "reject"


# -- "the group": the organisation named before -------------------------------------------------

@pytest.mark.parametrize("text, cue, content, speaker", [
    ("Hamas fighters crossed the fence at dawn. The minister said the movement was responsible for the massacre.",
     "said", "the movement was responsible for the massacre", "minister"),
    ("Hamas has fired rockets for years. The minister said the same group had carried out the attack on the kibbutz.",
     "said", "the same group had carried out the attack on the kibbutz", "minister"),
])
def test_the_group_stands_for_the_organisation_named_before(nlp, text, cue, content, speaker):
    check(nlp, text, cue, content, speaker, "accuse", ["hamas"])


def test_a_group_of_people_names_no_organisation(nlp):
    text = "Hamas fighters crossed the fence at dawn. The minister said a group of settlers had carried out the attack."
    _stance, targets = read(nlp, text, "said", "a group of settlers had carried out the attack", "minister", extra=EXTRA)
    assert "hamas" not in targets



# -- a statement called a named party's misdeed accuses that party -----------------------------

@pytest.mark.parametrize("text, cue, content, speaker, target", [
    ("Pristina rejected the accusations, describing them as a provocation by Belgrade meant to fuel hysteria.",
     "describing", "them as a provocation by Belgrade meant to fuel hysteria", "kosovo", "serbia"),
    ("Kurti said the report was a provocation by Belgrade aimed at spreading lies about the police.",
     "said", "the report was a provocation by Belgrade aimed at spreading lies about the police", "kurti", "serbia"),
])
def test_a_named_misdeed_with_a_dismissive_aim_accuses(nlp, text, cue, content, speaker, target):
    check(nlp, text, cue, content, speaker, "accuse", [target])


@pytest.mark.parametrize("text, cue, content, speaker", [
    # no party named as the misdeed's doer: the dismissal stands
    ("Pristina rejected the accusations, describing them as lies meant to fuel hysteria.",
     "describing", "them as lies meant to fuel hysteria", "kosovo"),
    ("Kurti said the report was pure hysteria.", "said", "the report was pure hysteria", "kurti"),
])
def test_a_dismissive_word_outside_a_named_misdeed_still_rejects(nlp, text, cue, content, speaker):
    assert read(nlp, text, cue, content, speaker, extra=EXTRA)[0] == "reject"
