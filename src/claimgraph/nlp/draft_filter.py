"""A second look at every top-level draft attribution: keep it or drop it.

The rules and the tagger each propose drafts, and the merge keeps a draft that either found.
Where they agree the draft is nearly always an attribution; a draft only one of them found is
right about half the time (out-of-fold on PolNeAR train: the tagger's own ones 0.60, the verb
rules' own ones 0.41). What tells the good ones apart is spread over many weak signals (the cue
word, who the source is, what the content looks like, whether it sits in a headline), which is
what a linear model over those signals weighs better than hand-set thresholds.

`draft_features` turns one draft into a list of feature names; the model (`models/
draft_filter.json`) is a logistic regression over them, trained by `training/
train_draft_filter.py` on the pipeline's out-of-fold drafts (each made by a tagger that never
saw the article: `training/crossfit.py`), labelled by whether a gold cue shares a word with the
draft's cue. Two kinds of draft are never judged:
- drafts nested in another one: PolNeAR annotates none, so the data cannot judge them, and the
  record wants them ("Sullivan said that Russia knows that ..."); a dropped draft's nested
  drafts move up to its parent;
- drafts whose cue takes a side (our lexicon's accuse, deny, reject, acknowledge, warn and
  claim-responsibility cues: "The Kyiv regime hurried to deny any role"): they are what this
  project's users read the record for, and the filter learned its taste from US campaign news,
  where such verbs are rare (out of fold it would drop 3 right ones for 18 wrong ones).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from . import doc_state
from .doc_state import DraftAttribution
from .doc_text import PROSE_LINE_END, text_of
from .lexicon import cue_lexicon
from .quote_marks import DOUBLE_MARKS, SINGLE_MARKS

MODEL_PATH = Path(__file__).parent / "models" / "draft_filter.json"
# cue stances (lexicon) whose drafts are never dropped: see the module docstring
PROTECTED_STANCES = frozenset({"accuse", "deny", "reject", "acknowledge", "warn", "claim_responsibility"})

_QUOTE_MARKS = set(DOUBLE_MARKS + SINGLE_MARKS)


def _span(doc: Doc, offsets: tuple[int, int] | None) -> SpacySpan | None:
    if offsets is None:
        return None
    span = doc.char_span(offsets[0], offsets[1], alignment_mode="expand")
    return span if span is not None and len(span) else None


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (3, "2-3"), (7, "4-7"), (15, "8-15"), (40, "16-40")):
        if n <= limit:
            return name
    return "41+"


def _confidence_bucket(p: float | None) -> str:
    if p is None:
        return "none"
    for limit in (0.05, 0.2, 0.4, 0.6, 0.8, 0.95):
        if p < limit:
            return f"<{limit}"
    return ">=0.95"


def _origin(draft: DraftAttribution) -> str:
    # "rule:verb+learned": which rule found it and whether the tagger agreed
    return "+".join(sorted(set(draft.origin.split("+"))))


def _line_of(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end == -1 else end


def _in_quote(text: str, line_start: int, pos: int) -> bool:
    """An odd number of double quote marks before `pos` on its line: inside a quotation."""
    return sum(text.count(m, line_start, pos) for m in "\"“”«»„") % 2 == 1


def _on_first_line(text: str, pos: int) -> bool:
    """No line break between the text's first word and the last word before `pos` (the
    headline, or the first line of a text without one); no copy of the text before `pos`."""
    first = 0
    while first < pos and text[first].isspace():
        first += 1
    last = pos - 1
    while last >= first and text[last].isspace():
        last -= 1
    return first > last or text.find("\n", first, last + 1) == -1


class Neighbours:
    """The cues and content spans of all of a doc's drafts, to ask of one draft whether its cue
    lies in another's content and whether its content holds another's cue."""

    def __init__(self, drafts: list[DraftAttribution]) -> None:
        spans = [(s, e, k) for k, d in enumerate(drafts) for s, e in d.content]
        self._content = np.array(spans, dtype=np.int64).reshape(-1, 3)
        cues = [(d.cue[0], d.cue[1], k) for k, d in enumerate(drafts) if d.cue is not None]
        self._cues = np.array(cues, dtype=np.int64).reshape(-1, 3)
        self._index = {id(d): k for k, d in enumerate(drafts)}

    def cue_in_other_content(self, draft: DraftAttribution) -> bool:
        c, k = self._content, self._index.get(id(draft), -1)
        return bool(((c[:, 0] <= draft.cue[0]) & (draft.cue[1] <= c[:, 1]) & (c[:, 2] != k)).any())

    def content_holds_cue(self, draft: DraftAttribution) -> bool:
        q, k = self._cues, self._index.get(id(draft), -1)
        return any(bool(((s <= q[:, 0]) & (q[:, 1] <= e) & (q[:, 2] != k)).any()) for s, e in draft.content)


def draft_features(doc: Doc, draft: DraftAttribution, text: str, neighbours: Neighbours) -> list[str]:
    """The names of the signals one draft shows (the model weighs each one); `neighbours`
    holds the doc's drafts."""
    origin = _origin(draft)
    feats = ["bias", "origin=" + origin]
    if draft.cue is not None:
        feats += ["cue_in_other_content=" + str(neighbours.cue_in_other_content(draft)),
                  "content_holds_cue=" + str(neighbours.content_holds_cue(draft))]
        feats.append("first_line=" + str(_on_first_line(text, draft.cue[0])))
    cue = _span(doc, draft.cue)
    if cue is not None:
        head = cue.root
        lemma = (draft.cue_lemma or head.lemma_).lower()
        entry = cue_lexicon().get(lemma)
        feats += [
            "lemma=" + lemma,
            "cue_pos=" + head.pos_,
            "cue_dep=" + head.dep_,
            "cue_tag=" + head.tag_,
            "cue_len=" + _bucket(len(cue)),
            "cue_kind=" + (entry.kind if entry else "none"),
        ]
        line_start, line_end = _line_of(text, draft.cue[0])
        feats.append("cue_in_quote=" + str(_in_quote(text, line_start, draft.cue[0])))
        deps = {c.dep_ for c in head.children}
        feats += ["cue_child=" + d for d in sorted(deps & {"ccomp", "xcomp", "nsubj", "nsubjpass",
                                                           "neg", "dobj", "prep", "agent", "advcl"})]
        line = text[line_start:line_end].rstrip()
        feats.append("heading=" + str(bool(line) and line[-1] not in PROSE_LINE_END))
        feats.append("sent_start=" + str(cue.start == cue.sent.start))
    else:
        feats.append("no_cue")
    src = _span(doc, draft.source)
    if src is None:
        src_kind = "none"
    else:
        root = src.root
        src_kind = root.pos_ if root.pos_ in ("PRON", "PROPN", "NOUN") else "other"
        feats += ["src_ent=" + (root.ent_type_ or "none"), "src_len=" + _bucket(len(src))]
        if cue is not None:
            feats.append("src_is_subject=" + str(root.head.i == cue.root.i and root.dep_.startswith("nsubj")))
        if root.pos_ == "PRON":
            feats.append("src_pron=" + root.lower_)
    feats.append("src=" + src_kind)
    words = 0
    con_kind = "none"
    for s, e in draft.content:
        words += len(text[s:e].split())
    if draft.content:
        first = text[draft.content[0][0]:draft.content[0][1]].lstrip()
        con_kind = "quote" if first[:1] in _QUOTE_MARKS else "text"
    feats += ["con=" + con_kind, "con_len=" + _bucket(words), "con_spans=" + _bucket(len(draft.content))]
    if draft.conduit is not None:
        feats.append("conduit")
    conf = _confidence_bucket(draft.tagger_confidence)
    feats += ["conf=" + conf, "origin*conf=" + origin + "/" + conf]
    # a few pairs the single signals cannot express
    feats += ["origin*src=" + origin + "/" + src_kind, "origin*con=" + origin + "/" + con_kind]
    if cue is not None:
        feats.append("origin*cue_pos=" + origin + "/" + cue.root.pos_)
    return feats


def _takes_a_side(doc: Doc, draft: DraftAttribution) -> bool:
    lemma = draft.cue_lemma
    if lemma is None:
        cue = _span(doc, draft.cue)
        lemma = cue.root.lemma_ if cue is not None else None
    entry = cue_lexicon().get(lemma.lower()) if lemma else None
    return entry is not None and entry.stance in PROTECTED_STANCES


class DraftFilter:
    def __init__(self, weights: dict[str, float], threshold: float) -> None:
        self.weights = weights
        self.threshold = threshold

    @classmethod
    def load(cls, path: Path | str = MODEL_PATH, threshold: float | None = None) -> "DraftFilter":
        model = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(model["weights"], model["threshold"] if threshold is None else threshold)

    def probability(self, feats: list[str]) -> float:
        z = sum(self.weights.get(f, 0.0) for f in feats)
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def __call__(self, doc: Doc) -> Doc:
        drafts = doc_state.attributions(doc)
        text = text_of(doc)
        neighbours = Neighbours(drafts)
        dropped = [d for d in drafts if d.parent is None and not _takes_a_side(doc, d)
                   and self.probability(draft_features(doc, d, text, neighbours)) < self.threshold]
        if not dropped:
            return doc
        gone = {id(d) for d in dropped}
        for d in drafts:
            while d.parent is not None and id(d.parent) in gone:
                d.parent = d.parent.parent  # a nested draft moves up to what is left above it
        drafts[:] = [d for d in drafts if id(d) not in gone]
        return doc


@Language.factory(
    "claimgraph_draft_filter",
    default_config={"model_path": None, "threshold": None},
)
def make_draft_filter(nlp: Language, name: str, model_path: str | None, threshold: float | None) -> DraftFilter:
    return DraftFilter.load(model_path or MODEL_PATH, threshold)
