"""Score the learned attribution component on a PolNeAR split with the project's scorer.

Example (final numbers only: tune on train, look at dev rarely):
    .venv/bin/python training/eval_learned.py ../shared/data/polnear/dev --merge union

Builds the spaCy model plus claimgraph's quote and rule components and the learned one with the
given `merge` setting (`--learned-only-pipeline` leaves the quote and rule components out), runs
`claimgraph.eval.runner.evaluate_polnear` and prints the report (`--json` for the raw numbers).
"""

from __future__ import annotations

import argparse
import json


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("split", help="a PolNeAR split folder (text/ and attributions/)")
    ap.add_argument("--merge", default="union", choices=("learned_only", "rules_only", "union"))
    ap.add_argument("--learned-only-pipeline", action="store_true",
                    help="no quote/rule components before the learned one")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    import importlib

    import spacy

    from claimgraph.eval.runner import evaluate_polnear
    from claimgraph.nlp.pipeline import COMPONENTS, DEFAULT_MODEL, Pipeline

    nlp = spacy.load(DEFAULT_MODEL)
    wanted = ["claimgraph_attribution_learned"] if args.learned_only_pipeline else [
        "claimgraph_quotes", "claimgraph_attribution_rules", "claimgraph_attribution_learned"]
    for factory, module in COMPONENTS:
        if factory in wanted:
            importlib.import_module(module)
            config = {"merge": args.merge} if factory == "claimgraph_attribution_learned" else {}
            nlp.add_pipe(factory, config=config)
    report = evaluate_polnear(args.split, pipeline=Pipeline(nlp=nlp), progress=False)
    print(json.dumps(report.to_dict(), indent=1) if args.json else report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
