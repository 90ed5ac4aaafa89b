"""The first store schema: articles and their locations, near-duplicate fingerprints, entities,
attributions, ingest runs and errors; full-text search; readable views.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Frozen: this revision writes out its tables rather than calling `schema.metadata.create_all`,
so that later changes to `schema.py` (made together with a new revision) do not change what
this one did to databases that already ran it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Id = sa.String(32)
Sha = sa.String(64)
When = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", Id, nullable=False),
        sa.Column("started_at", When, nullable=False),
        sa.Column("finished_at", When),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("args", sa.JSON),
        sa.Column("counts", sa.JSON),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_runs"),
    )
    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("run_id", Id),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_errors"),
        sa.ForeignKeyConstraint(["run_id"], ["ingest_runs.id"], name="fk_ingest_errors_run_id_ingest_runs"),
    )
    op.create_index("ix_ingest_errors_run_id", "ingest_errors", ["run_id"])

    op.create_table(
        "articles",
        sa.Column("id", Id, nullable=False),
        sa.Column("text_sha256", Sha, nullable=False),
        sa.Column("doc_id", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("source_domain", sa.Text),
        sa.Column("site_name", sa.Text),
        sa.Column("date_publish", sa.String(40)),
        sa.Column("date_publish_raw", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("authors", sa.JSON),
        sa.Column("description", sa.Text),
        sa.Column("analysis_format", sa.Integer, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("group_id", Id, nullable=False),
        sa.Column("group_similarity", sa.Float),
        sa.Column("run_id", Id),
        sa.Column("stored_at", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("text_sha256", name="uq_articles_text_sha256"),
        sa.ForeignKeyConstraint(["run_id"], ["ingest_runs.id"], name="fk_articles_run_id_ingest_runs"),
    )
    op.create_index("ix_articles_source_domain", "articles", ["source_domain"])
    op.create_index("ix_articles_date_publish", "articles", ["date_publish"])
    op.create_index("ix_articles_group_id", "articles", ["group_id"])

    op.create_table(
        "article_locations",
        sa.Column("id", Id, nullable=False),
        sa.Column("article_id", Id, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("source_id", sa.Text),
        sa.Column("raw_sha256", Sha),
        sa.Column("format", sa.String(16)),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("source_domain", sa.Text),
        sa.Column("site_name", sa.Text),
        sa.Column("date_publish", sa.String(40)),
        sa.Column("date_publish_raw", sa.Text),
        sa.Column("encoding", sa.String(40)),
        sa.Column("notes", sa.JSON),
        sa.Column("run_id", Id),
        sa.Column("seen_at", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_article_locations"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_article_locations_article_id_articles"),
        sa.ForeignKeyConstraint(["run_id"], ["ingest_runs.id"], name="fk_article_locations_run_id_ingest_runs"),
    )
    op.create_index("ix_article_locations_article_id", "article_locations", ["article_id"])
    op.create_index("ix_article_locations_source_domain", "article_locations", ["source_domain"])

    op.create_table(
        "article_fingerprints",
        sa.Column("article_id", Id, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_article_fingerprints"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_article_fingerprints_article_id_articles"),
    )
    op.create_table(
        "article_lsh_bands",
        sa.Column("band_key", sa.BigInteger, nullable=False),
        sa.Column("article_id", Id, nullable=False),
        sa.PrimaryKeyConstraint("band_key", "article_id", name="pk_article_lsh_bands"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_article_lsh_bands_article_id_articles"),
    )

    op.create_table(
        "entities",
        sa.Column("id", Id, nullable=False),
        sa.Column("article_id", Id, nullable=False),
        sa.Column("local_id", sa.String(32), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("aliases", sa.JSON),
        sa.Column("titles", sa.JSON),
        sa.PrimaryKeyConstraint("id", name="pk_entities"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_entities_article_id_articles"),
    )
    op.create_index("ix_entities_article_id", "entities", ["article_id"])
    op.create_index("ix_entities_name", "entities", ["name"])

    op.create_table(
        "entity_mentions",
        sa.Column("entity_id", Id, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("article_id", Id, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("entity_id", "start_char", "end_char", name="pk_entity_mentions"),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name="fk_entity_mentions_entity_id_entities"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_entity_mentions_article_id_articles"),
    )
    op.create_index("ix_entity_mentions_article_id", "entity_mentions", ["article_id"])

    op.create_table(
        "attributions",
        sa.Column("id", Id, nullable=False),
        sa.Column("article_id", Id, nullable=False),
        sa.Column("local_id", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("cue_text", sa.Text),
        sa.Column("source_start", sa.Integer),
        sa.Column("source_end", sa.Integer),
        sa.Column("source_text", sa.Text),
        sa.Column("speaker_id", Id),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("content_text", sa.Text, nullable=False),
        sa.Column("conduit_start", sa.Integer),
        sa.Column("conduit_end", sa.Integer),
        sa.Column("conduit_text", sa.Text),
        sa.Column("conduit_entity_id", Id),
        sa.Column("stance", sa.String(32), nullable=False),
        sa.Column("targets", sa.JSON, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_attributions"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_attributions_article_id_articles"),
        sa.ForeignKeyConstraint(["speaker_id"], ["entities.id"], name="fk_attributions_speaker_id_entities"),
        sa.ForeignKeyConstraint(["conduit_entity_id"], ["entities.id"],
                                name="fk_attributions_conduit_entity_id_entities"),
    )
    op.create_index("ix_attributions_article_id", "attributions", ["article_id"])
    op.create_index("ix_attributions_speaker_id", "attributions", ["speaker_id"])
    op.create_index("ix_attributions_stance", "attributions", ["stance"])

    op.create_table(
        "attribution_targets",
        sa.Column("attribution_id", Id, nullable=False),
        sa.Column("entity_id", Id, nullable=False),
        sa.PrimaryKeyConstraint("attribution_id", "entity_id", name="pk_attribution_targets"),
        sa.ForeignKeyConstraint(["attribution_id"], ["attributions.id"],
                                name="fk_attribution_targets_attribution_id_attributions"),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name="fk_attribution_targets_entity_id_entities"),
    )
    op.create_index("ix_attribution_targets_entity_id", "attribution_targets", ["entity_id"])

    _full_text(op.get_bind().dialect.name)
    for statement in VIEWS:
        op.execute(statement)


def _full_text(dialect: str) -> None:
    if dialect == "sqlite":
        # Filled by the store (fulltext.py) with text already reduced to plain words, in the
        # same transaction as the rows they index. No folding of their own (remove_diacritics
        # 0): the store's reduction is the only one, as on PostgreSQL.
        op.execute("CREATE VIRTUAL TABLE statement_fts USING fts5("
                   "attribution_id UNINDEXED, article_id UNINDEXED, body, "
                   "tokenize = 'unicode61 remove_diacritics 0')")
        op.execute("CREATE VIRTUAL TABLE article_fts USING fts5("
                   "article_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 0')")
    elif dialect == "postgresql":
        # The same two tables, with tsvectors the store computes (to_tsvector('simple', ...):
        # no stemming, no stop words) from the text it has already reduced to plain words.
        op.execute("CREATE TABLE statement_fts (attribution_id VARCHAR(32) PRIMARY KEY "
                   "REFERENCES attributions (id), article_id VARCHAR(32) NOT NULL, body tsvector NOT NULL)")
        op.execute("CREATE INDEX ix_statement_fts_article_id ON statement_fts (article_id)")
        op.execute("CREATE INDEX ix_statement_fts_body ON statement_fts USING GIN (body)")
        op.execute("CREATE TABLE article_fts (article_id VARCHAR(32) PRIMARY KEY "
                   "REFERENCES articles (id), body tsvector NOT NULL)")
        op.execute("CREATE INDEX ix_article_fts_body ON article_fts USING GIN (body)")


# Plain SQL that both engines read, so that `datasette claims.db` (or psql) shows statements
# with names, outlets and dates without joins typed by hand.
VIEWS = (
    """CREATE VIEW statements AS
    SELECT s.id AS attribution_id, s.article_id, ar.group_id,
           COALESCE(sp.name, s.source_text) AS speaker, sp.type AS speaker_type,
           s.stance, s.type, s.cue_text AS cue, s.content_text AS content,
           s.conduit_text AS conduit, ce.name AS conduit_entity,
           ar.source_domain AS outlet, ar.site_name, ar.date_publish AS published, ar.title, ar.url,
           s.evidence_start, s.evidence_end
    FROM attributions s
    JOIN articles ar ON ar.id = s.article_id
    LEFT JOIN entities sp ON sp.id = s.speaker_id
    LEFT JOIN entities ce ON ce.id = s.conduit_entity_id""",
    """CREATE VIEW statement_targets AS
    SELECT s.id AS attribution_id, s.article_id, COALESCE(sp.name, s.source_text) AS speaker,
           s.stance, tg.name AS target, tg.type AS target_type, s.content_text AS content,
           ar.source_domain AS outlet, ar.date_publish AS published
    FROM attribution_targets t
    JOIN attributions s ON s.id = t.attribution_id
    JOIN entities tg ON tg.id = t.entity_id
    JOIN articles ar ON ar.id = s.article_id
    LEFT JOIN entities sp ON sp.id = s.speaker_id""",
    """CREATE VIEW speakers AS
    SELECT sp.name AS speaker, sp.type,
           COUNT(*) AS statements, COUNT(DISTINCT s.article_id) AS articles,
           COUNT(DISTINCT ar.group_id) AS origins,
           MIN(ar.date_publish) AS first_published, MAX(ar.date_publish) AS last_published
    FROM attributions s
    JOIN entities sp ON sp.id = s.speaker_id
    JOIN articles ar ON ar.id = s.article_id
    GROUP BY sp.name, sp.type""",
    """CREATE VIEW appearances AS
    SELECT l.location, l.source_domain AS outlet, l.site_name, l.url, l.title, l.date_publish AS published,
           l.format, l.raw_sha256, l.article_id, ar.group_id, l.run_id, l.seen_at
    FROM article_locations l
    JOIN articles ar ON ar.id = l.article_id""",
    """CREATE VIEW article_groups AS
    SELECT ar.group_id, origin.title AS origin_title, origin.source_domain AS origin_outlet,
           origin.date_publish AS origin_published,
           COUNT(DISTINCT ar.id) AS articles, COUNT(l.id) AS appearances,
           COUNT(DISTINCT l.source_domain) AS outlets
    FROM articles ar
    JOIN articles origin ON origin.id = ar.group_id
    LEFT JOIN article_locations l ON l.article_id = ar.id
    GROUP BY ar.group_id, origin.title, origin.source_domain, origin.date_publish""",
)


def downgrade() -> None:
    for view in ("article_groups", "appearances", "speakers", "statement_targets", "statements"):
        op.execute(f"DROP VIEW IF EXISTS {view}")
    op.execute("DROP TABLE IF EXISTS statement_fts")
    op.execute("DROP TABLE IF EXISTS article_fts")
    for table in ("attribution_targets", "attributions", "entity_mentions", "entities",
                  "article_lsh_bands", "article_fingerprints", "article_locations", "articles",
                  "ingest_errors", "ingest_runs"):
        op.drop_table(table)
