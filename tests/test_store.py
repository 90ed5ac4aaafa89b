"""The store on real engines: the same tests on an SQLite file and on a real PostgreSQL server
(tests/conftest.py), with analyses from the real pipeline of the sample articles."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

import claimgraph
from claimgraph.eval.corpus import read_sample, sample_paths
from claimgraph.model import Analysis
from claimgraph.sources.article import Article, SourceError
from claimgraph.store import JACCARD_THRESHOLD, open_store

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "crocus"
OUTLETS = ("alpha.example", "beta.example", "gamma.example")
KYIV = "2024-03-24-kyiv-rejects-moscow-accusations"


def make_article(text: str, location: str, *, outlet: str, date: str | None, title: str | None = None) -> Article:
    return Article(id=Path(location).stem, text=text, location=location,
                   sha256=hashlib.sha256(text.encode()).hexdigest(), format="txt", title=title,
                   url=f"https://{outlet}/{Path(location).stem}", source_domain=outlet,
                   site_name=outlet.split(".")[0].title() + " News",
                   date_publish=date, date_publish_raw=date, language="en")


def wire_copy(text: str) -> str:
    """A syndicated reprint: another headline, the same body, an agency footer."""
    body = text.split("\n", 1)[1]
    return ("Zelensky dismisses Kremlin claims over concert hall attack\n" + body +
            "\n\nReporting by Anna Example in Kyiv; editing by John Sample. "
            "Copyright 2024 Example Wire. All rights reserved.\n")


@pytest.fixture(scope="module")
def corpus() -> list[tuple[Article, Analysis]]:
    """The sample articles written separately (the corpus's own wire reprint left out: the
    tests below add theirs), analysed once, each at its outlet and date."""
    pipeline = claimgraph.Pipeline()
    out = []
    for i, path in enumerate(sample_paths(SAMPLES, reprints=False)):
        text = read_sample(path).text
        article = make_article(text, f"samples/{path.name}", outlet=OUTLETS[i % 3], date=path.name[:10],
                               title=text.split("\n", 1)[0])
        out.append((article, pipeline.analyze(text, id=article.id, published=article.date_publish)))
    kyiv_text = next(a.text for a, _ in out if a.id == KYIV)
    copy = make_article(wire_copy(kyiv_text), "wire/kyiv-copy.txt", outlet="wire.example", date="2024-03-24")
    out.append((copy, pipeline.analyze(copy.text, id=copy.id, published=copy.date_publish)))
    return out


@pytest.fixture
def store(store_url):
    with open_store(store_url) as s:
        yield s


def originals(corpus):
    return corpus[:-1]


def table_counts(store) -> dict:
    counts = store.counts().to_dict()
    counts.pop("runs")
    return counts


# -- writing ----------------------------------------------------------------------------------

def test_round_trip_gives_back_the_exact_record(store, corpus):
    article, analysis = corpus[0]
    result = store.add(article, analysis)
    assert result.status == "new" and result.group_id == result.article_id and result.location_added
    record = store.record(result.article_id)
    assert record == analysis.to_dict()
    assert json.dumps(record, ensure_ascii=False) == json.dumps(analysis.to_dict(), ensure_ascii=False)
    assert list(store.iter_records()) == [analysis.to_dict()]
    assert store.has_article(article) and store.has_article(result.article_id)
    assert store.has_article(hashlib.sha256(article.text.encode()).hexdigest())


def test_storing_the_same_analyses_twice_writes_nothing_twice(store, store_url, corpus):
    run = store.begin_run({"sources": ["samples/"]})
    for article, analysis in originals(corpus):
        assert store.add(article, analysis, run).status == "new"
    before = table_counts(store)
    assert before["articles"] == before["locations"] == len(originals(corpus))
    assert before["attributions"] == sum(len(an.attributions) for _, an in originals(corpus))
    assert before["entities"] == sum(len(an.entities) for _, an in originals(corpus))

    run2 = store.begin_run({"sources": ["samples/"]})
    for article, analysis in originals(corpus):
        assert store.add_location(article, run2).status == "duplicate"
        again = store.add(article, analysis, run2)
        assert again.status == "duplicate" and not again.location_added
    assert table_counts(store) == before
    with open_store(store_url) as reopened:  # migrations already at head: nothing changes
        assert table_counts(reopened) == before


def test_an_exact_duplicate_is_one_article_with_two_locations(store, corpus):
    article, analysis = corpus[1]
    first = store.add(article, analysis)
    elsewhere = replace(article, location="mirror/copy.txt", id="copy", source_domain="mirror.example",
                        url="https://mirror.example/copy")
    assert store.add_location(elsewhere) == replace(first, status="duplicate", similarity=None)
    counts = store.counts()
    assert (counts.articles, counts.locations) == (1, 2)
    assert [loc["source_domain"] for loc in store.locations(first.article_id)] == [
        article.source_domain, "mirror.example"]
    # the statements appear at both outlets
    n = len(analysis.attributions)
    assert len(store.query_statements(outlet="MIRROR.example", limit=None)) == n
    assert len(store.query_statements(outlet=article.source_domain, limit=None)) == n


def test_an_unstored_text_has_no_location_to_add(store, corpus):
    assert store.add_location(corpus[0][0]) is None
    assert store.counts().locations == 0


def test_an_unstored_text_is_answered_while_a_writer_holds_the_lock(store, corpus):
    # an ingest asks about every text it reads while its writer thread stores batches: on
    # SQLite, the answer "not stored" must not wait for the writer's lock (up to 30 s)
    if store.dialect != "sqlite":
        pytest.skip("SQLite's write lock")
    import time

    store.add(*corpus[1])
    with store.transaction() as conn:  # BEGIN IMMEDIATE: the write lock, as the writer holds it
        conn.execute(sa.text("UPDATE articles SET title = title"))
        start = time.monotonic()
        assert store.add_location(corpus[0][0]) is None
        assert time.monotonic() - start < 5


def test_a_wire_copy_joins_its_original_group_and_other_articles_do_not(store, corpus):
    results = {a.id: store.add(a, an) for a, an in originals(corpus)}
    # articles on the same events, written separately: one group each
    assert all(r.status == "new" for r in results.values())
    copy, copy_analysis = corpus[-1]
    joined = store.add(copy, copy_analysis)
    original = results[KYIV]
    assert joined.status == "near_duplicate"
    assert joined.group_id == original.article_id != joined.article_id
    assert joined.similarity >= JACCARD_THRESHOLD
    assert store.group(joined.article_id) == [original.article_id, joined.article_id]
    assert store.counts().groups == len(originals(corpus))
    with store.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT articles, appearances, outlets FROM article_groups "
                                   "WHERE group_id = :g"), {"g": original.article_id}).one()
    assert tuple(row) == (2, 2, 2)


def test_a_failed_write_leaves_nothing_of_the_article(store, corpus):
    article, analysis = corpus[0]
    broken = Analysis.from_dict(analysis.to_dict())
    broken.entities[-1].name = None  # NOT NULL: fails after the article row was written
    with pytest.raises(sa.exc.IntegrityError):
        store.add(article, broken)
    assert not store.has_article(article)
    assert set(table_counts(store).values()) == {0}
    assert store.add(article, analysis).status == "new"  # and the retry stores it whole


def test_reanalysing_replaces_the_analysis(store, corpus):
    article, analysis = corpus[2]
    store.add(article, analysis)
    dropped = analysis.attributions[0]
    fewer = Analysis.from_dict(analysis.to_dict())
    fewer.attributions = fewer.attributions[1:]
    result = store.add(article, fewer, reanalyse=True)
    assert result.status == "reanalysed" and not result.location_added
    assert store.record(result.article_id) == fewer.to_dict()
    assert store.counts().attributions == len(analysis.attributions) - 1
    # the full-text index lost the dropped statement too (a stale row would outlive it)
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM statement_fts")).scalar() == len(fewer.attributions)
    words = " ".join(c.text for c in dropped.content)
    assert dropped.id not in {s.local_id for s in store.query_statements(text=words, limit=None)}


def test_runs_and_errors_are_recorded(store):
    run = store.begin_run({"sources": ["crawl.warc.gz"], "reanalyse": False})
    store.add_error(run, SourceError("crawl.warc.gz#offset=18231", "truncated gzip stream"))
    store.add_error(run, "feeds/broken.xml", "not well-formed XML (line 3)")
    store.finish_run(run, {"articles": 0, "errors": 2})
    errors = store.errors(run)
    assert [(e["location"], e["reason"]) for e in errors] == [
        ("crawl.warc.gz#offset=18231", "truncated gzip stream"),
        ("feeds/broken.xml", "not well-formed XML (line 3)")]
    (stored_run,) = store.runs()
    assert stored_run["status"] == "finished" and stored_run["counts"] == {"articles": 0, "errors": 2}
    assert stored_run["args"]["sources"] == ["crawl.warc.gz"] and stored_run["finished_at"] is not None
    assert store.counts().errors == 2


# -- reading ----------------------------------------------------------------------------------

def _all_statements(corpus):
    """(article, analysis, attribution) for every stored statement: the oracle for queries."""
    return [(a, an, s) for a, an in originals(corpus) for s in an.attributions]


def _ids(rows):
    return sorted((r.doc_id, r.local_id) for r in rows)


def _expected(items):
    return sorted((a.id, s.id) for a, _, s in items)


@pytest.fixture
def filled(store, corpus):
    for article, analysis in originals(corpus):
        store.add(article, analysis)
    return store


def test_queries_by_speaker_target_stance_outlet_and_date(filled, corpus):
    every = _all_statements(corpus)

    def speaker_has(an, s, word):
        name = an.entity(s.speaker).name if s.speaker else ""
        return word in name.lower() or word in (s.source.text.lower() if s.source else "")

    by_speaker = _ids(filled.query_statements(speaker="Bortnikov", limit=None))
    assert by_speaker == _expected([x for x in every if speaker_has(x[1], x[2], "bortnikov")])
    assert by_speaker  # the FSB chief speaks in the samples

    by_target = _ids(filled.query_statements(target="ukrain", limit=None))
    assert by_target == _expected([x for x in every if any(
        "ukrain" in x[1].entity(t).name.lower() for t in x[2].targets)])
    assert by_target

    for stance in ("deny", "accuse", ["deny", "reject"]):
        wanted = {stance} if isinstance(stance, str) else set(stance)
        got = _ids(filled.query_statements(stance=stance, limit=None))
        assert got == _expected([x for x in every if x[2].stance in wanted]) and got

    got = _ids(filled.query_statements(outlet="beta.example", limit=None))
    assert got == _expected([x for x in every if x[0].source_domain == "beta.example"]) and got
    assert _ids(filled.query_statements(outlet="beta NEWS", limit=None)) == got  # the site's name

    got = _ids(filled.query_statements(date_from="2024-03-25", date_to="2024-03-27", limit=None))
    assert got == _expected([x for x in every if "2024-03-25" <= x[0].date_publish <= "2024-03-27"]) and got
    got = _ids(filled.query_statements(date_to="2024-03", limit=None))  # the whole of March
    assert got == _expected([x for x in every if x[0].date_publish.startswith("2024-03")])

    combined = filled.query_statements(speaker="Bortnikov", stance="accuse", limit=None)
    assert _ids(combined) == _expected([x for x in every if speaker_has(x[1], x[2], "bortnikov")
                                        and x[2].stance == "accuse"])


def test_statement_rows_carry_names_outlet_date_and_evidence(filled, corpus):
    rows = filled.query_statements(speaker="Bortnikov", stance="accuse", limit=1)
    (row,) = rows
    article, analysis = next((a, an) for a, an in originals(corpus) if a.id == row.doc_id)
    attribution = next(s for s in analysis.attributions if s.id == row.local_id)
    assert row.speaker == analysis.entity(attribution.speaker).name
    assert row.outlet == article.source_domain and row.published == article.date_publish
    assert row.site_name == article.site_name and row.site_name.endswith(" News")
    assert row.targets == [analysis.entity(t).name for t in attribution.targets]
    assert row.content_spans == [c.to_dict() for c in attribution.content]
    assert row.evidence == article.text[row.evidence_start:row.evidence_end]
    for span in (attribution.cue, *attribution.content):
        assert row.evidence_start <= span.start and span.end <= row.evidence_end


def test_limit_offset_and_streaming_agree(filled):
    everything = filled.query_statements(limit=None)
    assert [s.attribution_id for s in filled.iter_statements()] == [s.attribution_id for s in everything]
    page = filled.query_statements(limit=5, offset=5)
    assert [s.attribution_id for s in page] == [s.attribution_id for s in everything[5:10]]
    dates = [s.published for s in everything]
    assert dates == sorted(dates)


def _words(text):
    return set(re.findall(r"[^\W_]+", text.lower()))


def test_full_text_search_finds_every_word_in_statements_and_articles(filled, corpus):
    every = _all_statements(corpus)
    for query in ("Ukraine", "military intelligence", "ISLAMIC state"):
        wanted = _words(query)
        got = _ids(filled.query_statements(text=query, limit=None))
        assert got == _expected([x for x in every if wanted <= _words(" ".join(c.text for c in x[2].content))])
        assert got
    # "Ukraine’s" (curly apostrophe) is the word "Ukraine" on both engines
    assert any("Ukraine’s" in s.content for s in filled.query_statements(text="ukraine", limit=None))
    found = {r["id"] for r in filled.search_articles("Bryansk")}
    assert found == {filled.add_location(a).article_id for a, _ in originals(corpus) if "Bryansk" in a.text}


def test_a_text_filter_cannot_inject_sql_or_search_syntax(filled):
    before = filled.counts()
    for attack in ("'); DROP TABLE articles; --", 'Ukraine" OR "Putin', "NEAR(ukraine putin)",
                   "body:ukraine", "ukraine*", "%", "\\", "\x00"):
        rows = filled.query_statements(text=attack, limit=None)
        plain = filled.query_statements(text=" ".join(sorted(_words(attack))), limit=None) if _words(attack) else []
        assert _ids(rows) == _ids(plain)
        filled.search_articles(attack)
        filled.query_statements(speaker=attack, target=attack, outlet=attack, limit=None)
    assert filled.counts() == before
    assert filled.query_statements(speaker="%", limit=None) == []  # a literal %, not a wildcard


# -- the database as other tools see it -------------------------------------------------------

def test_views_show_statements_with_names_outlets_and_dates(filled, corpus):
    with filled.engine.connect() as conn:
        n = conn.execute(sa.text("SELECT COUNT(*) FROM statements")).scalar()
        assert n == len(_all_statements(corpus))
        row = conn.execute(sa.text(
            "SELECT speaker, stance, outlet, published FROM statements "
            "WHERE speaker LIKE '%Bortnikov%' AND stance = 'accuse' ORDER BY published LIMIT 1")).one()
        assert row.outlet in OUTLETS and row.published.startswith("2024-")
        speakers = {r.speaker: r for r in conn.execute(sa.text("SELECT * FROM speakers"))}
        assert speakers["Alexander Bortnikov"].statements >= 2
        assert conn.execute(sa.text("SELECT COUNT(*) FROM appearances")).scalar() == len(originals(corpus))
        assert conn.execute(sa.text("SELECT COUNT(*) FROM statement_targets")).scalar() == sum(
            len(s.targets) for _, _, s in _all_statements(corpus))


def test_migrations_build_exactly_the_declared_schema(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from claimgraph.store import migrate
    from claimgraph.store.schema import FTS_TABLES, metadata

    def ours(obj, name, type_, reflected, compare_to):  # noqa: ANN001
        # the full-text tables (and FTS5's shadow tables) are made outside the metadata
        table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
        return not any(str(table).startswith(t) for t in FTS_TABLES)

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": ours, "compare_type": True})
        assert compare_metadata(context, metadata) == []
    assert migrate.current_revision(store.engine) == migrate.head_revision()


def test_sqlite_file_is_in_wal_mode_with_foreign_keys(store):
    if store.dialect != "sqlite":
        pytest.skip("SQLite settings")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_batch_is_one_transaction(store, corpus):
    items = originals(corpus)
    results = store.add_many(items)
    assert [r.status for r in results] == ["new"] * len(items)
    assert store.counts().attributions == sum(len(an.attributions) for _, an in items)

    # a good new article, then a broken one: the batch fails whole
    article, analysis = corpus[0]
    variant = replace(article, text=article.text + "\nCorrected.\n", location="variant.txt")
    broken = Analysis.from_dict(analysis.to_dict() | {"text": variant.text})
    broken.entities[0].name = None
    with pytest.raises(sa.exc.IntegrityError):
        store.add_many([corpus[-1], (variant, broken)])
    assert not store.has_article(corpus[-1][0]) and not store.has_article(variant)


def test_a_batch_stores_what_storing_one_by_one_would(store, corpus):
    # in one batch: the originals, the wire copy of one of them (a near-duplicate of an article
    # stored earlier in the same batch), a text of the batch again at another location, and
    # the very same item again
    first, first_analysis = corpus[0]
    elsewhere = replace(first, location="mirror/first.txt", source_domain="mirror.example")
    items = [*originals(corpus), corpus[-1], (elsewhere, first_analysis), corpus[1]]
    results = store.add_many(items)
    n = len(originals(corpus))
    assert [r.status for r in results] == ["new"] * n + ["near_duplicate", "duplicate", "duplicate"]
    by_id = {a.id: r for (a, _), r in zip(items, results)}
    copy = results[n]
    assert copy.group_id == by_id[KYIV].article_id and copy.similarity >= JACCARD_THRESHOLD
    assert results[n + 1] == replace(results[0], status="duplicate", location_added=True, similarity=None)
    assert results[n + 2] == replace(results[1], status="duplicate", location_added=False, similarity=None)
    counts = store.counts()
    assert (counts.articles, counts.groups, counts.locations) == (n + 1, n, n + 2)
    assert counts.attributions == sum(len(an.attributions) for _, an in items[:n + 1])
    assert store.record(copy.article_id) == corpus[-1][1].to_dict()
    locations = store.locations(results[0].article_id)
    assert [loc["location"] for loc in locations] == [first.location, "mirror/first.txt"]
    # values read back as SQLAlchemy would have written them (the rows go straight to the driver)
    assert all(isinstance(loc["seen_at"], datetime) and loc["notes"] == list(first.notes) for loc in locations)
    assert locations[1]["source_domain"] == "mirror.example" and locations[0]["title"] == first.title

    # the same batch again stores nothing; with reanalyse, each stored text is reanalysed
    again = store.add_many(items)
    assert {r.status for r in again} == {"duplicate"} and not any(r.location_added for r in again)
    assert store.counts() == counts
    redo = store.add_many(items[:2], reanalyse=True)
    assert [r.status for r in redo] == ["reanalysed"] * 2 and store.counts() == counts


def test_a_story_reprinted_many_times_is_compared_with_a_few_of_its_copies(store, corpus):
    from claimgraph.store import near_duplicates, writer

    article, analysis = corpus[0]

    def copy(i):
        text = article.text + f"\nUpdated {i} times.\n"
        return (replace(article, text=text, location=f"copies/{i}.txt"),
                Analysis.from_dict(analysis.to_dict() | {"text": text}))

    many = near_duplicates.MAX_CANDIDATES + 5
    results = store.add_many([copy(i) for i in range(many)])
    assert [r.status for r in results] == ["new"] + ["near_duplicate"] * (many - 1)
    assert {r.group_id for r in results} == {results[0].article_id}
    with store.engine.connect() as conn, conn.begin():
        (grouping,) = near_duplicates.assign_groups(conn, [("x" * 32, copy(many)[0].text)])
        candidates = near_duplicates._stored_candidates(conn, [grouping.band_keys])
        # a batch larger than one statement may ask about (the engines limit parameters)
        lookups = near_duplicates._stored_candidates(conn, [grouping.band_keys] * 450)
        unknown = {f"{i:032x}" for i in range(1200)}
        groups = writer.stored_groups(conn, unknown | {results[1].article_id})
    # every copy shares bands with the new one; only the closest few are compared
    assert len(candidates[0]) == near_duplicates.MAX_CANDIDATES
    assert grouping.group_id == results[0].article_id and grouping.similarity >= JACCARD_THRESHOLD
    assert len(lookups) == 450 and all(found == candidates[0] for found in lookups.values())
    assert groups == {results[1].article_id: results[0].article_id}


def test_the_store_process_stores_batches_and_names_the_article_it_refused(store, corpus):
    # what `claimgraph ingest` stores through: a fork with its own connections
    from claimgraph.store.writer_process import Refused, StoreProcess

    good = originals(corpus)[:3]
    article, analysis = corpus[4]
    broken = Analysis.from_dict(analysis.to_dict())
    broken.entities[0].name = None  # NOT NULL: the database refuses the batch
    process = StoreProcess.start(store, None, False)
    if process is None:
        pytest.skip("no fork on this platform: ingest stores from a thread")
    try:
        results = process.store([*good, (article, broken)])
        again = process.store(good)
    finally:
        process.close()
    assert not process.process.is_alive() and process.process.exitcode == 0
    assert [r.status for r in results[:3]] == ["new"] * 3 and [r.status for r in again] == ["duplicate"] * 3
    assert isinstance(results[3], Refused) and "null" in results[3].reason.lower()
    # the parent's own connections still work, and see what the process stored
    assert store.counts().articles == 3 and not store.has_article(article)
    assert store.record(results[0].article_id) == good[0][1].to_dict()


def test_accents_are_folded_the_same_way_on_both_engines(filled):
    assert filled.search_articles("Bórtnikov") == filled.search_articles("BORTNIKOV")
    assert {r["id"] for r in filled.search_articles("communique")} == \
        {r["id"] for r in filled.search_articles("communiqué")} != set()


# -- kill -9 ----------------------------------------------------------------------------------

WRITER = r"""
import json, sys
from claimgraph.model import Analysis
from claimgraph.sources.article import Article
from claimgraph.store import open_store

with open_store(sys.argv[1]) as store:
    for line in open(sys.argv[2], encoding="utf-8"):
        item = json.loads(line)
        article = Article(**item["article"])
        if store.add_location(article) is None:
            store.add(article, Analysis.from_dict(item["analysis"]))
            print("stored", flush=True)
"""


def test_a_killed_writer_leaves_whole_articles_and_resumes_without_loss(store, store_url, corpus, tmp_path):
    import signal
    import subprocess
    import sys
    import time
    from dataclasses import asdict

    # 120 distinct articles: the samples with a numbered line added (the spans stay valid)
    items = []
    for i in range(120):
        article, analysis = corpus[i % len(corpus)]
        text = article.text + f"\nUpdate {i}: this article was corrected.\n"
        art = replace(article, text=text, location=f"{article.location}#v{i}")
        items.append({"article": asdict(art), "analysis": analysis.to_dict() | {"text": text}})
    feed = tmp_path / "items.jsonl"
    feed.write_text("".join(json.dumps(x) + "\n" for x in items), encoding="utf-8")

    child = subprocess.Popen([sys.executable, "-c", WRITER, store_url, str(feed)],
                             stdout=subprocess.PIPE, text=True)
    for _ in range(10):  # let it store some, then kill it in the middle of its work
        child.stdout.readline()
    time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL

    def check_whole():
        with store.engine.connect() as conn:
            for article_id, record in conn.execute(sa.text("SELECT id, record FROM articles")):
                # statements are told apart by their spans (ids.attribution_id)
                n = len({json.dumps([a["cue"], a["source"], a["content"]])
                         for a in json.loads(record)["attributions"]})
                stored = conn.execute(sa.text("SELECT COUNT(*) FROM attributions WHERE article_id = :a"),
                                      {"a": article_id}).scalar()
                indexed = conn.execute(sa.text("SELECT COUNT(*) FROM statement_fts WHERE article_id = :a"),
                                       {"a": article_id}).scalar()
                located = conn.execute(sa.text("SELECT COUNT(*) FROM article_locations WHERE article_id = :a"),
                                       {"a": article_id}).scalar()
                assert (stored, indexed, located) == (n, n, 1), article_id

    partial = store.counts().articles
    assert 10 <= partial < len(items)
    check_whole()
    subprocess.run([sys.executable, "-c", WRITER, store_url, str(feed)], check=True, capture_output=True)
    check_whole()
    counts = store.counts()
    assert (counts.articles, counts.locations) == (len(items), len(items))
    assert counts.attributions == sum(len(x["analysis"]["attributions"]) for x in items)
