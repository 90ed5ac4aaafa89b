"""From FORMAT.md records to the graph's `Statement`s: each attribution with its speaker and
targets as cross-document actors, and where the targets are named inside its content (which
tells the party of a claim from its holder: "Moscow's attempts to link Ukraine")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .claims import Statement

CONTENT_JOIN = " … "


def statements_from_record(record: dict[str, Any], *, article_id: str,
                           actor_of: Callable[[str], str | None],
                           attribution_key: Callable[[dict[str, Any]], str] | None = None,
                           event_of: Callable[[dict[str, Any]], str | None] | None = None,
                           published: str | None = None, outlet: str | None = None) -> Iterator[Statement]:
    """One `Statement` per attribution of `record`. `actor_of` maps the record's local entity
    ids ("e3") to actor ids; `attribution_key` gives an attribution's stable key (default:
    article id + local id); `event_of` its story event."""
    meta = record.get("meta") or {}
    published = published or meta.get("published")
    outlet = outlet or meta.get("outlet")
    mentions = {e["id"]: e.get("mentions") or [] for e in record.get("entities") or []}
    for a in record.get("attributions") or []:
        spans = a.get("content") or []
        content = CONTENT_JOIN.join(c["text"] for c in spans)
        targets = tuple(dict.fromkeys(t for t in (actor_of(x) for x in a.get("targets") or []) if t))
        target_spans = tuple(_inside(spans, mentions, a.get("targets") or [], actor_of))
        yield Statement(
            key=attribution_key(a) if attribution_key else f"{article_id}:{a['id']}",
            article_id=article_id,
            published=published,
            outlet=outlet,
            speaker=actor_of(a["speaker"]) if a.get("speaker") else None,
            stance=a.get("stance") or "assert",
            targets=targets,
            content=content,
            event=event_of(a) if event_of else None,
            target_spans=target_spans,
        )


def _inside(spans: list[dict[str, Any]], mentions: dict[str, list], targets: list[str],
            actor_of: Callable[[str], str | None]) -> Iterator[tuple[str, int, int]]:
    """(actor, start, end) of each target mention inside the content, in content offsets
    (the joined text of the content spans)."""
    offset = 0
    for c in spans:
        for local in targets:
            actor = actor_of(local)
            if actor is None:
                continue
            for s, e in mentions.get(local, []):
                if c["start"] <= s and e <= c["end"]:
                    yield actor, offset + s - c["start"], offset + e - c["start"]
        offset += len(c["text"]) + len(CONTENT_JOIN)
