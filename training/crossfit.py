"""Cross-fit the learned attribution tagger on PolNeAR train: K models, each trained without one
block of files, and the full pipeline's predictions on every block from the model that never
saw it.

Example:
    .venv/bin/python training/crossfit.py --folds 10 --jobs 2 --out /tmp/claimgraph-crossfit
    .venv/bin/python training/crossfit.py --out /tmp/claimgraph-crossfit --predict-only   # after a code change

Why: choices made on the 84 held-out files of one block move the scores by a few tenths, about
the noise of one block. With every train file predicted out of fold, a choice is measured on
840 articles; and a second-stage model (training/train_draft_filter.py) can learn from the
tagger's mistakes on texts it was not trained on, as it will meet them on new text.

Writes, under --out:
- fold<i>/attribution_crf.npz, cue_lexicon.json, cue_boundaries.json: the model without block i
  (train_attribution_crf.py --fold i --save-validation, build_cue_boundaries.py --fold i);
- fold<i>/predictions.jsonl: the FORMAT.md records of block i's files (the whole pipeline, that
  fold's model in place of the shipped one);
- and prints the project's scores over all the predicted files (claimgraph.eval).

Each model takes about 6 minutes of one core; --jobs runs that many at once. Dev is never read.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from train_attribution_crf import holdout_split  # noqa: E402


def train_fold(fold: int, folds: int, out: Path, polnear: str, parse_args: list[str],
               crf_args: list[str] = ()) -> None:
    dest = out / f"fold{fold}"
    dest.mkdir(parents=True, exist_ok=True)
    frac = str(1 / folds)
    log = (dest / "train.log").open("w")
    common = ["--polnear", polnear, "--holdout", frac, "--fold", str(fold), *parse_args]
    subprocess.run([sys.executable, str(HERE / "train_attribution_crf.py"), *common, *crf_args,
                    "--save-validation", str(dest)], check=True, stdout=log, stderr=subprocess.STDOUT)
    subprocess.run([sys.executable, str(HERE / "build_cue_boundaries.py"), *common,
                    "--out", str(dest / "cue_boundaries.json")], check=True, stdout=log,
                   stderr=subprocess.STDOUT)


def fold_pipeline(model_dir: Path, minilm_model: Path | None = None):
    """The shipped pipeline with the fold's model in place of the shipped one (with
    `minilm_model`, that fold's MiniLM tagger instead of the CRF, and the fold's cue-edge table)."""
    from claimgraph.nlp.pipeline import Pipeline

    pl = Pipeline()
    config = {"model_dir": str(model_dir)}
    if minilm_model is not None:
        config.update(tagger="minilm", minilm_model=str(minilm_model))
    pl.nlp.replace_pipe("claimgraph_attribution_learned", "claimgraph_attribution_learned", config=config)
    return pl


def predict_fold(fold: int, folds: int, out: Path, arts: list) -> None:
    _, held = holdout_split(len(arts), len(arts) // folds, fold)
    pl = fold_pipeline(out / f"fold{fold}")
    docs = [arts[i] for i in held]
    with (out / f"fold{fold}" / "predictions.jsonl").open("w", encoding="utf-8") as f:
        for analysis in pl.pipe(((d.text, {"id": d.id}) for d in docs)):
            f.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")


def read_predictions(out: Path, folds: int) -> dict:
    """Document id -> its out-of-fold `Analysis`, from every fold's predictions.jsonl."""
    from claimgraph.model import Analysis

    preds = {}
    for fold in range(folds):
        path = out / f"fold{fold}" / "predictions.jsonl"
        if path.exists():
            for line in path.open(encoding="utf-8"):
                a = Analysis.from_dict(json.loads(line))
                preds[a.id] = a
    return preds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", default=str(HERE.parent.parent / "shared/data/polnear"))
    ap.add_argument("--out", default="/tmp/claimgraph-crossfit")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--only", help="comma-separated fold numbers (default: all)")
    ap.add_argument("--jobs", type=int, default=1, help="models trained at once")
    ap.add_argument("--predict-only", action="store_true", help="reuse the trained fold models")
    ap.add_argument("--plain-parse", action="store_true",
                    help="train on parses of the raw text, as the shipped CRF was (its own parse cache)")
    ap.add_argument("--crf-args", default="",
                    help="more options for train_attribution_crf.py, e.g. \"--max-iter 300\" (a setting to compare)")
    args = ap.parse_args(argv)

    from claimgraph.eval.polnear import read_polnear
    from claimgraph.eval.scoring import Scorer, format_report

    out = Path(args.out)
    folds = [int(x) for x in args.only.split(",")] if args.only else list(range(args.folds))
    parse_args = ["--plain-parse", "--cache", "/tmp/claimgraph-train/train-plain.spacy"] if args.plain_parse else []
    if not args.predict_only:
        out.mkdir(parents=True, exist_ok=True)
        t0 = time.time()
        if parse_args:  # parse once before the jobs share the cache
            subprocess.run([sys.executable, str(HERE / "build_cue_boundaries.py"), "--polnear", args.polnear,
                            *parse_args, "--out", str(out / "cue_boundaries_all.json")], check=True)
        with ThreadPoolExecutor(args.jobs) as pool:
            for fold, _ in zip(folds, pool.map(lambda k: train_fold(k, args.folds, out, args.polnear, parse_args,
                                                                        args.crf_args.split()),
                                               folds)):
                print(f"fold {fold} trained ({time.time() - t0:.0f}s)", flush=True)
    arts = read_polnear(Path(args.polnear) / "train")
    for fold in folds:
        predict_fold(fold, args.folds, out, arts)
        print(f"fold {fold} predicted", flush=True)
    preds = read_predictions(out, args.folds)
    scorer = Scorer()
    for art in arts:
        if art.id in preds:
            scorer.add(art, preds[art.id])
    print(f"{len(preds)} train files predicted out of fold")
    print(format_report(scorer.report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
