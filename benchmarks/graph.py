"""Building the claim graph: time against the number of stored articles (1k, 3k, 10k).

    .venv/bin/python benchmarks/graph.py                    # 1,000 / 3,000 / 10,000 articles
    .venv/bin/python benchmarks/graph.py --sizes 500,2000 --json

The stores are filled without NLP, so that the benchmark measures the graph and not the
analysis: the sample articles (samples/crocus) are analysed once, then each stored article is
one of those analyses made distinct — its own closing sentence (so its own text and id), its
own date (spread over a year), and for one article in three the people renamed into one of a
few hundred invented names (so that the number of actors grows with the corpus, as it does in
real news). Each size is stored in its own SQLite file, then `build_graph` runs on it; the
time of each build step is printed. "Close to linear" means the time per 1,000 articles stays
about the same from the smallest size to the largest.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FIRST = ("Anna", "Boris", "Carla", "Dmytro", "Elena", "Farid", "Galina", "Hassan", "Irina", "Jonas",
         "Katya", "Leonid", "Marta", "Nikolai", "Olena", "Pavel", "Quentin", "Roman", "Sofia", "Taras")
LAST = ("Abramov", "Bondar", "Chernov", "Davydenko", "Egorov", "Fedorov", "Gromov", "Hrytsenko",
        "Ivanenko", "Kovalenko", "Lysenko", "Melnyk", "Nazarov", "Orlov", "Petrenko", "Rudenko",
        "Savchenko", "Tkachenko", "Usenko", "Vasylenko")


def sample_analyses():
    from claimgraph.eval.corpus import read_sample, sample_paths
    from claimgraph.model import Meta
    from claimgraph.nlp.pipeline import Pipeline

    pipeline = Pipeline()
    out = []
    for path in sample_paths(reprints=False):
        s = read_sample(path)
        meta = Meta(title=s.title, outlet=s.source_domain, published=s.published)
        out.append(pipeline.analyze(s.text, id=s.id, meta=meta))
    return out


def variant(base, i: int):
    """The i-th stored article: `base` (an Analysis) made distinct."""
    from claimgraph.model import Analysis
    from claimgraph.sources import Article

    rec = copy.deepcopy(base.to_dict())
    pick = random.Random(i)
    extra = f"\n\nEditor's note {i}: this copy was filed by desk {pick.randint(1, 999)}.\n"
    rec["text"] = rec["text"] + extra
    rec["id"] = f"{rec['id']}-{i}"
    day = dt.date(2024, 3, 22) + dt.timedelta(days=i % 365)
    rec["meta"]["published"] = day.isoformat()
    if i % 3 == 0:  # rename the people: new actors appear as the corpus grows
        for e in rec["entities"]:
            if e["type"] == "PERSON":
                e["name"] = f"{pick.choice(FIRST)} {pick.choice(LAST)}{pick.randint(1, 12)}"
                e["aliases"] = []
    analysis = Analysis.from_dict(rec)
    article = Article(id=rec["id"], text=rec["text"], location=f"bench://{i}", sha256=f"{i:064x}",
                      format="txt", title=rec["meta"].get("title"), source_domain=f"outlet{i % 40}.example",
                      date_publish=day.isoformat())
    return article, analysis


def fill(db: Path, n: int, bases) -> float:
    from claimgraph.store import open_store

    start = time.perf_counter()
    with open_store(db) as store:
        batch = []
        for i in range(n):
            batch.append(variant(bases[i % len(bases)], i))
            if len(batch) == 64:
                store.add_many(batch)
                batch = []
        if batch:
            store.add_many(batch)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the stores in this folder")
    args = parser.parse_args(argv)

    from claimgraph.graph.build import build_graph
    from claimgraph.store import open_store

    folder = args.keep or Path(tempfile.mkdtemp(prefix="claimgraph-graph-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
          flush=True)
    bases = sample_analyses()
    results = []
    for n in [int(x) for x in args.sizes.split(",")]:
        db = folder / f"graph-{n}.db"
        if not db.exists():
            print(f"storing {n:,} articles …", flush=True)
            fill(db, n, bases)
        with open_store(db) as store:
            summary = build_graph(store)
        row = {"articles": n, "seconds": round(summary.seconds, 2),
               "per_1000": round(1000 * summary.seconds / n, 3), "actors": summary.actors,
               "claims": summary.claims, "events": summary.events,
               "steps": {k: round(v, 2) for k, v in summary.timings.items()}}
        results.append(row)
        print(f"{n:>6,} articles: {row['seconds']:6.2f} s ({row['per_1000']:.3f} s per 1,000); "
              f"{row['actors']:,} actors, {row['claims']:,} claims; steps {row['steps']}", flush=True)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
