"""The quote-mark scanner on hand-written sentences: every mark style, apostrophes, nesting,
multi-paragraph quotes and unbalanced input (pure Python, no spaCy)."""

import random

import pytest

from claimgraph.nlp.quote_marks import ALL_MARKS, chains, find_quotes, outermost, paragraph_spans


def at(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    """(start, end) of the nth occurrence of `sub` in `text`."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(sub, pos + 1)
    return (pos, pos + len(sub))


def inners(text: str) -> list[str]:
    return [text[q.inner[0]:q.inner[1]] for q in find_quotes(text)]


@pytest.mark.parametrize("text, quoted, marks", [
    ("“The bridge stays shut,” the engineer said.", "“The bridge stays shut,”", ("“", "”")),
    ("„The bridge stays shut“, the engineer said.", "„The bridge stays shut“", ("„", "“")),
    ("„The bridge stays shut”, the engineer said.", "„The bridge stays shut”", ("„", "”")),
    ("«The bridge stays shut», the engineer said.", "«The bridge stays shut»", ("«", "»")),
    ("« The bridge stays shut », the engineer said.", "« The bridge stays shut »", ("«", "»")),
    ("»The bridge stays shut«, the engineer said.", "»The bridge stays shut«", ("»", "«")),
    ('"The bridge stays shut," the engineer said.', '"The bridge stays shut,"', ('"', '"')),
    ("‘The bridge stays shut,’ the engineer said.", "‘The bridge stays shut,’", ("‘", "’")),
    ("'The bridge stays shut,' the engineer said.", "'The bridge stays shut,'", ("'", "'")),
    ("”The bridge stays shut,” the engineer said.", "”The bridge stays shut,”", ("”", "”")),
])
def test_every_mark_style(text, quoted, marks):
    (q,) = find_quotes(text)
    assert q.outer == at(text, quoted)
    assert (q.open_mark, q.close_mark) == marks
    # inner: the text between the marks, spaces inside French guillemets left out
    assert text[q.inner[0]:q.inner[1]] == quoted[1:-1].strip()


def test_french_no_break_spaces_are_left_out_of_the_inner_span():
    text = "Le maire a dit «\u00a0Nous restons prudents\u00a0»."
    (q,) = find_quotes(text)
    assert text[q.inner[0]:q.inner[1]] == "Nous restons prudents"
    assert q.outer == at(text, "«\u00a0Nous restons prudents\u00a0»")


def test_straight_quotes_pair_by_position():
    text = 'The sign said "closed" and the clerk said "open".'
    assert inners(text) == ["closed", "open"]
    assert [q.outer for q in find_quotes(text)] == [at(text, '"closed"'), at(text, '"open"')]


def test_inch_mark_is_not_a_quote():
    text = 'They bought a 12" pipe and called it "cheap".'
    assert inners(text) == ["cheap"]


@pytest.mark.parametrize("text", [
    "The farmers don't expect rain before the '90s record is broken.",
    "Russia’s harvest fell, and the students' union and the workers’ council protested.",
    "It was the ’80s and rock ’n roll ruled.",
])
def test_apostrophes_are_not_quotes(text):
    assert find_quotes(text) == []


def test_single_quotes_among_apostrophes():
    text = "The students' union didn't call it 'a failure' at all."
    (q,) = find_quotes(text)
    assert q.outer == at(text, "'a failure'")
    assert text[q.inner[0]:q.inner[1]] == "a failure"


def test_nested_single_inside_double_with_mixed_closing_marks():
    text = "The pilot said that “the tower opened a ‘corridor'” for the plane."
    outer, nested = find_quotes(text)
    assert outer.outer == at(text, "“the tower opened a ‘corridor'”")
    assert text[outer.inner[0]:outer.inner[1]] == "the tower opened a ‘corridor'"
    assert (nested.open_mark, nested.close_mark) == ("‘", "'")
    assert text[nested.inner[0]:nested.inner[1]] == "corridor"
    assert outermost(find_quotes(text)) == [outer]


def test_nested_double_inside_single():
    text = "‘They shouted “stop” twice,’ the guard recalled."
    outer, nested = find_quotes(text)
    assert text[outer.inner[0]:outer.inner[1]] == "They shouted “stop” twice,"
    assert text[nested.inner[0]:nested.inner[1]] == "stop"


def test_apostrophe_inside_a_quote_does_not_close_it():
    text = "“The river’s level hasn’t dropped,” the warden said."
    assert inners(text) == ["The river’s level hasn’t dropped,"]


def test_unclosed_quote_ends_at_its_paragraph():
    text = "The warden said: “The river is rising fast\n\nThe town council met on Tuesday. “All clear,” it said."
    first, second = find_quotes(text)
    assert first.close_mark is None
    assert first.outer == (text.index("“"), text.index("fast") + 4)
    assert text[first.inner[0]:first.inner[1]] == "The river is rising fast"
    assert second.outer == at(text, "“All clear,”")  # the rest of the document is not swallowed


def test_unclosed_quote_in_a_one_line_text_ends_at_the_text_end():
    text = "He said “nothing more"
    (q,) = find_quotes(text)
    assert q.outer == (8, len(text)) and q.close_mark is None


def test_stray_closing_mark_is_ignored():
    text = "A stray ” here, then a “real quote” there."
    (q,) = find_quotes(text)
    assert q.outer == at(text, "“real quote”")


def test_stray_straight_mark_at_the_end_is_ignored():
    text = 'The bakery opened. "Bread is back," the owner said. Prices rose 5"'
    assert inners(text) == ["Bread is back,"]


def test_multi_paragraph_quote_is_a_chain_of_pieces():
    text = ("The mayor said: “The first part runs long.\n\n"
            "“The second part continues.\n\n"
            "“The third part ends it.”\n\n"
            "Then came questions.")
    quotes = find_quotes(text)
    assert [q.close_mark for q in quotes] == [None, None, "”"]
    assert inners(text) == ["The first part runs long.", "The second part continues.", "The third part ends it."]
    (group,) = chains(text, quotes)
    assert group == quotes


def test_a_closed_quote_does_not_chain_with_the_next_paragraph():
    text = "“One,” she said.\n\n“Two,” he said."
    assert len(chains(text, find_quotes(text))) == 2


def test_an_unclosed_quote_followed_by_plain_paragraph_does_not_chain():
    text = "“One runs on\n\nPlain text here. “Two.”"
    assert len(chains(text, find_quotes(text))) == 2


@pytest.mark.parametrize("text, quoted, marks", [
    ("The mayor called it ''a mistake,'' then left.", "''a mistake,''", ("''", "''")),
    ("The mayor called it ``a mistake,'' then left.", "``a mistake,''", ("``", "''")),
])
def test_two_character_typewriter_marks(text, quoted, marks):
    (q,) = find_quotes(text)
    assert q.outer == at(text, quoted)
    assert (q.open_mark, q.close_mark) == marks
    assert text[q.inner[0]:q.inner[1]] == "a mistake,"


def test_single_newline_paragraphs_when_there_are_no_blank_lines():
    text = "Line one “open\nLine two “closed”"
    assert paragraph_spans(text) == [(0, 14), (15, len(text))]
    assert [q.close_mark for q in find_quotes(text)] == [None, "”"]


def test_single_line_break_after_a_sentence_ends_a_paragraph_in_blank_line_texts():
    text = "Intro.\n\nShe said: “it was late.\nThen came the storm, “a bad one” indeed.\n\nEnd."
    first, second = find_quotes(text)
    assert first.close_mark is None and text[first.inner[0]:first.inner[1]] == "it was late."
    assert text[second.inner[0]:second.inner[1]] == "a bad one"


def test_blank_lines_win_over_single_line_breaks():
    text = "He said: “wrapped\nover two lines”\n\nNext."
    (q,) = find_quotes(text)
    assert text[q.inner[0]:q.inner[1]] == "wrapped\nover two lines"


def test_random_bad_input_never_crashes_and_stays_in_bounds():
    rng = random.Random(7)
    pieces = list(ALL_MARKS) + ["word", " ", " ", "\n", "\n\n", ",", ".", "don't", "’s", "``", "''"]
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        paragraphs = paragraph_spans(text)
        for q in find_quotes(text):
            s, e = q.outer
            assert 0 <= s <= q.inner[0] <= q.inner[1] <= e <= len(text)
            assert text[s:s + len(q.open_mark)] == q.open_mark
            assert q.close_mark is None or text[e - len(q.close_mark):e] == q.close_mark
            assert any(ps <= s and e <= pe for ps, pe in paragraphs)  # never crosses a paragraph
