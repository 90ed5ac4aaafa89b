"""Ingest throughput and memory: `claimgraph ingest` against the analysis alone, on a generated
corpus of articles in a mix of formats.

    .venv/bin/python benchmarks/ingest.py                      # 10,000 articles (about 25 min)
    .venv/bin/python benchmarks/ingest.py --articles 2000 --small 500 --json

The corpus (written to a temporary folder, or `--corpus DIR` to keep it) is made of our own
sample articles (samples/crocus): each generated article is six of their paragraphs, drawn at
random, with its own title number, dateline and figures, so that every article is a distinct
text: plain .txt files, .html pages, a JSON Lines
dump, a .warc.gz archive and an RSS feed with full content, in equal shares.

Phases, each in a fresh process so that its peak memory (ru_maxrss) is its own:
- read: `read_sources` over the corpus (parsing only: trafilatura, warcio, feedparser);
- analyse: `Pipeline.pipe` over the extracted texts, i.e. what `claimgraph extract` does;
- ingest: `claimgraph.ingest.ingest` into a new SQLite file: read + analyse + store;
- ingest-small: the same on the first `--small` articles, to see that peak memory stays flat.
Ingest phases also give the peak private memory of the ingest's store process (a fork of the
ingest's: the pages it shares, the spaCy model among them, are counted once, in the ingest).
The store's cost is ingest − read − analyse, as a share of ingest (wall time, the target:
≤ 10 %), and the same in CPU time (which a loaded machine disturbs far less, and which counts
the store's work even where its writer thread overlaps it with the analysis).
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from claimgraph.eval.corpus import sample_texts

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "crocus"
FORMATS = ("txt", "html", "jsonl", "warc", "rss")
CITIES = ("MOSCOW", "KYIV", "WASHINGTON", "LONDON", "PARIS", "BERLIN", "ISTANBUL", "DUSHANBE")


def _article(i: int, titles: list[str], paragraphs: list[str]) -> tuple[str, str, str]:
    """(title, date, text) of the i-th generated article: six paragraphs drawn from all the
    samples (so that articles are distinct, as in a real feed, and only by chance near-
    duplicates), with a dateline and figures of its own."""
    pick = random.Random(i)
    title = f"{pick.choice(titles)} ({i})"
    body = pick.sample(paragraphs, 6)
    day = 1 + i % 28
    month = 3 + (i // 28) % 3
    city = CITIES[i % len(CITIES)]
    text = (f"{title}\n\n{city}, {i % 97 + 1} hours after the attack – " + "\n\n".join(body)
            + f"\n\nOfficials said {i % 40 + 3} more people had been questioned by day {i}, and "
            f"the agency reported {100 + i % 60} statements from witnesses.\n")
    return title, f"2024-{month:02d}-{day:02d}", text


def write_corpus(folder: Path, n: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    titles, paragraphs = [], []
    for text in sample_texts(SAMPLES, reprints=False):
        first, *rest = [b.strip() for b in text.split("\n\n") if b.strip()]
        titles.append(first)
        paragraphs.extend(rest)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "txt").mkdir(exist_ok=True)
    (folder / "html").mkdir(exist_ok=True)
    jsonl = open(folder / "dump.jsonl", "w", encoding="utf-8")
    warc_file = open(folder / "crawl.warc.gz", "wb")
    warc = WARCWriter(warc_file, gzip=True)
    items = []
    for i in range(n):
        title, date, text = _article(i, titles, paragraphs)
        kind = FORMATS[i % len(FORMATS)]
        page_paragraphs = [p for p in text.split("\n\n")[1:] if p.strip()]
        page = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}"
                f"</title><meta property='article:published_time' content='{date}T09:00:00Z'>"
                f"<link rel='canonical' href='https://news.example.org/{i}'></head><body>"
                f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
                f"<h1>{html.escape(title)}</h1>"
                + "".join(f"<p>{html.escape(p)}</p>" for p in page_paragraphs)
                + "</article><footer>© News Example</footer></body></html>")
        if kind == "txt":
            (folder / "txt" / f"{date}-article-{i:05d}.txt").write_text(text, encoding="utf-8")
        elif kind == "html":
            (folder / "html" / f"article-{i:05d}.html").write_text(page, encoding="utf-8")
        elif kind == "jsonl":
            jsonl.write(json.dumps({"title": title, "maintext": text, "date_publish": f"{date} 09:00:00",
                                    "url": f"https://wire.example.com/{i}", "source_domain": "wire.example.com",
                                    "language": "en"}) + "\n")
        elif kind == "warc":
            payload = page.encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
            warc.write_record(warc.create_warc_record(f"https://news.example.org/{i}", "response",
                                                      payload=io.BytesIO(payload), http_headers=headers))
        else:
            items.append(f"<item><title>{html.escape(title)}</title><link>https://feed.example.net/{i}</link>"
                         f"<pubDate>{date}</pubDate><content:encoded><![CDATA["
                         + "".join(f"<p>{html.escape(p)}</p>" for p in page_paragraphs)
                         + "]]></content:encoded></item>")
    jsonl.close()
    warc_file.close()
    (folder / "feed.rss").write_text(
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0' "
        "xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>Feed Example</title>"
        + "".join(items) + "</channel></rss>", encoding="utf-8")


# -- phases (each run in its own process) --------------------------------------------------

def phase_read(corpus: Path, limit: int | None) -> dict:
    from claimgraph.sources import Article, read_sources

    n = words = 0
    texts_out = corpus.parent / "texts.jsonl"
    with open(texts_out, "w", encoding="utf-8") as out:
        for item in read_sources([str(corpus)]):
            if isinstance(item, Article):
                if limit is not None and n >= limit:
                    continue
                n += 1
                words += len(item.text.split())
                out.write(json.dumps(item.text) + "\n")
    return {"articles": n, "words": words}


def phase_analyse(corpus: Path, limit: int | None, processes: int) -> dict:
    from claimgraph.nlp.pipeline import Pipeline

    texts_path = corpus.parent / "texts.jsonl"

    def texts():
        with open(texts_path, encoding="utf-8") as f:
            for k, line in enumerate(f):
                if limit is not None and k >= limit:
                    return
                yield json.loads(line)

    pipeline = Pipeline()
    start = time.perf_counter()
    n = sum(1 for _ in pipeline.pipe(texts(), n_process=processes))
    return {"articles": n, "seconds_without_load": time.perf_counter() - start}


def phase_ingest(corpus: Path, limit: int | None, processes: int, db: Path) -> dict:
    from claimgraph.ingest import ingest
    from claimgraph.store import open_store

    paths = [str(corpus)]
    if limit is not None:
        # a smaller corpus of the same mix, written beside the big one
        small = corpus.parent / f"small-{limit}"
        if not small.exists():
            write_corpus(small, limit)
        paths = [str(small)]
    memory = _StoreProcessMemory()
    with open_store(db) as store:
        summary = ingest(paths, store, n_process=processes)
        counts = store.counts().to_dict()
    memory.stop()
    return {"articles": summary.new + summary.near_duplicates, "errors": summary.errors, "counts": counts,
            "store_process_private_mb": memory.peak_mb}


class _StoreProcessMemory(threading.Thread):
    """The peak private memory of the ingest's store process (store/writer_process.py), read from
    /proc twice a second. Private, not RSS: the process is a fork of the ingest's, and shares its
    pages (the spaCy model) without copying them; what it costs is what it does not share."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb: float | None = None
        self.done = threading.Event()
        self.start()

    def run(self) -> None:
        import multiprocessing

        while not self.done.wait(0.5):
            for child in multiprocessing.active_children():
                try:
                    with open(f"/proc/{child.pid}/smaps_rollup", encoding="ascii") as f:
                        kb = sum(int(line.split()[1]) for line in f
                                 if line.startswith(("Private_Clean:", "Private_Dirty:")))
                except (OSError, ValueError):
                    continue
                self.peak_mb = max(self.peak_mb or 0.0, round(kb / 1024, 1))

    def stop(self) -> None:
        self.done.set()
        self.join()


def _run_phase(args: list[str]) -> dict:
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"phase {args} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["seconds"] = round(seconds, 2)
    # CPU time is far less sensitive than wall time to other jobs on a shared machine; it counts
    # the store's work even where the writer thread overlaps it with the analysis
    result["cpu_seconds"] = round(cpu, 2)
    result["load_average_at_start"] = round(load, 2)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000, help="the smaller run, for memory")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="keep the generated corpus here")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--phase", choices=("read", "analyse", "ingest"), help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        corpus = args.corpus
        if args.phase == "read":
            out = phase_read(corpus, args.limit)
        elif args.phase == "analyse":
            out = phase_analyse(corpus, args.limit, args.processes)
        else:
            out = phase_ingest(corpus, args.limit, args.processes, args.db)
        out["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        print(json.dumps(out))
        return 0

    work = Path(tempfile.mkdtemp(prefix="claimgraph-bench-"))
    corpus = args.corpus or work / "corpus"
    if not corpus.exists():
        print(f"writing {args.articles:,} articles to {corpus} …", flush=True)
        write_corpus(corpus, args.articles)
    common = ["--corpus", str(corpus), "--processes", str(args.processes)]
    results = {}
    for name, extra in (("read", ["--phase", "read"]),
                        ("analyse", ["--phase", "analyse"]),
                        ("ingest", ["--phase", "ingest", "--db", str(work / "big.db")]),
                        ("ingest-small", ["--phase", "ingest", "--limit", str(args.small),
                                          "--db", str(work / "small.db")])):
        print(f"{name} …", flush=True)
        results[name] = _run_phase(extra + common)
        print(f"  {results[name]}", flush=True)

    n = results["ingest"]["articles"]
    ingest_s, read_s, analyse_s = (results[k]["seconds"] for k in ("ingest", "read", "analyse"))
    store_share = (ingest_s - read_s - analyse_s) / ingest_s
    summary = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "articles": n, "processes": args.processes,
        "analyse_docs_per_s": round(results["analyse"]["articles"] / analyse_s, 2),
        "ingest_docs_per_s": round(n / ingest_s, 2),
        "ingest_vs_analyse": round(analyse_s / ingest_s, 3),
        "store_share_of_ingest": round(store_share, 3),
        "peak_rss_mb": {"ingest_small": results["ingest-small"]["max_rss_mb"],
                        "ingest": results["ingest"]["max_rss_mb"],
                        "analyse": results["analyse"]["max_rss_mb"]},
        "store_process_private_mb": {"ingest_small": results["ingest-small"]["store_process_private_mb"],
                                     "ingest": results["ingest"]["store_process_private_mb"]},
        "phases": results,
    }
    print(f"\n{n:,} articles, {args.processes} process(es): analysis alone {summary['analyse_docs_per_s']} "
          f"docs/s; ingest {summary['ingest_docs_per_s']} docs/s "
          f"({summary['ingest_vs_analyse']:.2f}× the analysis alone; reading the sources "
          f"{read_s:.0f} s, the store about {100 * store_share:.1f} % of the ingest time)")
    cpu_share = (results["ingest"]["cpu_seconds"] - results["read"]["cpu_seconds"]
                 - results["analyse"]["cpu_seconds"]) / results["ingest"]["cpu_seconds"]
    summary["store_share_of_ingest_cpu"] = round(cpu_share, 3)
    loads = ", ".join(f"{k} {v['load_average_at_start']}" for k, v in results.items())
    print(f"CPU time: analysis alone {results['analyse']['cpu_seconds']:.0f} s, ingest "
          f"{results['ingest']['cpu_seconds']:.0f} s (the store's work about {100 * cpu_share:.1f} % of the "
          f"ingest's CPU; load average at the start of each phase: {loads})")
    print(f"peak memory: ingest of {args.small:,}: {summary['peak_rss_mb']['ingest_small']} MB; of {n:,}: "
          f"{summary['peak_rss_mb']['ingest']} MB (analysis alone {summary['peak_rss_mb']['analyse']} MB); "
          f"the store's process, private memory: {summary['store_process_private_mb']['ingest_small']} MB "
          f"and {summary['store_process_private_mb']['ingest']} MB")
    if args.json:
        print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
