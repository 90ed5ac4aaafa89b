"""`Store`: the claim database's Python API (the CLI's ingest/query/export are thin wrappers).

    >>> from claimgraph.store import open_store
    >>> with open_store("claims.db") as store:            # or "postgresql://user@host/db"
    ...     run = store.begin_run({"sources": ["news/"]})
    ...     for article in articles:                         # claimgraph.sources Articles
    ...         if store.add_location(article, run) is None: # text not stored yet
    ...             store.add(article, claimgraph.analyze(article.text, id=article.id), run)
    ...     store.finish_run(run, {"articles": n})
    ...     rows = store.query_statements(speaker="Bortnikov", stance="accuse")

Each `add` is one transaction (`add_many`: one for a batch of articles): a process killed at
any moment leaves each article with its whole analysis and location, or nothing of it;
rerunning stores what is missing and nothing twice (ids are hashes of content and spans).

Methods: open_store, begin_run, finish_run, add_error, errors, runs, has_article,
add_location, add, add_many, record, iter_records, locations, group, search_articles,
query_statements, iter_statements, counts, close.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ..model import Analysis
from ..sources.article import Article, SourceError
from . import fulltext, ids, migrate, queries, writer
from .engine import WRITE, create_engine
from .results import AddResult, Counts, Statement
from .schema import (article_locations, articles, attributions, entities, entity_mentions,
                     ingest_errors, ingest_runs)


def open_store(url_or_path: str | Path | None = None) -> "Store":
    """Open (creating or upgrading the schema as needed) the store at a path or URL.

    None, a path or `sqlite:///PATH`: an SQLite file (default ./claims.db);
    `postgresql://user:password@host:port/db`: PostgreSQL (psycopg 3)."""
    engine = create_engine(url_or_path)
    try:
        migrate.upgrade(engine)
    except Exception:
        engine.dispose()
        raise
    return Store(engine)


class Store:
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with self.engine.connect().execution_options(**WRITE) as conn, conn.begin():
            yield conn

    def transaction(self):
        """A write transaction on the store's connection (for the layers that keep derived
        tables in the same database: the claim graph, the judgements). On SQLite it takes the
        write lock at once, so concurrent writers queue instead of failing half-way."""
        return self._write()

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    # -- runs and errors --------------------------------------------------------------------
    def begin_run(self, args: Any = None) -> str:
        """Record the start of an ingest run (`args`: anything JSON, e.g. the command line);
        returns its id."""
        run_id = uuid.uuid4().hex
        with self._write() as conn:
            conn.execute(sa.insert(ingest_runs).values(
                id=run_id, started_at=writer.now(), status="running", args=args))
        return run_id

    def finish_run(self, run_id: str, counts: dict[str, Any] | None = None, *,
                   status: str = "finished") -> None:
        with self._write() as conn:
            conn.execute(sa.update(ingest_runs).where(ingest_runs.c.id == run_id).values(
                finished_at=writer.now(), status=status, counts=counts))

    def add_error(self, run_id: str | None, location: str | SourceError, reason: str | None = None) -> None:
        """Record input that gave no article: `add_error(run, source_error)` or
        `add_error(run, location, reason)`."""
        if isinstance(location, SourceError):
            location, reason = location.location, location.reason
        if reason is None:
            raise ValueError("add_error needs a reason")
        with self._write() as conn:
            conn.execute(sa.insert(ingest_errors).values(
                run_id=run_id, location=location, reason=reason, created_at=writer.now()))

    def errors(self, run_id: str | None = None) -> list[dict[str, Any]]:
        q = sa.select(ingest_errors).order_by(ingest_errors.c.id)
        if run_id is not None:
            q = q.where(ingest_errors.c.run_id == run_id)
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def runs(self) -> list[dict[str, Any]]:
        with self._read() as conn:
            return [dict(r._mapping) for r in
                    conn.execute(sa.select(ingest_runs).order_by(ingest_runs.c.started_at))]

    # -- articles ---------------------------------------------------------------------------
    def has_article(self, key: str | Article) -> bool:
        """Is this text stored? `key`: an Article, its text's SHA-256 (64 hex) or an article id."""
        if isinstance(key, Article):
            key = ids.sha256_hex(key.text)
        column = articles.c.text_sha256 if len(key) == 64 else articles.c.id
        with self._read() as conn:
            return conn.execute(sa.select(articles.c.id).where(column == key)).first() is not None

    def add_location(self, article: Article, run_id: str | None = None) -> AddResult | None:
        """If `article`'s text is stored, record this location of it (status "duplicate") and
        return what happened; None when the text is not stored (analyse it, then `add`).
        This is how a resumed or repeated ingest skips analysis of what it already has."""
        aid = ids.article_id_for_text(article.text)
        if self.dialect == "sqlite":
            # A read first: most texts of a new ingest are not stored, and the answer "not
            # stored" must not wait for SQLite's write lock, held by the ingest's own writer
            # while it stores a batch.
            with self._read() as conn:
                if not writer.stored_groups(conn, {aid}):
                    return None
        with self._write() as conn:
            group = writer.stored_groups(conn, {aid}).get(aid)
            if group is None:
                return None
            return AddResult(aid, "duplicate", group, writer.add_location(conn, aid, article, run_id))

    def add(self, article: Article, analysis: Analysis, run_id: str | None = None, *,
            reanalyse: bool = False) -> AddResult:
        """Store `article` (its text, metadata and location) with `analysis` of its text, in one
        transaction. A text already stored only gains the location ("duplicate"), unless
        `reanalyse`, which replaces its analysis with this one ("reanalysed")."""
        return self.add_many([(article, analysis)], run_id, reanalyse=reanalyse)[0]

    def add_many(self, items: Iterable[tuple[Article, Analysis]], run_id: str | None = None, *,
                 reanalyse: bool = False) -> list[AddResult]:
        """`add` for several articles in one transaction: each article is still whole or absent
        after a crash, and the batch costs a fixed number of statements (writer.py), so a
        batch of a few dozen stores several times faster than one by one. If it raises, none
        of the batch is stored: `add` them one by one to find and record the one at fault."""
        items = list(items)
        for article, analysis in items:
            if analysis.text != article.text:
                raise ValueError(f"{article.location}: the analysis is of another text than the article's")
            if self.dialect == "postgresql":
                _refuse_nul(article)
        if not items:
            return []
        with self._write() as conn:
            return writer.store_batch(conn, items, run_id, reanalyse)

    def record(self, article_id: str) -> dict[str, Any] | None:
        """The FORMAT.md record of a stored article, exactly as it was added."""
        with self._read() as conn:
            row = conn.execute(sa.select(articles.c.text, articles.c.record)
                               .where(articles.c.id == article_id)).first()
        return queries.record_of(row.text, row.record) if row else None

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """Every stored FORMAT.md record (for a JSONL export), oldest publication first."""
        with self._read() as conn:
            yield from queries.iter_records(conn)

    def locations(self, article_id: str) -> list[dict[str, Any]]:
        with self._read() as conn:
            q = (sa.select(article_locations).where(article_locations.c.article_id == article_id)
                 .order_by(article_locations.c.seen_at, article_locations.c.id))
            return [dict(r._mapping) for r in conn.execute(q)]

    def group(self, article_id: str) -> list[str]:
        """The ids of the articles in `article_id`'s near-duplicate group (first one first)."""
        with self._read() as conn:
            group = conn.execute(sa.select(articles.c.group_id).where(articles.c.id == article_id)).scalar()
            if group is None:
                return []
            rows = conn.execute(sa.select(articles.c.id).where(articles.c.group_id == group)
                                .order_by((articles.c.id != group), articles.c.stored_at, articles.c.id))
            return list(rows.scalars())

    def search_articles(self, text: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose title or text hold every word of `text`: id, title, outlet, date."""
        condition = fulltext.articles_matching(self.dialect, text)
        if condition is None:
            return []
        q = (sa.select(articles.c.id, articles.c.title, articles.c.source_domain, articles.c.date_publish)
             .where(condition).order_by(articles.c.date_publish.asc().nulls_last(), articles.c.id)
             .limit(limit))
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    # -- statements -------------------------------------------------------------------------
    def query_statements(self, *, speaker: str | None = None, target: str | None = None,
                         stance: str | Iterable[str] | None = None, outlet: str | None = None,
                         date_from: str | None = None, date_to: str | None = None,
                         text: str | None = None, limit: int | None = 100,
                         offset: int = 0) -> list[Statement]:
        """Statements matching every filter given (rules in `queries.py`), `limit` at most."""
        f = queries.StatementFilter(speaker, target, stance, outlet, date_from, date_to, text)
        with self._read() as conn:
            return list(queries.iter_statements(conn, f, limit=limit, offset=offset))

    def iter_statements(self, *, speaker: str | None = None, target: str | None = None,
                        stance: str | Iterable[str] | None = None, outlet: str | None = None,
                        date_from: str | None = None, date_to: str | None = None,
                        text: str | None = None) -> Iterator[Statement]:
        """All matching statements, streamed (for exports): memory stays flat."""
        f = queries.StatementFilter(speaker, target, stance, outlet, date_from, date_to, text)
        with self._read() as conn:
            yield from queries.iter_statements(conn, f)

    # -- counts -----------------------------------------------------------------------------
    def counts(self) -> Counts:
        def n(table: sa.Table) -> sa.ScalarSelect:
            return sa.select(sa.func.count()).select_from(table).scalar_subquery()

        q = sa.select(
            n(articles), sa.select(sa.func.count(sa.distinct(articles.c.group_id))).scalar_subquery(),
            n(article_locations), n(entities), n(entity_mentions), n(attributions),
            n(ingest_runs), n(ingest_errors))
        with self._read() as conn:
            return Counts(*conn.execute(q).one())


def _refuse_nul(article: Article) -> None:
    # PostgreSQL text cannot hold NUL; the sources should never hand one over, but if one
    # does, the reason must be plain (it becomes the ingest error's reason).
    for name in ("text", "title", "url", "source_domain", "description", "location"):
        value = getattr(article, name)
        if isinstance(value, str) and "\x00" in value:
            raise ValueError(f"{article.location!r}: the article's {name} contains NUL characters, "
                             "which PostgreSQL cannot store")
