"""The store's tables, as SQLAlchemy Core `Table`s (one schema for SQLite and PostgreSQL).

This module describes the schema as the code sees it; the database is created and changed only
by the Alembic migrations in `migrations/versions/` (a test checks the two agree). Full-text
search lives outside these tables because it is engine-specific: FTS5 virtual tables on SQLite,
tsvector tables with GIN indexes on PostgreSQL (see `fulltext.py` and the first migration).

Layout:
- articles: one row per distinct extracted text (id = the first 32 hex digits of its
  SHA-256), with the FORMAT.md record it was analysed into (`record`: JSON without `text`,
  which is the `text` column), and the near-duplicate group it belongs to (`group_id` = the
  group's first article).
- article_locations: every place an article was read (file, WARC record, feed item ...), with
  the raw bytes' SHA-256: one article, many appearances.
- article_fingerprints / article_lsh_bands: MinHash signatures and their LSH band keys.
- entities / entity_mentions: the record's entities, per article.
- attributions / attribution_targets: the record's attributions, every field, per article.
- ingest_runs / ingest_errors: what each run was asked to do, what it did, what it could not read.
- the claim graph (derived, rebuilt by `claimgraph.graph.build`): actors across articles with
  their members and the merges that made them, story events with their mentions and figures,
  claims with their member statements; and `judgements`, the users' decisions (kept).
"""

from __future__ import annotations

import json

import sqlalchemy as sa

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

Id = sa.String(32)
Sha = sa.String(64)
When = sa.DateTime(timezone=True)

ingest_runs = sa.Table(
    "ingest_runs", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("started_at", When, nullable=False),
    sa.Column("finished_at", When),
    sa.Column("status", sa.String(16), nullable=False),  # running | finished | failed
    sa.Column("args", sa.JSON),
    sa.Column("counts", sa.JSON),
)

ingest_errors = sa.Table(
    "ingest_errors", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", Id, sa.ForeignKey("ingest_runs.id"), index=True),
    sa.Column("location", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("created_at", When, nullable=False),
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("text_sha256", Sha, nullable=False, unique=True),
    sa.Column("doc_id", sa.Text),  # the FORMAT.md record's `id` (the first location's article id)
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("source_domain", sa.Text, index=True),
    sa.Column("site_name", sa.Text),  # the outlet's name as the source gives it
    sa.Column("date_publish", sa.String(40), index=True),
    sa.Column("date_publish_raw", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("authors", sa.JSON),
    sa.Column("description", sa.Text),
    sa.Column("analysis_format", sa.Integer, nullable=False),
    sa.Column("record", sa.Text, nullable=False),
    sa.Column("group_id", Id, nullable=False, index=True),
    # estimated Jaccard similarity to the most similar article of the group when this one joined
    sa.Column("group_similarity", sa.Float),
    # the run whose analysis `record` holds (the storing run, or the latest --reanalyze)
    sa.Column("run_id", Id, sa.ForeignKey("ingest_runs.id")),
    sa.Column("stored_at", When, nullable=False),
)

article_locations = sa.Table(
    "article_locations", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("article_id", Id, sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("location", sa.Text, nullable=False),
    sa.Column("source_id", sa.Text),  # the source's Article.id at this location
    sa.Column("raw_sha256", Sha),
    sa.Column("format", sa.String(16)),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("source_domain", sa.Text, index=True),
    sa.Column("site_name", sa.Text),
    sa.Column("date_publish", sa.String(40)),
    sa.Column("date_publish_raw", sa.Text),
    sa.Column("encoding", sa.String(40)),
    sa.Column("notes", sa.JSON),
    sa.Column("run_id", Id, sa.ForeignKey("ingest_runs.id")),
    sa.Column("seen_at", When, nullable=False),
)

article_fingerprints = sa.Table(
    "article_fingerprints", metadata,
    sa.Column("article_id", Id, sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("signature", sa.LargeBinary, nullable=False),
)

article_lsh_bands = sa.Table(
    "article_lsh_bands", metadata,
    sa.Column("band_key", sa.BigInteger, primary_key=True),
    sa.Column("article_id", Id, sa.ForeignKey("articles.id"), primary_key=True),
)

entities = sa.Table(
    "entities", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("article_id", Id, sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("local_id", sa.String(32), nullable=False),
    sa.Column("name", sa.Text, nullable=False, index=True),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("aliases", sa.JSON),
    sa.Column("titles", sa.JSON),
)

entity_mentions = sa.Table(
    "entity_mentions", metadata,
    sa.Column("entity_id", Id, sa.ForeignKey("entities.id"), primary_key=True),
    sa.Column("start_char", sa.Integer, primary_key=True),
    sa.Column("end_char", sa.Integer, primary_key=True),
    sa.Column("article_id", Id, sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
)

attributions = sa.Table(
    "attributions", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("article_id", Id, sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("local_id", sa.String(32), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),  # order in the record
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("cue_text", sa.Text),
    sa.Column("source_start", sa.Integer),
    sa.Column("source_end", sa.Integer),
    sa.Column("source_text", sa.Text),
    sa.Column("speaker_id", Id, sa.ForeignKey("entities.id"), index=True),
    sa.Column("content", sa.JSON, nullable=False),  # [{"start", "end", "text"}, ...]
    sa.Column("content_text", sa.Text, nullable=False),  # the spans' texts joined by " … "
    sa.Column("conduit_start", sa.Integer),
    sa.Column("conduit_end", sa.Integer),
    sa.Column("conduit_text", sa.Text),
    sa.Column("conduit_entity_id", Id, sa.ForeignKey("entities.id")),
    sa.Column("stance", sa.String(32), nullable=False, index=True),
    sa.Column("targets", sa.JSON, nullable=False),  # the record's local entity ids
    # the sentence(s) holding cue, source and content: what a reader checks the claim against
    sa.Column("evidence_start", sa.Integer, nullable=False),
    sa.Column("evidence_end", sa.Integer, nullable=False),
)

attribution_targets = sa.Table(
    "attribution_targets", metadata,
    sa.Column("attribution_id", Id, sa.ForeignKey("attributions.id"), primary_key=True),
    sa.Column("entity_id", Id, sa.ForeignKey("entities.id"), primary_key=True, index=True),
)

# -- the claim graph (migration 0002) ----------------------------------------------------------
# Derived data: `claimgraph.graph.build` recomputes all of it from the stored records (plus the
# judgements) and replaces it in one transaction. Judgements are the users' own data and are
# never rebuilt.

graph_builds = sa.Table(
    "graph_builds", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("built_at", When, nullable=False),
    sa.Column("seconds", sa.Float),
    sa.Column("counts", sa.JSON),
)

actors = sa.Table(
    "actors", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("key", sa.Text, nullable=False),  # the canonical key the id is hashed from
    sa.Column("name", sa.Text, nullable=False, index=True),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("aliases", sa.JSON),
    sa.Column("titles", sa.JSON),
    sa.Column("wikidata", sa.String(32)),
    sa.Column("country", sa.Text),
    sa.Column("part_of", Id),  # an actor id: the country of an institution, a branch's parent
    sa.Column("party", Id),    # the top of the part_of chain: who a responsibility claim is about
    sa.Column("members", sa.Integer, nullable=False),
)

actor_members = sa.Table(
    "actor_members", metadata,
    sa.Column("entity_id", Id, sa.ForeignKey("entities.id"), primary_key=True),
    sa.Column("actor_id", Id, nullable=False, index=True),
    sa.Column("article_id", Id, nullable=False, index=True),
)

actor_merges = sa.Table(
    "actor_merges", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("actor_id", Id, nullable=False, index=True),
    sa.Column("entity_a", Id, nullable=False),
    sa.Column("entity_b", Id, nullable=False),
    sa.Column("name_a", sa.Text, nullable=False),
    sa.Column("name_b", sa.Text, nullable=False),
    sa.Column("rule", sa.String(32), nullable=False),
    sa.Column("evidence", sa.Text),
)

story_events = sa.Table(
    "story_events", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("type", sa.String(32), nullable=False, index=True),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("place", sa.Text),
    sa.Column("date_start", sa.String(10)),
    sa.Column("date_end", sa.String(10)),
    sa.Column("articles", sa.Integer, nullable=False),
)

event_mentions = sa.Table(
    "event_mentions", metadata,
    sa.Column("article_id", Id, sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("local_id", sa.String(32), primary_key=True),  # the record's event id ("v1")
    sa.Column("event_id", Id, nullable=False, index=True),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("place", sa.Text),
    sa.Column("date_start", sa.String(10)),
    sa.Column("date_end", sa.String(10)),
    sa.Column("date_text", sa.Text),
)

event_figures = sa.Table(
    "event_figures", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", Id, nullable=False, index=True),
    sa.Column("article_id", Id, sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("value", sa.Integer, nullable=False),
    sa.Column("qualifier", sa.String(32)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
)

claims = sa.Table(
    "claims", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),  # responsibility | other
    sa.Column("event_id", Id, index=True),
    sa.Column("party_id", Id, index=True),  # responsibility claims: the actor said responsible
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("statements", sa.Integer, nullable=False),
    sa.Column("contested", sa.Boolean, nullable=False),
    sa.Column("first_published", sa.String(40)),
)

claim_members = sa.Table(
    "claim_members", metadata,
    sa.Column("attribution_id", Id, sa.ForeignKey("attributions.id"), primary_key=True),
    sa.Column("claim_id", Id, nullable=False, index=True),
    sa.Column("polarity", sa.Integer, nullable=False),  # +1 affirms, -1 rejects, 0 neither
    sa.Column("speaker_actor_id", Id, index=True),
    sa.Column("event_id", Id),
)

judgements = sa.Table(
    "judgements", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False, index=True),  # e.g. actor_merge, actor_split
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("created_at", When, nullable=False),
    sa.Column("author", sa.Text),
    sa.Column("note", sa.Text),
)


# Made by the migrations outside this metadata (engine-specific, or plain SQL), named here for
# the check that the migrations match this module: full-text tables (FTS5 on SQLite, tsvector
# tables on PostgreSQL: see fulltext.py) and the readable views.
FTS_TABLES = ("statement_fts", "article_fts")
VIEWS = ("statements", "statement_targets", "speakers", "appearances", "article_groups",
         "responsibility", "actor_statements", "figures")


def json_dumps(value: object) -> str:
    """JSON as the store writes it: readable non-ASCII text in SQL clients and datasette."""
    return json.dumps(value, ensure_ascii=False)
