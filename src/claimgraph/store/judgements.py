"""Judgements: the users' decisions about the machine's output (merge or split two actors now;
accept, reject or edit a statement later), kept as data keyed by deterministic ids so that they
survive every rebuild and reanalysis, and are exported with the rest."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from . import ids
from .schema import json_dumps, judgements
from .writer import now


def add_judgement(store: Any, kind: str, subject: str, payload: dict[str, Any], *,
                  author: str | None = None, note: str | None = None) -> str:
    """Record a decision; the same decision twice is stored once. Returns its id."""
    jid = ids.make_id("judgement", kind, subject, json_dumps(payload))
    with store.transaction() as conn:
        exists = conn.execute(sa.select(judgements.c.id).where(judgements.c.id == jid)).first()
        if exists is None:
            conn.execute(sa.insert(judgements).values(id=jid, kind=kind, subject=subject, payload=payload,
                                                      created_at=now(), author=author, note=note))
    return jid


def list_judgements(store: Any, kind: str | None = None) -> list[dict[str, Any]]:
    q = sa.select(judgements).order_by(judgements.c.created_at, judgements.c.id)
    if kind is not None:
        q = q.where(judgements.c.kind == kind)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]
