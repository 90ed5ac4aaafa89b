"""The whole pipeline with the MiniLM tagger (or, without --minilm, the CRF), out of fold on
PolNeAR train.

Each block of 84 train files is analysed by the pipeline with the fold model that never saw it:
with --minilm, `tagger="minilm"` and that fold's MiniLM tagger (training/train_minilm_tagger.py
--folds, packaged by package_minilm_tagger.py --folds); without it, the fold's CRF. The
cue-edge table (and the CRF) come from the same fold of a crossfit.py --out folder. The draft
filter is judged honestly: with --filter-halves, blocks 0-4 get the filter trained on blocks
5-9 and the other way round (train_draft_filter.py writes both halves' filters to the crossfit
folder); --no-filter runs without it. Prints claimgraph eval's scores over all files; --save
keeps the (gold, prediction) pairs for later comparisons.

--agreement-articles analyses only the 16 train articles that PolNeAR had annotated by five or
six people, and prints the annotators' agreement (claimgraph.eval.agreement) with this
pipeline's out-of-fold row beside it: the extractor and trained people, scored alike on the
same texts against the same gold.

    .venv/bin/python training/crossfit_minilm.py --minilm /tmp/claimgraph-minilm-folds \\
        --crossfit /tmp/claimgraph-crossfit-plain --filter-halves --threshold 0.4
    .venv/bin/python training/crossfit_minilm.py --crossfit /tmp/claimgraph-crossfit-plain \\
        --filter-halves --agreement-articles
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
    config = {"model_dir": str(Path(args.crossfit) / f"fold{fold}")}
    if args.minilm:
        config.update(tagger="minilm",
                      minilm_model=str(Path(args.minilm) / f"fold{fold}" / "minilm_tagger.npz"))
    pl.nlp.replace_pipe(LEARNED, LEARNED, config=config)
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
    ap.add_argument("--minilm", help="package_minilm_tagger.py --folds output (default: the "
                                     "CRF of each crossfit fold)")
    ap.add_argument("--crossfit", required=True, help="a crossfit.py --out folder (cue-edge tables, filters)")
    ap.add_argument("--folds", default="0,1,2,3,4,5,6,7,8,9")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--no-filter", action="store_true")
    g.add_argument("--filter-halves", action="store_true")
    ap.add_argument("--threshold", type=float, default=0.4)
    ap.add_argument("--save", help="write the (gold, prediction) pairs here (pickle)")
    ap.add_argument("--agreement-articles", action="store_true",
                    help="only the articles annotated more than once, beside the annotators")
    args = ap.parse_args()

    from claimgraph.eval.polnear import read_polnear
    from claimgraph.eval.scoring import Scorer, format_report

    split = Path(args.polnear) / "train"
    arts = read_polnear(split)
    agreement = None
    if args.agreement_articles:
        from claimgraph.eval.agreement import annotator_agreement

        agreement = annotator_agreement(split)
    pairs, t0 = [], time.time()
    for fold in (int(f) for f in args.folds.split(",")):
        _, held = holdout_split(len(arts), len(arts) // 10, fold)
        docs = [arts[i] for i in held
                if agreement is None or arts[i].id in agreement.articles]
        if not docs:
            continue
        pl = fold_pipeline(fold, args)
        pairs += list(zip(docs, pl.pipe(((d.text, {"id": d.id}) for d in docs))))
        print(f"fold {fold} done ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
    scorer = Scorer()
    for gold, pred in pairs:
        scorer.add(gold, pred)
    if agreement is not None:
        agreement.extractor = scorer.report
        agreement.extractor_note = ("claimgraph's row is out of fold: each article analysed by "
                                    "the fold models that never saw it.")
        print(agreement)
    else:
        print(f"{len(pairs)} train files out of fold")
        print(format_report(scorer.report))
    if args.save:
        with open(args.save, "wb") as f:
            pickle.dump(pairs, f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
