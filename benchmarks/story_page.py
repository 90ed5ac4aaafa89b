"""The workbench's story page on a large store: time to answer GET /story/<event> (and the
API's /api/events/<event>) for a store of 10,000 articles. Target: under a second.

    .venv/bin/python benchmarks/story_page.py                  # 10,000 articles
    .venv/bin/python benchmarks/story_page.py --articles 2000 --repeats 5 --keep /tmp/story-bench

The store is filled without NLP, as benchmarks/graph.py does (its generator: the sample
analyses made distinct, dates spread over a year, people renamed in one article in three), the
claim graph is built once, then the largest story (every generated article reports the Crocus
attack, so it is the worst case: one event with every statement) is requested through the real
app (FastAPI TestClient: routing, the store's queries, the judgements overlay, Jinja2
rendering), after one warm-up request. Figures are the median of the repetitions; the page's
size is printed too. `--keep` reuses a filled store (filling 10,000 articles takes minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the store in this folder")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    import graph as graph_bench  # benchmarks/graph.py: the article generator

    from fastapi.testclient import TestClient

    from claimgraph.graph.build import build_graph
    from claimgraph.graph.story import find_events, graph_is_stale
    from claimgraph.store import open_store
    from claimgraph.web.app import create_app

    folder = args.keep or Path(tempfile.mkdtemp(prefix="claimgraph-story-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"story-{args.articles}.db"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
          flush=True)
    if not db.exists():
        print(f"storing {args.articles:,} articles …", flush=True)
        seconds = graph_bench.fill(db, args.articles, graph_bench.sample_analyses())
        print(f"  stored in {seconds:.1f} s", flush=True)
    with open_store(db) as store:
        if graph_is_stale(store):
            print("building the claim graph …", flush=True)
            print(f"  built in {build_graph(store).seconds:.1f} s", flush=True)
        event = find_events(store, None, limit=1)[0]
        counts = store.counts()
        client = TestClient(create_app(store=store))
        result = {"articles": counts.articles, "statements": counts.attributions,
                  "event": event["label"], "event_articles": event["articles"]}
        for name, path in (("page", f"/story/{event['id']}"), ("api", f"/api/events/{event['id']}")):
            response = client.get(path)  # warm-up: imports, template compilation, caches
            assert response.status_code == 200, response.text[:500]
            times = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - start)
            result[name] = {"median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3),
                            "bytes": len(response.content)}
            print(f"GET {path}: median {statistics.median(times):.3f} s, max {max(times):.3f} s "
                  f"({len(response.content):,} bytes) over {args.repeats} requests", flush=True)
    print(f"{result['articles']:,} articles, {result['statements']:,} statements; story "
          f"{result['event']!r} ({result['event_articles']:,} articles): page "
          f"{result['page']['median_s']:.3f} s (target < 1 s)")
    if args.json:
        print(json.dumps(result, indent=2))
    return 0 if result["page"]["median_s"] < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
