"""What the parser is given: other horizontal spaces as plain ones, title abbreviations whole;
and what the record keeps: the text exactly as it came (FORMAT.md)."""

from __future__ import annotations

import pytest

from claimgraph.nlp import pipeline as pipeline_module
from claimgraph.nlp.pipeline import Pipeline, text_to_parse

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def _spans(record):
    for a in record["attributions"]:
        for key in ("cue", "source", "conduit"):
            if a.get(key):
                yield a[key]
        yield from a["content"]
    for e in record["events"]:
        for value in e.values():
            if isinstance(value, dict) and "start" in value and "text" in value:
                yield value


def test_other_spaces_become_plain_spaces_one_for_one():
    text = f"the{NBSP}Post\u2009and\u202fTASS\u3000said"
    parsed = text_to_parse(text)
    assert parsed == "the Post and TASS said"
    assert len(parsed) == len(text)
    assert text_to_parse("no other spaces\nhere\t.") == "no other spaces\nhere\t."


def test_a_no_break_space_inside_a_name_keeps_the_source_whole(pipeline):
    text = f"Blaze co-host Stu{NBSP}Burguiere said that the{NBSP}Post had the story wrong."
    record = pipeline.analyze(text, id="nbsp").to_dict()
    assert record["text"] == text  # unchanged: no normalisation in the record
    (said,) = [a for a in record["attributions"] if a["cue"] and a["cue"]["text"] == "said"]
    assert said["source"]["text"] == f"Blaze co-host Stu{NBSP}Burguiere"
    assert "Stu Burguiere" in {e["name"] for e in record["entities"]}
    for span in _spans(record):
        assert text[span["start"]:span["end"]] == span["text"]


def test_pipe_and_long_texts_keep_the_original_text(pipeline, monkeypatch):
    text = f"The ministry said on{NBSP}Friday that the strike killed{NBSP}12 people."
    one = pipeline.analyze(text, id="d").to_dict()
    (piped,) = [a.to_dict() for a in pipeline.pipe([(text, {"id": "d"})])]
    assert piped == one
    # the long-text path (analysed in pieces) gives the original text and spans too
    monkeypatch.setattr(pipeline_module, "CHUNK_CHARS", 40)
    long = pipeline.analyze(text + "\n\n" + text, id="long").to_dict()
    assert long["text"] == text + "\n\n" + text
    assert long["attributions"]
    for span in _spans(long):
        assert long["text"][span["start"]:span["end"]] == span["text"]


@pytest.mark.parametrize("title", ["Army Capt.", "Lt. Gen.", "Maj. Gen.", "Col.", "Sgt."])
def test_a_rank_abbreviation_does_not_end_the_sentence(pipeline, title):
    text = f"{title} Christian Pardo said that the unit had left the town on Monday."
    doc = pipeline.nlp(text)
    assert len(list(doc.sents)) == 1
    record = pipeline.analyze(text, id="rank").to_dict()
    (said,) = [a for a in record["attributions"] if a["cue"] and a["cue"]["text"] == "said"]
    assert said["source"]["text"].endswith("Christian Pardo")
    assert said["source"]["text"].startswith(title.split()[0])


def test_markup_is_blanked_for_the_parser_and_kept_in_the_record(pipeline):
    assert text_to_parse('a <p>b</p> <a href="x">c</a> <br/>') == "a    b     " + " " * 12 + "c    " + " " * 6
    # not markup: comparisons, emoticons, addresses
    for text in ("x < y and y > z", "if a<b then", "<3 love", "write to <jane@example.org>"):
        assert text_to_parse(text) == text
    text = '<post author="@someone">Donald Trump</post> said the rally was huge.'
    record = pipeline.analyze(text, id="markup").to_dict()
    assert record["text"] == text
    (said,) = [a for a in record["attributions"] if a["cue"] and a["cue"]["text"] == "said"]
    assert said["source"]["text"].startswith("Donald Trump")
    assert "<" not in said["source"]["text"] and "post" not in {e["name"].lower() for e in record["entities"]}
