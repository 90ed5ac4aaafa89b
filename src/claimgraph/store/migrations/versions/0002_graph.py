"""The claim graph: actors across articles (members, merges), story events (mentions,
figures), claims (member statements), graph builds, and the users' judgements; readable views.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

Frozen like 0001: the tables are written out here, not taken from `schema.py`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Id = sa.String(32)
When = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "graph_builds",
        sa.Column("id", Id, nullable=False),
        sa.Column("built_at", When, nullable=False),
        sa.Column("seconds", sa.Float),
        sa.Column("counts", sa.JSON),
        sa.PrimaryKeyConstraint("id", name="pk_graph_builds"),
    )
    op.create_table(
        "actors",
        sa.Column("id", Id, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("aliases", sa.JSON),
        sa.Column("titles", sa.JSON),
        sa.Column("wikidata", sa.String(32)),
        sa.Column("country", sa.Text),
        sa.Column("part_of", Id),
        sa.Column("party", Id),
        sa.Column("members", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_actors"),
    )
    op.create_index("ix_actors_name", "actors", ["name"])
    op.create_table(
        "actor_members",
        sa.Column("entity_id", Id, nullable=False),
        sa.Column("actor_id", Id, nullable=False),
        sa.Column("article_id", Id, nullable=False),
        sa.PrimaryKeyConstraint("entity_id", name="pk_actor_members"),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name="fk_actor_members_entity_id_entities"),
    )
    op.create_index("ix_actor_members_actor_id", "actor_members", ["actor_id"])
    op.create_index("ix_actor_members_article_id", "actor_members", ["article_id"])
    op.create_table(
        "actor_merges",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("actor_id", Id, nullable=False),
        sa.Column("entity_a", Id, nullable=False),
        sa.Column("entity_b", Id, nullable=False),
        sa.Column("name_a", sa.Text, nullable=False),
        sa.Column("name_b", sa.Text, nullable=False),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("evidence", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_actor_merges"),
    )
    op.create_index("ix_actor_merges_actor_id", "actor_merges", ["actor_id"])
    op.create_table(
        "story_events",
        sa.Column("id", Id, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("place", sa.Text),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_story_events"),
    )
    op.create_index("ix_story_events_type", "story_events", ["type"])
    op.create_table(
        "event_mentions",
        sa.Column("article_id", Id, nullable=False),
        sa.Column("local_id", sa.String(32), nullable=False),
        sa.Column("event_id", Id, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("place", sa.Text),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("date_text", sa.Text),
        sa.PrimaryKeyConstraint("article_id", "local_id", name="pk_event_mentions"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_event_mentions_article_id_articles"),
    )
    op.create_index("ix_event_mentions_event_id", "event_mentions", ["event_id"])
    op.create_table(
        "event_figures",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("event_id", Id, nullable=False),
        sa.Column("article_id", Id, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("value", sa.Integer, nullable=False),
        sa.Column("qualifier", sa.String(32)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_event_figures"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_event_figures_article_id_articles"),
    )
    op.create_index("ix_event_figures_event_id", "event_figures", ["event_id"])
    op.create_table(
        "claims",
        sa.Column("id", Id, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("event_id", Id),
        sa.Column("party_id", Id),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("statements", sa.Integer, nullable=False),
        sa.Column("contested", sa.Boolean, nullable=False),
        sa.Column("first_published", sa.String(40)),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
    )
    op.create_index("ix_claims_event_id", "claims", ["event_id"])
    op.create_index("ix_claims_party_id", "claims", ["party_id"])
    op.create_table(
        "claim_members",
        sa.Column("attribution_id", Id, nullable=False),
        sa.Column("claim_id", Id, nullable=False),
        sa.Column("polarity", sa.Integer, nullable=False),
        sa.Column("speaker_actor_id", Id),
        sa.Column("event_id", Id),
        sa.PrimaryKeyConstraint("attribution_id", name="pk_claim_members"),
        sa.ForeignKeyConstraint(["attribution_id"], ["attributions.id"],
                                name="fk_claim_members_attribution_id_attributions"),
    )
    op.create_index("ix_claim_members_claim_id", "claim_members", ["claim_id"])
    op.create_index("ix_claim_members_speaker_actor_id", "claim_members", ["speaker_actor_id"])
    op.create_table(
        "judgements",
        sa.Column("id", Id, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.Column("author", sa.Text),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_judgements"),
    )
    op.create_index("ix_judgements_kind", "judgements", ["kind"])
    for statement in VIEWS:
        op.execute(statement)


VIEWS = (
    """CREATE VIEW responsibility AS
    SELECT c.id AS claim_id, ev.label AS event, party.name AS party, sp.name AS speaker,
           s.stance, m.polarity, s.content_text AS content, ar.source_domain AS outlet,
           ar.date_publish AS published, ar.title, s.article_id, s.id AS attribution_id
    FROM claim_members m
    JOIN claims c ON c.id = m.claim_id AND c.kind = 'responsibility'
    JOIN attributions s ON s.id = m.attribution_id
    JOIN articles ar ON ar.id = s.article_id
    LEFT JOIN actors party ON party.id = c.party_id
    LEFT JOIN actors sp ON sp.id = m.speaker_actor_id
    LEFT JOIN story_events ev ON ev.id = c.event_id""",
    """CREATE VIEW actor_statements AS
    SELECT a.name AS actor, a.type AS actor_type, s.stance, s.cue_text AS cue,
           s.content_text AS content, ar.source_domain AS outlet, ar.date_publish AS published,
           ar.title, s.article_id, s.id AS attribution_id
    FROM attributions s
    JOIN actor_members am ON am.entity_id = s.speaker_id
    JOIN actors a ON a.id = am.actor_id
    JOIN articles ar ON ar.id = s.article_id""",
    """CREATE VIEW figures AS
    SELECT ev.label AS event, f.kind, f.value, f.qualifier, f.text, ar.source_domain AS outlet,
           ar.date_publish AS published, ar.title, f.article_id
    FROM event_figures f
    JOIN story_events ev ON ev.id = f.event_id
    JOIN articles ar ON ar.id = f.article_id""",
)


def downgrade() -> None:
    for view in ("figures", "actor_statements", "responsibility"):
        op.execute(f"DROP VIEW IF EXISTS {view}")
    for table in ("judgements", "claim_members", "claims", "event_figures", "event_mentions",
                  "story_events", "actor_merges", "actor_members", "actors", "graph_builds"):
        op.drop_table(table)
