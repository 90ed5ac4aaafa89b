"""Reading the store: statements by speaker, target, stance, outlet, date and full text; the
FORMAT.md records; counts. Every filter value is a bound parameter.

Matching rules (the same on SQLite and PostgreSQL):
- speaker, target: case-insensitive substring of the entity's name (speaker: or of the source
  span's text, for statements whose speaker was not resolved). Case folding is SQL `lower()`,
  which folds ASCII letters on SQLite (and on a PostgreSQL cluster with the C locale).
- stance: one stance or a list of them, exactly.
- outlet: an outlet where the article appeared: its source domain ("example.com") or its
  site name ("The Daily Planet"), case-insensitive, exactly.
- date_from, date_to: ISO dates, inclusive, compared with the article's `date_publish`
  ("2024-05" as date_to means up to the end of May 2024); undated articles never match.
- text: every word occurs in the statement's content (see fulltext.py).
Order: publication date (undated last), article, position in the record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from . import fulltext
from .results import Statement
from .schema import article_locations, articles, attribution_targets, attributions, entities


@dataclass(frozen=True)
class StatementFilter:
    speaker: str | None = None
    target: str | None = None
    stance: str | Iterable[str] | None = None
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str | None = None


def clean(value: str | None) -> str | None:
    """A filter value without NUL characters: PostgreSQL text cannot hold them (so no stored
    value contains one), and SQLite must give the same answers."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def _like(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_speaker = entities.alias("speaker")
_conduit = entities.alias("conduit_entity")


def statements_select(dialect: str, f: StatementFilter) -> sa.Select | None:
    """The SELECT for `f`, or None when it cannot match anything (a text with no words)."""
    f = StatementFilter(*(clean(v) for v in (f.speaker, f.target)), f.stance,
                        *(clean(v) for v in (f.outlet, f.date_from, f.date_to, f.text)))
    evidence = sa.func.substr(articles.c.text, attributions.c.evidence_start + 1,
                              attributions.c.evidence_end - attributions.c.evidence_start)
    q = (
        sa.select(
            attributions.c.id, attributions.c.article_id, articles.c.doc_id, articles.c.group_id,
            attributions.c.local_id, attributions.c.type, attributions.c.stance,
            attributions.c.cue_text, attributions.c.source_text,
            _speaker.c.name.label("speaker"), _speaker.c.type.label("speaker_type"),
            attributions.c.content_text, attributions.c.content, attributions.c.conduit_text,
            _conduit.c.name.label("conduit_entity"), attributions.c.targets,
            articles.c.source_domain, articles.c.site_name, articles.c.date_publish, articles.c.title,
            articles.c.url,
            attributions.c.evidence_start, attributions.c.evidence_end, evidence.label("evidence"),
        )
        .select_from(
            attributions.join(articles, articles.c.id == attributions.c.article_id)
            .outerjoin(_speaker, _speaker.c.id == attributions.c.speaker_id)
            .outerjoin(_conduit, _conduit.c.id == attributions.c.conduit_entity_id)
        )
        .order_by(articles.c.date_publish.asc().nulls_last(), articles.c.id, attributions.c.position,
                  attributions.c.id)
    )
    if f.speaker:
        pattern = _like(f.speaker)
        q = q.where(sa.or_(sa.func.lower(_speaker.c.name).like(pattern, escape="\\"),
                           sa.func.lower(attributions.c.source_text).like(pattern, escape="\\")))
    if f.target:
        target = entities.alias("target")
        q = q.where(sa.exists().where(
            attribution_targets.c.attribution_id == attributions.c.id,
            target.c.id == attribution_targets.c.entity_id,
            sa.func.lower(target.c.name).like(_like(f.target), escape="\\")))
    if f.stance:
        stances = [f.stance] if isinstance(f.stance, str) else list(f.stance)
        q = q.where(attributions.c.stance.in_(stances))
    if f.outlet:
        outlet = f.outlet.lower()
        q = q.where(sa.exists().where(
            article_locations.c.article_id == attributions.c.article_id,
            sa.or_(sa.func.lower(article_locations.c.source_domain) == outlet,
                   sa.func.lower(article_locations.c.site_name) == outlet)))
    if f.date_from:
        q = q.where(articles.c.date_publish >= f.date_from)
    if f.date_to:
        q = q.where(sa.func.substr(articles.c.date_publish, 1, len(f.date_to)) <= f.date_to)
    if f.text is not None:
        condition = fulltext.statements_matching(dialect, f.text)
        if condition is None:
            return None
        q = q.where(condition)
    return q


def iter_statements(conn: sa.Connection, f: StatementFilter, *, limit: int | None = None,
                    offset: int = 0, batch_size: int = 500) -> Iterator[Statement]:
    q = statements_select(conn.dialect.name, f)
    if q is None:
        return
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    result = conn.execution_options(yield_per=batch_size).execute(q)
    for rows in result.partitions():
        names = _target_names(conn, [r.id for r in rows if r.targets])
        for r in rows:
            yield _statement(r, names.get(r.id, {}))


def _target_names(conn: sa.Connection, attribution_ids: list[str]) -> dict[str, dict[str, str]]:
    """{attribution id: {local entity id: name}} for the targets of these statements."""
    out: dict[str, dict[str, str]] = {}
    if not attribution_ids:
        return out
    rows = conn.execute(
        sa.select(attribution_targets.c.attribution_id, entities.c.local_id, entities.c.name)
        .join(entities, entities.c.id == attribution_targets.c.entity_id)
        .where(attribution_targets.c.attribution_id.in_(attribution_ids)))
    for aid, local_id, name in rows:
        out.setdefault(aid, {})[local_id] = name
    return out


def _statement(r: sa.Row, target_names: dict[str, str]) -> Statement:
    targets = _json(r.targets) or []
    return Statement(
        attribution_id=r.id, article_id=r.article_id, doc_id=r.doc_id, group_id=r.group_id,
        local_id=r.local_id, type=r.type, stance=r.stance, cue=r.cue_text, source=r.source_text,
        speaker=r.speaker, speaker_type=r.speaker_type, content=r.content_text,
        content_spans=_json(r.content), conduit=r.conduit_text, conduit_entity=r.conduit_entity,
        targets=[target_names[t] for t in targets if t in target_names],
        outlet=r.source_domain, site_name=r.site_name, published=r.date_publish, title=r.title, url=r.url,
        evidence_start=r.evidence_start, evidence_end=r.evidence_end, evidence=r.evidence,
    )


def _json(value: Any) -> Any:
    # sa.JSON decodes on both engines; a view or raw SQL may hand back the text itself
    return json.loads(value) if isinstance(value, str) else value


def record_of(text: str, stored: str) -> dict[str, Any]:
    """The FORMAT.md record exactly as it was stored (the text goes back in its place)."""
    record = json.loads(stored)
    record["text"] = text
    return record


def iter_records(conn: sa.Connection, *, batch_size: int = 200) -> Iterator[dict[str, Any]]:
    q = (sa.select(articles.c.text, articles.c.record)
         .order_by(articles.c.date_publish.asc().nulls_last(), articles.c.id))
    for text, stored in conn.execution_options(yield_per=batch_size).execute(q):
        yield record_of(text, stored)
