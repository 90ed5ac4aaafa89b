"""Train the draft filter (src/claimgraph/nlp/models/draft_filter.json) on out-of-fold drafts.

Example:
    .venv/bin/python training/crossfit.py --folds 10 --jobs 2 --out /tmp/claimgraph-crossfit
    .venv/bin/python training/train_draft_filter.py --crossfit /tmp/claimgraph-crossfit
    # the minilm tagger's own filter (models/draft_filter_minilm.json), on its fold models' drafts:
    .venv/bin/python training/train_draft_filter.py --crossfit /tmp/claimgraph-crossfit-plain \
        --minilm /tmp/claimgraph-minilm-folds --thresholds 0.3,0.4,0.5

Steps:
1. For every fold of the cross-fit, run the pipeline with that fold's tagger on the fold's
   held-out train files and take the top-level drafts as they leave the merge (where the filter
   runs): their features (claimgraph.nlp.draft_filter.draft_features) and a label, 1 when a gold
   cue shares a word with the draft's cue.
2. Honest estimate: a filter trained on the drafts of folds 0-4 judges folds 5-9 and the other
   way round; the whole pipeline is scored (claimgraph.eval) on all held-out files with each
   threshold of --thresholds, beside the pipeline without a filter.
3. The shipped filter: trained on every fold's drafts, with the threshold that gave the best
   mean of cue exact F1 and source overlap F1 in step 2 (or --threshold).

Logistic regression with L2, fitted by full-batch Newton steps in numpy (the design matrix is a
few thousand drafts by a few thousand features). Features seen in fewer than --min-count drafts
are left out. Dev is never read.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from crossfit import fold_pipeline  # noqa: E402
from train_attribution_crf import holdout_split  # noqa: E402


_MINILM: list[Path] = []  # --minilm: the MiniLM fold models' folder (package_minilm_tagger.py --folds)


def _unfiltered_pipeline(model_dir: Path):
    """The fold's pipeline without the shipped filter (the one being trained or judged goes in
    its place); with --minilm, the fold's MiniLM tagger in place of its CRF."""
    minilm = _MINILM[0] / model_dir.name / "minilm_tagger.npz" if _MINILM else None
    pl = fold_pipeline(model_dir, minilm)
    if "claimgraph_draft_filter" in pl.nlp.pipe_names:
        pl.nlp.remove_pipe("claimgraph_draft_filter")
    return pl


_SEEN: list = []  # what the grab component saw, doc by doc (registered once per process)


def collect(crossfit: Path, folds: int, arts: list, which: list[int] | None = None,
            label_content: bool = False) -> list[tuple[int, list[str], int]]:
    """(fold, features, label) for every top-level draft the merge leaves on held-out files.
    label: a gold cue shares a word with the draft's cue (or, with label_content, the draft's
    content covers more than 30 % of a gold content)."""
    from spacy.language import Language

    from claimgraph.eval.scoring import _Tokens, _token_set
    from claimgraph.nlp import doc_state
    from claimgraph.nlp.doc_text import text_of
    from claimgraph.nlp.draft_filter import Neighbours, draft_features

    rows: list[tuple[int, list[str], int]] = []

    if "claimgraph_training_grab_drafts" not in Language.factories:
        @Language.component("claimgraph_training_grab_drafts")
        def grab(doc):
            text = text_of(doc)
            drafts = doc_state.attributions(doc)
            neighbours = Neighbours(drafts)
            _SEEN.append([(draft_features(doc, d, text, neighbours), d.cue, d.content) for d in drafts
                          if d.parent is None])
            return doc

    for fold in which if which is not None else range(folds):
        _, held = holdout_split(len(arts), len(arts) // folds, fold)
        pl = _unfiltered_pipeline(crossfit / f"fold{fold}")
        pl.nlp.add_pipe("claimgraph_training_grab_drafts", after="claimgraph_attribution_learned")
        docs = [arts[i] for i in held]
        _SEEN.clear()
        for _ in pl.pipe(((d.text, {"id": d.id}) for d in docs)):
            pass
        if len(_SEEN) != len(docs):
            raise RuntimeError(f"fold {fold}: {len(_SEEN)} docs seen for {len(docs)} files "
                               "(a text split into pieces?)")
        for art, drafts in zip(docs, _SEEN):
            tokens = _Tokens(art.text)
            gold = [_token_set(tokens.spans(g.cue)) for g in art.attributions]
            gold_content = [_token_set(tokens.spans(g.content)) for g in art.attributions]
            for feats, cue, content in drafts:
                mine = _token_set(tokens.spans([cue])) if cue else set()
                label = any(mine & g for g in gold)
                if label_content and not label:
                    said = _token_set(tokens.spans(content))
                    label = any(g and len(said & g) > 0.3 * len(g) for g in gold_content)
                rows.append((fold, feats, int(label)))
        print(f"fold {fold}: {len(rows)} drafts so far", flush=True)
    return rows


def fit(rows: list[tuple[int, list[str], int]], min_count: int, l2: float) -> dict[str, float]:
    counts = Counter(f for _, feats, _ in rows for f in set(feats))
    vocab = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    x = np.zeros((len(rows), len(vocab)))
    for r, (_, feats, _) in enumerate(rows):
        for f in feats:
            if f in index:
                x[r, index[f]] = 1.0
    y = np.array([label for _, _, label in rows], dtype=float)
    w = np.zeros(len(vocab))
    penalty = np.full(len(vocab), l2)
    penalty[index["bias"]] = 0.0  # the intercept is not shrunk
    for _ in range(30):  # Newton steps (IRLS)
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return {f: round(float(w[i]), 5) for f, i in index.items() if abs(w[i]) > 1e-5 or f == "bias"}


def score(crossfit: Path, folds: int, arts: list, models: dict[int, Path | None], threshold: float) -> dict:
    """The project's scores over every fold's held-out files; models[fold] is the filter that
    judges that fold (None: no filter)."""
    from claimgraph.eval.scoring import Scorer

    scorer = Scorer()
    for fold in range(folds):
        _, held = holdout_split(len(arts), len(arts) // folds, fold)
        pl = _unfiltered_pipeline(crossfit / f"fold{fold}")
        if models[fold] is not None:
            pl.nlp.add_pipe("claimgraph_draft_filter", after="claimgraph_attribution_learned",
                            config={"model_path": str(models[fold]), "threshold": threshold})
        docs = [arts[i] for i in held]
        for art, analysis in zip(docs, pl.pipe(((d.text, {"id": d.id}) for d in docs))):
            scorer.add(art, analysis)
    roles = scorer.report.to_dict()["roles"]
    return {"cue_exact_p": roles["cue"]["exact"]["precision"], "cue_exact_r": roles["cue"]["exact"]["recall"],
            "cue_exact_f1": roles["cue"]["exact"]["f1"], "source_overlap_f1": roles["source"]["overlap"]["f1"],
            "content_overlap_f1": roles["content"]["overlap"]["f1"]}


def save(weights: dict[str, float], threshold: float, path: Path, note: str) -> None:
    path.write_text(json.dumps({"about": note, "threshold": threshold, "weights": weights},
                               indent=0, sort_keys=True, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", default=str(HERE.parent.parent / "shared/data/polnear"))
    ap.add_argument("--crossfit", default="/tmp/claimgraph-crossfit", help="training/crossfit.py's --out")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--thresholds", default="0.2,0.25,0.3,0.35,0.4")
    ap.add_argument("--label", choices=("cue", "cue-or-content"), default="cue",
                    help="a draft is right when a gold cue shares a word with its cue (or also when "
                         "its content covers more than 30%% of a gold content: dropping those costs "
                         "content overlap)")
    ap.add_argument("--threshold", type=float, help="ship this threshold instead of the best one")
    ap.add_argument("--skip-baseline", action="store_true", help="do not score the pipeline without a filter")
    ap.add_argument("--minilm", help="train the filter for the minilm tagger: its fold models' folder "
                                     "(package_minilm_tagger.py --folds), which also receives the halves' filters")
    ap.add_argument("--out", help="default: src/claimgraph/nlp/models/draft_filter.json "
                                  "(draft_filter_minilm.json with --minilm)")
    args = ap.parse_args(argv)
    if args.out is None:
        args.out = str(HERE.parent / "src/claimgraph/nlp/models" /
                       ("draft_filter_minilm.json" if args.minilm else "draft_filter.json"))
    if args.minilm:
        _MINILM[:] = [Path(args.minilm)]

    from claimgraph.eval.polnear import read_polnear

    crossfit = Path(args.crossfit)
    arts = read_polnear(Path(args.polnear) / "train")
    t0 = time.time()
    rows = collect(crossfit, args.folds, arts, label_content=args.label == "cue-or-content")
    print(f"{len(rows)} drafts, {sum(r[2] for r in rows)} with a gold cue ({time.time() - t0:.0f}s)")

    half = args.folds // 2
    groups = {"a": [r for r in rows if r[0] < half], "b": [r for r in rows if r[0] >= half]}
    paths = {}
    for name, other in (("a", "b"), ("b", "a")):
        paths[name] = (Path(args.minilm) if args.minilm else crossfit) / f"draft_filter_trained_on_{other}.json"
        save(fit(groups[other], args.min_count, args.l2), 0.5, paths[name], "honest-estimate filter")
    judge = {fold: paths["a"] if fold < half else paths["b"] for fold in range(args.folds)}
    results = {}
    if not args.skip_baseline:
        results["none"] = score(crossfit, args.folds, arts, {f: None for f in range(args.folds)}, 0.0)
        print("no filter:", json.dumps(results["none"]), flush=True)
    for t in (float(x) for x in args.thresholds.split(",")):
        results[t] = score(crossfit, args.folds, arts, judge, t)
        print(f"threshold {t}:", json.dumps(results[t]), flush=True)
    best = args.threshold if args.threshold is not None else max(
        (t for t in results if t != "none"),
        key=lambda t: results[t]["cue_exact_f1"] + results[t]["source_overlap_f1"])
    weights = fit(rows, args.min_count, args.l2)
    note = (f"training/train_draft_filter.py (label {args.label}) on {len(rows)} out-of-fold drafts of PolNeAR train "
            f"({args.folds} folds), l2 {args.l2}, min count {args.min_count}; threshold {best} "
            f"(honest estimate: {json.dumps(results[best])}; without the filter: "
            f"{json.dumps(results.get('none'))})")
    save(weights, best, Path(args.out), note)
    print(f"threshold {best}, {len(weights)} weights -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
