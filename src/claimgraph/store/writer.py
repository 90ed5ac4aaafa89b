"""Writing one article, its location and its analysis, on a connection the caller has put in a
transaction (the store opens one per article, or per batch of whole articles: an article is
all stored, or none of it).

Ids are deterministic, so a write that was already made is not made twice: the article and
location rows go through `insert_ignore` (INSERT ... ON CONFLICT DO NOTHING, in each dialect's
own construct). The analysis rows under an article use plain INSERTs: their ids contain the
article's id, they are written only in the transaction that created the article (or that
deleted its old analysis), and repeats within one record are merged here first. Why not
ON CONFLICT everywhere: SQLAlchemy cannot cache the dialect-specific insert constructs, and
compiling them anew for every row batch took about a sixth of the store's time (profiled).
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..model import Analysis
from ..sources.article import Article
from . import fingerprint, fulltext, ids
from .evidence import sentence_span
from .schema import (article_fingerprints, article_locations, article_lsh_bands, articles,
                     attribution_targets, attributions, entities, entity_mentions, json_dumps)

CONTENT_JOIN = " … "
MAX_CANDIDATES = 20


def now() -> datetime:
    return datetime.now(timezone.utc)


def insert_ignore(conn: sa.Connection, table: sa.Table) -> sa.Insert:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


def _inserted(conn: sa.Connection, table: sa.Table, row: dict) -> bool:
    """Insert one row unless its key is taken; True if it was inserted. (RETURNING, not
    rowcount: psycopg reports no rowcount for INSERT ... ON CONFLICT through SQLAlchemy.)"""
    key = table.primary_key.columns.values()[0]
    return conn.execute(insert_ignore(conn, table).returning(key), row).first() is not None


def add_location(conn: sa.Connection, article_id: str, article: Article, run_id: str | None) -> bool:
    """Record that `article_id` was seen at `article.location`; False when already recorded."""
    row = {
        "id": ids.location_id(article_id, article.location, article.sha256),
        "article_id": article_id,
        "location": article.location,
        "source_id": article.id,
        "raw_sha256": article.sha256,
        "format": article.format,
        "title": article.title,
        "url": article.url,
        "source_domain": article.source_domain,
        "site_name": article.site_name,
        "date_publish": article.date_publish,
        "date_publish_raw": article.date_publish_raw,
        "encoding": article.encoding,
        "notes": list(article.notes),
        "run_id": run_id,
        "seen_at": now(),
    }
    return _inserted(conn, article_locations, row)


def find_group(conn: sa.Connection, sig) -> tuple[str | None, float | None]:  # noqa: ANN001
    """The group of the most similar stored article at or above the threshold, if any."""
    keys = fingerprint.band_keys(sig)
    # The stored articles sharing the most bands are the most similar ones; comparing only the
    # top few keeps an insert's cost flat when a story has been reprinted thousands of times.
    hits = sa.func.count().label("hits")
    candidates = (sa.select(article_lsh_bands.c.article_id).where(article_lsh_bands.c.band_key.in_(keys))
                  .group_by(article_lsh_bands.c.article_id)
                  .order_by(hits.desc(), article_lsh_bands.c.article_id).limit(MAX_CANDIDATES)
                  .subquery())
    rows = conn.execute(
        sa.select(article_fingerprints.c.signature, articles.c.group_id, articles.c.id)
        .join(articles, articles.c.id == article_fingerprints.c.article_id)
        .where(article_fingerprints.c.article_id.in_(sa.select(candidates.c.article_id)))
    ).all()
    best: tuple[float, str] | None = None  # (-similarity, group id): the smallest wins
    for signature, group_id, _article_id in rows:
        score = fingerprint.similarity(sig, fingerprint.from_bytes(signature))
        if score < fingerprint.JACCARD_THRESHOLD:
            continue
        # ties go to the smaller group id: the same choice whatever order the rows came in
        if best is None or (-score, group_id) < best:
            best = (-score, group_id)
    return (best[1], -best[0]) if best else (None, None)


def insert_article(conn: sa.Connection, article: Article, analysis: Analysis, run_id: str | None,
                   text_sha256: str) -> tuple[bool, str, float | None]:
    """Insert the article row with its fingerprint; (inserted, group_id, similarity).

    `inserted` is False when another writer stored the same text first (PostgreSQL, -j N)."""
    article_id = ids.article_id(text_sha256)
    sig = fingerprint.signature(article.text)
    group_id, similarity = find_group(conn, sig) if sig is not None else (None, None)
    record = analysis.to_dict()
    record["text"] = None  # it is the `text` column: stored once
    row = {
        "id": article_id,
        "text_sha256": text_sha256,
        "doc_id": analysis.id if analysis.id is not None else article.id,
        "text": article.text,
        "title": article.title,
        "url": article.url,
        "source_domain": article.source_domain,
        "site_name": article.site_name,
        "date_publish": article.date_publish,
        "date_publish_raw": article.date_publish_raw,
        "language": article.language,
        "authors": list(article.authors),
        "description": article.description,
        "analysis_format": record["format"],
        "record": json_dumps(record),
        "group_id": group_id or article_id,
        "group_similarity": similarity,
        "run_id": run_id,
        "stored_at": now(),
    }
    if not _inserted(conn, articles, row):
        return False, row["group_id"], similarity
    if sig is not None:
        conn.execute(sa.insert(article_fingerprints),
                     {"article_id": article_id, "signature": fingerprint.to_bytes(sig)})
        conn.execute(sa.insert(article_lsh_bands),
                     [{"band_key": k, "article_id": article_id} for k in set(fingerprint.band_keys(sig))])
    fulltext.index_article(conn, article_id, article.title, article.text)
    return True, row["group_id"], similarity


def insert_analysis(conn: sa.Connection, article_id: str, analysis: Analysis) -> None:
    """The record's entities, mentions, attributions and targets, under global ids (for an
    article that has none stored: just inserted, or its old analysis deleted)."""
    text = analysis.text
    local = {e.id: ids.entity_id(article_id, e.id) for e in analysis.entities}
    entity_rows, mention_rows = {}, {}
    for e in analysis.entities:
        eid = local[e.id]
        entity_rows[eid] = {"id": eid, "article_id": article_id, "local_id": e.id, "name": e.name,
                            "type": e.type, "aliases": list(e.aliases), "titles": list(e.titles)}
        for s, t in e.mentions:
            mention_rows[(eid, s, t)] = {"entity_id": eid, "start_char": s, "end_char": t,
                                         "article_id": article_id, "text": text[s:t]}
    attribution_rows, target_rows = {}, {}
    for position, a in enumerate(analysis.attributions):
        aid = ids.attribution_id(
            article_id,
            (a.cue.start, a.cue.end) if a.cue else None,
            (a.source.start, a.source.end) if a.source else None,
            [(c.start, c.end) for c in a.content],
        )
        if aid in attribution_rows:
            continue  # the same spans twice in one record: one statement
        spans = [s for s in (a.cue, a.source, *a.content) if s is not None]
        lo = min((s.start for s in spans), default=0)
        hi = max((s.end for s in spans), default=0)
        ev_start, ev_end = sentence_span(text, lo, hi)
        attribution_rows[aid] = {
            "id": aid, "article_id": article_id, "local_id": a.id, "position": position,
            "type": a.type,
            "cue_start": a.cue.start if a.cue else None, "cue_end": a.cue.end if a.cue else None,
            "cue_text": a.cue.text if a.cue else None,
            "source_start": a.source.start if a.source else None,
            "source_end": a.source.end if a.source else None,
            "source_text": a.source.text if a.source else None,
            "speaker_id": local.get(a.speaker) if a.speaker else None,
            "content": [c.to_dict() for c in a.content],
            "content_text": CONTENT_JOIN.join(c.text for c in a.content),
            "conduit_start": a.conduit.start if a.conduit else None,
            "conduit_end": a.conduit.end if a.conduit else None,
            "conduit_text": a.conduit.text if a.conduit else None,
            "conduit_entity_id": local.get(a.conduit.entity) if a.conduit and a.conduit.entity else None,
            "stance": a.stance,
            "targets": list(a.targets),
            "evidence_start": ev_start, "evidence_end": ev_end,
        }
        for t in a.targets:
            if t in local:
                target_rows[(aid, local[t])] = {"attribution_id": aid, "entity_id": local[t]}
    for table, rows in ((entities, entity_rows), (entity_mentions, mention_rows),
                        (attributions, attribution_rows), (attribution_targets, target_rows)):
        if rows:
            conn.execute(sa.insert(table), list(rows.values()))
    fulltext.index_statements(conn, article_id, list(attribution_rows.values()))


def delete_analysis(conn: sa.Connection, article_id: str) -> None:
    """Remove an article's analysis rows (before storing a new analysis of the same text)."""
    fulltext.unindex_statements(conn, article_id)
    own = sa.select(attributions.c.id).where(attributions.c.article_id == article_id)
    conn.execute(sa.delete(attribution_targets).where(attribution_targets.c.attribution_id.in_(own)))
    conn.execute(sa.delete(attributions).where(attributions.c.article_id == article_id))
    conn.execute(sa.delete(entity_mentions).where(entity_mentions.c.article_id == article_id))
    conn.execute(sa.delete(entities).where(entities.c.article_id == article_id))


def replace_record(conn: sa.Connection, article_id: str, analysis: Analysis) -> None:
    record = analysis.to_dict()
    record["text"] = None
    conn.execute(sa.update(articles).where(articles.c.id == article_id).values(
        record=json_dumps(record), analysis_format=record["format"], stored_at=now()))
