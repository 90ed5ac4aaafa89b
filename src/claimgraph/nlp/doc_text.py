"""`Doc.text`, built once per Doc and shared by our components.

`Doc.text` joins a Python `Token` per token on every access (about a tenth of a millisecond
per hundred tokens); several of our components need the text of the same Doc. A Doc's text
never changes (retokenizing keeps it), so it is kept per Doc, weakly: it goes with the Doc.
"""

from __future__ import annotations

import weakref

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc

_TEXTS: "weakref.WeakKeyDictionary[Doc, str]" = weakref.WeakKeyDictionary()

# A line of text that ends without one of these is a headline, dateline or caption, not prose.
PROSE_LINE_END = frozenset(".!?:;,\"'”’»)…-–—")


def text_of(doc: Doc) -> str:
    """`doc.text`, computed on the first call for this Doc."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = _join(doc)
    return text


# Token text by ORTH id, kept across documents (ids are hashes of the strings, the same in
# every Vocab): most of a new document's words are known.
_ORTH_TEXT: dict[int, str] = {}
_MAX_KNOWN = 500_000  # a long-running process: keep memory bounded
_SEPARATOR = ("", " ")  # by the SPACY flag


def _join(doc: Doc) -> str:
    # Orth ids and trailing-space flags in one C pass, then C-level maps: no Token objects
    # and no Python loop over the tokens.
    n = len(doc)
    if not n:
        return ""
    table = doc.to_array([ORTH, SPACY])
    orths = table[:, 0].tolist()
    if len(_ORTH_TEXT) > _MAX_KNOWN:
        _ORTH_TEXT.clear()
    missing = set(orths).difference(_ORTH_TEXT)
    if missing:
        strings = doc.vocab.strings
        for o in missing:
            _ORTH_TEXT[o] = strings[o]
    pieces: list[str] = [""] * (2 * n)
    pieces[0::2] = map(_ORTH_TEXT.__getitem__, orths)
    pieces[1::2] = map(_SEPARATOR.__getitem__, table[:, 1].tolist())
    return "".join(pieces)
