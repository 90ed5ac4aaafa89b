"""How fast the store writes analysed articles (the store's share of `claimgraph ingest`).

    .venv/bin/python benchmarks/store_throughput.py [-n 2000] [--batch 16] [--db PATH|URL] [--profile]

The sample articles are analysed once; N distinct articles are then made from them (each
sample plus a paragraph of random words from the samples' vocabulary, so every text is new,
near-duplicate candidates are found and compared, and none is grouped), and stored --batch
per transaction (`Store.add_many`; default: as many as `claimgraph ingest` stores at once).
Prints articles/s, statements/s and milliseconds per article (wall and CPU: the CPU is what
an ingest's analysis competes with) for storing, and for re-storing the same articles (the
resume path: every one a duplicate). --profile: where the storing time goes (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import random
import re
import tempfile
import time
from pathlib import Path

import claimgraph
from claimgraph.eval.corpus import read_sample, sample_paths
from claimgraph.ingest import STORE_BATCH
from claimgraph.model import Analysis
from claimgraph.sources.article import Article
from claimgraph.store import open_store

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "crocus"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=STORE_BATCH, help="articles per transaction (add_many)")
    parser.add_argument("--db", default=None, help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--profile", action="store_true", help="print where the storing time goes")
    args = parser.parse_args()

    pipeline = claimgraph.Pipeline()
    bases = [(p.stem, read_sample(p).text) for p in sample_paths(SAMPLES, reprints=False)]
    analyses = [pipeline.analyze(text, id=stem) for stem, text in bases]
    vocabulary = sorted({w for _, t in bases for w in re.findall(r"[A-Za-z]+", t)})
    rng = random.Random(7)

    items = []
    for i in range(args.n):
        base = analyses[i % len(analyses)]
        text = base.text + "\n\n" + " ".join(rng.choice(vocabulary) for _ in range(300)) + ".\n"
        record = base.to_dict() | {"text": text, "id": f"doc{i}"}
        article = Article(id=f"doc{i}", text=text, location=f"bench/doc{i}.txt",
                          sha256=hashlib.sha256(text.encode()).hexdigest(), format="txt",
                          source_domain=f"outlet{i % 7}.example", date_publish=f"2024-03-{1 + i % 28:02d}")
        items.append((article, Analysis.from_dict(record)))
    statements = sum(len(a.attributions) for _, a in items)

    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.db")
    with open_store(db) as store:
        run = store.begin_run({"benchmark": "store_throughput", "n": args.n})
        profile = cProfile.Profile() if args.profile else None
        start, cpu = time.perf_counter(), time.process_time()
        if profile:
            profile.enable()
        for i in range(0, len(items), args.batch):
            store.add_many(items[i:i + args.batch], run)
        if profile:
            profile.disable()
        stored, stored_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        for article, _ in items:
            store.add_location(article, run)
        again, again_cpu = time.perf_counter() - start, time.process_time() - cpu
        counts = store.counts()
        print(f"engine {store.dialect}, {args.n} articles, {statements} statements, "
              f"{args.batch} article(s) per transaction")
        print(f"store:   {args.n / stored:8.1f} articles/s  {statements / stored:9.1f} statements/s  "
              f"{1000 * stored / args.n:6.2f} ms/article ({1000 * stored_cpu / args.n:.2f} ms CPU)")
        print(f"re-seen: {args.n / again:8.1f} articles/s (add_location of stored texts)  "
              f"{1000 * again / args.n:6.2f} ms/article ({1000 * again_cpu / args.n:.2f} ms CPU)")
        print(f"counts:  {counts.to_dict()}")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(r"claimgraph/store", 25)


if __name__ == "__main__":
    main()
