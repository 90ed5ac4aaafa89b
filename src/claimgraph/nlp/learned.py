"""The learned attribution component: a CRF tags cue, source and content tokens, then a small
decoder groups the tagged spans into attributions.

Registered as the spaCy factory `claimgraph_attribution_learned`. The model (trained on PolNeAR
train by training/train_attribution_crf.py) ships in `models/`: `attribution_crf.npz` (the CRF's weights)
and `cue_lexicon.json` (the cue prior of each lemma, used by the features).

Tagging: one BIO sequence per document over its non-space tokens, labels CUE, SRC, CON.
Grouping: every cue span starts an attribution; a source or content span joins the cue of its
sentence that it hangs off in the parse, else the nearest cue in its sentence; content in a
sentence without a cue (a quote continued after "she said.") joins the nearest cue up to
`MAX_SENT_GAP` sentences away; a cue left without content takes the rest of its sentence.
The learned cues' edges then follow the annotators' habits (cue_boundaries: "said in a
statement", "lashed out at"), where a `cue_boundaries.json` table ships beside the model, and
cue shapes the tagger rarely learns are added from the parse (structural_cues: transcript and
"Name:" colons, "in a ... poll"). Finally every draft's source becomes the whole noun phrase
it names (source_bounds: titles, appositions and their closing comma, not the adverbials a
tagged run spills into), and where the parse says who spoke, it speaks for the tagger: a
relative-clause cue's source is its relative pronoun, a passive one's its "by" phrase, and a
cue without a source takes the subject of its clause (`_snap_sources`).

The `tagger` setting picks what tags: "crf" (the default) or "minilm", the opt-in fine-tuned
encoder of `minilm_tagger` (more accurate, about four times slower); everything after the
tagging is the same for both, the draft filter included (a filter trained on the minilm tagger's
own out-of-fold drafts scored the same as the CRF's: training/README.md, stop 12).

Merging with the rule component (which runs first) is the `merge` setting: "learned_only"
replaces the rule drafts, "rules_only" keeps them and adds nothing, "union" (the default: best on
held-out train, see training/README.md) merges a rule draft and a learned draft whose cues
overlap (learned spans, rule structure: conduit, nesting), and adds the other rule drafts unless
their content overlaps learned content (nested ones always).
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.attrs import HEAD, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from . import doc_state, lexicon
from .cue_boundaries import CueBoundaries
from .datelines import dateline_end
from .crf_features import (CLOSE_QUOTES, OPEN_QUOTES, TOGGLE_QUOTES, FeatureExtractor, FeatureRows,
                           IdCache)
from .content_trim import trim_before_other_speakers
from .doc_state import DraftAttribution
from .doc_text import PROSE_LINE_END, text_of
from .source_bounds import snap_source
from .structural_cues import headline_colons, hearsay_adverbs, poll_prepositions, transcript_colons

MODEL_DIR = Path(__file__).parent / "models"
MERGE_MODES = ("learned_only", "rules_only", "union")
TAGGERS = ("crf", "minilm")  # the default CRF, or the opt-in fine-tuned encoder (minilm_tagger)
MAX_SENT_GAP = 2
# Per-label offsets for weights that carry no "bias" of their own: a slight push towards
# source tags. On held-out train (model of files 0-755, files 756-839) +0.15 on B-SRC and
# I-SRC gave source overlap F1 +0.3, cue exact +0.5, content overlap +0.1 (0.1 and 0.2: about
# the same, 0.3: source precision falls faster than recall rises).
LABEL_BIAS = {"B-SRC": 0.15, "I-SRC": 0.15}
_QUOTE_CHARS = OPEN_QUOTES | CLOSE_QUOTES | TOGGLE_QUOTES


class AttributionTagger:
    """The trained CRF, run by our own scorer, plus its feature extractor.

    The CRF is trained with CRFsuite, then exported (`export_crfsuite`) to a compact .npz: the
    feature strings, their per-label weights and the label transition matrix. At run time
    `FeatureRows` (see crf_features) gives each token's feature weight rows per group, read from
    caches keyed by spaCy's integer ids a whole document at a time; `_emissions` sums them with
    numpy (word-form groups come whole from a per-form cache), then a Viterbi pass decodes.
    `_group_emissions` is the earlier path (feature strings per group, cached group scores),
    kept as the reference the fast path must match bit for bit.
    """

    def __init__(self, weights: dict[str, np.ndarray] | str | Path, cue_lexicon: dict[str, str]) -> None:
        if not isinstance(weights, dict):
            with np.load(weights, allow_pickle=False) as z:
                weights = {k: z[k] for k in z.files}
        self.labels: list[str] = [str(x) for x in weights["labels"]]
        self._W = weights["W"].astype(np.float32)
        self._T = weights["T"].astype(np.float32)
        # for `CueScorer`'s forward-backward: the transitions as probabilities, the cue labels
        self._expT = np.exp(self._T.astype(np.float64))
        self._cue_labels = [j for j, lab in enumerate(self.labels) if lab.endswith("CUE")]
        names = bytes(weights["attrs"]).decode("utf-8").split("\n")
        self._attr = {a: i for i, a in enumerate(names)}
        self.fx = FeatureExtractor(cue_lexicon)
        # The fast path (see FeatureRows): weight-row numbers per feature slot; len(W) marks a
        # slot a token lacks or a feature the model never weighted.
        self.rows = FeatureRows(self.fx, self._attr, len(self._W))
        self._Wz = np.vstack([self._W, np.zeros((1, len(self.labels)), np.float32)])  # + row `zero`
        L = len(self.labels)
        # per word form (orth): the summed scores of its own group and of its four window groups
        # (as the neighbour at -2, -1, +1, +2), each summed once when the form is first seen
        self._form_vecs = IdCache(5 * L, dtype=np.float32)
        self._pad_vecs = self._Wz[self.rows._pads]  # the window groups past either end
        self._gv = np.zeros((1024, len(self.labels)), dtype=np.float32)  # group id -> scores
        self._gv_done = 0
        # Per-label offsets added to every token's scores: trades precision for recall of a
        # role (tuned on held-out train, stored with the weights as "bias").
        # Dense features: the spaCy model's own contextual token vectors (doc.tensor), named
        # "v0".."vN" in training; their weights form one matrix applied by a single matmul.
        dense = [self._attr.get(f"v{k}") for k in range(int(weights.get("dense_dim", 0)))]
        self._dense = (np.stack([self._W[r] if r is not None else np.zeros(len(self.labels), np.float32)
                                 for r in dense]) if dense else None)
        if "bias" in weights:
            self.bias: np.ndarray | None = weights["bias"].astype(np.float32)
        else:
            self.bias = np.array([LABEL_BIAS.get(l, 0.0) for l in self.labels], dtype=np.float32)

    @classmethod
    def load(cls, model_dir: str | Path = MODEL_DIR) -> "AttributionTagger":
        model_dir = Path(model_dir)
        lex = json.loads((model_dir / "cue_lexicon.json").read_text(encoding="utf-8"))
        return cls(model_dir / "attribution_crf.npz", lex)

    def _group_scores(self) -> np.ndarray:
        gf = self.fx.group_feats
        n = len(gf)
        if n > self._gv_done:
            if n > len(self._gv):
                grown = np.zeros((max(n, 2 * len(self._gv)), self._gv.shape[1]), dtype=np.float32)
                grown[: self._gv_done] = self._gv[: self._gv_done]
                self._gv = grown
            # all new groups at once: their known features' weight rows, summed per group
            attr_get, W = self._attr.get, self._W
            rows: list[int] = []
            owner: list[int] = []
            for g in range(self._gv_done, n):
                for f in gf[g]:
                    r = attr_get(f)
                    if r is not None:
                        rows.append(r)
                        owner.append(g)
            if rows:
                own = np.array(owner)
                starts = np.flatnonzero(np.r_[True, own[1:] != own[:-1]])
                self._gv[own[starts]] = np.add.reduceat(W[np.array(rows)], starts, axis=0)
            self._gv_done = n
        return self._gv

    def tag(self, doc: Doc) -> tuple[list[int], list[str]]:
        return self.tag_many([doc])[0]

    def tag_many(self, docs: list[Doc]) -> list[tuple[list[int], list[str]]]:
        """Tag several docs, decoding them side by side (see `viterbi_batch`)."""
        return [(idx, labels) for idx, labels, _ in self._decode(docs)]

    def _decode(self, docs: list[Doc]) -> list[tuple[list[int], list[str], np.ndarray | None]]:
        """(token indexes, labels, emission scores) per doc."""
        pending = [self._emissions(doc) for doc in docs]
        nonempty = [p for p in pending if p[0]]
        paths = iter(viterbi_batch([e for _, e in nonempty], self._T)) if nonempty else iter(())
        labels = self.labels
        return [(idx, [labels[b] for b in next(paths)] if idx else [], emit) for idx, emit in pending]

    def predict_many(self, docs: list[Doc]) -> list[list[DraftAttribution]]:
        return [drafts for drafts, _ in self.predict_many_scored(docs)]

    def predict_many_scored(self, docs: list[Doc]) -> list[tuple[list[DraftAttribution], "CueScorer"]]:
        """The drafts of each doc, with a `CueScorer` that rates any cue in it."""
        return [(group_spans(doc, tagged_spans(idx, labels)), CueScorer(self, doc, idx, emit))
                for doc, (idx, labels, emit) in zip(docs, self._decode(docs))]

    def _emissions(self, doc: Doc) -> tuple[list[int], np.ndarray | None]:
        idx, slots = self.rows.doc_rows(doc)
        if not idx:
            return idx, None
        m, L = len(idx), len(self.labels)
        forms, orth = slots[0], slots[-1]
        # word-form groups (L and the window groups W) come whole from the per-form cache
        fv = self._form_vecs.get(orth, make_many=lambda _, pos: self._sum_groups(
            [forms[pos, :8]] + [forms[pos, 8 + 2 * j: 10 + 2 * j] for j in range(4)]).reshape(len(pos), -1))
        fv = fv.reshape(m, 5, L)
        groups = np.empty((m, 11, L), dtype=np.float32)
        groups[:, 0] = fv[:, 0]
        groups[:, 1:7] = self._sum_groups(slots[1:7])
        for j, off in enumerate((-2, -1, 1, 2)):
            col = groups[:, 7 + j]
            col[:] = self._pad_vecs[j]
            if off < 0:
                col[-off:] = fv[: max(m + off, 0), 1 + j]
            else:
                col[: max(m - off, 0)] = fv[off:, 1 + j]
        emit = groups.sum(1)
        return idx, self._finish(doc, idx, emit)

    def _sum_groups(self, slots: list[np.ndarray]) -> np.ndarray:
        """(tokens, groups, labels): per token and group, the summed weight rows of the features
        it has. The rows are flattened in (token, group, slot) order and summed per segment by
        np.add.reduceat: the very call (hence the same float32 summation order) the group path
        sums a group's rows with, so the scores are bit-identical to it."""
        R = np.concatenate(slots, 1)
        m, G = len(R), len(slots)
        present = R != self.rows.zero
        flat = R[present]
        widths = np.array([r.shape[1] for r in slots])
        counts = np.add.reduceat(present, np.cumsum(widths) - widths, axis=1, dtype=np.int64).ravel()
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        # one spare row after the last, so that empty segments at the end still start at a
        # valid index (and do not cut the segment before them short); empty ones are zeroed
        rows = np.append(flat, self.rows.zero)
        Wz = self._Wz
        vecs = np.add.reduceat(Wz[rows], starts, axis=0)
        vecs[counts == 0] = 0.0
        return vecs.reshape(m, G, -1)

    def _group_emissions(self, doc: Doc) -> tuple[list[int], np.ndarray | None]:
        """The reference path: per-group feature strings, their summed weights cached per
        group. Slower on new text (a new group per new token context); kept to check the fast
        path against (`training/bench_learned_speed.py --check`)."""
        idx, groups = self.fx.doc_groups(doc)
        if not idx:
            return idx, None
        gv = self._group_scores()
        emit = gv[groups].sum(1)
        return idx, self._finish(doc, idx, emit)

    def _finish(self, doc: Doc, idx: list[int], emit: np.ndarray) -> np.ndarray:
        if self._dense is not None and doc.tensor is not None and doc.tensor.shape[0] == len(doc):
            emit += doc.tensor[idx].astype(np.float32) @ self._dense
        if self.bias is not None:
            emit += self.bias
        return emit

    def predict(self, doc: Doc) -> list[DraftAttribution]:
        idx, labels = self.tag(doc)
        return group_spans(doc, tagged_spans(idx, labels))


class CueScorer:
    """The tagger's confidence that given words are a cue: the marginal probability of B-/I-CUE
    on them, from forward-backward over a window of the words around them (the chain's far
    ends hardly move a marginal, and a fixed window lets all of a doc's cues be scored at once)."""

    WINDOW = 12  # words each side

    def __init__(self, tagger: AttributionTagger, doc: Doc, idx: list[int], emit: np.ndarray | None) -> None:
        self.tagger, self.doc, self.idx, self.emit = tagger, doc, idx, emit

    def confidences(self, cues: list[tuple[int, int] | None]) -> list[float | None]:
        out: list[float | None] = [None] * len(cues)
        if self.emit is None or not cues:
            return out
        m = len(self.idx)
        width = min(m, 2 * self.WINDOW + 1)
        starts, masks, todo = [], [], []
        pos = np.array(self.idx)
        for k, cue in enumerate(cues):
            span = self.doc.char_span(*cue, alignment_mode="expand") if cue else None
            if span is None or not len(span):
                continue
            first = int(np.searchsorted(pos, span.start))
            last = int(np.searchsorted(pos, span.end)) - 1
            if first > last:
                continue
            lo = max(0, min(first - self.WINDOW, m - width))
            mask = np.zeros(width, dtype=bool)
            mask[max(first, lo) - lo: min(last, lo + width - 1) - lo + 1] = True
            starts.append(lo)
            masks.append(mask)
            todo.append(k)
        if not todo:
            return out
        E = np.stack([self.emit[s: s + width] for s in starts]).astype(np.float64)  # (B, W, L)
        # scaled forward-backward in probability space (each step renormalised, so nothing
        # overflows; the scale factors cancel in the marginals): two matrix products a step
        expT = self.tagger._expT
        P = np.exp(E - E.max(2, keepdims=True))
        B, W, L = E.shape
        alpha = np.empty((B, W, L))
        beta = np.empty((B, W, L))
        a = P[:, 0]
        alpha[:, 0] = a / a.sum(1, keepdims=True)
        for t in range(1, W):
            a = (alpha[:, t - 1] @ expT) * P[:, t]
            alpha[:, t] = a / a.sum(1, keepdims=True)
        beta[:, -1] = 1.0
        for t in range(W - 2, -1, -1):
            b = (P[:, t + 1] * beta[:, t + 1]) @ expT.T
            beta[:, t] = b / b.sum(1, keepdims=True)
        prob = alpha * beta
        prob /= prob.sum(2, keepdims=True)
        on_cue = prob[:, :, self.tagger._cue_labels].sum(2)  # (B, W)
        for b, k in enumerate(todo):
            out[k] = round(float(on_cue[b][masks[b]].mean()), 4)
        return out


def viterbi(emit: np.ndarray, trans: np.ndarray) -> list[int]:
    """Best label path for one linear-chain CRF sequence (no start/end transitions, as in
    CRFsuite)."""
    return viterbi_batch([emit], trans)[0]


def viterbi_batch(emits: list[np.ndarray], trans: np.ndarray) -> list[list[int]]:
    """Best label paths for several sequences at once.

    The dynamic program is sequential in time, so its Python loop costs per step, not per token:
    running a batch of documents side by side (padded to the longest) divides that cost by the
    batch size. Exact: each sequence's path is read back from its own last step.
    """
    B = len(emits)
    if B == 1:
        return [_viterbi_dense(emits[0], trans)]  # cheaper per step than the batched form
    L = trans.shape[0]
    lens = np.array([len(e) for e in emits])
    M = int(lens.max()) if B else 0
    if M == 0:
        return [[] for _ in emits]
    E = np.zeros((B, M, L), dtype=np.float32)
    for b, e in enumerate(emits):
        E[b, : len(e)] = e
    back = np.zeros((M, B, L), dtype=np.int64)
    final = np.zeros((B, L), dtype=np.float32)
    ends = {}
    for b, n in enumerate(lens.tolist()):
        ends.setdefault(n - 1, []).append(b)
    score = E[:, 0].copy()
    if 0 in ends:
        final[ends[0]] = score[ends[0]]
    cand = np.empty((B, L, L), dtype=np.float32)
    for t in range(1, M):
        np.add(score[:, :, None], trans, out=cand)  # (B, from, to)
        cand.argmax(1, out=back[t])
        np.add(cand.max(1), E[:, t], out=score)
        done = ends.get(t)
        if done is not None:
            final[done] = score[done]
    out = []
    for b, n in enumerate(lens.tolist()):
        cur = int(final[b].argmax())
        steps = back[1:n, b].tolist()
        path = [cur]
        for row in reversed(steps):
            cur = row[cur]
            path.append(cur)
        path.reverse()
        out.append(path)
    return out


def _viterbi_dense(emit: np.ndarray, trans: np.ndarray) -> list[int]:
    # Python's loop is the cost here (numpy calls per token on 7 x 7 arrays), so the loop only
    # keeps each step's scores, in three calls: max_i((s_i + T_ij) + e_j) is the usual
    # max_i(s_i + T_ij) + e_j exactly (float rounding is monotonic). The back pointers are then
    # one argmax over all steps at once, on the very same float32 sums s_i + T_ij.
    m, L = emit.shape
    S = np.empty((m, L), dtype=emit.dtype)
    S[0] = emit[0]
    cand = np.empty((L, L), dtype=emit.dtype)
    add = np.add
    red = np.maximum.reduce
    # the row views are live: `prev` holds the scores written one step before
    for prev, e, out in zip(S[:-1, :, None], emit[1:], S[1:]):
        add(prev, trans, cand)
        add(cand, e, cand)
        red(cand, 0, None, out)
    back = (S[:-1, :, None] + trans).argmax(1).tolist()  # back[t - 1][j]: best label before j at t
    cur = int(S[-1].argmax())
    path = [cur]
    for t in range(m - 2, -1, -1):
        cur = back[t][cur]
        path.append(cur)
    path.reverse()
    return path


def export_crfsuite(model_path: str | Path, dense_dim: int = 0) -> dict[str, np.ndarray]:
    """Read a trained CRFsuite model into the arrays `AttributionTagger` runs on."""
    import pycrfsuite

    tg = pycrfsuite.Tagger()
    tg.open(str(model_path))
    info = tg.info()
    labels = sorted(info.labels, key=lambda x: (x != "O", x))
    li = {l: i for i, l in enumerate(labels)}
    attrs: dict[str, int] = {}
    for (a, _), w in info.state_features.items():
        if w != 0.0:
            attrs.setdefault(a, len(attrs))
    W = np.zeros((len(attrs), len(labels)), dtype=np.float32)
    for (a, l), w in info.state_features.items():
        if a in attrs:
            W[attrs[a], li[l]] = w
    T = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        T[li[a], li[b]] = w
    # Feature names as one newline-joined UTF-8 blob: a numpy string array pads every name to
    # the longest one, which would make the file many times larger.
    blob = np.frombuffer("\n".join(attrs).encode("utf-8"), dtype=np.uint8)
    return {"labels": np.array(labels), "attrs": blob, "W": W, "T": T, "dense_dim": np.array(dense_dim)}


def save_weights(weights: dict[str, np.ndarray], path: str | Path) -> None:
    np.savez_compressed(path, **weights)


def tagged_spans(idx: list[int], labels: list[str]) -> list[tuple[str, int, int]]:
    """Runs of tokens with the same role as (role, first token, last token + 1). A run breaks at
    a B- label, a role change, or skipped space tokens (a line break)."""
    spans: list[tuple[str, int, int]] = []
    cur_role = None
    start = prev = -1
    for i, lab in zip(idx, labels):
        role = None if lab == "O" else lab[2:]
        if cur_role is not None and (role != cur_role or lab[0] == "B" or i != prev + 1):
            spans.append((cur_role, start, prev + 1))
            cur_role = None
        if role is not None and cur_role is None:
            cur_role, start = role, i
        prev = i
    if cur_role is not None:
        spans.append((cur_role, start, prev + 1))
    return spans


def _char_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _attached(head: list[int], start: int, end: int, cue: tuple[int, int]) -> bool:
    """Whether any token of [start, end) hangs (directly or through ancestors) off the cue, or
    the cue hangs off it. `head` holds each token's head index."""
    cs, ce = cue
    for i in range(start, end):
        for _ in range(12):
            if cs <= i < ce:
                return True
            h = head[i]
            if h == i:
                break
            i = h
    for i in range(cs, ce):
        for _ in range(6):
            if start <= i < end:
                return True
            h = head[i]
            if h == i:
                break
            i = h
    return False


def group_spans(doc: Doc, spans: list[tuple[str, int, int]]) -> list[DraftAttribution]:
    cues = [(s, e) for r, s, e in spans if r == "CUE"]
    if not cues:
        return []
    # token -> sentence number and head index, from arrays (Token objects are slow to make)
    arr = doc.to_array([SENT_START, HEAD])
    sent_ids = np.cumsum(arr[:, 0].view("int64") == 1).tolist()
    head = (np.arange(len(doc)) + arr[:, 1].view("int64")).tolist()
    sent_index = sent_ids.__getitem__
    cue_sent = [sent_index(s) for s, _ in cues]
    sources: dict[int, list[tuple[int, int]]] = {i: [] for i in range(len(cues))}
    contents: dict[int, list[tuple[int, int]]] = {i: [] for i in range(len(cues))}
    for role, s, e in spans:
        if role == "CUE":
            continue
        si = sent_index(s)
        same = [k for k, cs in enumerate(cue_sent) if cs == si]
        if role == "SRC" and not same:
            continue
        best = None
        linked = [k for k in same if _attached(head, s, e, cues[k])]
        if linked:
            pool = linked
        elif same:
            pool = same
        else:
            pool = [k for k, cs in enumerate(cue_sent) if abs(cs - si) <= MAX_SENT_GAP]
            if not pool:
                continue
        best = min(pool, key=lambda k: _gap(cues[k], s, e))
        (sources if role == "SRC" else contents)[best].append((s, e))
    out = []
    for k, (cs, ce) in enumerate(cues):
        src = sources[k]
        cont = sorted(contents[k])
        if not cont:
            cont = _rest_of_sentence(doc, cs, ce, src, sent_ids)
        cue_char = _char_span(doc, cs, ce)
        content_chars = [_char_span(doc, s, e) for s, e in cont]
        draft = DraftAttribution(
            type=_type_of(doc, cs, ce, cont),
            cue=cue_char,
            source=_char_span(doc, *min(src, key=lambda sp: _gap((cs, ce), *sp))) if src else None,
            content=content_chars,
            origin="learned",
            cue_lemma=_cue_lemma(doc, cs, ce),
        )
        out.append(draft)
    return out


def _rest_of_sentence(doc: Doc, cs: int, ce: int, src: list[tuple[int, int]],
                      sent_ids: list[int]) -> list[tuple[int, int]]:
    """Content for a cue the tagger gave none: the rest of its sentence on the longer side of
    the cue (and a source right after it), without edge punctuation. Typical of "according to X,
    ..." and "..., officials said, ...", where the parse hangs the cue off the content's verb, so
    the content tokens lack the features that tie them to a cue (+0.4 content F1 on held-out)."""
    sid = sent_ids[cs]
    ss = cs
    while ss > 0 and sent_ids[ss - 1] == sid:
        ss -= 1
    se = ce
    while se < len(doc) and sent_ids[se] == sid:
        se += 1
    phrase_end = max([ce] + [e for s, e in src if s >= ce and e <= se])
    sides = [(ss, cs), (phrase_end, se)]
    best = None
    for s, e in sides:
        while s < e and (doc[s].is_punct or doc[s].is_space) and doc[s].text not in _QUOTE_CHARS:
            s += 1
        while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space) and doc[e - 1].text not in _QUOTE_CHARS:
            e -= 1
        if e > s and (best is None or e - s > best[1] - best[0]):
            best = (s, e)
    return [best] if best else []


def _gap(cue: tuple[int, int], s: int, e: int) -> int:
    cs, ce = cue
    if e <= cs:
        return cs - e
    if s >= ce:
        return s - ce
    return 0


def _cue_lemma(doc: Doc, s: int, e: int) -> str | None:
    verbs = [t for t in doc[s:e] if t.pos_ in ("VERB", "NOUN", "ADP")]
    t = verbs[0] if verbs else doc[s]
    return t.lemma_.lower()


def _type_of(doc: Doc, cs: int, ce: int, content: list[tuple[int, int]]) -> str:
    if doc[cs].lower_ == "according":
        return "according_to"
    if not content:
        return "other"
    quoted = total = 0
    for s, e in content:
        depth = False
        # content usually starts at the opening mark, so a mark inside the span flips state
        for t in doc[s:e]:
            if t.text in _QUOTE_CHARS:
                depth = not depth if t.text in TOGGLE_QUOTES else t.text in OPEN_QUOTES
                continue
            total += 1
            quoted += depth
    if total and quoted == total:
        return "direct"
    if quoted:
        return "mixed"
    return "indirect"


class LearnedAttribution:
    """The spaCy component: tags the Doc and leaves its drafts in doc_state.attributions."""

    def __init__(self, nlp: Language, name: str, merge: str, model_dir: str | None,
                 tagger: str = "crf", minilm_model: str | None = None) -> None:
        if merge not in MERGE_MODES:
            raise ValueError(f"merge must be one of {MERGE_MODES}, not {merge!r}")
        if tagger not in TAGGERS:
            raise ValueError(f"tagger must be one of {TAGGERS}, not {tagger!r}")
        self.name = name
        self.merge = merge
        if tagger == "minilm":
            from .minilm_tagger import MiniLMTagger

            # the CRF's scores join the encoder's (minilm_tagger.CRF_WEIGHT)
            self.tagger: AttributionTagger | MiniLMTagger = MiniLMTagger.load(
                minilm_model, crf=AttributionTagger.load(model_dir or MODEL_DIR))
        else:
            self.tagger = AttributionTagger.load(model_dir or MODEL_DIR)
        # the annotators' cue edge habits (see cue_boundaries), shipped beside the CRF
        table = Path(model_dir or MODEL_DIR) / "cue_boundaries.json"
        self.boundaries = CueBoundaries.load(table) if table.exists() else None

    def __call__(self, doc: Doc) -> Doc:
        if self.merge == "rules_only":
            return doc
        [(learned, scorer)] = self.tagger.predict_many_scored([doc])
        return self._scored(self._merge(doc, learned), scorer)

    def pipe(self, docs, batch_size: int = 32):
        """Process a stream in batches: decoding a batch together is much cheaper per token."""
        if self.merge == "rules_only":
            yield from docs
            return
        for batch in minibatch(docs, size=batch_size):
            yield from self._run(list(batch))

    def _run(self, batch: list[Doc]):
        for doc, (learned, scorer) in zip(batch, self.tagger.predict_many_scored(batch)):
            yield self._scored(self._merge(doc, learned), scorer)

    @staticmethod
    def _scored(doc: Doc, scorer: CueScorer) -> Doc:
        """Every draft's cue, the tagger's or a rule's, gets the tagger's confidence in it."""
        drafts = doc_state.attributions(doc)
        for d, p in zip(drafts, scorer.confidences([d.cue for d in drafts])):
            d.tagger_confidence = p
        return doc

    def _merge(self, doc: Doc, learned: list[DraftAttribution]) -> Doc:
        drafts = doc_state.attributions(doc)
        text = text_of(doc)
        for draft in learned:
            draft.content = [piece for span in draft.content
                             for piece in _cut_at_headings(text, span, draft.cue)]
            if draft.source and draft.cue and _line_break_between(text, draft.source, draft.cue):
                draft.source = None  # a headline's subject is not the speaker of the next line
            if self.boundaries is not None:
                draft.cue = self._cue_edges(doc, draft)
        # "He presented no evidence.": a lone pronoun tagged as content (and as the source, or
        # with none) is a subject the tagger misread, not what anyone said
        learned = [d for d in learned if not (_lone_pronoun(doc, d.content) and (
            d.source is None or all(d.source[0] <= s and e <= d.source[1] for s, e in d.content)))]
        learned += _structural_drafts(doc, learned, text)
        if self.merge == "learned_only":
            drafts[:] = learned
            _snap_sources(doc, drafts)
            trim_before_other_speakers(drafts, text)
            return doc
        # A rule draft and a learned draft with overlapping cues are one attribution: the rule
        # draft object stays (other drafts may point at it as parent or speaker_from, and it
        # carries the conduit) and takes the learned spans, which measure better. Other rule
        # drafts join unless their content overlaps learned content (the same words read twice);
        # nested ones (with a parent) always join: PolNeAR never nests, the record does.
        rules = list(drafts)
        out: list[DraftAttribution] = []
        taken: set[int] = set()
        for l in learned:
            r = next((r for k, r in enumerate(rules) if k not in taken and r.cue and l.cue
                      and _overlaps(r.cue, l.cue)), None)
            if r is None:
                out.append(l)
                continue
            taken.add(rules.index(r))
            r.cue = l.cue
            if l.source is not None and not (r.conduit and _overlaps(l.source, r.conduit)):
                r.source = l.source  # (a source inside the rule's conduit is the conduit's name)
            if not (r.content and l.content and not any(_overlaps(a, b) for a in r.content for b in l.content)):
                # (when the two contents share no word, both cannot be right: the rule read
                # this cue's own syntax, "in which, according to officials, 133 people were
                # killed", where the tagger took the neighbouring clause)
                r.content = l.content or r.content
            if r.conduit is not None:
                r.content = [s for s in (doc_state.without_conduit(text_of(doc), c, r.conduit)
                                         for c in r.content) if s] or r.content
            r.type = l.type
            r.cue_lemma = l.cue_lemma or r.cue_lemma
            r.origin = r.origin + "+learned"
            out.append(r)
        for k, r in enumerate(rules):
            if k in taken:
                continue
            if r.parent is None and r.cue is not None and (
                    _claim_stray_content(out, r) or _cut_at_coordinated_cue(doc, out, r, text)
                    or _free_quoted_statement(out, r, text)):
                out.append(r)
                continue
            contents = [c for d in out for c in d.content]
            if r.parent is not None or not any(_overlaps(a, b) for a in r.content for b in contents):
                out.append(r)
            elif r.cue is not None and _frames_learned(out, r):
                out.append(r)
        drafts[:] = out
        _snap_sources(doc, drafts)
        trim_before_other_speakers(drafts, text)
        return doc

    def _cue_edges(self, doc: Doc, draft: DraftAttribution) -> tuple[int, int]:
        """The draft's cue with its edges where the annotators put them (cue_boundaries);
        unchanged where the moved cue would run into the draft's own source or content."""
        span = doc.char_span(*draft.cue, alignment_mode="expand")
        if span is None or not len(span):
            return draft.cue
        s, e = self.boundaries.adjust(doc, span.start, span.end)
        if (s, e) == (span.start, span.end):
            return draft.cue
        new = _char_span(doc, s, e)
        if any(_overlaps(new, c) for c in draft.content) or _overlaps(new, draft.source):
            return draft.cue
        return new


def _snap_sources(doc: Doc, drafts: list[DraftAttribution]) -> None:
    """Each draft's source as PolNeAR marks it. Taken from the parse where it says who spoke:
    the relative pronoun of a relative-clause cue ("Diaz, who said ..."), the "by" phrase of
    a passive one. Found where the draft has none: a participle cue ("..., saying", "calling
    him ...") takes the subject of the clause it hangs off, a finite one its own or its
    coordinated verb's subject, a participle clause that opens the sentence ("Stressing ...,
    Lee said") the next cue's source. Then the source becomes the whole noun phrase it
    names (source_bounds), a statement described by the cue gives way to its author, a date or
    a dateline is dropped, and content that ran over the source gives those words back. A
    dateline is cut off the content too."""
    cue_spans = [(sp.start, sp.end) for sp in (doc.char_span(*d.cue, alignment_mode="expand")
                                               for d in drafts if d.cue) if sp is not None]
    text = text_of(doc)
    for draft in drafts:
        # a dateline opens the article's first paragraph, not what anyone said
        draft.content = [c for c in (_past_dateline(text, c) for c in draft.content) if c] \
            or draft.content
        if draft.cue is None:
            continue
        relative = _relative_pronoun(doc, draft)
        if relative is not None:
            draft.source = relative
            continue
        # (never a name inside the draft's conduit: that is the channel's, not the speaker's)
        agent = _passive_agent(doc, draft)
        if agent is not None and not _overlaps(agent, draft.conduit) and not _holds(draft.source, agent):
            draft.source = agent
        if draft.source is None:
            # other drafts' contents are quotes this cue's subject is not in (those that hold
            # the cue are where it stands)
            quoted = [c for d in drafts if d is not draft for c in d.content if not c[0] <= draft.cue[0] < c[1]]
            draft.source = _participle_subject(doc, draft, quoted)
        if draft.source is None:
            draft.source = _verb_subject(doc, draft)
            if draft.source is not None and _overlaps(draft.source, draft.conduit):
                draft.source = None
        if draft.source is None:
            draft.source = _fronted_participle_source(doc, draft, drafts)
        if draft.source is None:
            continue
        draft.source = _snapped_source(doc, draft, cue_spans)
        author = _statement_author(doc, draft)
        if author is not None and not _overlaps(author, draft.conduit):
            draft.source = _snapped_source(doc, replace(draft, source=author), cue_spans)
        if _time_phrase(doc, draft.source):
            draft.source = None  # "Ellis, who ..., last week said": the parse lost the subject
            continue
        draft.source = _after_dateline(doc, draft)
        if draft.source is None:
            continue
        draft.source = _one_line(text, draft.source, draft.cue)
        if any(_overlaps(c, draft.source) for c in draft.content) and _noun_phrase(doc, draft.source):
            # a token has one role: content the tagger ran over the source ("“It's amazing,”
            # he" said) gives those words back (when the source is a noun phrase, not a run of
            # words the tagger misread)
            draft.content = _without(text, draft.content, draft.source) or draft.content


def _past_dateline(text: str, span: tuple[int, int], end: int | None = None) -> tuple[int, int] | None:
    """`span` without the dateline it starts with (`end`: where that dateline ends, when known);
    None when nothing but the dateline is left."""
    end = dateline_end(text, span[0]) if end is None else end
    if end is None:
        return span
    return (end, span[1]) if end < span[1] and text[end:span[1]].strip() else None


def _after_dateline(doc: Doc, draft: DraftAttribution) -> tuple[int, int] | None:
    """"WASHINGTON, Aug. 24 (UPI) -- A spokesman for X": the dateline the parse joined to the
    subject is where and when the story was filed, not who spoke. When the dateline is all the
    source holds ("MYRTLE BEACH, S.C. — Ted Cruz said": the place parsed as a second subject),
    or what follows it is not a noun phrase, the cue's subject after the dateline is the
    source, or there is none."""
    text, source = text_of(doc), draft.source
    end = dateline_end(text, source[0])
    if end is None:
        return source
    rest = _past_dateline(text, source, end)
    if rest is not None and _noun_phrase(doc, rest):
        return rest
    # (what follows the dateline is no noun phrase: the tagger ran the source over a clause,
    # "THE HAGUE – The missile that destroyed MH17 came from ...")
    cue = doc.char_span(*draft.cue, alignment_mode="expand")
    if cue is None or not len(cue):
        return None
    for child in cue.root.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.left_edge.idx >= end:
            return _char_span(doc, child.left_edge.i, child.right_edge.i + 1)
    return None


def _one_line(text: str, source: tuple[int, int], cue: tuple[int, int]) -> tuple[int, int]:
    """A source never runs over a line break ("16⏎America Ferrera", a list number and a name;
    "... Marist, ARG]⏎-Andrew Gelman"): the piece on the cue's side is the speaker."""
    s, e = source
    if "\n" not in text[s:e]:
        return source
    if cue[0] >= e:  # the cue follows: the source's last line
        s = text.rindex("\n", s, e) + 1
    else:
        e = text.index("\n", s, e)
    while s < e and (text[s].isspace() or text[s] in "-–—•*"):
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if s < e else source


def _holds(span: tuple[int, int] | None, inner: tuple[int, int]) -> bool:
    return span is not None and span[0] <= inner[0] < span[1]


@lru_cache(maxsize=1)
def _statement_nouns() -> frozenset[str]:
    return frozenset(lexicon.cues_by_pos()["NOUN"])


def _statement_author(doc: Doc, draft: DraftAttribution) -> tuple[int, int] | None:
    """A participle cue on the object it describes ("The council fired back a statement saying
    ...", "She had no trouble ... in backing him") whose source came out as that object: a
    statement is not its own speaker when its author is the clause's subject (guidelines: the
    creator of an artifact is the source), nor is "no trouble" anyone. The subject instead."""
    span = doc.char_span(*draft.cue, alignment_mode="expand")
    src = doc.char_span(*draft.source, alignment_mode="expand")
    if span is None or src is None or not len(span) or not len(src):
        return None
    verb = span[0] if span[0].tag_ == "VBG" else span.root
    # up to the participle on the noun: "no trouble breaking ranks in backing him", "a
    # statement saying it would not comply and suggesting that ..."
    for _ in range(4):
        if verb.tag_ == "VBG" and verb.dep_ == "acl":
            break
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.tag_ == "VBG":
            verb = verb.head.head
        elif verb.dep_ in ("conj", "ccomp") and verb.head.i != verb.i:
            verb = verb.head
        else:
            break
    noun = verb.head
    if verb.tag_ != "VBG" or verb.dep_ != "acl" or noun.i != src.root.i or noun.dep_ != "dobj":
        return None
    if not (noun.lemma_.lower() in _statement_nouns() or any(c.lower_ == "no" for c in noun.children)):
        return None
    subj = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ not in _NOMINAL_SOURCES or subj.lower_ in ("it", "there"):
        return None
    if any(s <= subj.idx < e for s, e in draft.content):
        return None
    return subj.idx, subj.idx + len(subj.text)


def _fronted_participle_source(doc: Doc, draft: DraftAttribution,
                               drafts: list[DraftAttribution]) -> tuple[int, int] | None:
    """"Stressing the need for calm, Lee said, ...": a participle clause that opens its sentence
    shares the source of the attribution whose cue comes next in that sentence."""
    span = doc.char_span(*draft.cue, alignment_mode="expand")
    if span is None or not len(span) or span[0].tag_ != "VBG" or span[0].dep_ != "advcl":
        return None  # (not a preposition: "Regarding X, Lee said")
    verb, sent = span[0], span[0].sent
    if any(not t.is_punct for t in doc[sent.start:verb.left_edge.i]):
        return None
    end = doc[verb.right_edge.i].idx
    after = [d for d in drafts if d is not draft and d.cue and d.source and end <= d.cue[0] < sent.end_char]
    if not after:
        return None
    return min(after, key=lambda d: d.cue[0]).source


_CLAUSE_LINKS = ("advcl", "xcomp", "conj")
_SUBJECTS = ("nsubj", "nsubjpass")
# Prepositions whose gerund is done by the subject of the clause they hang on.
_SPEAKING_PREPOSITIONS = frozenset(("by", "after", "before", "while", "when", "in"))


def _participle_subject(doc: Doc, draft: DraftAttribution,
                        quoted: list[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """The subject of the highest clause a participle cue hangs off, through clause links and
    complements: "Trump announced that he filed ..., saying" is Trump saying it, although the
    parse hangs "saying" on "filed". Not a subject inside this draft's content or `quoted`
    (the other drafts' contents): "Stressing the need, Lee said, “If we ...”" may hang the
    participle on the quote's verb, whose subject is not the one stressing it."""
    span = doc.char_span(*draft.cue, alignment_mode="expand")
    if span is None:
        return None
    verb = next((t for t in span if t.tag_ == "VBG"), None)
    if verb is None or any(c.dep_ in _SUBJECTS for c in verb.children):
        return None
    t, found = verb, []
    if verb.dep_ == "pcomp" and verb.head.lower_ in _SPEAKING_PREPOSITIONS and verb.head.head.i != verb.head.i:
        # "answered by saying ...", "after insisting that ...": the clause the preposition
        # hangs on says who
        t = verb.head.head
        found += [c for c in t.children if c.dep_ in _SUBJECTS][:1]
    elif verb.dep_ not in _CLAUSE_LINKS:
        return None
    for _ in range(6):
        if t.dep_ not in _CLAUSE_LINKS + ("ccomp",) or t.head.i == t.i:
            break
        t = t.head
        subj = next((c for c in t.children if c.dep_ in _SUBJECTS), None)
        if subj is not None:
            found.append(subj)
    # the highest one, unless it is inside the content (the chain climbed into the quote the
    # participle introduces): then the highest below it
    for subj in reversed(found):
        if any(s <= subj.idx < e for s, e in [*draft.content, *quoted]):
            continue
        if subj.lower_ in ("it", "there"):
            return None
        return subj.idx, subj.idx + len(subj.text)
    return None


_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# "It appears that ...", "it seems": nobody in particular (train 0-755: the gold gives these no
# source); "it" as a document ("it reads", "It slams") is a source
_IMPERSONAL_VERBS = frozenset({"appear", "seem", "be", "become"})


def _verb_subject(doc: Doc, draft: DraftAttribution) -> tuple[int, int] | None:
    """The subject of a finite cue verb the tagger gave no source ("a local newspaper
    called on the governor to ..."), or of the verb it is coordinated with ("The senator walked
    out and denied ..."). Train 0-755, gold cues with such a subject: the gold source
    holds it 12,787 times in 13,410 (own subject) and 346 in 521 (a coordinated verb's)."""
    span = doc.char_span(*draft.cue, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = span.root
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None and verb.dep_ == "conj" and not any(c.dep_ == "nsubjpass" for c in verb.children):
        # (a passive first verb's subject too: "port workers were trapped by the blockade and warned")
        subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.head.i == verb.i - 1:
        subj = verb.head  # a finite verb the parser hung on the noun before it: its subject
    if subj is None and verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN") \
            and verb.tag_ in ("VBD", "VBN"):
        # "The two envoys, for whom ..., sparred on the question": the parser found no main
        # verb and hung the cue on the noun that opens the sentence, its subject
        subj = verb.head
    if subj is None or span.start <= subj.i < span.end or subj.pos_ not in _NOMINAL_SOURCES:
        return None
    if subj.lower_ == "there" or (subj.lower_ == "it" and verb.lemma_.lower() in _IMPERSONAL_VERBS):
        return None
    if subj.lower_ in _RELATIVE_PRONOUNS and subj.tag_ in ("WP", "WDT"):
        return None
    if any(s <= subj.idx < e for s, e in draft.content):
        return None
    return subj.idx, subj.idx + len(subj.text)


_NOMINAL_SOURCES = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


def _passive_agent(doc: Doc, draft: DraftAttribution) -> tuple[int, int] | None:
    """The "by" phrase of a passive cue verb ("Asked by Ortega whether ...", "Those named by
    the panel included ...", "was first reported by a local paper"): the one who did the saying.
    Train 0-755, gold cues with such an agent: the gold source holds it 160 times in 181."""
    span = doc.char_span(*draft.cue, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = span.root
    if verb.tag_ != "VBN":
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if obj is None or span.start <= obj.i < span.end or obj.pos_ not in _NOMINAL_SOURCES:
        return None
    if any(s <= obj.idx < e for s, e in draft.content):
        return None
    return obj.idx, obj.idx + len(obj.text)


def _relative_pronoun(doc: Doc, draft: DraftAttribution) -> tuple[int, int] | None:
    """A cue verb of a relative clause whose subject is the relative pronoun ("Diaz, who
    said ..."): PolNeAR's source is the pronoun, not its antecedent (guidelines, "Relative
    pronouns": no coreference in the source; train 0-755: the pronoun alone 455 times in 462
    where the annotators gave such a cue a source inside its clause). Through control verbs:
    "who wants to argue"."""
    span = doc.char_span(*draft.cue, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = span.root
    for _ in range(3):
        if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
        else:
            break
    if verb.dep_ != "relcl":
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ not in _RELATIVE_PRONOUNS or subj.tag_ not in ("WP", "WDT"):
        return None
    if span.start <= subj.i < span.end or any(s <= subj.idx < e for s, e in draft.content):
        return None
    return subj.idx, subj.idx + len(subj.text)


def _snapped_source(doc: Doc, draft: DraftAttribution,
                    cue_spans: list[tuple[int, int]] = ()) -> tuple[int, int]:
    """The draft's source as the whole noun phrase it names (source_bounds)."""
    span = doc.char_span(*draft.source, alignment_mode="expand")
    if span is None or not len(span):
        return draft.source
    content = draft.content
    if any(_overlaps(c, draft.source) for c in content):
        # content that runs over the source is not in the way of its phrase (_snap_sources
        # gives those words back)
        content = _without(text_of(doc), content, draft.source)
    cue = doc.char_span(*draft.cue, alignment_mode="expand") if draft.cue[0] < draft.cue[1] else None
    own = (cue.start, cue.end) if cue is not None and len(cue) else None
    avoid = [(sp.start, sp.end) for sp in (doc.char_span(s, e, alignment_mode="expand")
                                          for s, e in content if s < e) if sp is not None]
    if own is not None:
        avoid.insert(0, own)
    others = [c for c in cue_spans if c != own]
    s, e = snap_source(doc, span.start, span.end, avoid, others, own)
    if (s, e) == (span.start, span.end):
        return draft.source
    return _char_span(doc, s, e)


def _time_phrase(doc: Doc, span: tuple[int, int]) -> bool:
    """An adverbial date or time ("last week said"): never a source (train 0-755: 6 gold
    sources in 17,351 have such a head)."""
    sp = doc.char_span(*span, alignment_mode="expand")
    return sp is not None and len(sp) > 0 and sp.root.dep_ == "npadvmod" and sp.root.ent_type_ in ("DATE", "TIME")


def _noun_phrase(doc: Doc, span: tuple[int, int]) -> bool:
    sp = doc.char_span(*span, alignment_mode="expand")
    return sp is not None and len(sp) > 0 and sp.root.pos_ in _NOMINAL_SOURCES


_EDGE_MARKS = " \t\r\n,;:-–—"


def _without(text: str, spans: list[tuple[int, int]], cut: tuple[int, int]) -> list[tuple[int, int]]:
    """`spans` with the characters of `cut` taken out, each piece without the spaces, commas
    and dashes at its edges (quote marks stay: PolNeAR's contents keep them); empty pieces go."""
    out = []
    for s, e in spans:
        for a, b in ((s, min(e, cut[0])), (max(s, cut[1]), e)) if _overlaps((s, e), cut) else ((s, e),):
            while a < b and text[a] in _EDGE_MARKS:
                a += 1
            while b > a and text[b - 1] in _EDGE_MARKS:
                b -= 1
            if a < b:
                out.append((a, b))
    return out


def _structural_drafts(doc: Doc, learned: list[DraftAttribution], text: str) -> list[DraftAttribution]:
    """Transcript colons, "Name:" lines and poll prepositions (structural_cues) that no learned
    cue covers: cue shapes the tagger rarely learns. Exact-cue precision on train files 0-755:
    6/6, 49/67 and 26/48, all above the break-even for adding attributions (about F1 / 2)."""
    out: list[DraftAttribution] = []
    cues = [d.cue for d in learned if d.cue]
    for found in (transcript_colons(doc, text), headline_colons(doc, text), poll_prepositions(doc, text)):
        for (cs, ce), (ss, se), (ks, ke) in found:
            cue = _char_span(doc, cs, ce)
            if any(_overlaps(cue, c) for c in cues):
                continue
            cues.append(cue)
            out.append(DraftAttribution(type=_type_of(doc, cs, ce, [(ks, ke)]), cue=cue,
                                        source=_char_span(doc, ss, se),
                                        content=[_char_span(doc, ks, ke)], origin="learned:structural",
                                        cue_lemma=doc[cs].lemma_.lower()))
    # "X is reportedly considering ...": no source; not inside another attribution's content
    # (there it is part of what someone said) nor beside a cue verb ("reportedly said")
    contents = [c for d in learned for c in d.content]
    for (cs, ce), spans in hearsay_adverbs(doc, text):
        if any(_overlaps((cs, ce), c) for c in cues + contents):
            continue
        if any(_overlaps(c, x) for c in cues for x in spans):
            continue
        cues.append((cs, ce))
        out.append(DraftAttribution(type="other", cue=(cs, ce), source=None, content=spans,
                                    origin="learned:structural", cue_lemma="reportedly"))
    return out


def _frames_learned(drafts: list[DraftAttribution], rule: DraftAttribution) -> bool:
    """"X said he expected that Y": the rule's content overlaps the tagger's only because it
    holds the tagger's whole attribution (cue and content), one level down. The two do not read
    the same words twice: the rule draft is the outer attribution the tagger missed."""
    if any(_overlaps(rule.cue, c) for d in drafts for c in d.content):
        return False
    framed = False
    for d in drafts:
        if not any(_overlaps(a, b) for a in rule.content for b in d.content):
            continue
        if d.cue is None or not any(_holds(c, d.cue) for c in rule.content):
            return False
        framed = True
    return framed


def _claim_stray_content(drafts: list[DraftAttribution], rule: DraftAttribution) -> bool:
    """A rule cue inside (or just before) a content span of a draft that has several starts
    an attribution of its own: the tagger attached a sentence without a cue it recognised to the
    nearest cue ("Russia admits ... [headline]" + "Russia admitted for the first time that
    ..."; or, for the first span, one before the draft's cue: "Russia admitted ... that IS
    coordinated the attack. But it continues to accuse Ukraine."). That span is taken from the
    draft; the rule draft keeps its own reading."""
    claimed = False
    for d in drafts:
        if len(d.content) < 2:
            continue
        kept = []
        for k, c in enumerate(d.content):
            if k == 0:
                # the first span, only when it comes before the draft's own cue (the tagger
                # gave a sentence without a cue to the next sentence's: "Russia admitted ...
                # that IS coordinated the attack. But he continues to accuse Ukraine.")
                if d.cue is None or c[1] > d.cue[0]:
                    kept.append(c)
                    continue
                bound = 0
            else:
                bound = d.content[k - 1][1]
            # the rule cue inside the span, or just before it, after the previous span, with
            # its own content in it ("Russia admitted ... that IS coordinated ...": the tagger
            # took the clause, not the cue)
            opens = bound <= rule.cue[0] and rule.cue[1] <= c[0] and any(_overlaps(c, x) for x in rule.content)
            if _overlaps(c, rule.cue) or opens:
                claimed = True
            else:
                kept.append(c)
        d.content = kept or d.content[-1:]
    return claimed


_CONJUNCTIONS = ("but", "and", "while", "yet")


def _free_quoted_statement(drafts: list[DraftAttribution], rule: DraftAttribution, text: str) -> bool:
    """A quotation with its own cue after it ("“Did Kyiv order the attack?“ the reporter
    asked.") that the tagger read as part of a neighbouring draft's content, whose cue is
    outside that span: the rule's reading is a statement of its own. Its words (quote, cue and
    the source beside the cue) are cut out of that span, which keeps what is left on either
    side; the rule draft joins."""
    if not rule.origin.startswith("rule:quote") or not rule.content or rule.cue is None:
        return False
    lo = min(c[0] for c in rule.content)
    if lo >= rule.cue[0]:
        return False  # the quote must come before its cue
    while lo > 0 and text[lo - 1] in "\"“”„«»'‘’":
        lo -= 1  # with its opening mark
    hi = max(rule.cue[1], rule.source[1] if rule.source else 0)
    for d in drafts:
        for k, (s, e) in enumerate(d.content):
            if not (s <= lo and hi <= e) or (d.cue is not None and _overlaps(d.cue, (s, e))):
                continue
            before = text[s:lo].rstrip(" ,;\n")
            after_start = hi
            while after_start < e and text[after_start] in " ,.;:\n":
                after_start += 1
            pieces = [p for p in ((s, s + len(before)), (after_start, e)) if p[1] > p[0]
                      and any(ch.isalnum() for ch in text[p[0]:p[1]])]
            if len(d.content) == 1 and not pieces:
                if d.origin != "learned":
                    return False
                drafts.remove(d)  # the tagger's second reading of the quote, under a wrong cue
                return True
            d.content[k:k + 1] = pieces
            return True
    return False


def _cut_at_coordinated_cue(doc: Doc, drafts: list[DraftAttribution], rule: DraftAttribution, text: str) -> bool:
    """"Putin acknowledged that X but suggested that Y": the tagger ran the first content over
    the second cue verb. A rule draft whose cue lies inside a content span, with its own content
    after its cue in the same span and its source outside it (the coordinated verb's subject is
    the first one's), is an attribution of its own: the span is cut before its cue (and before
    the conjunction) and the rule draft joins. An embedded cue with its own subject inside the
    content ("said that Russia knows that") is a nested one and is not cut, unless the parse
    coordinates the two cue verbs ("He admits that X, but ultimately Patrushev thinks Y": "thinks"
    is a conj of "admits", not part of what he admits)."""
    if not rule.content:
        return False
    for d in drafts:
        for k, (s, e) in enumerate(d.content):
            if not (s < rule.cue[0] and rule.cue[1] <= e):
                continue
            if not all(rule.cue[1] <= cs and ce <= e for cs, ce in rule.content):
                return False
            end = rule.cue[0]
            if rule.source is not None and s <= rule.source[0] < e:
                clause_start = _coordinated_clause_start(doc, d.cue, rule.cue)
                if clause_start is None:
                    return False
                end = max(s, min(end, clause_start))  # its subject and adverbs go with it
            while True:
                stripped = text[s:end].rstrip(" ,;\n")
                word = stripped.rsplit(None, 1)[-1].lower() if stripped.strip() else ""
                if word in _CONJUNCTIONS:
                    end = s + len(stripped) - len(word)
                    continue
                end = s + len(stripped)
                break
            if end <= s:
                return False
            d.content[k] = (s, end)
            return True
    return False


def _coordinated_clause_start(doc: Doc, first: tuple[int, int] | None, second: tuple[int, int]) -> int | None:
    """Where the second cue's clause starts (its subject, adverbs), when the parse joins its
    verb to the first cue's verb by conj links only; None when it does not."""
    if first is None:
        return None
    a, b = doc.char_span(*first, alignment_mode="expand"), doc.char_span(*second, alignment_mode="expand")
    if a is None or b is None or not len(a) or not len(b):
        return None
    t = b.root
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
        if a.start <= t.i < a.end:
            return b.root.left_edge.idx
    return None


def _cut_at_headings(text: str, span: tuple[int, int], cue: tuple[int, int] | None) -> list[tuple[int, int]]:
    """Keep a content span from running across a headline: the parser often joins the headline
    (and a dateline) to the first sentence, and the tagger then labels them content. A line
    break after a line that does not end like prose splits the span; the piece on the cue's
    side is kept (the longest piece when there is no cue). Multi-paragraph quotes are not
    cut: their lines end with punctuation or a quote mark."""
    s, e = span
    cuts = []
    pos = text.find("\n", s, e)
    while pos != -1:
        line_end = pos
        while line_end > s and text[line_end - 1] in " \t\r":
            line_end -= 1
        if line_end > s and text[line_end - 1] not in PROSE_LINE_END:
            cuts.append((line_end, pos + 1))
        pos = text.find("\n", pos + 1, e)
    if not cuts:
        return [span]
    pieces, start = [], s
    for line_end, next_start in cuts:
        pieces.append((start, line_end))
        start = next_start
    pieces.append((start, e))
    pieces = [(a, b) for a, b in ((a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in pieces) if a < b]
    if not pieces:
        return [span]
    if cue is not None:
        return [min(pieces, key=lambda p: 0 if p[0] <= cue[0] < p[1] else min(abs(cue[0] - p[1]), abs(p[0] - cue[1])))]
    return [max(pieces, key=lambda p: p[1] - p[0])]


def _line_break_between(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    lo, hi = (a[1], b[0]) if a[0] < b[0] else (b[1], a[0])
    return "\n" in text[lo:hi]


def _lone_pronoun(doc: Doc, content: list[tuple[int, int]]) -> bool:
    if len(content) != 1:
        return False
    span = doc.char_span(*content[0], alignment_mode="expand")
    words = [t for t in span if not t.is_punct and not t.is_space] if span is not None else []
    return len(words) == 1 and words[0].pos_ == "PRON"


def _overlaps(a, b) -> bool:
    return b is not None and a[0] < b[1] and b[0] < a[1]


@Language.factory(
    "claimgraph_attribution_learned",
    default_config={"merge": "union", "model_dir": None, "tagger": "crf", "minilm_model": None},
)
def make_learned_attribution(nlp: Language, name: str, merge: str, model_dir: str | None,
                             tagger: str, minilm_model: str | None) -> LearnedAttribution:
    return LearnedAttribution(nlp, name, merge, model_dir, tagger, minilm_model)
