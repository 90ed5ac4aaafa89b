"""`claimgraph ingest` end to end: real sources, the real pipeline, a real SQLite file and a real
PostgreSQL server; idempotent re-runs, bad inputs recorded, and resume after kill -9."""

from __future__ import annotations

import gzip
import io
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from claimgraph.eval.corpus import REPRINTS, read_sample, sample_paths, sample_texts
from claimgraph.ingest import ingest
from claimgraph.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "crocus"
CLAIMGRAPH = [sys.executable, "-m", "claimgraph.cli"]


@pytest.fixture(scope="module")
def pipeline():
    from claimgraph.nlp.pipeline import Pipeline

    return Pipeline()


def _table_counts(url: str) -> dict[str, int]:
    with open_store(url) as store:
        return store.counts().to_dict()


def _attribution_ids(url: str) -> set[str]:
    with open_store(url) as store, store.engine.connect() as conn:
        return set(conn.execute(sa.text("SELECT id FROM attributions")).scalars())


def _corpus(folder: Path, n: int) -> Path:
    """`n` distinct articles made from the samples (each with its own closing paragraph)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = sample_texts(SAMPLES, reprints=False)
    for i in range(n):
        body = texts[i % len(texts)]
        (folder / f"2024-04-{1 + i % 28:02d}-copy-{i:03d}.txt").write_text(
            body + f"\n\nThis is copy {i} of the story; officials said {i} more people were questioned.\n",
            encoding="utf-8")
    return folder


def test_ingest_twice_stores_nothing_twice(tmp_path, store_url, pipeline):
    with open_store(store_url) as store:
        first = ingest([str(SAMPLES)], store, pipeline=pipeline, published="name")
        counts = store.counts().to_dict()
        second = ingest([str(SAMPLES)], store, pipeline=pipeline, published="name")
        again = store.counts().to_dict()
        rows = store.query_statements(speaker="Bortnikov", limit=None)
    n = len(sample_paths(SAMPLES))
    assert not multiprocessing.active_children()  # the store's process ended with the run
    # the corpus's wire reprint joins its original's group; every other sample is new
    assert (first.read, first.new, first.near_duplicates, first.errors) == (n, n - len(REPRINTS), len(REPRINTS), 0)
    assert (second.read, second.analysed, second.duplicates) == (n, 0, n)
    assert counts["articles"] == n and counts["attributions"] > 5 * n
    # the second run only adds its run row: no article, location, entity or statement twice
    assert {k: v for k, v in again.items() if k != "runs"} == {k: v for k, v in counts.items() if k != "runs"}
    assert again["runs"] == counts["runs"] + 1
    # the dates came from the front matter (or the file names: --published name), and the
    # speaker was resolved
    assert rows and all(r.published and r.published.startswith("2024-") for r in rows)
    assert {r.speaker for r in rows} == {"Alexander Bortnikov"}


def test_reanalysis_of_a_store_with_a_built_graph(store_url, pipeline):
    # the graph's rows (claim_members, actor_members) point at the analysis rows that a
    # re-analysis replaces: they go with them, and the next build writes them again
    from claimgraph.graph.build import build_graph
    from claimgraph.graph.story import graph_is_stale

    with open_store(store_url) as store:
        first = ingest([str(SAMPLES)], store, pipeline=pipeline, args={"argv": ["x"]})
        build_graph(store)
        before = store.counts().to_dict()
        ids_before = _attribution_ids(store_url)
        assert _article_runs(store_url) == {first.run_id}
        summary = ingest([str(SAMPLES)], store, pipeline=pipeline, reanalyse=True)
        assert summary.errors == 0, summary.first_errors
        assert summary.reanalysed == before["articles"]
        # every record now stored is the second run's analysis, and the runs say which tagger
        # made them (the command line given is kept beside it)
        assert _article_runs(store_url) == {summary.run_id}
        assert [r["args"] for r in store.runs()] == [{"argv": ["x"], "tagger": "crf"},
                                                      {"tagger": "crf"}]
        assert graph_is_stale(store)
        build_graph(store)
        assert not graph_is_stale(store)
        with store.engine.connect() as conn:
            members = conn.execute(sa.text("SELECT count(*) FROM claim_members")).scalar()
        assert members > 0
    # the same text analysed again gives the same statements, under the same ids
    assert _attribution_ids(store_url) == ids_before


def _article_runs(url: str) -> set[str]:
    with open_store(url) as store, store.engine.connect() as conn:
        return set(conn.execute(sa.text("SELECT run_id FROM articles")).scalars())


def _warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    """A real .warc.gz with one response record per (url, body, content type)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, body, ctype in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def _page(title: str, body: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{body}</p></article></body></html>").encode("utf-8")


def test_bad_inputs_become_errors_and_the_run_goes_on(tmp_path, pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    good = read_sample(sample_paths(SAMPLES)[0]).text
    (folder / "good.txt").write_text(good, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text \x00" * 20)
    (folder / "corrupt.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n" * 50)[:60])
    (folder / "feed.xml").write_text("<rss><channel><item><title>Cut off", encoding="utf-8")
    (folder / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>",
                                     encoding="utf-8")
    (folder / "latin1.txt").write_bytes(
        "Kyiv’s foreign ministry said the accusations were “absurd”, officials said.".encode("cp1252"))
    (folder / "huge.txt").write_bytes(b"Officials said it was a long day. " * 1_600_000)  # 54 MB
    _warc(folder / "images.warc.gz", [("https://example.org/a.png", b"\x89PNG....", "image/png")])
    # a crawl cut short: its first page is whole, the second record is truncated
    _warc(tmp_path / "whole.warc.gz", [
        ("https://example.org/one", _page("Kremlin comments", "The Kremlin said on Monday that the "
                                          "investigation would take months, officials said."), "text/html"),
        ("https://example.org/two", _page("Second page", "Kyiv denied any role. " * 40), "text/html")])
    whole = (tmp_path / "whole.warc.gz").read_bytes()
    (folder / "truncated.warc.gz").write_bytes(whole[: len(whole) - 40])
    db = str(tmp_path / "claims.db")
    with open_store(db) as store:
        summary = ingest([str(folder)], store, pipeline=pipeline)
        errors = {Path(e["location"].split("#")[0]).name: e["reason"] for e in store.errors(summary.run_id)}
        counts = store.counts()
        latin1 = [loc for a in store.search_articles("absurd") for loc in store.locations(a["id"])]
        crawled = store.search_articles("Kremlin investigation months")
    # good.txt, the cp1252 file (decoded by detection) and the truncated crawl's first page
    assert summary.new == 3 and counts.articles == 3
    assert set(errors) == {"empty.txt", "binary.txt", "corrupt.warc.gz", "feed.xml", "nav.html",
                           "huge.txt", "images.warc.gz", "truncated.warc.gz"}
    assert summary.errors == len(errors) == counts.errors
    assert all(reason.strip() for reason in errors.values())
    assert "empty" in errors["empty.txt"] and "large" in errors["huge.txt"]
    assert len(crawled) == 1
    # what was guessed about the encoding is kept with the location
    assert len(latin1) == 1 and latin1[0]["encoding"] and latin1[0]["notes"]


def test_cli_ingest_query_export(tmp_path):
    db = str(tmp_path / "claims.db")
    run = subprocess.run(CLAIMGRAPH + ["ingest", str(SAMPLES), "--db", db, "--published", "name"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "new articles" in run.stderr
    query = subprocess.run(CLAIMGRAPH + ["query", "--db", db, "--stance", "deny", "--format", "csv"],
                           capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert query.returncode == 0, query.stderr
    lines = query.stdout.splitlines()
    assert lines[0].startswith("attribution_id,") and len(lines) > 2
    assert all(",deny," in line for line in lines[1:])
    out = tmp_path / "statements.parquet"
    export = subprocess.run(CLAIMGRAPH + ["export", "--db", db, "--format", "parquet", "-o", str(out)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert export.returncode == 0, export.stderr
    import pyarrow.parquet as pq

    table = pq.read_table(out)
    assert table.num_rows == _table_counts(db)["attributions"]
    assert {"speaker", "stance", "targets", "outlet", "published", "evidence"} <= set(table.column_names)


def _children(pid: int) -> list[int]:
    """The processes `pid` started (Linux's /proc; none elsewhere)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _running(pid: int) -> bool:
    try:  # the state follows the command name, in brackets: Z is a zombie, dead
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
def test_resume_after_kill_9_loses_and_duplicates_nothing(tmp_path, store_url):
    # four batches of 16 and more: when the first batch is seen committed, analysis work is
    # certainly left (with 30 articles the second and last batch could be stored in between)
    n = 72
    corpus = _corpus(tmp_path / "corpus", n)
    clean_db = str(tmp_path / "clean.db")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    clean = subprocess.run(CLAIMGRAPH + ["ingest", str(corpus), "--db", clean_db, "-q"],
                           capture_output=True, text=True, cwd=ROOT, timeout=600, env=env)
    assert clean.returncode == 0, clean.stderr
    expected = _table_counts(clean_db)
    assert expected["articles"] == n

    # open (and so create) the store first, so that polling it never races its creation
    _table_counts(store_url)
    victim = subprocess.Popen(CLAIMGRAPH + ["ingest", str(corpus), "--db", store_url, "-q"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    engine = sa.create_engine(store_url.replace("postgresql://", "postgresql+psycopg://", 1)
                              if store_url.startswith("postgresql://") else f"sqlite:///{store_url}")
    try:
        deadline = time.monotonic() + 300
        stored = 0
        while time.monotonic() < deadline and victim.poll() is None:
            with engine.connect() as conn:
                stored = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar()
            if stored >= 5:
                break
            time.sleep(0.05)
        assert victim.poll() is None, "the ingest ended before it could be killed: " + \
            victim.stderr.read().decode()
        helpers = _children(victim.pid)  # the store's process (where there is fork)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=30)
        # it dies with the ingest, and with it its transaction: nothing is stored after the kill
        deadline = time.monotonic() + 10
        while any(_running(pid) for pid in helpers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_running(pid) for pid in helpers)
    finally:
        engine.dispose()
        if victim.poll() is None:
            victim.kill()
    partial = _table_counts(store_url)
    assert 5 <= partial["articles"] < n  # killed mid-run, with work done and work left

    resumed = subprocess.run(CLAIMGRAPH + ["ingest", str(corpus), "--db", store_url, "-q"],
                             capture_output=True, text=True, cwd=ROOT, timeout=600, env=env)
    assert resumed.returncode == 0, resumed.stderr
    after = _table_counts(store_url)
    for table in ("articles", "groups", "locations", "entities", "mentions", "attributions", "errors"):
        assert after[table] == expected[table], table
    assert _attribution_ids(store_url) == _attribution_ids(clean_db)
