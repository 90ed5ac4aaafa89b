"""Parse edited copies of a Doc's sentences and write their tags and arcs back.

Two components correct the parse this way (headline_case, verb_reading): they copy whole
sentences into new Docs with a few words changed, so that the model reads them right, parse the
copies with the model's own tok2vec, tagger and parser, and copy TAG, HEAD and DEP back onto
the original tokens. The text, its offsets and the entity recognizer (which runs later, on the
original words) are untouched. Whole sentences are whole trees, so the arcs copied back cannot
point outside the range; HEAD is relative, so a copy's rows fit its range's rows.
"""

from __future__ import annotations

from spacy.attrs import DEP, HEAD, TAG
from spacy.language import Language
from spacy.tokens import Doc

PARSE = ("tok2vec", "tagger", "parser")
_COLUMNS = [TAG, HEAD, DEP]


def parse_copies(nlp: Language, copies: list[Doc]) -> list[Doc]:
    """The copies tagged and parsed, in one batch (the model's per-call cost is most of the
    cost of parsing a few dozen tokens)."""
    for name in PARSE:
        copies = list(nlp.get_pipe(name).pipe(copies))
    return copies


def copy_parse(doc: Doc, start: int, copy: Doc) -> None:
    """Write `copy`'s tags and arcs over `doc`'s tokens from `start` on."""
    rows = doc.to_array(_COLUMNS)
    rows[start:start + len(copy)] = copy.to_array(_COLUMNS)
    doc.from_array(_COLUMNS, rows)
