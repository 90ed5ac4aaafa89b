"""The whole pipeline with the MiniLM tagger, out of fold on PolNeAR train.

Each block of 84 train files is analysed by the pipeline with `tagger="minilm"` and the fold
model that never saw it (training/train_minilm_tagger.py --folds, packaged by
package_minilm_tagger.py --folds), with the cue-edge table of the same fold (a crossfit.py
--out folder, fold<k>/cue_boundaries.json). The draft filter is judged honestly: with
--filter-halves, blocks 0-4 get the filter trained on blocks 5-9 and the other way round
(train_draft_filter.py writes both halves' filters to the crossfit folder); --no-filter
runs without it. Prints claimgraph eval's scores over all files; --save keeps the
(gold, prediction) pairs for later comparisons.

    .venv/bin/python training/crossfit_minilm.py --minilm /tmp/claimgraph-minilm-folds \\
        --crossfit /tmp/claimgraph-crossfit-plain --filter-halves --threshold 0.4
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from train_attribution_crf import holdout_split  # noqa: E402

FILTER = "claimgraph_draft_filter"
LEARNED = "claimgraph_attribution_learned"


def fold_pipeline(fold: int, args):
    from claimgraph.nlp.pipeline import Pipeline

    pl = Pipeline()
    pl.nlp.replace_pipe(LEARNED, LEARNED, config={
        "model_dir": str(Path(args.crossfit) / f"fold{fold}"), "tagger": "minilm",
        "minilm_model": str(Path(args.minilm) / f"fold{fold}" / "minilm_tagger.npz")})
    if args.no_filter or args.filter_halves:
        pl.nlp.remove_pipe(FILTER)
    if args.filter_halves:
        half = "b" if fold < 5 else "a"  # the filter trained on the other half's drafts
        pl.nlp.add_pipe(FILTER, after=LEARNED, config={
            "model_path": str(Path(args.crossfit) / f"draft_filter_trained_on_{half}.json"),
            "threshold": args.threshold})
    return pl


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", default=str(HERE.parent.parent / "shared/data/polnear"))
    ap.add_argument("--minilm", required=True, help="package_minilm_tagger.py --folds output")
    ap.add_argument("--crossfit", required=True, help="a crossfit.py --out folder (cue-edge tables, filters)")
    ap.add_argument("--folds", default="0,1,2,3,4,5,6,7,8,9")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--no-filter", action="store_true")
    g.add_argument("--filter-halves", action="store_true")
    ap.add_argument("--threshold", type=float, default=0.4)
    ap.add_argument("--save", help="write the (gold, prediction) pairs here (pickle)")
    args = ap.parse_args()

    from claimgraph.eval.polnear import read_polnear
    from claimgraph.eval.scoring import Scorer, format_report

    arts = read_polnear(Path(args.polnear) / "train")
    pairs, t0 = [], time.time()
    for fold in (int(f) for f in args.folds.split(",")):
        _, held = holdout_split(len(arts), len(arts) // 10, fold)
        docs = [arts[i] for i in held]
        pl = fold_pipeline(fold, args)
        pairs += list(zip(docs, pl.pipe(((d.text, {"id": d.id}) for d in docs))))
        print(f"fold {fold} done ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
    scorer = Scorer()
    for gold, pred in pairs:
        scorer.add(gold, pred)
    print(f"{len(pairs)} train files out of fold")
    print(format_report(scorer.report))
    if args.save:
        with open(args.save, "wb") as f:
            pickle.dump(pairs, f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
