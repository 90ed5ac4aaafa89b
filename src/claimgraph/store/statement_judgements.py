"""Judgements on single statements: accept or reject an attribution, correct its speaker,
stance or targets. They live in the `judgements` table beside the actor merge/split decisions.

Why they survive re-analysis: they are keyed by the attribution's store id, which is a hash
of the article's text and the statement's spans (ids.attribution_id), never of a row number
or the record's local id ("a3"). Re-analysing an article deletes and re-inserts its
attributions; a statement found again at the same spans gets the same id, and the judgement,
which is never touched by ingest, applies to it again. They are applied when statements are
read (`overlay`), not written into the attributions, so nothing in the ingest path has to know
about them. A judgement whose statement is no longer found is kept and reported as orphaned.

One judgement per (kind, statement): a later verdict or edit replaces the earlier one (the id
is a hash of kind and statement, so the row is updated in place), which keeps "the latest
word of the user" unambiguous and the export free of superseded decisions.

Kinds and payloads:
    statement_review  {"verdict": "accept" | "reject"}
    statement_edit    {"speaker": str?, "stance": str?, "targets": [str]?}   (fields given only)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from . import ids
from .schema import attributions, judgements
from .writer import now

REVIEW = "statement_review"
EDIT = "statement_edit"
KINDS = (REVIEW, EDIT)
VERDICTS = ("accept", "reject")
EDIT_FIELDS = ("speaker", "stance", "targets")


@dataclass
class StatementJudgement:
    """The user's word on one statement, as applied to what a reader sees."""

    attribution_id: str
    verdict: str | None = None  # accept | reject | None
    edits: dict[str, Any] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)  # the judgement rows behind it
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "edits": self.edits, "ids": self.ids, "note": self.note}


def judgement_id(kind: str, attribution_id: str) -> str:
    return ids.make_id("judgement", kind, attribution_id)


def record(store: Any, kind: str, attribution_id: str, payload: dict[str, Any], *,
           author: str | None = None, note: str | None = None) -> str:
    """Store (or replace) the `kind` judgement on a statement; an edit merges into the earlier
    edit's fields. Returns the judgement id. Raises KeyError when there is no such statement."""
    if kind not in KINDS:
        raise ValueError(f"unknown statement judgement kind {kind!r}")
    jid = judgement_id(kind, attribution_id)
    with store.transaction() as conn:
        if conn.execute(sa.select(attributions.c.id).where(attributions.c.id == attribution_id)).first() is None:
            raise KeyError(attribution_id)
        old = conn.execute(sa.select(judgements.c.payload).where(judgements.c.id == jid)).scalar()
        if old is not None and kind == EDIT:
            payload = {**_payload(old), **payload}
        values = {"kind": kind, "subject": attribution_id, "payload": payload, "created_at": now(),
                  "author": author, "note": note}
        if old is None:
            conn.execute(sa.insert(judgements).values(id=jid, **values))
        else:
            conn.execute(sa.update(judgements).where(judgements.c.id == jid).values(**values))
    return jid


def delete(store: Any, judgement_id_: str) -> bool:
    """Withdraw a judgement (any kind). False when there was none of that id."""
    with store.transaction() as conn:
        return conn.execute(sa.delete(judgements).where(judgements.c.id == judgement_id_)).rowcount > 0


def for_statements(conn: sa.Connection, attribution_ids: Iterable[str]) -> dict[str, StatementJudgement]:
    """{attribution id: its judgement} for those of `attribution_ids` that have one."""
    wanted = list(dict.fromkeys(attribution_ids))
    out: dict[str, StatementJudgement] = {}
    for i in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
        q = (sa.select(judgements.c.id, judgements.c.kind, judgements.c.subject, judgements.c.payload,
                       judgements.c.note)
             .where(judgements.c.kind.in_(KINDS), judgements.c.subject.in_(wanted[i:i + 500]))
             .order_by(judgements.c.created_at, judgements.c.id))
        for r in conn.execute(q):
            _fold(out, r)
    return out


def all_statement_judgements(conn: sa.Connection) -> dict[str, StatementJudgement]:
    out: dict[str, StatementJudgement] = {}
    q = (sa.select(judgements.c.id, judgements.c.kind, judgements.c.subject, judgements.c.payload,
                   judgements.c.note)
         .where(judgements.c.kind.in_(KINDS)).order_by(judgements.c.created_at, judgements.c.id))
    for r in conn.execute(q):
        _fold(out, r)
    return out


def _fold(out: dict[str, StatementJudgement], r: Any) -> None:
    j = out.setdefault(r.subject, StatementJudgement(r.subject))
    payload = _payload(r.payload)
    j.ids.append(r.id)
    j.note = r.note or j.note
    if r.kind == REVIEW:
        j.verdict = payload.get("verdict")
    else:
        j.edits.update({k: v for k, v in payload.items() if k in EDIT_FIELDS})


def overlay(statement: dict[str, Any], j: StatementJudgement | None) -> dict[str, Any]:
    """A statement (a dict with speaker, stance, targets) as the user corrected it: the
    corrected fields replace the machine's, which stay under `machine`, and `judgement` says
    what was decided (None when nothing was)."""
    out = dict(statement)
    out["judgement"] = j.to_dict() if j else None
    out["rejected"] = bool(j and j.verdict == "reject")
    if j and j.edits:
        out["machine"] = {k: statement.get(k) for k in j.edits}
        out.update(j.edits)
    return out


def orphaned(conn: sa.Connection) -> list[str]:
    """Ids of statement judgements whose statement is not in the store (any more)."""
    q = (sa.select(judgements.c.id)
         .where(judgements.c.kind.in_(KINDS),
                ~sa.exists().where(attributions.c.id == judgements.c.subject))
         .order_by(judgements.c.id))
    return list(conn.execute(q).scalars())


def _payload(value: Any) -> dict[str, Any]:
    import json

    return json.loads(value) if isinstance(value, str) else dict(value or {})


# -- for the claim graph ----------------------------------------------------------------------

def apply_to_record(record: dict[str, Any], judged: dict[str, StatementJudgement],
                    attribution_key: Any) -> dict[str, Any]:
    """A FORMAT.md record as the users corrected it, for building the claim graph from
    (`attribution_key(a)` gives an attribution's store id): rejected attributions are left
    out, a corrected stance replaces the machine's, and a corrected speaker or target that
    names one of the article's entities (its name or an alias, case-insensitively) points at
    that entity. A name the article does not hold cannot become an entity here: the
    workbench still shows it, the graph keeps the machine's. The record is not modified."""
    if not judged:
        return record
    by_name: dict[str, str] = {}
    for e in record.get("entities") or []:
        for name in [e.get("name"), *(e.get("aliases") or [])]:
            if name:
                by_name.setdefault(name.casefold(), e["id"])
    kept = []
    changed = False
    for a in record.get("attributions") or []:
        j = judged.get(attribution_key(a))
        if j is None:
            kept.append(a)
            continue
        changed = True
        if j.verdict == "reject":
            continue
        a = dict(a)
        edits = j.edits
        if "stance" in edits:
            a["stance"] = edits["stance"]
        if "speaker" in edits and (edits["speaker"] or "").casefold() in by_name:
            a["speaker"] = by_name[edits["speaker"].casefold()]
        if "targets" in edits:
            found = [by_name[t.casefold()] for t in edits["targets"] if t.casefold() in by_name]
            if len(found) == len(edits["targets"]):
                a["targets"] = list(dict.fromkeys(found))
        kept.append(a)
    return {**record, "attributions": kept} if changed else record
