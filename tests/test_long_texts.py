"""Texts longer than spaCy's comfortable size are cut into pieces and joined back."""

from claimgraph.model import Analysis, Attribution, Entity, Meta, Span
from claimgraph.nlp.pipeline import join_analyses, split_for_analysis


def test_pieces_cover_the_text_exactly_and_respect_the_limit():
    text = ("Officials said the vote was fair. " * 50 + "\n\n") * 40
    pieces = list(split_for_analysis(text, 1000))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert all(0 < e - s <= 1000 for s, e in pieces)
    # cut after a sentence end or a paragraph break, never inside a word
    assert all(text[e - 1] in " \n" for _, e in pieces[:-1])


def test_one_line_without_spaces_is_still_cut():
    text = "x" * 2500
    assert list(split_for_analysis(text, 1000)) == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_join_shifts_offsets_and_merges_same_named_entities():
    first = "Putin said it. "
    second = "Putin denied it."
    text = first + second

    def part(t: str, cue: str) -> Analysis:
        c = t.index(cue)
        return Analysis(id="d", text=t, entities=[Entity("e1", "Putin", "PERSON", mentions=[(0, 5)])],
                        attributions=[Attribution("a1", "indirect", Span.of(t, c, c + len(cue)),
                                                  Span.of(t, 0, 5), "e1", [Span.of(t, c + len(cue) + 1, c + len(cue) + 3)],
                                                  None, "assert", ["e1"])])

    joined = join_analyses(text, [(0, part(first, "said")), (len(first), part(second, "denied"))],
                           id="d", meta=Meta())
    assert [e.name for e in joined.entities] == ["Putin"]
    assert joined.entities[0].mentions == [(0, 5), (len(first), len(first) + 5)]
    assert [a.cue.text for a in joined.attributions] == ["said", "denied"]
    assert [a.id for a in joined.attributions] == ["a1", "a2"]
    for a in joined.attributions:
        assert a.speaker == "e1" and a.targets == ["e1"]
        for s in [a.cue, a.source, *a.content]:
            assert text[s.start:s.end] == s.text


def test_pipe_keeps_input_order_with_long_texts_in_one_and_two_processes():
    """A text over CHUNK_CHARS is analysed in pieces in the parent process while the others
    stream through spaCy (and its worker processes): the results still come in input order,
    the same with 1 and 2 processes."""
    from claimgraph.nlp.pipeline import CHUNK_CHARS, Pipeline

    pipeline = Pipeline()
    short = "Kyiv denied any role in the attack, officials said."
    long = "The minister said the talks had failed. " * 3000
    assert len(long) > CHUNK_CHARS
    items = [(short, {"id": "a"}), (long, {"id": "b"}), (short, {"id": "c"})]
    one = [a.to_dict() for a in pipeline.pipe(items, n_process=1)]
    two = [a.to_dict() for a in pipeline.pipe(items, n_process=2)]
    assert [r["id"] for r in one] == ["a", "b", "c"]
    assert one == two
    assert one[1]["text"] == long and len(one[1]["attributions"]) >= 2900
    assert all(one[1]["text"][s["start"]:s["end"]] == s["text"]
               for a in one[1]["attributions"] for s in [a["cue"], *a["content"]])
