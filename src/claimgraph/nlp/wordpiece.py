"""BERT's uncased WordPiece tokenizer, with each piece's character offsets in the original text.

The opt-in MiniLM tagger (`minilm_tagger`) was trained on the pieces of Hugging Face's
`tokenizers` (the model's tokenizer.json: BertNormalizer with lowercasing and accent stripping,
BertPreTokenizer, WordPiece with "##" continuations). This is the same algorithm in plain
Python, so that the tagger needs no compiled tokenizer (whose package pulls in the Hugging Face
hub client): tests/test_wordpiece.py checks it against hand-built cases, and
training/experiments/minilm_tagger_prep.py's pieces of all PolNeAR train were matched piece for
piece when it was written.

Steps, as BERT does them: drop NUL, U+FFFD and control characters (not tab or newlines); break
at whitespace; make every punctuation character (ASCII symbols included) and every CJK ideograph
a word of its own; decompose accents away (NFD, then drop combining marks) and lowercase; cut
each word into the longest vocabulary pieces from the left ("##" marks a piece inside a word); a
word longer than 100 characters, or one that cannot be cut, is [UNK].
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

MAX_WORD_CHARS = 100


def _is_punctuation(ch: str) -> bool:
    o = ord(ch)
    if 33 <= o <= 47 or 58 <= o <= 64 or 91 <= o <= 96 or 123 <= o <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2A6DF
            or 0x2A700 <= o <= 0x2B73F or 0x2B740 <= o <= 0x2B81F or 0x2B820 <= o <= 0x2CEAF
            or 0xF900 <= o <= 0xFAFF or 0x2F800 <= o <= 0x2FA1F)


@lru_cache(maxsize=65536)
def _normalized(ch: str) -> tuple[str, int]:
    """(the character as the model reads it, its kind: 0 dropped, 1 space, 2 a word of its
    own, 3 part of a word)."""
    if ch in "\t\n\r" or ch == " " or unicodedata.category(ch) == "Zs":
        return "", 1
    if ch == "\0" or ch == "\ufffd" or unicodedata.category(ch).startswith("C"):
        return "", 0
    if ch.isspace():
        return "", 1
    if _is_cjk(ch):
        return ch, 2
    norm = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn").lower()
    if not norm:
        return "", 0
    if len(norm) == 1 and _is_punctuation(norm):
        return norm, 2
    return norm, 3


class WordPiece:
    """`encode(text)` -> (piece ids, [(start, end)] character offsets), no [CLS]/[SEP]."""

    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab
        self.unk = vocab["[UNK]"]
        self._words: dict[str, list[tuple[int, int, int]]] = {}  # word -> (id, char from, to)

    @classmethod
    def from_vocab_file(cls, path: str | Path) -> "WordPiece":
        words = Path(path).read_text(encoding="utf-8").split("\n")
        if words and words[-1] == "":
            words.pop()
        return cls({w: i for i, w in enumerate(words)})

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        ids: list[int] = []
        offsets: list[tuple[int, int]] = []
        word: list[str] = []
        spans: list[int] = []  # for each normalized character, its character in `text`

        def flush() -> None:
            if word:
                self._emit("".join(word), spans, ids, offsets)
                word.clear()
                spans.clear()

        for i, ch in enumerate(text):
            norm, kind = _normalized(ch)
            if kind == 3:
                word.append(norm)
                spans.extend([i] * len(norm))
            elif kind == 2:
                flush()
                word.append(norm)
                spans.append(i)
                flush()
            elif kind == 1:
                flush()
        flush()
        return ids, offsets

    def _emit(self, word: str, spans: list[int], ids: list[int], offsets: list[tuple[int, int]]) -> None:
        cut = self._words.get(word)
        if cut is None:
            cut = self._cut(word)
            if len(self._words) < 200_000:
                self._words[word] = cut
        for piece, a, b in cut:
            ids.append(piece)
            offsets.append((spans[a], spans[b - 1] + 1))

    def _cut(self, word: str) -> list[tuple[int, int, int]]:
        n = len(word)
        if n > MAX_WORD_CHARS:
            return [(self.unk, 0, n)]
        out: list[tuple[int, int, int]] = []
        start = 0
        while start < n:
            end = n
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [(self.unk, 0, n)]
            out.append((found, start, end))
            start = end
        return out
