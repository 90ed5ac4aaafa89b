"""The JSON REST API under /api (described at /openapi.json). Reads are open; every write
needs the write token (security.py) and a valid body (models.py)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse

from ..model import STANCES
from ..store import queries
from ..store import statement_judgements as sj
from ..store.judgements import add_judgement
from . import data
from .models import (ACTOR_ID_PATTERN, DATE_PATTERN, ID_PATTERN, MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY, DecisionIn, EditIn,
                     ReviewIn)

router = APIRouter(prefix="/api", tags=["api"])

OPTIONAL_DATE = DATE_PATTERN.replace("^", "^(").replace("$", ")?$")
IdPath = Annotated[str, Path(pattern=ID_PATTERN, description="a 32-hex-digit store id")]
ActorIdPath = Annotated[str, Path(pattern=ACTOR_ID_PATTERN, description="an actor id (act_ + 16 hex digits)")]


def store_of(request: Request) -> Any:
    return request.app.state.store


def write_access(request: Request) -> None:
    request.app.state.guard.require_api_write(request)


Store = Annotated[Any, Depends(store_of)]
Writer = Depends(write_access)


class SearchParams:
    """The search filters, bounded (shared with the search page)."""

    def __init__(
        self,
        q: Annotated[str | None, Query(max_length=MAX_QUERY, description="words of the statement")] = None,
        speaker: Annotated[str | None, Query(max_length=MAX_QUERY)] = None,
        target: Annotated[str | None, Query(max_length=MAX_QUERY)] = None,
        stance: Annotated[list[str] | None, Query(max_length=len(STANCES))] = None,
        outlet: Annotated[str | None, Query(max_length=MAX_QUERY)] = None,
        # empty is "no filter": a search form sends every field, filled or not
        date_from: Annotated[str | None, Query(pattern=OPTIONAL_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
        date_to: Annotated[str | None, Query(pattern=OPTIONAL_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
        page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
        page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
    ) -> None:
        stances = [s for s in (stance or []) if s]
        bad = [s for s in stances if s not in STANCES]
        if bad:
            raise HTTPException(422, f"unknown stance {bad[0][:40]!r}: one of {', '.join(STANCES)}")
        self.values = {"q": q or "", "speaker": speaker or "", "target": target or "", "stance": stances,
                       "outlet": outlet or "", "date_from": date_from or "", "date_to": date_to or ""}
        self.filter = queries.StatementFilter(speaker=speaker or None, target=target or None,
                                              stance=stances or None, outlet=outlet or None,
                                              date_from=date_from or None, date_to=date_to or None,
                                              text=q or None)
        self.page, self.page_size = page, page_size


@router.get("/status", summary="What the store holds, and whether writes are enabled")
def status(request: Request, store: Store) -> dict[str, Any]:
    from ..graph.story import graph_is_stale

    return {"counts": data.counts(store), "writable": request.app.state.guard.enabled,
            "graph_stale": graph_is_stale(store)}


@router.get("/statements", summary="Search statements (full text and filters), paged")
def statements(store: Store, params: Annotated[SearchParams, Depends()]) -> dict[str, Any]:
    return data.search(store, params.filter, params.page, params.page_size)


def _found(value: dict[str, Any] | None, missing: str) -> dict[str, Any]:
    """`value`, or a 404 saying what is `missing`."""
    if value is None:
        raise HTTPException(404, missing)
    return value


@router.get("/statements/{attribution_id}", summary="One statement, with its judgement")
def statement(store: Store, attribution_id: IdPath) -> dict[str, Any]:
    return _found(data.statement(store, attribution_id), "no statement with this id")


@router.get("/articles", summary="The latest articles")
def articles(store: Store, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:
    return data.article_list(store, limit)


@router.get("/articles/{article_id}", summary="An article: text, highlights, statements")
def article(store: Store, article_id: IdPath) -> dict[str, Any]:
    a = _found(data.article(store, article_id), "no article with this id")
    a.pop("statements_by_id", None)
    return a


@router.get("/actors", summary="Actors (the claim graph), most mentioned first")
def actors(store: Store, q: Annotated[str | None, Query(max_length=MAX_QUERY)] = None,
           limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:
    return data.actor_list(store, q, limit)


@router.get("/actors/{actor_id}", summary="An actor: aliases, merges, statements, positions")
def actor(store: Store, actor_id: ActorIdPath) -> dict[str, Any]:
    a = _found(data.actor(store, actor_id), "no actor with this id (is the graph built?)")
    for d in a["decisions"]:
        d["created_at"] = d["created_at"].isoformat() if d["created_at"] else None
    return a


@router.get("/events", summary="Story events, largest first")
def events(store: Store, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:
    return data.event_list(store, limit)


@router.get("/events/{event_id}", summary="An event's story: matrix, timeline, changes, contradictions, figures (bounded: `totals` counts what is not listed)")
def event_story(store: Store, event_id: IdPath) -> dict[str, Any]:
    return _found(data.story(store, event_id), "no event with this id (is the graph built?)")


@router.get("/judgements", summary="Every judgement (statement reviews and edits, actor merges and splits)")
def judgements(store: Store) -> list[dict[str, Any]]:
    return data.judgement_list(store)


@router.get("/judgements/export", summary="The judgements as JSON Lines, for backup or another store")
def judgements_export(store: Store) -> StreamingResponse:
    rows = data.judgement_list(store)
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return StreamingResponse(iter([body]), media_type="application/x-ndjson",
                             headers={"Content-Disposition": 'attachment; filename="judgements.jsonl"'})


# -- writes -----------------------------------------------------------------------------------

def _record(store: Any, kind: str, attribution_id: str, payload: dict[str, Any], note: str | None) -> dict:
    try:
        jid = sj.record(store, kind, attribution_id, payload, note=note or None)
    except KeyError:
        raise HTTPException(404, "no statement with this id") from None
    return {"id": jid, "statement": data.statement(store, attribution_id)}


@router.post("/statements/{attribution_id}/review", status_code=201, dependencies=[Writer],
             summary="Accept or reject a statement (replaces an earlier verdict)")
def review(store: Store, attribution_id: IdPath, body: ReviewIn) -> dict[str, Any]:
    return _record(store, sj.REVIEW, attribution_id, {"verdict": body.verdict}, body.note)


@router.post("/statements/{attribution_id}/edit", status_code=201, dependencies=[Writer],
             summary="Correct a statement's speaker, stance or targets (merges with earlier edits)")
def edit(store: Store, attribution_id: IdPath, body: EditIn) -> dict[str, Any]:
    return _record(store, sj.EDIT, attribution_id, body.edits(), body.note)


@router.delete("/judgements/{judgement_id}", dependencies=[Writer], summary="Withdraw a judgement")
def withdraw(store: Store, judgement_id: IdPath) -> dict[str, Any]:
    if not sj.delete(store, judgement_id):
        raise HTTPException(404, "no judgement with this id")
    return {"deleted": judgement_id}


def record_decision(store: Any, kind: str, body: DecisionIn) -> str:
    """The same judgement `claimgraph graph merge|split` records (applied at the next build)."""
    return add_judgement(store, f"actor_{kind}", f"{body.a} | {body.b}",
                         {"kind": kind, "a": body.a, "b": body.b, "note": body.note}, note=body.note)


@router.post("/actors/merge", status_code=201, dependencies=[Writer],
             summary="Record that two actors are one (applies at the next graph build)")
def merge(store: Store, body: DecisionIn) -> dict[str, Any]:
    return {"id": record_decision(store, "merge", body), "applies": "at the next graph build (POST /api/graph/build)"}


@router.post("/actors/split", status_code=201, dependencies=[Writer],
             summary="Record that two actors are not one (applies at the next graph build)")
def split(store: Store, body: DecisionIn) -> dict[str, Any]:
    return {"id": record_decision(store, "split", body), "applies": "at the next graph build (POST /api/graph/build)"}


@router.post("/graph/build", dependencies=[Writer], summary="Rebuild the claim graph (applies merges and splits)")
def graph_build(store: Store) -> dict[str, Any]:
    from ..graph.build import build_graph

    summary = build_graph(store)
    return {"build_id": summary.build_id, **summary.counts(), "seconds": round(summary.seconds, 3)}
