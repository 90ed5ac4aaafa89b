"""Output-identical, cached versions of the model's attribute ruler and lemmatizer.

Why: in en_core_web_sm these two rule-based components cost a fifth of the whole parse
(measured on PolNeAR dev: attribute ruler 1.4 s, lemmatizer 0.9 s, against 2.4 s for tok2vec
and 1.4 s for the parser), and nearly all of it is per-token work whose answer depends on a
handful of token attributes that repeat endlessly ("said"/VBD, "the"/DT):

- the attribute ruler's Matcher tests all 179 patterns on every token, and a few patterns
  carry Python-level predicates (REGEX, IN). But a one-token pattern's verdict depends only on
  the attributes the patterns read (for this model: ORTH-derived LOWER and IS_SPACE, TAG, DEP).
  So each distinct combination is matched once, on a small Doc of such tokens, and remembered;
  only the few multi-token patterns ("gon na", "ai n't") still run on the real Doc. The matches
  are then sorted and applied by the ruler's own `set_annotations`, exactly as before.
- the rule lemmatizer already caches its answer by (ORTH, POS, MORPH) but reaches the cache
  through Python objects for every token. Here the key is read for the whole Doc with
  `Doc.to_array`, each distinct key is lemmatised once (by the lemmatizer itself, so its own
  cache and rules decide), and the lemmas are written back with `Doc.from_array`.

Both keep the original objects (their patterns, tables, `to_disk`) and change only how the
answer is computed. `tests/test_cached_annotation.py` checks, token by token, that POS, MORPH
and LEMMA equal the original components' on real text; where a model's patterns read anything
this cache does not know, `install` leaves that component as it is.
"""

from __future__ import annotations

import numpy as np
from spacy.errors import Errors
from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

# Token attributes a one-token pattern may read for its verdict to be cached. LOWER, IS_SPACE
# and the other lexical ones follow from ORTH, which is always part of the key.
_LEXICAL = {"ORTH", "TEXT", "LOWER", "NORM", "IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT",
            "IS_LOWER", "IS_UPPER", "IS_TITLE", "LENGTH", "SHAPE", "PREFIX", "SUFFIX"}
_CONTEXTUAL = {"TAG": TAG, "DEP": DEP, "POS": POS}
# A cache larger than this is dropped and rebuilt: news text has far fewer distinct keys, but a
# stream of millions of documents must not grow memory without bound.
_MAX_CACHE = 500_000


def install(nlp: Language) -> list[str]:
    """Switch the pipeline's attribute ruler and English rule lemmatizer to their cached
    versions, in place. Returns the names of the components switched."""
    switched = []
    for name, proc in nlp.pipeline:
        if type(proc) is AttributeRuler and CachedAttributeRuler.can_cache(proc):
            proc.__class__ = CachedAttributeRuler
            proc.prepare_cache()
            switched.append(name)
        elif type(proc) is EnglishLemmatizer and proc.mode == "rule" and not proc.overwrite:
            proc.__class__ = CachedLemmatizer
            proc.prepare_cache()
            switched.append(name)
    return switched


def _pattern_keys(patterns: list[list[dict]]) -> set[str]:
    return {key for pattern in patterns for token in pattern for key in token}


class CachedAttributeRuler(AttributeRuler):
    """An `AttributeRuler` whose one-token patterns are matched once per distinct token
    signature (ORTH plus the contextual attributes the patterns read)."""

    @staticmethod
    def can_cache(ruler: AttributeRuler) -> bool:
        for i in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(ruler.vocab.strings[str(i)])
            keys = _pattern_keys(patterns)
            if any(len(p) == 1 for p in patterns) and not keys <= _LEXICAL | set(_CONTEXTUAL):
                return False
            if any(len(p) == 1 and any("OP" in t for t in p) for p in patterns):
                return False
        return True

    def prepare_cache(self) -> None:
        strings = self.vocab.strings
        self._single = Matcher(self.vocab, validate=False)
        self._multi = Matcher(self.vocab, validate=False)
        self._has_multi = False
        contextual: set[str] = set()
        for i in range(len(self.attrs)):
            key = strings[str(i)]
            _, patterns = self.matcher.get(key)
            single = [p for p in patterns if len(p) == 1]
            multi = [p for p in patterns if len(p) != 1]
            if single:
                self._single.add(key, single)
                contextual |= _pattern_keys(single) & set(_CONTEXTUAL)
            if multi:
                self._multi.add(key, multi)
                self._has_multi = True
        self._context_names = sorted(contextual)
        self._key_attrs = [ORTH] + [_CONTEXTUAL[n] for n in self._context_names]
        self._verdicts: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}

    def match(self, doc: Doc):
        if len(doc) == 0:
            return []
        rows = doc.to_array(self._key_attrs).tolist()
        keys = [tuple(r) for r in rows]
        verdicts = self._verdicts
        missing = list({k for k in keys if k not in verdicts})
        if missing:
            if len(verdicts) + len(missing) > _MAX_CACHE:
                verdicts.clear()
            self._learn(missing)
        matches = [(attr_id, match_id, i, i + 1)
                   for i, k in enumerate(keys) for attr_id, match_id in verdicts[k]]
        if self._has_multi:
            strings = self.vocab.strings
            matches.extend((int(strings[m_id]), m_id, s, e)
                           for m_id, s, e in self._multi(doc, allow_missing=True, as_spans=False))
        # The same order as AttributeRuler.match: by pattern number, so later rules win.
        matches.sort()
        return matches

    def _learn(self, keys: list[tuple[int, ...]]) -> None:
        """Match the one-token patterns against a Doc made of one token per new signature."""
        strings = self.vocab.strings
        probe = Doc(self.vocab, words=[strings[k[0]] for k in keys], spaces=[True] * len(keys))
        if len(keys[0]) > 1:
            values = np.array([k[1:] for k in keys], dtype="uint64")
            probe.from_array(self._key_attrs[1:], values)
        found: list[list[tuple[int, int]]] = [[] for _ in keys]
        for m_id, s, _ in self._single(probe, allow_missing=True, as_spans=False):
            found[s].append((int(strings[m_id]), m_id))
        for k, verdict in zip(keys, found):
            self._verdicts[k] = tuple(sorted(verdict))


class CachedLemmatizer(EnglishLemmatizer):
    """The English rule lemmatizer, reading and writing whole Docs as arrays and lemmatising
    each distinct (ORTH, POS, MORPH) once."""

    def prepare_cache(self) -> None:
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        if len(doc) == 0:
            return doc
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemma_col = table[:, 3]
        todo = np.flatnonzero(lemma_col == 0)  # like the original: never overwrite a lemma
        if len(todo) == 0:
            return doc
        lemmas = self._lemmas
        if len(lemmas) > _MAX_CACHE:
            lemmas.clear()
        strings = self.vocab.strings
        keys = [tuple(r) for r in table[todo, :3].tolist()]
        for i, key in zip(todo.tolist(), keys):
            if key not in lemmas:
                lemmas[key] = strings.add(self.lemmatize(doc[i])[0])
        lemma_col[todo] = [lemmas[k] for k in keys]
        doc.from_array([LEMMA], lemma_col.reshape(-1, 1))
        return doc


# Attribute names the patterns use ("TEXT" is the Matcher's alias of ORTH), checked against
# spaCy's ids at import so that a spaCy upgrade that renames one fails loudly here rather than
# silently changing the cache key.
assert all(name in IDS for name in (_LEXICAL - {"TEXT"}) | set(_CONTEXTUAL))
