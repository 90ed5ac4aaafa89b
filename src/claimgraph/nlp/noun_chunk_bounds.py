"""`doc.noun_chunks` as (start, end) token indices, computed once per Doc for our components.

spaCy's English noun-chunk iterator makes a Token object (and reads its left edge) for every
token of the document, and `Doc.noun_chunks` runs it again on every access; quote
attribution and speaker resolution both read the chunks. Here the iterator's rules are
applied to the part-of-speech, dependency and head arrays read in one C pass, and a Token is
made only for the few candidate words whose left edge the rules need. The result is exactly
the iterator's (same candidates, same order, same nesting test); a language with another
iterator gets that iterator's own output.
"""

from __future__ import annotations

import weakref

import numpy
from spacy.attrs import DEP, HEAD, POS
from spacy.lang.en.syntax_iterators import noun_chunks as english_noun_chunks
from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Doc

# The dependency labels spaCy's English iterator takes as noun phrases.
_NP_LABELS = ("oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT")

_BOUNDS: "weakref.WeakKeyDictionary[Doc, tuple[int, list[tuple[int, int]]]]" = weakref.WeakKeyDictionary()


def noun_chunk_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of each of `doc.noun_chunks`, in order; read-only for callers."""
    found = _BOUNDS.get(doc)
    if found is not None and found[0] == len(doc):
        return found[1]
    iterator = doc.noun_chunks_iterator
    if iterator is english_noun_chunks and doc.has_annotation("DEP"):
        bounds = _english(doc)
    else:  # another language's rules, or spaCy's own error (no parse, no iterator)
        bounds = [(span.start, span.end) for span in doc.noun_chunks]
    _BOUNDS[doc] = (len(doc), bounds)
    return bounds


def _english(doc: Doc) -> list[tuple[int, int]]:
    """spaCy's `lang/en/syntax_iterators.noun_chunks` over the whole Doc, on arrays."""
    n = len(doc)
    if not n:
        return []
    strings = doc.vocab.strings
    np_deps = {strings.add(label) for label in _NP_LABELS}
    conj = strings.add("conj")
    table = doc.to_array([POS, DEP, HEAD])
    pos, deps = table[:, 0], table[:, 1]
    dep_list = deps.tolist()
    # HEAD is an offset (negative ones wrapped to uint64): absolute head indices.
    heads = (table[:, 2].astype(numpy.int64) + numpy.arange(n)).tolist()
    nominal = (pos == NOUN) | (pos == PROPN) | (pos == PRON)
    # A word the iterator can yield: a noun phrase label, or a conjunct (decided below).
    wanted = numpy.isin(deps, numpy.array(sorted(np_deps | {conj}), dtype=numpy.uint64))
    out: list[tuple[int, int]] = []
    prev_end = -1
    for i in (nominal & wanted).nonzero()[0].tolist():
        left = doc[i].left_edge.i
        if left <= prev_end:
            continue  # nested in the previous chunk
        dep = dep_list[i]
        if dep in np_deps:
            prev_end = i
            out.append((left, i + 1))
        else:  # conj: a noun phrase when coordinated to one
            head = heads[i]
            while dep_list[head] == conj and heads[head] < head:
                head = heads[head]
            if dep_list[head] in np_deps:
                prev_end = i
                out.append((left, i + 1))
    return out
