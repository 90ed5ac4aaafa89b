"""Where the time goes: seconds spent in each pipeline component, ours and spaCy's.

    .venv/bin/python benchmarks/component_costs.py                # 60 PolNeAR train texts
    .venv/bin/python benchmarks/component_costs.py --limit 20 --texts samples/crocus

Runs `claimgraph.nlp.pipeline.build_language()` doc by doc, calling the tokenizer and then each
pipeline component in turn with a timer around it, and prints seconds and share of the total
per component. The throughput target (ours >= 0.9 x bare spaCy words/s) means our components
together must stay well under 10 % of spaCy's own time; this shows which of ours to work on.
Bare spaCy words/s is measured on the same texts with the model's own components only.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from claimgraph.eval.corpus import sample_texts

from throughput import time_components  # the same per-component timer (benchmarks/ is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"
SAMPLES = ROOT / "samples" / "crocus"


def find_texts(folder: Path | None, limit: int) -> tuple[Path, list[str]]:
    candidates = [folder] if folder else [POLNEAR_TRAIN, SAMPLES]
    for c in candidates:
        if c is not None and c.is_dir():
            # .txt files as they are, Markdown samples without their front matter
            texts = sample_texts(c, recursive=True)
            texts = [t for t in texts if t.strip()][:limit]
            if texts:
                return c, texts
    sys.exit(f"component_costs: no .txt or .md texts in {', '.join(str(c) for c in candidates)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, help="folder of .txt files (default: PolNeAR train "
                        "texts if present, else samples/crocus)")
    parser.add_argument("--limit", type=int, default=60, help="first N texts (default 60)")
    parser.add_argument("--repeats", type=int, default=1, help="passes over the texts (default 1)")
    args = parser.parse_args(argv)

    from claimgraph.nlp.pipeline import build_language

    folder, texts = find_texts(args.texts, args.limit)
    words = sum(len(t.split()) for t in texts)
    nlp = build_language()
    ours = {n for n in nlp.pipe_names if n.startswith("claimgraph_")}
    for t in texts[:3]:  # warm-up: lazy tables, caches
        nlp(t)

    cost: dict[str, float] = defaultdict(float)
    for _ in range(args.repeats):
        for name, seconds in time_components(nlp, texts).items():
            cost[name] += seconds

    total = sum(cost.values())
    spacy_total = sum(s for n, s in cost.items() if n not in ours)
    print(f"texts: {len(texts)} from {folder} ({words:,} words), {args.repeats} pass(es)")
    print(f"{'component':34s} {'seconds':>8s} {'% total':>8s} {'% spaCy':>8s}")
    for name in ["tokenizer", *nlp.pipe_names]:
        s = cost[name]
        print(f"{name:34s} {s:8.3f} {100 * s / total:7.1f}% {100 * s / spacy_total:7.1f}%")
    ours_total = total - spacy_total
    print(f"{'spaCy (tokenizer + model pipes)':34s} {spacy_total:8.3f}")
    print(f"{'claimgraph components':34s} {ours_total:8.3f} {100 * ours_total / total:7.1f}% "
          f"{100 * ours_total / spacy_total:7.1f}%")
    n_words = words * args.repeats
    print(f"words/s: bare spaCy {n_words / spacy_total:,.0f}; with ours {n_words / total:,.0f} "
          f"(ratio {spacy_total / total:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
