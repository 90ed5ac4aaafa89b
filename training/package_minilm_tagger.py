"""Package a trained MiniLM tagger delta (training/train_minilm_tagger.py) for the component.

Adds what decoding needs to the delta: `trans`, the label-bigram log-probabilities of the
training files' gold piece labels (add-one smoothed), and `lam`, their weight in the Viterbi
pass (0.3: tried 0, 0.3, 0.5, 0.7 out of fold on train, training/README.md "Stop 11"). With
--folds, writes one model per fold (DIR/fold<k>/minilm_tagger.npz) whose transitions leave
that fold's block out, for out-of-fold runs (training/crossfit_minilm.py).

    .venv/bin/python training/package_minilm_tagger.py --delta minilm.npz --data .spike \\
        --out src/claimgraph/nlp/models/minilm_tagger.npz
    .venv/bin/python training/package_minilm_tagger.py --folds minilm_folds.npz --data .spike \\
        --out /tmp/claimgraph-minilm-folds
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

LAMBDA = 0.3
BLOCK = 84  # files per block, as in training/crossfit.py


def transitions(labels: np.ndarray, lens: np.ndarray, leave_out: range | None = None) -> np.ndarray:
    C = np.ones((7, 7))
    for d, (s, n) in enumerate(zip(np.concatenate([[0], np.cumsum(lens)[:-1]]), lens)):
        if leave_out is not None and d in leave_out:
            continue
        np.add.at(C, (labels[s:s + n - 1], labels[s + 1:s + n]), 1)
    return np.log(C / C.sum(1, keepdims=True)).astype(np.float32)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--delta", help="the final model's delta (TAG.npz)")
    ap.add_argument("--folds", help="the fold models' deltas (TAG_folds.npz)")
    ap.add_argument("--data", default=".spike", help="minilm_tagger_prep.py's folder (gold piece labels)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    z = np.load(Path(args.data) / "data.npz")
    labels, lens = z["labels"], z["lens"]
    if args.delta:
        with np.load(args.delta) as d:
            model = {k: d[k] for k in d.files}
        model["trans"], model["lam"] = transitions(labels, lens), np.float32(LAMBDA)
        np.savez_compressed(args.out, **model)
        print(f"{args.out}: {sum(v.size for v in model.values())} numbers")
    if args.folds:
        with np.load(args.folds) as d:
            keys = d.files
            for fold in sorted({int(k[1:k.index("/")]) for k in keys if k.startswith("f")}):
                model = {k.split("/", 1)[1]: d[k] for k in keys if k.startswith(f"f{fold}/")}
                block = range(BLOCK * fold, BLOCK * fold + BLOCK)
                model["trans"], model["lam"] = transitions(labels, lens, block), np.float32(LAMBDA)
                (Path(args.out) / f"fold{fold}").mkdir(parents=True, exist_ok=True)
                np.savez_compressed(Path(args.out) / f"fold{fold}" / "minilm_tagger.npz", **model)
        print(f"{args.out}: fold models")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
