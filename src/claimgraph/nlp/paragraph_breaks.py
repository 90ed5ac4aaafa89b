"""claimgraph_paragraph_breaks: a blank line ends a sentence, before the parser runs.

The parser sometimes runs a headline (which has no final full stop) into the first sentence
below it, or one paragraph into the next: "Kyiv rejects Moscow's attempts ...\\n\\nUkraine has
rejected ...". The joined "sentence" then has one root for two clauses, and the attribution of
one of them is lost (the rules look for a cue verb's subject and complement in its own tree).
In news text a blank line always ends a sentence, so the token after one is marked as a
sentence start, which spaCy's parser respects. Single line breaks are left to the parser (hard
wrapped text breaks lines inside sentences).
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .doc_text import text_of


@Language.factory("claimgraph_paragraph_breaks", default_config={})
def make_paragraph_breaks(nlp: Language, name: str) -> "ParagraphBreaks":
    return ParagraphBreaks()


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n\s*")


class ParagraphBreaks:
    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        ends = [m.end() for m in _BLANK_LINE.finditer(text)]
        if not ends:
            return doc
        # the first token at or after each blank line (token offsets read once, in C)
        idx = doc.to_array(IDX).astype(numpy.int64)
        firsts = numpy.searchsorted(idx, ends)
        firsts = firsts[(firsts > 0) & (firsts < len(doc))]
        if not len(firsts):
            return doc
        starts = doc.to_array([SENT_START]).astype(numpy.int64).ravel()
        starts[firsts] = 1
        doc.from_array([SENT_START], starts.astype(numpy.uint64).reshape(-1, 1))
        return doc
