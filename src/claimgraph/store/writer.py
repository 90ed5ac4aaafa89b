"""Writing a batch of articles, their locations and their analyses, on a connection the caller
has put in a transaction (the store opens one per batch of whole articles: an article is all
stored, or none of it).

Ids are deterministic, so a write that was already made is not made twice: the article and
location rows go in with `INSERT ... ON CONFLICT DO NOTHING`, which also says which of them
were new. The analysis rows under an article use plain INSERTs: their ids contain the
article's id, they are written only in the transaction that created the article (or that
deleted its old analysis), and repeats within one record are merged here first.

A batch of up to a few hundred articles costs a fixed number of statements: one SELECT of the
texts already stored, two for the near-duplicate groups (near_duplicates.py), then one INSERT
per table.
Rows are plain tuples sent straight to the driver (rows.py): SQLAlchemy's per-statement work
was most of the store's CPU time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

import sqlalchemy as sa

from ..model import Analysis
from ..sources.article import Article
from . import fingerprint, fulltext, ids, near_duplicates, rows
from .evidence import sentence_span
from .results import AddResult
from .schema import (actor_members, article_fingerprints, article_locations, article_lsh_bands, articles,
                     attribution_targets, attributions, claim_members, entities, entity_mentions,
                     json_dumps)

CONTENT_JOIN = " … "

ARTICLE_COLUMNS = ("id", "text_sha256", "doc_id", "text", "title", "url", "source_domain", "site_name",
                   "date_publish", "date_publish_raw", "language", "authors", "description",
                   "analysis_format", "record", "group_id", "group_similarity", "run_id", "stored_at")
LOCATION_COLUMNS = ("id", "article_id", "location", "source_id", "raw_sha256", "format", "title", "url",
                    "source_domain", "site_name", "date_publish", "date_publish_raw", "encoding", "notes",
                    "run_id", "seen_at")
ENTITY_COLUMNS = ("id", "article_id", "local_id", "name", "type", "aliases", "titles")
MENTION_COLUMNS = ("entity_id", "start_char", "end_char", "article_id", "text")
ATTRIBUTION_COLUMNS = ("id", "article_id", "local_id", "position", "type", "cue_start", "cue_end", "cue_text",
                       "source_start", "source_end", "source_text", "speaker_id", "content", "content_text",
                       "conduit_start", "conduit_end", "conduit_text", "conduit_entity_id", "stance", "targets",
                       "evidence_start", "evidence_end")
TARGET_COLUMNS = ("attribution_id", "entity_id")


def now() -> datetime:
    return datetime.now(timezone.utc)


def store_batch(conn: sa.Connection, items: Sequence[tuple[Article, Analysis]], run_id: str | None,
                reanalyse: bool = False) -> list[AddResult]:
    """Store each (article, analysis of its text); what happened to each, in order. The same
    as storing them one by one, in fewer statements."""
    shas = [ids.sha256_hex(article.text) for article, _ in items]
    aids = [ids.article_id(sha) for sha in shas]
    groups = stored_groups(conn, set(aids))  # article id -> group id, for the texts stored
    # the texts to insert: not stored, and each once (a repeat in the batch is its duplicate)
    first: dict[str, int] = {}
    new = [i for i, aid in enumerate(aids) if aid not in groups and first.setdefault(aid, i) == i]
    groupings = near_duplicates.assign_groups(conn, [(aids[i], items[i][0].text) for i in new])
    inserted = rows.insert_new(conn, articles, ARTICLE_COLUMNS, [
        _article_row(items[i][0], items[i][1], shas[i], g, run_id) for i, g in zip(new, groupings)])

    analysis = AnalysisRows()
    prints, bands, indexed = [], [], []
    statuses: dict[str, tuple[str, float | None]] = {}
    raced = []
    for i, g in zip(new, groupings):
        aid = aids[i]
        if aid not in inserted:  # another writer stored the same text since our SELECT
            raced.append(aid)
            continue
        article, result = items[i]
        groups[aid] = g.group_id
        statuses[aid] = ("new" if g.group_id == aid else "near_duplicate", g.similarity)
        if g.signature is not None:
            prints.append((aid, fingerprint.to_bytes(g.signature)))
            bands.extend((k, aid) for k in set(g.band_keys))
        indexed.append((aid, article.title, article.text))
        analysis.add(aid, result)
    rows.insert_many(conn, article_fingerprints, ("article_id", "signature"), prints)
    rows.insert_many(conn, article_lsh_bands, ("band_key", "article_id"), bands)
    fulltext.index_articles(conn, indexed)
    analysis.write(conn)
    if raced:
        groups.update(stored_groups(conn, set(raced)))

    results = []
    for i, (article, result) in enumerate(items):
        aid = aids[i]
        status, similarity = statuses.pop(aid, ("duplicate", None))  # a new text counts once
        if status == "duplicate" and reanalyse:
            delete_analysis(conn, aid)
            one = AnalysisRows()
            one.add(aid, result)
            one.write(conn)
            replace_record(conn, aid, result, run_id)
            status = "reanalysed"
        results.append((aid, status, similarity))
    added = add_locations(conn, [(aid, article) for (aid, _, _), (article, _) in zip(results, items)], run_id)
    return [AddResult(aid, status, groups[aid], was_added, similarity)
            for (aid, status, similarity), was_added in zip(results, added)]


def stored_groups(conn: sa.Connection, article_ids: set[str]) -> dict[str, str]:
    """article id -> group id, for those of `article_ids` that are stored."""
    return dict(rows.select_in(conn, "SELECT id, group_id FROM articles WHERE id IN ({})", article_ids))


def _article_row(article: Article, analysis: Analysis, sha: str, g: near_duplicates.Grouping,
                 run_id: str | None) -> tuple:
    record = analysis.to_dict()
    record["text"] = None  # it is the `text` column: stored once
    return (ids.article_id(sha), sha, analysis.id if analysis.id is not None else article.id, article.text,
            article.title, article.url, article.source_domain, article.site_name, article.date_publish,
            article.date_publish_raw, article.language, list(article.authors), article.description,
            record["format"], json_dumps(record), g.group_id, g.similarity, run_id,
            now())  # each its own time: articles and locations list in the order they came


def add_locations(conn: sa.Connection, seen: list[tuple[str, Article]], run_id: str | None) -> list[bool]:
    """Record that each article id was seen at its article's location; for each, False when
    that was recorded already (before, or earlier in `seen`)."""
    location_rows: dict[str, tuple] = {}
    keys = []
    for aid, article in seen:
        key = ids.location_id(aid, article.location, article.sha256)
        keys.append(key)
        if key not in location_rows:
            location_rows[key] = (
                key, aid, article.location, article.id, article.sha256, article.format, article.title,
                article.url, article.source_domain, article.site_name, article.date_publish,
                article.date_publish_raw, article.encoding, list(article.notes), run_id, now())
    inserted = rows.insert_new(conn, article_locations, LOCATION_COLUMNS, list(location_rows.values()))
    out = []
    for key in keys:
        out.append(key in inserted)
        inserted.discard(key)  # a repeat in `seen` was not added: the first one was
    return out


def add_location(conn: sa.Connection, article_id: str, article: Article, run_id: str | None) -> bool:
    """Record that `article_id` was seen at `article.location`; False when already recorded."""
    return add_locations(conn, [(article_id, article)], run_id)[0]


class AnalysisRows:
    """The records' entities, mentions, attributions and targets under global ids, gathered
    for several articles (each with no analysis stored: just inserted, or its old analysis
    deleted) and written in one INSERT per table."""

    def __init__(self) -> None:
        self.entities: list[tuple] = []
        self.mentions: list[tuple] = []
        self.attributions: list[tuple] = []
        self.targets: list[tuple] = []
        self.statements: list[tuple[str, str, str]] = []  # for the full-text index

    def add(self, article_id: str, analysis: Analysis) -> None:
        text = analysis.text
        local = {e.id: ids.entity_id(article_id, e.id) for e in analysis.entities}
        entity_rows: dict[str, tuple] = {}  # the same local id twice in one record: one entity
        mention_rows: dict[tuple, tuple] = {}
        for e in analysis.entities:
            eid = local[e.id]
            entity_rows[eid] = (eid, article_id, e.id, e.name, e.type, list(e.aliases), list(e.titles))
            for s, t in e.mentions:
                mention_rows[(eid, s, t)] = (eid, s, t, article_id, text[s:t])
        self.entities.extend(entity_rows.values())
        self.mentions.extend(mention_rows.values())
        seen_attributions: set[str] = set()
        seen_targets: set[tuple[str, str]] = set()
        for position, a in enumerate(analysis.attributions):
            cue, source, conduit, content = a.cue, a.source, a.conduit, a.content
            aid = ids.attribution_id(
                article_id,
                (cue.start, cue.end) if cue else None,
                (source.start, source.end) if source else None,
                [(c.start, c.end) for c in content],
            )
            if aid in seen_attributions:
                continue  # the same spans twice in one record: one statement
            seen_attributions.add(aid)
            spans = [s for s in (cue, source, *content) if s is not None]
            lo = min((s.start for s in spans), default=0)
            hi = max((s.end for s in spans), default=0)
            ev_start, ev_end = sentence_span(text, lo, hi)
            content_text = CONTENT_JOIN.join(c.text for c in content)
            self.attributions.append((
                aid, article_id, a.id, position, a.type,
                cue.start if cue else None, cue.end if cue else None, cue.text if cue else None,
                source.start if source else None, source.end if source else None,
                source.text if source else None,
                local.get(a.speaker) if a.speaker else None,
                [c.to_dict() for c in content], content_text,
                conduit.start if conduit else None, conduit.end if conduit else None,
                conduit.text if conduit else None,
                local.get(conduit.entity) if conduit and conduit.entity else None,
                a.stance, list(a.targets), ev_start, ev_end))
            self.statements.append((aid, article_id, content_text))
            for t in a.targets:
                if t in local and (aid, local[t]) not in seen_targets:
                    seen_targets.add((aid, local[t]))
                    self.targets.append((aid, local[t]))

    def write(self, conn: sa.Connection) -> None:
        # in the order of the foreign keys: entities before what points at them
        rows.insert_many(conn, entities, ENTITY_COLUMNS, self.entities)
        rows.insert_many(conn, entity_mentions, MENTION_COLUMNS, self.mentions)
        rows.insert_many(conn, attributions, ATTRIBUTION_COLUMNS, self.attributions)
        rows.insert_many(conn, attribution_targets, TARGET_COLUMNS, self.targets)
        fulltext.index_statements(conn, self.statements)


def delete_analysis(conn: sa.Connection, article_id: str) -> None:
    """Remove an article's analysis rows (before storing a new analysis of the same text)."""
    fulltext.unindex_statements(conn, article_id)
    own = sa.select(attributions.c.id).where(attributions.c.article_id == article_id)
    conn.execute(sa.delete(attribution_targets).where(attribution_targets.c.attribution_id.in_(own)))
    # the claim graph's rows that point at them: the graph is stale now (the record's stored_at
    # moves on) and its next build writes them again
    conn.execute(sa.delete(claim_members).where(claim_members.c.attribution_id.in_(own)))
    conn.execute(sa.delete(attributions).where(attributions.c.article_id == article_id))
    conn.execute(sa.delete(entity_mentions).where(entity_mentions.c.article_id == article_id))
    conn.execute(sa.delete(actor_members).where(actor_members.c.article_id == article_id))
    conn.execute(sa.delete(entities).where(entities.c.article_id == article_id))


def replace_record(conn: sa.Connection, article_id: str, analysis: Analysis,
                   run_id: str | None) -> None:
    """Put a new analysis in place of the stored one. The article's run becomes the run that
    made this analysis, so its recorded settings (the tagger, for one) say how the record
    now stored came about."""
    record = analysis.to_dict()
    record["text"] = None
    conn.execute(sa.update(articles).where(articles.c.id == article_id).values(
        record=json_dumps(record), analysis_format=record["format"], run_id=run_id,
        stored_at=now()))
