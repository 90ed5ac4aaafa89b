"""What the pages and the API show, read from the store, with the users' judgements applied.

Everything here returns plain dicts/lists (JSON as is), shared by the API and the templates,
so a page never shows something the API would not give and vice versa.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from ..store import queries
from ..store import statement_judgements as sj
from ..store.schema import (actor_members, actor_merges, actors, articles, attributions, claim_members,
                            claims, entities, judgements, story_events)


def _statement_dicts(conn: sa.Connection, q: sa.Select) -> list[dict[str, Any]]:
    rows = list(conn.execute(q))
    names = queries._target_names(conn, [r.id for r in rows if r.targets])
    found = [queries._statement(r, names.get(r.id, {})).to_dict() for r in rows]
    js = sj.for_statements(conn, [s["attribution_id"] for s in found])
    return [_public(sj.overlay(s, js.get(s["attribution_id"]))) for s in found]


def _public(s: dict[str, Any]) -> dict[str, Any]:
    s.pop("content_spans", None)
    s["evidence"] = " ".join((s.get("evidence") or "").split())
    return s


def _base(conn: sa.Connection) -> sa.Select:
    q = queries.statements_select(conn.dialect.name, queries.StatementFilter())
    assert q is not None
    return q


# -- search -----------------------------------------------------------------------------------

def search(store: Any, f: queries.StatementFilter, page: int, page_size: int) -> dict[str, Any]:
    with store.engine.connect() as conn:
        q = queries.statements_select(conn.dialect.name, f)
        if q is None:  # search text without a single word: nothing can match
            return {"total": 0, "page": page, "page_size": page_size, "pages": 0, "items": []}
        total = conn.execute(sa.select(sa.func.count()).select_from(
            q.order_by(None).with_only_columns(attributions.c.id).subquery())).scalar_one()
        items = _statement_dicts(conn, q.limit(page_size).offset((page - 1) * page_size))
    return {"total": total, "page": page, "page_size": page_size,
            "pages": (total + page_size - 1) // page_size, "items": items}


def facets(store: Any) -> dict[str, list[str]]:
    """The outlets and stances present, for the search form's choices."""
    with store.engine.connect() as conn:
        outlets = [o for o in conn.execute(sa.select(sa.distinct(articles.c.source_domain))
                                           .where(articles.c.source_domain.is_not(None))
                                           .order_by(articles.c.source_domain).limit(200)).scalars()]
    return {"outlets": outlets}


# -- one statement ----------------------------------------------------------------------------

def statement(store: Any, attribution_id: str) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        found = _statement_dicts(conn, _base(conn).where(attributions.c.id == attribution_id))
        if not found:
            return None
        s = found[0]
        s["entities"] = [r.name for r in conn.execute(
            sa.select(sa.distinct(entities.c.name)).where(entities.c.article_id == s["article_id"])
            .order_by(entities.c.name))]
    return s


# -- articles ---------------------------------------------------------------------------------

def article(store: Any, article_id: str) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(articles.c.id, articles.c.title, articles.c.text, articles.c.url,
                                     articles.c.source_domain, articles.c.site_name, articles.c.date_publish,
                                     articles.c.group_id)
                           .where(articles.c.id == article_id)).first()
        if row is None:
            return None
        statements = _statement_dicts(conn, _base(conn).where(attributions.c.article_id == article_id))
        spans = list(conn.execute(sa.select(
            attributions.c.id, attributions.c.cue_start, attributions.c.cue_end, attributions.c.source_start,
            attributions.c.source_end, attributions.c.content, attributions.c.conduit_start,
            attributions.c.conduit_end).where(attributions.c.article_id == article_id)))
    out = {"id": row.id, "title": row.title, "url": row.url, "outlet": row.source_domain,
           "site_name": row.site_name, "published": row.date_publish, "group_id": row.group_id,
           "text": row.text, "statements": statements, "highlights": []}
    by_id = {s["attribution_id"]: s for s in statements}
    for r in spans:
        for role, start, end in (("source", r.source_start, r.source_end), ("cue", r.cue_start, r.cue_end),
                                 ("conduit", r.conduit_start, r.conduit_end)):
            if start is not None and end is not None and end > start:
                out["highlights"].append({"attribution_id": r.id, "role": role, "start": start, "end": end})
        content = json.loads(r.content) if isinstance(r.content, str) else (r.content or [])
        for span in content:
            out["highlights"].append({"attribution_id": r.id, "role": "content",
                                      "start": span["start"], "end": span["end"]})
    out["highlights"].sort(key=lambda h: (h["start"], -h["end"]))
    out["statements_by_id"] = by_id
    return out


def article_list(store: Any, limit: int = 50) -> list[dict[str, Any]]:
    q = (sa.select(articles.c.id, articles.c.title, articles.c.source_domain, articles.c.date_publish)
         .order_by(articles.c.date_publish.desc().nulls_last(), articles.c.id).limit(limit))
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


# -- actors -----------------------------------------------------------------------------------

def actor_list(store: Any, query: str | None, limit: int) -> list[dict[str, Any]]:
    q = sa.select(actors.c.id, actors.c.name, actors.c.type, actors.c.members).order_by(
        actors.c.members.desc(), actors.c.name).limit(limit)
    if query:
        q = q.where(sa.func.lower(actors.c.name).contains(query.lower(), autoescape=True))
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def actor(store: Any, actor_id: str, limit: int = 200) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(actors).where(actors.c.id == actor_id)).first()
        if row is None:
            return None
        members = sa.select(actor_members.c.entity_id).where(actor_members.c.actor_id == actor_id)
        statements = _statement_dicts(conn, _base(conn).where(attributions.c.speaker_id.in_(members)).limit(limit))
        total = conn.execute(sa.select(sa.func.count()).select_from(attributions)
                             .where(attributions.c.speaker_id.in_(members))).scalar_one()
        merges = [dict(r._mapping) for r in conn.execute(
            sa.select(actor_merges.c.name_a, actor_merges.c.name_b, actor_merges.c.rule, actor_merges.c.evidence)
            .where(actor_merges.c.actor_id == actor_id).order_by(actor_merges.c.id).limit(200))]
        positions = [dict(r._mapping) for r in conn.execute(
            sa.select(claim_members.c.attribution_id, claim_members.c.polarity, claims.c.party_id,
                      actors.c.name.label("party"), articles.c.date_publish.label("published"))
            .join(claims, claims.c.id == claim_members.c.claim_id)
            .join(actors, actors.c.id == claims.c.party_id)
            .join(attributions, attributions.c.id == claim_members.c.attribution_id)
            .join(articles, articles.c.id == attributions.c.article_id)
            .where(claim_members.c.speaker_actor_id == actor_id, claims.c.kind == "responsibility")
            .order_by(articles.c.date_publish))]
        rejected = {aid for aid, j in sj.for_statements(conn, [p["attribution_id"] for p in positions]).items()
                    if j.verdict == "reject"}
        decisions = [dict(r._mapping) for r in conn.execute(
            sa.select(judgements.c.id, judgements.c.kind, judgements.c.payload, judgements.c.created_at)
            .where(judgements.c.kind.in_(("actor_merge", "actor_split"))).order_by(judgements.c.created_at))]
    names = {(row.name or "").lower(), *((a or "").lower() for a in (row.aliases or []))}
    mine = [d for d in decisions if _payload(d["payload"]).get("a", "").lower() in names
            or _payload(d["payload"]).get("b", "").lower() in names]
    return {"id": row.id, "name": row.name, "type": row.type, "aliases": list(row.aliases or []),
            "titles": list(row.titles or []), "country": row.country, "members": row.members,
            "merges": merges, "decisions": mine, "statements": statements, "statements_total": total,
            "positions": [p for p in positions if p["attribution_id"] not in rejected]}


def _payload(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value or {})


# -- stories ----------------------------------------------------------------------------------

def event_list(store: Any, limit: int = 50) -> list[dict[str, Any]]:
    q = sa.select(story_events).order_by(story_events.c.articles.desc(), story_events.c.id).limit(limit)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def story(store: Any, event_id: str) -> dict[str, Any] | None:
    """The story of one event, bounded for a page, judgements applied (story_view.py)."""
    from .story_view import load

    return load(store, event_id)


# -- judgements -------------------------------------------------------------------------------

def judgement_list(store: Any, limit: int | None = None) -> list[dict[str, Any]]:
    q = sa.select(judgements).order_by(judgements.c.created_at, judgements.c.id)
    if limit:
        q = q.limit(limit)
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
        orphans = set(sj.orphaned(conn))
    for r in rows:
        r["payload"] = _payload(r["payload"])
        r["created_at"] = r["created_at"].isoformat() if r["created_at"] else None
        r["orphaned"] = r["id"] in orphans
    return rows


def counts(store: Any) -> dict[str, int]:
    with store.engine.connect() as conn:
        def n(t: sa.Table) -> int:
            return conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
        return {"articles": n(articles), "statements": n(attributions), "actors": n(actors),
                "events": n(story_events), "judgements": n(judgements)}
