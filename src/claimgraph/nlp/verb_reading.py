"""claimgraph_verb_reading: a cue verb the tagger read as a plural noun, read again as a verb.

"The head of the FSB links this escape plan to the Ukrainian intelligence services." reaches
the small model as a noun phrase: "links" is tagged a plural noun (the object of "of the FSB"),
the sentence has no verb, and the attribution it carries is lost. Headlines do the same
("Trump claims he's worth $10 billion", "The ad slams Kasich for ..."). The word's form is the
problem: an -s form is a plural noun as often as a verb. So a sentence where the -s form of a
cue verb (data/cues.tsv) is tagged a plural noun, with no verb above it in the parse, a noun
right before it (the end of a subject) and a phrase's start right after it (an object, a
pronoun, "that"), is copied with that word in its past tense ("linked": no noun reading), parsed
by the model's own tok2vec, tagger and parser, and, when the copy reads the word as a verb with
a subject, the tags and arcs are copied back (nlp/reparse.py), the word tagged VBZ (present,
third person, as written). The attribute ruler and lemmatizer run after and read the new tags.

A possessive before the word ("the FSB's links to ...") or a verb above it ("rail links connect
the towns") leaves the sentence alone. Run over the 840 PolNeAR train articles, the component
re-reads nine words as verbs, and all nine are annotated cues ("slams", "demands", "claims",
"estimates", ...).

Cost: a lookup of each token's lower-case form and tag in one numpy pass; the re-parse runs
only for the sentences picked (a handful per thousand articles).
"""

from __future__ import annotations

import numpy
from spacy.attrs import LOWER, TAG
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import minibatch

from . import lexicon
from .reparse import copy_parse, parse_copies

# the tags of a subject's last word, and of a word that can start the verb's object or clause
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_OBJECT_START_TAGS = frozenset({"DT", "PDT", "PRP", "PRP$", "NN", "NNS", "NNP", "NNPS", "JJ",
                                "JJR", "JJS", "CD", "RB"})
_VERB_TAGS = ("VB", "MD")
# irregular past tenses of cue verbs (the rest are made by rule, see _past)
_IRREGULAR_PAST = {"say": "said", "tell": "told", "think": "thought", "know": "knew",
                   "write": "wrote", "speak": "spoke", "find": "found", "feel": "felt",
                   "hear": "heard", "see": "saw", "swear": "swore", "understand": "understood",
                   "seek": "sought", "forecast": "forecast", "broadcast": "broadcast",
                   "bet": "bet", "forget": "forgot", "learn": "learned", "show": "showed"}
_VOWELS = frozenset("aeiou")


@Language.factory("claimgraph_verb_reading", default_config={})
def make_verb_reading(nlp: Language, name: str) -> "VerbReading":
    return VerbReading(nlp)


def third_person(lemma: str) -> str:
    """The present third-person singular of a regular verb: say -> says, deny -> denies."""
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ies"
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    return lemma + "s"


def _past(lemma: str) -> str:
    """A past tense good enough for the tagger (its suffix features read "-ed" as a verb)."""
    if lemma in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return lemma[:-1] + "ied"
    if (len(lemma) <= 4 and lemma[-1] not in _VOWELS | {"w", "x", "y"} and lemma[-2] in _VOWELS
            and (lemma[-3:-2] not in _VOWELS or lemma[-4:-2] == "qu")):
        return lemma + lemma[-1] + "ed"  # slam -> slammed, brag -> bragged, quip -> quipped
    return lemma + "ed"


class VerbReading:
    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        strings = nlp.vocab.strings
        # lower-case id of each cue verb's -s form -> its lemma
        self.forms = {strings.add(third_person(lemma)): lemma for lemma in lexicon.cues_by_pos()["VERB"]}
        self.form_ids = numpy.array(sorted(self.forms), dtype=numpy.uint64)
        self.nns = strings.add("NNS")

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 64):
        for batch in minibatch(docs, size=batch_size):
            yield from self._run(list(batch))

    def _run(self, batch: list[Doc]) -> list[Doc]:
        jobs: list[tuple[Doc, int, int, Doc]] = []  # (doc, the word, first token of the copy, copy)
        for doc in batch:
            for i in self._candidates(doc):
                tok = doc[i]
                sent = tok.sent
                words = [t.text for t in sent]
                words[i - sent.start] = _past(self.forms[tok.lower])
                copy = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in sent],
                           sent_starts=[True] + [None] * (len(sent) - 1))
                jobs.append((doc, i, sent.start, copy))
        if jobs:
            copies = parse_copies(self.nlp, [copy for *_, copy in jobs])
            for (doc, i, lo, _), copy in zip(jobs, copies):
                if _reads_as_verb(copy[i - lo]):
                    copy_parse(doc, lo, copy)
                    doc[i].tag_ = "VBZ"
        return batch

    def _candidates(self, doc: Doc) -> list[int]:
        """Tokens that look like a cue verb misread as a plural noun (at most one a sentence:
        the copies of one document must not overlap)."""
        rows = doc.to_array([LOWER, TAG])
        hits = numpy.flatnonzero(numpy.isin(rows[:, 0], self.form_ids) & (rows[:, 1] == self.nns))
        out, taken = [], set()
        for i in hits.tolist():
            tok = doc[i]
            if tok.sent.start in taken or not _verb_shaped(tok):
                continue
            taken.add(tok.sent.start)
            out.append(i)
        return out


def _verb_shaped(tok: Token) -> bool:
    doc, sent = tok.doc, tok.sent
    if tok.i == sent.start or tok.i + 1 >= sent.end:
        return False
    before, after = doc[tok.i - 1], doc[tok.i + 1]
    if before.tag_ not in _NOUN_TAGS or not (after.tag_ in _OBJECT_START_TAGS or after.lower_ == "that"):
        return False
    return not any(a.tag_.startswith(_VERB_TAGS) for a in tok.ancestors)


def _reads_as_verb(tok: Token) -> bool:
    return tok.tag_.startswith("VB") and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
