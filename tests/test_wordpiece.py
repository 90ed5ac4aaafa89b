"""The WordPiece tokenizer the minilm tagger reads text with (claimgraph.nlp.wordpiece): BERT's
uncased rules, and offsets that point back into the original text."""

from __future__ import annotations

import pytest

from claimgraph.nlp.wordpiece import MAX_WORD_CHARS, WordPiece

VOCAB = ["[PAD]", "[UNK]", "the", "un", "##aff", "##able", ",", "cafe", "$", "5", "said", "isa",
         "##bel", "\u4e2d", "kyiv", "'", "s", "gon", "##na"]


@pytest.fixture(scope="module")
def wp() -> WordPiece:
    return WordPiece({w: i for i, w in enumerate(VOCAB)})


def pieces(wp: WordPiece, text: str) -> list[tuple[str, str]]:
    ids, offsets = wp.encode(text)
    return [(VOCAB[i], text[a:b]) for i, (a, b) in zip(ids, offsets)]


def test_longest_pieces_from_the_left_with_continuations(wp):
    assert pieces(wp, "The unaffable") == [("the", "The"), ("un", "un"), ("##aff", "aff"), ("##able", "able")]


def test_accents_and_case_are_read_away_but_offsets_keep_the_original(wp):
    assert pieces(wp, "Café, Isabel") == [("cafe", "Café"), (",", ","), ("isa", "Isa"), ("##bel", "bel")]
    # a decomposed accent (e + U+0301) is dropped, as Hugging Face's tokenizer drops it: the
    # piece ends at the letter (the offsets the model was trained with)
    assert pieces(wp, "Cafe\u0301 said") == [("cafe", "Cafe"), ("said", "said")]


def test_punctuation_and_symbols_are_words_of_their_own(wp):
    assert pieces(wp, "$5,Kyiv's") == [("$", "$"), ("5", "5"), (",", ","), ("kyiv", "Kyiv"), ("'", "'"), ("s", "s")]


def test_unknown_and_overlong_words_are_one_unk_over_the_whole_word(wp):
    assert pieces(wp, "the zzz said") == [("the", "the"), ("[UNK]", "zzz"), ("said", "said")]
    long_word = "un" + "aff" * MAX_WORD_CHARS
    assert pieces(wp, f"{long_word} said") == [("[UNK]", long_word), ("said", "said")]


def test_spaces_of_every_kind_break_words_and_control_characters_vanish(wp):
    assert pieces(wp, "the\u00a0cafe\tsaid\n\u200bthe") == [("the", "the"), ("cafe", "cafe"), ("said", "said"),
                                                          ("the", "the")]
    assert pieces(wp, "ca\x00fe") == [("cafe", "ca\x00fe")]  # NUL dropped inside the word


def test_cjk_ideographs_stand_alone(wp):
    assert pieces(wp, "the\u4e2dthe") == [("the", "the"), ("\u4e2d", "\u4e2d"), ("the", "the")]


def test_repeated_words_come_from_the_cache_identically(wp):
    first = wp.encode("gonna gonna")
    assert first == wp.encode("gonna gonna")
    assert [VOCAB[i] for i in first[0]] == ["gon", "##na", "gon", "##na"]
    assert first[1] == [(0, 3), (3, 5), (6, 9), (9, 11)]
