"""nlp/content_trim.py: a content stops before the speaker of the next statement."""

from claimgraph.nlp.content_trim import trim_before_other_speakers
from claimgraph.nlp.doc_state import DraftAttribution
from claimgraph.nlp.pipeline import Pipeline

TEXT = ("After Moscow's first accusations against Kyiv, the president's adviser, Jake Sullivan, "
        "said that Russia knows the culprit.")


def at(sub: str, text: str = TEXT) -> tuple[int, int]:
    s = text.index(sub)
    return s, s + len(sub)


def draft(cue: str, source: str, content: str, text: str = TEXT) -> DraftAttribution:
    return DraftAttribution(type="indirect", cue=at(cue, text), source=at(source, text),
                            content=[at(content, text)])


def contents(d: DraftAttribution, text: str = TEXT) -> list[str]:
    return [text[s:e] for s, e in d.content]


def test_a_content_running_into_another_statements_source_ends_before_it():
    accusations = draft("accusations against", "Moscow's",
                        "Kyiv, the president's adviser, Jake Sullivan")
    said = draft("said", "the president's adviser, Jake Sullivan,", "that Russia knows the culprit")
    trim_before_other_speakers([accusations, said], TEXT)
    assert contents(accusations) == ["Kyiv"]
    assert contents(said) == ["that Russia knows the culprit"]


def test_a_statement_reported_inside_the_content_is_left_alone():
    text = "Officials said Smith told reporters the talks had failed."
    outer = draft("said", "Officials", "Smith told reporters the talks had failed", text)
    inner = draft("told", "Smith", "the talks had failed", text)
    trim_before_other_speakers([outer, inner], text)
    assert contents(outer, text) == ["Smith told reporters the talks had failed"]


def test_a_content_that_would_be_left_empty_stays():
    a = draft("accusations against", "Moscow's", "the president's adviser")
    b = draft("said", "the president's adviser", "that Russia knows the culprit")
    trim_before_other_speakers([a, b], TEXT)
    assert contents(a) == ["the president's adviser"]


def test_the_pipeline_cuts_the_noun_cues_content_at_the_next_speaker():
    records = Pipeline().analyze(TEXT).attributions
    accusation = next(a for a in records if "accusations" in a.cue.text)
    assert [c.text for c in accusation.content] == ["Kyiv"]


def test_a_source_in_the_middle_of_a_content_is_left_alone():
    text = "Aides said that Smith called the senator on Monday, Jones told reporters later."
    said = draft("said", "Aides", "that Smith called the senator on Monday", text)
    # a (wrong) draft whose source is inside that content, its cue after it
    told = draft("told", "Smith", "reporters later", text)
    trim_before_other_speakers([said, told], text)
    assert contents(said, text) == ["that Smith called the senator on Monday"]
