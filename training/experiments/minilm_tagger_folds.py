"""Experiment (stop 11): fine-tune all-MiniLM-L6-v2 as a BIO attribution tagger, ten folds.

Reads minilm_tagger_prep.py's folder (data.npz, model16.safetensors, config.json) from
--data, trains one model per block of 84 train files in name order (the blocks of
training/crossfit.py) on the other 756 and writes each held-out file's per-piece log
probabilities (float16) to OUT/TAG.npz after every fold. Windows of 254 pieces, stride 127,
the held-out pieces' log-probabilities averaged over the windows that hold them; AdamW, lr 5e-5
for the encoder and 1e-3 for the head, warm-up 10 %, linear decay, batch 32, bf16 autocast on
a GPU.

Run on the device machine (one H100: about 15 s a fold for 3 epochs of 6 layers):

    OUT=$OUT EPOCHS=5 LAYERS=6 TAG=l6e5 python3 training/experiments/minilm_tagger_folds.py --data .spike

Environment: EPOCHS (3), LAYERS (6: the first N encoder layers), LR (5e-5), FOLDS (all),
TAG (logp), OUT (/tmp/out). --smoke: two steps on four files, to check it runs (CPU is fine).
Needs torch, transformers and safetensors (the device image has them).
"""

import argparse
import math
import os
import time

import numpy as np
import torch
from safetensors.torch import load_file
from torch import nn
from transformers import BertConfig, BertModel

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--data", default=os.path.dirname(os.path.abspath(__file__)))
ap.add_argument("--smoke", action="store_true")
args = ap.parse_args()
HERE, SMOKE = args.data, args.smoke
OUT = os.environ.get("OUT", "/tmp/out")
EPOCHS = int(os.environ.get("EPOCHS", 3))
LR = float(os.environ.get("LR", 5e-5))
dev = "cuda" if torch.cuda.is_available() else "cpu"

z = np.load(os.path.join(HERE, "data.npz"))
ids, labels, lens = z["ids"], z["labels"], z["lens"]
starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
docs = [(ids[s:s + n], labels[s:s + n]) for s, n in zip(starts, lens)]
CLS, SEP, L, STRIDE = 101, 102, 254, 127


def windows(d):
    i = docs[d][0]
    out = []
    for s in range(0, max(1, len(i) - L + STRIDE), STRIDE):
        out.append((d, s, min(s + L, len(i))))
        if s + L >= len(i):
            break
    return out


cfg = BertConfig.from_json_file(os.path.join(HERE, "config.json"))
cfg.num_hidden_layers = int(os.environ.get("LAYERS", cfg.num_hidden_layers))
base = {k: v.float() for k, v in load_file(os.path.join(HERE, "model16.safetensors")).items()}


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.bert = BertModel(cfg, add_pooling_layer=False)
        self.bert.load_state_dict(base, strict=False)  # (the pooler and any cut layers unused)
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(cfg.hidden_size, 7)

    def forward(self, x, m):
        return self.head(self.drop(self.bert(input_ids=x, attention_mask=m).last_hidden_state))


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


folds = [0] if SMOKE else list(range(10))
if os.environ.get("FOLDS"):
    folds = [int(f) for f in os.environ["FOLDS"].split(",")]
logp_all = {}
t00 = time.time()
for fold in folds:
    held = list(range(84 * fold, 84 * fold + 84))
    fit = [d for d in range(len(docs)) if d not in set(held)]
    if SMOKE:
        fit, held = fit[:4], held[:2]
    tw = [w for d in fit for w in windows(d)]
    torch.manual_seed(fold)
    rng = np.random.default_rng(fold)
    model = Tagger().to(dev)
    opt = torch.optim.AdamW([{"params": model.bert.parameters(), "lr": LR},
                             {"params": model.head.parameters(), "lr": 1e-3}], weight_decay=0.01)
    BS = 32
    steps = 2 if SMOKE else EPOCHS * math.ceil(len(tw) / BS)
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
            loss = lossf(logits.float().reshape(-1, 7), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            k += 1
            if k >= steps:
                break
    model.eval()
    with torch.no_grad():
        for d in held:
            n = len(docs[d][0])
            acc, cnt = np.zeros((n, 7), np.float32), np.zeros(n, np.float32)
            ws = windows(d)
            for b in range(0, len(ws), 64):
                x, m, _ = batchify(ws[b:b + 64])
                with torch.autocast(device_type=dev, dtype=torch.bfloat16, enabled=(dev == "cuda")):
                    lp = torch.log_softmax(model(x, m).float(), -1).cpu().numpy()
                for j, (_, s, e) in enumerate(ws[b:b + 64]):
                    acc[s:e] += lp[j, 1:e - s + 1]
                    cnt[s:e] += 1
            logp_all[d] = (acc / cnt[:, None]).astype(np.float16)
    print(f"fold {fold}: {len(tw)} windows, {k} steps, loss {loss.item():.3f}, "
          f"{time.time() - t0:.0f}s (total {time.time() - t00:.0f}s)", flush=True)
    os.makedirs(OUT, exist_ok=True)
    keys = sorted(logp_all)
    np.savez_compressed(os.path.join(OUT, os.environ.get("TAG", "logp") + ".npz"), docs=np.array(keys),
                        logp=np.concatenate([logp_all[d] for d in keys]))
print("done", round(time.time() - t00))
