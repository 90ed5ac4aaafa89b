"""Build the claim graph of a store: actors across articles, story events, claims; written
back into the store's graph tables in one transaction (they are derived data: every build
replaces them; the users' judgements are read, never rebuilt).

    >>> from claimgraph.store import open_store
    >>> from claimgraph.graph.build import build_graph
    >>> with open_store("claims.db") as store:
    ...     summary = build_graph(store)

Cost: one pass over the stored records (the record JSON, not the text), actor resolution
(blocked by name keys, near-linear), event clustering (blocked by type), claim grouping
(by (event, party), and an inverted index for the rest): close to linear in the number of
articles (benchmarks/graph.py).
"""

from __future__ import annotations

import gc
import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ..store import ids, statement_judgements
from ..store.schema import (actor_members, actor_merges, actors, articles, claim_members, claims,
                            event_figures, event_mentions, graph_builds, judgements, story_events)
from ..store.writer import now
from .actors import ActorGraph, Decision, resolve_actors
from .alias_table import AliasTable
from .claims import Claim, Statement, group_claims
from .events_merge import StoryEvents, merge_events
from .statements import statements_from_record

# Actor types that can be held responsible for something (not places, not "OTHER" phrases
# such as "those who commissioned the attack").
PARTY_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@dataclass
class GraphSummary:
    build_id: str
    articles: int = 0
    actors: int = 0
    merges: int = 0
    events: int = 0
    claims: int = 0
    contested: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, Any]:
        return {"articles": self.articles, "actors": self.actors, "merges": self.merges,
                "events": self.events, "claims": self.claims, "contested": self.contested,
                "timings": {k: round(v, 3) for k, v in self.timings.items()}}


@dataclass
class _Article:
    id: str
    record: dict[str, Any]
    group: str
    published: str | None
    outlet: str | None


def build_graph(store: Any, *, aliases: AliasTable | None = None,
                progress: Callable[[str], None] | None = None) -> GraphSummary:
    """Recompute the store's claim graph from its records and judgements, and replace it."""
    # The build holds every record at once: millions of live objects that each cyclic garbage
    # collection would walk again (reading 10,000 articles took 4.0 s with it, 0.9 s without).
    # What it drops is freed by reference counting; collection resumes afterwards.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_graph(store, aliases, progress)
    finally:
        if was_enabled:
            gc.enable()


def _build_graph(store: Any, aliases: AliasTable | None,
                 progress: Callable[[str], None] | None) -> GraphSummary:
    started = time.perf_counter()
    summary = GraphSummary(uuid.uuid4().hex)
    say = progress or (lambda message: None)
    clock = _Clock(summary)

    say("reading the stored records")
    items = list(_stored_articles(store))
    summary.articles = len(items)
    decisions = _decisions(store)
    clock.lap("read")

    say(f"resolving actors across {len(items):,} articles")
    records = [{**it.record, "id": it.id} for it in items]
    graph = resolve_actors(records, aliases, decisions=decisions)
    clock.lap("actors")

    say("grouping events")
    events = merge_events(((it.id, it.record, it.published) for it in items))
    clock.lap("events")

    say("grouping claims")
    statements = list(_statements(items, graph, events))

    # the venue of an event is where it happened, not who did it ("Crocus City Hall", tagged an
    # organisation, is where the attack happened, never its culprit)
    places = {e.place.casefold() for e in events.events.values() if e.place}
    venues = {a.id for a in graph.actors.values()  # (not a state or city: "Moscow" is Russia)
              if places and a.type in ("ORG", "FAC") and {a.name.casefold(), *map(str.casefold, a.aliases)} & places}

    def can_be_party(actor_id: str) -> bool:
        return graph.actor(actor_id).type in PARTY_TYPES and actor_id not in venues

    grouped = group_claims(statements, graph.party_of, can_be_party)
    clock.lap("claims")

    say("writing the graph")
    _write(store, summary, graph, events, grouped, statements)
    clock.lap("write")
    summary.seconds = time.perf_counter() - started
    with store.transaction() as conn:
        conn.execute(sa.insert(graph_builds).values(id=summary.build_id, built_at=now(),
                                                    seconds=summary.seconds, counts=summary.counts()))
    return summary


class _Clock:
    def __init__(self, summary: GraphSummary) -> None:
        self.summary, self.last = summary, time.perf_counter()

    def lap(self, name: str) -> None:
        t = time.perf_counter()
        self.summary.timings[name] = t - self.last
        self.last = t


def _stored_articles(store: Any) -> Iterator[_Article]:
    # The text goes back into the record: actor rules read the article's own words ("X, also
    # known as Y"); the store keeps it once, in its own column.
    q = sa.select(articles.c.id, articles.c.record, articles.c.text, articles.c.group_id,
                  articles.c.date_publish, articles.c.source_domain, articles.c.site_name).order_by(articles.c.id)
    with store.engine.connect() as conn:
        # the users' corrections of single statements (the workbench's judgements): rejected
        # ones left out, corrected stances, speakers and targets used, so that the story and
        # the exports agree with what the workbench shows
        judged = statement_judgements.all_statement_judgements(conn)
        for row in conn.execution_options(yield_per=500).execute(q):
            record = json.loads(row.record) if isinstance(row.record, str) else row.record
            record["text"] = row.text
            if judged:
                record = statement_judgements.apply_to_record(
                    record, judged, lambda a, _aid=row.id: attribution_store_id(_aid, a))
            yield _Article(row.id, record, row.group_id,
                           (row.date_publish or (record.get("meta") or {}).get("published") or None),
                           row.source_domain or row.site_name)


def _decisions(store: Any) -> list[Decision]:
    """The users' merge/split judgements on actors, as resolution decisions."""
    q = sa.select(judgements.c.payload).where(judgements.c.kind.in_(("actor_merge", "actor_split")))
    with store.engine.connect() as conn:
        payloads = [p if isinstance(p, dict) else json.loads(p) for p in conn.execute(q).scalars()]
    return [Decision.from_dict(p) for p in payloads]


def _statements(items: list[_Article], graph: ActorGraph, events: StoryEvents) -> Iterator[Statement]:
    for it in items:
        def actor_of(local: str, _aid: str = it.id) -> str | None:
            return graph.actor_of(_aid, local)

        def key_of(a: dict[str, Any], _aid: str = it.id) -> str:
            return attribution_store_id(_aid, a)

        def event_of(a: dict[str, Any], _aid: str = it.id) -> str | None:
            return events.story_of(_aid, a.get("event")) if a.get("event") else None

        yield from statements_from_record(it.record, article_id=it.id, actor_of=actor_of,
                                          attribution_key=key_of, event_of=event_of,
                                          published=(it.published or "")[:10] or None, outlet=it.outlet)


def attribution_store_id(article_id: str, a: dict[str, Any]) -> str:
    """The store's id of a record's attribution (as store/writer.py computes it)."""
    cue, source = a.get("cue"), a.get("source")
    return ids.attribution_id(
        article_id,
        (cue["start"], cue["end"]) if cue else None,
        (source["start"], source["end"]) if source else None,
        [(c["start"], c["end"]) for c in a.get("content") or []])


def claim_label(claim: Claim, graph: ActorGraph, events: StoryEvents) -> str:
    event = events.label(claim.event) if claim.event else None
    if claim.kind == "responsibility" and claim.party:
        return f"{graph.actor(claim.party).name} responsible" + (f" for {event}" if event else "")
    first = min((s for s, _ in claim.members), key=lambda s: (s.published or "9999", s.key))
    text = " ".join(first.content.split())
    return text if len(text) <= 120 else text[:119] + "…"


def _write(store: Any, summary: GraphSummary, graph: ActorGraph, events: StoryEvents,
           grouped: list[Claim], statements: list[Statement]) -> None:
    actor_rows = []
    for a in graph.actors.values():
        actor_rows.append({"id": a.id, "key": a.key, "name": a.name, "type": a.type,
                           "aliases": list(a.aliases), "titles": list(a.titles),
                           "wikidata": a.wikidata, "country": a.country, "part_of": a.part_of,
                           "party": graph.party_of(a.id), "members": len(a.members)})
    member_rows = []
    for ref, actor_id in graph.member_actor.items():
        article, local = ref.split("#", 1)
        member_rows.append({"entity_id": ids.entity_id(article, local), "actor_id": actor_id,
                            "article_id": article})
    merge_rows = []
    for m in graph.merges:
        (aa, la), (ab, lb) = m.a.split("#", 1), m.b.split("#", 1)
        merge_rows.append({"actor_id": graph.member_actor.get(m.a), "entity_a": ids.entity_id(aa, la),
                           "entity_b": ids.entity_id(ab, lb), "name_a": graph.members[m.a].name,
                           "name_b": graph.members[m.b].name, "rule": m.rule, "evidence": m.evidence})
    claim_rows, member_claim_rows = [], []
    for c in grouped:
        first = min((s.published or "9999") for s, _ in c.members)
        claim_rows.append({"id": c.id, "kind": c.kind, "event_id": c.event, "party_id": c.party,
                           "label": claim_label(c, graph, events), "statements": len(c.members),
                           "contested": c.contested, "first_published": None if first == "9999" else first})
        for s, p in c.members:
            member_claim_rows.append({"attribution_id": s.key, "claim_id": c.id, "polarity": p,
                                      "speaker_actor_id": s.speaker, "event_id": s.event})
    summary.actors, summary.merges = len(actor_rows), len(merge_rows)
    summary.events, summary.claims = len(events.events), len(claim_rows)
    summary.contested = sum(1 for c in grouped if c.contested)
    with store.transaction() as conn:
        for table in (claim_members, claims, event_figures, event_mentions, story_events,
                      actor_merges, actor_members, actors):
            conn.execute(sa.delete(table))
        for table, rows in ((actors, actor_rows), (actor_members, member_rows),
                            (actor_merges, merge_rows), (story_events, events.event_rows()),
                            (event_mentions, events.mention_rows()), (event_figures, events.figure_rows()),
                            (claims, claim_rows), (claim_members, member_claim_rows)):
            for chunk in _chunks(rows, 2000):
                conn.execute(sa.insert(table), chunk)


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]

