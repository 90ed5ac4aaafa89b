"""nlp/content_trim.py: a content stops before the speaker of the next statement."""

from claimgraph.nlp.content_trim import trim_before_other_speakers
from claimgraph.nlp.doc_state import DraftAttribution
from claimgraph.nlp.pipeline import Pipeline

TEXT = ("After Moscow's first accusations against Kyiv, the president's adviser, Jake Sullivan, "
        "said that Russia knows the culprit.")


def at(sub: str) -> tuple[int, int]:
    s = TEXT.index(sub)
    return s, s + len(sub)


def draft(cue: str, source: str, content: str) -> DraftAttribution:
    return DraftAttribution(type="indirect", cue=at(cue), source=at(source), content=[at(content)])


def test_a_content_running_into_another_statements_source_ends_before_it():
    accusations = draft("accusations against", "Moscow's",
                        "Kyiv, the president's adviser, Jake Sullivan")
    said = draft("said", "the president's adviser, Jake Sullivan,", "that Russia knows the culprit")
    trim_before_other_speakers([accusations, said], TEXT)
    assert [TEXT[s:e] for s, e in accusations.content] == ["Kyiv"]
    assert [TEXT[s:e] for s, e in said.content] == ["that Russia knows the culprit"]


def test_a_statement_reported_inside_the_content_is_left_alone():
    text = "Officials said Smith told reporters the talks had failed."

    def span(sub: str) -> tuple[int, int]:
        s = text.index(sub)
        return s, s + len(sub)

    outer = DraftAttribution(type="indirect", cue=span("said"), source=span("Officials"),
                             content=[span("Smith told reporters the talks had failed")])
    inner = DraftAttribution(type="indirect", cue=span("told"), source=span("Smith"),
                             content=[span("the talks had failed")])
    trim_before_other_speakers([outer, inner], text)
    assert [text[s:e] for s, e in outer.content] == ["Smith told reporters the talks had failed"]


def test_a_content_that_would_be_left_empty_stays():
    a = draft("accusations against", "Moscow's", "the president's adviser")
    b = draft("said", "the president's adviser", "that Russia knows the culprit")
    trim_before_other_speakers([a, b], TEXT)
    assert [TEXT[s:e] for s, e in a.content] == ["the president's adviser"]


def test_the_pipeline_cuts_the_noun_cues_content_at_the_next_speaker():
    records = Pipeline().analyze(TEXT).attributions
    accusation = next(a for a in records if "accusations" in a.cue.text)
    assert [c.text for c in accusation.content] == ["Kyiv"]


def test_a_source_in_the_middle_of_a_content_is_left_alone():
    text = "Aides said that Smith called the senator on Monday, Jones told reporters later."

    def span(sub: str) -> tuple[int, int]:
        s = text.index(sub)
        return s, s + len(sub)

    said = DraftAttribution(type="indirect", cue=span("said"), source=span("Aides"),
                            content=[span("that Smith called the senator on Monday")])
    # a (wrong) draft whose source is inside that content, its cue after it
    told = DraftAttribution(type="indirect", cue=span("told"), source=span("Smith"),
                            content=[span("reporters later")])
    trim_before_other_speakers([said, told], text)
    assert [text[s:e] for s, e in said.content] == ["that Smith called the senator on Monday"]
