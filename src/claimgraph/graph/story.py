"""A story, read from the store's claim graph: for one event, the responsibility matrix, the
timeline of statements, each speaker's position changes, the contradictions, the figures by
source, and how each claim spread. Everything is plain data (`Story.to_dict()` is JSON) and
every item carries its evidence: the article, its date and outlet, and the sentence.

    >>> from claimgraph.graph.story import load_story
    >>> story = load_story(store, "Crocus")      # an event id, or words of its label/place
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ..store import statement_judgements
from ..store.schema import (actors, articles, attributions, claim_members, claims, event_figures,
                            event_mentions, graph_builds, story_events)
from .claims import Claim, Statement
from .positions import changes, contradictions, responsibility_matrix, spread


class NoGraph(LookupError):
    """The store has no claim graph yet (build it), or no event matches the query."""


@dataclass
class Evidence:
    attribution_id: str
    article_id: str
    published: str | None
    outlet: str | None
    title: str | None
    speaker: str | None
    stance: str
    polarity: int
    content: str
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Story:
    event: dict[str, Any]
    speakers: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    matrix: dict[tuple[str, str], list[Evidence]] = field(default_factory=dict)
    timeline: list[tuple[str, Evidence]] = field(default_factory=list)  # (party, evidence)
    changes: list[dict[str, Any]] = field(default_factory=list)
    contradictions: list[dict[str, Any]] = field(default_factory=list)
    figures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # figures that sources disagree on for the other events the story's articles report
    # ("more than 100" vs "more than 400 detained at memorials" in a story about a death)
    related_figures: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)

    def cell_stance(self, speaker: str, party: str) -> str | None:
        """The latest stance of `speaker` on `party`'s responsibility, if any."""
        cell = self.matrix.get((speaker, party))
        return cell[-1].stance if cell else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "speakers": self.speakers,
            "parties": self.parties,
            "matrix": [{"speaker": sp, "party": pa, "stance": ev[-1].stance, "polarity": ev[-1].polarity,
                        "evidence": [e.to_dict() for e in ev]} for (sp, pa), ev in self.matrix.items()],
            "timeline": [{"party": party, **e.to_dict()} for party, e in self.timeline],
            "changes": self.changes,
            "contradictions": self.contradictions,
            "figures": self.figures,
            "related_figures": self.related_figures,
            "claims": self.claims,
        }


def find_events(store: Any, query: str | None = None, *, limit: int = 10) -> list[dict[str, Any]]:
    """Story events matching `query` (an event id, or words found in its label or place),
    largest first; all of them when `query` is None."""
    q = sa.select(story_events).order_by(story_events.c.articles.desc(), story_events.c.id).limit(limit)
    if query:
        words = [w for w in query.lower().split() if w]
        cond = sa.or_(story_events.c.id == query,
                      sa.and_(*[sa.func.lower(story_events.c.label).contains(w, autoescape=True) for w in words]))
        q = q.where(cond)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def graph_is_stale(store: Any) -> bool:
    """True when there is no graph yet, or articles were stored after the last build."""
    with store.engine.connect() as conn:
        built = conn.execute(sa.select(sa.func.max(graph_builds.c.built_at))).scalar()
        if built is None:
            return True
        stored = conn.execute(sa.select(sa.func.max(articles.c.stored_at))).scalar()
    return stored is not None and _aware(stored) > _aware(built)


def _aware(when: Any) -> Any:
    import datetime as dt

    return when if when.tzinfo is not None else when.replace(tzinfo=dt.timezone.utc)


def load_story(store: Any, query: str | None = None) -> Story:
    """The story of the event `query` names (the largest event when None)."""
    found = find_events(store, query, limit=1)
    if not found:
        raise NoGraph("no event matches" + (f" {query!r}" if query else " (is the graph built?)"))
    event = found[0]
    statements, claim_rows = _statements(store, event["id"])
    unlinked, unlinked_rows = _unlinked_statements(store, event["id"])
    claim_rows.update(unlinked_rows)
    by_claim: dict[str, Claim] = {}
    for row, st, polarity in statements:
        c = by_claim.get(row["claim_id"])
        if c is None:
            info = claim_rows[row["claim_id"]]
            c = by_claim[row["claim_id"]] = Claim(row["claim_id"], info["kind"], event["id"], info["party_id"])
        c.members.append((st, polarity))
    # Responsibility statements linked to no event, from articles that report this event and no
    # other, are about it: they join this event's claim on the same party (or one of their own).
    by_party = {c.party: c for c in by_claim.values() if c.kind == "responsibility" and c.party}
    for row, st, polarity in unlinked:
        party = claim_rows[row["claim_id"]]["party_id"]
        c = by_party.get(party)
        if c is None:
            c = by_party[party] = by_claim[row["claim_id"]] = Claim(row["claim_id"], "responsibility",
                                                                    event["id"], party)
        c.members.append((st, polarity))
        row["claim_id"] = c.id
    statements = statements + unlinked
    names = _actor_names(store)
    evidence = {st.key: _evidence(st, p, row, names) for row, st, p in statements}
    story = Story(event=event)

    cells = responsibility_matrix(by_claim.values(), event["id"])
    for (speaker, party), cell in sorted(cells.items(), key=lambda kv: (names.get(kv[0][0], ""), names.get(kv[0][1], ""))):
        story.matrix[(names.get(speaker, speaker), names.get(party, party))] = [evidence[s.key] for s, _ in cell.statements]
    counts_sp: dict[str, int] = defaultdict(int)
    counts_pa: dict[str, int] = defaultdict(int)
    for (sp, pa), ev in story.matrix.items():
        counts_sp[sp] += len(ev)
        counts_pa[pa] += len(ev)
    story.speakers = sorted(counts_sp, key=lambda n: (-counts_sp[n], n))
    story.parties = sorted(counts_pa, key=lambda n: (-counts_pa[n], n))

    for c in by_claim.values():
        if c.kind == "responsibility" and c.party:
            for s, _ in c.members:
                story.timeline.append((names.get(c.party, c.party), evidence[s.key]))
    story.timeline.sort(key=lambda pe: (pe[1].published or "9999", pe[1].attribution_id))

    speakers = {s.speaker for c in by_claim.values() for s, _ in c.members if s.speaker}
    for actor in sorted(speakers):
        for ch in changes(by_claim.values(), actor):
            story.changes.append({
                "actor": names.get(actor, actor), "kind": ch.kind, "party": names.get(ch.party, ch.party),
                "polarity": ch.polarity, "still_blamed": [names.get(p, p) for p in ch.still_blamed],
                "evidence": evidence[ch.statement.key].to_dict(),
                "previous": evidence[ch.previous.key].to_dict() if ch.previous else None})
    story.changes.sort(key=lambda c: (c["evidence"]["published"] or "9999", c["actor"]))

    for con in contradictions(by_claim.values()):
        story.contradictions.append({
            "claim": claim_rows[con.claim.id]["label"],
            "affirming": evidence[con.affirming.key].to_dict(),
            "rejecting": evidence[con.rejecting.key].to_dict()})

    story.figures = _figures(store, event["id"])
    story.related_figures = related_figure_conflicts(store, event["id"])
    groups = _groups(store, {s.article_id for _, s, _p in statements})
    for c in sorted(by_claim.values(), key=lambda c: -len(c.members)):
        sp = spread(c, groups)
        story.claims.append({"id": c.id, "label": claim_rows[c.id]["label"], "kind": c.kind,
                             "statements": len(c.members), "contested": c.contested,
                             "first": evidence[sp.first.key].to_dict(), "outlets": list(sp.outlets),
                             "appearances": sp.appearances, "origins": sp.origins})
    return story


def _unlinked_statements(store: Any, event_id: str) -> tuple[list[tuple[dict[str, Any], Statement, int]], dict[str, dict]]:
    """The members of responsibility claims without an event, in the articles whose every
    event mention is of `event_id`."""
    em = event_mentions
    only_this = (sa.select(em.c.article_id).group_by(em.c.article_id)
                 .having(sa.func.count(sa.distinct(em.c.event_id)) == 1)
                 .having(sa.func.max(em.c.event_id) == event_id))
    return _statements(store, event_id, sa.and_(claims.c.event_id.is_(None), claims.c.kind == "responsibility",
                                                attributions.c.article_id.in_(only_this)))


def _statements(store: Any, event_id: str, where: Any = None
                ) -> tuple[list[tuple[dict[str, Any], Statement, int]], dict[str, dict]]:
    s, a, m, c = attributions, articles, claim_members, claims
    sentence = sa.func.substr(a.c.text, s.c.evidence_start + 1, s.c.evidence_end - s.c.evidence_start)
    q = (sa.select(m.c.claim_id, m.c.polarity, m.c.speaker_actor_id, s.c.id, s.c.article_id, s.c.stance,
                   s.c.content_text, a.c.date_publish, a.c.source_domain, a.c.site_name, a.c.title,
                   sentence.label("sentence"), c.c.kind, c.c.party_id, c.c.label)
         .join(s, s.c.id == m.c.attribution_id).join(a, a.c.id == s.c.article_id)
         .join(c, c.c.id == m.c.claim_id).where(c.c.event_id == event_id if where is None else where))
    out, claim_rows = [], {}
    with store.engine.connect() as conn:
        rows = conn.execute(q).all()
        # a stance the user corrected (the graph was built with it: show it, not the machine's)
        judged = statement_judgements.for_statements(conn, (r.id for r in rows))
        for r in rows:
            claim_rows[r.claim_id] = {"kind": r.kind, "party_id": r.party_id, "label": r.label}
            j = judged.get(r.id)
            stance = j.edits.get("stance") or r.stance if j else r.stance
            st = Statement(key=r.id, article_id=r.article_id, published=(r.date_publish or "")[:10] or None,
                           outlet=r.source_domain or r.site_name, speaker=r.speaker_actor_id, stance=stance,
                           targets=(), content=r.content_text, event=event_id)
            row = {"claim_id": r.claim_id, "title": r.title, "sentence": r.sentence}
            out.append((row, st, r.polarity))
    return out, claim_rows


def _evidence(st: Statement, polarity: int, row: dict[str, Any], names: dict[str, str]) -> Evidence:
    return Evidence(st.key, st.article_id, st.published, st.outlet, row["title"],
                    names.get(st.speaker, st.speaker) if st.speaker else None, st.stance, polarity,
                    st.content, " ".join((row["sentence"] or "").split()))


def _actor_names(store: Any) -> dict[str, str]:
    with store.engine.connect() as conn:
        return {r.id: r.name for r in conn.execute(sa.select(actors.c.id, actors.c.name))}


def _figures(store: Any, event_id: str) -> dict[str, list[dict[str, Any]]]:
    """kind -> one entry per distinct value: the value, qualifiers and the sources giving it."""
    f, a = event_figures, articles
    q = (sa.select(f.c.kind, f.c.value, f.c.qualifier, f.c.text, f.c.article_id, a.c.date_publish,
                   a.c.source_domain, a.c.site_name)
         .join(a, a.c.id == f.c.article_id).where(f.c.event_id == event_id)
         .order_by(f.c.kind, a.c.date_publish, f.c.value))
    by_kind: dict[str, dict[tuple[int, str | None], dict[str, Any]]] = defaultdict(dict)
    with store.engine.connect() as conn:
        for r in conn.execute(q):
            entry = by_kind[r.kind].setdefault((r.value, r.qualifier), {
                "value": r.value, "qualifier": r.qualifier, "sources": []})
            entry["sources"].append({"article_id": r.article_id, "published": (r.date_publish or "")[:10] or None,
                                     "outlet": r.source_domain or r.site_name, "text": r.text})
    return {kind: sorted(v.values(), key=lambda e: (e["sources"][0]["published"] or "", e["value"]))
            for kind, v in by_kind.items()}


MAX_RELATED_CONFLICTS = 10


def related_figure_conflicts(store: Any, event_id: str) -> list[dict[str, Any]]:
    """For the other events that the story's articles report, the figures whose sources give
    different values: [{"event": {"id", "label"}, "kind", "values": [as in `figures`]}], the
    ones with the most sources first (at most MAX_RELATED_CONFLICTS)."""
    with store.engine.connect() as conn:
        conflicts = related_figure_counts(conn, event_id)
    figures = {other: _figures(store, other) for other, *_ in conflicts}
    return [{"event": {"id": other, "label": label}, "kind": kind, "values": figures[other][kind]}
            for other, label, kind, _ in conflicts]


def related_figure_counts(conn: sa.Connection, event_id: str
                          ) -> list[tuple[str, str, str, list[tuple[int, str | None, int, str]]]]:
    """What `related_figure_conflicts` lists, counted in one SQL query (about 20 ms on 10,000
    articles, for the workbench's page): (event id, label, kind, [(value, qualifier, number of
    sources, one of them: an article id)]), the most sources first."""
    em, f, se = event_mentions, event_figures, story_events
    in_story = sa.select(em.c.article_id).where(em.c.event_id == event_id)
    related = sa.select(em.c.event_id).where(em.c.article_id.in_(in_story), em.c.event_id != event_id).distinct()
    q = (sa.select(f.c.event_id, se.c.label, f.c.kind, f.c.value, f.c.qualifier, sa.func.count().label("n"),
                   sa.func.min(f.c.article_id).label("example"))
         .join(se, se.c.id == f.c.event_id).where(f.c.event_id.in_(related))
         .group_by(f.c.event_id, se.c.label, f.c.kind, f.c.value, f.c.qualifier))
    groups: dict[tuple[str, str, str], list[tuple[int, str | None, int, str]]] = defaultdict(list)
    for r in conn.execute(q):
        groups[(r.event_id, r.label, r.kind)].append((r.value, r.qualifier, r.n, r.example))
    out = [(other, label, kind, sorted(values, key=lambda v: (v[0], v[1] or "")))
           for (other, label, kind), values in groups.items() if len({v[0] for v in values}) > 1]
    out.sort(key=lambda c: (-sum(v[2] for v in c[3]), c[1], c[2]))
    return out[:MAX_RELATED_CONFLICTS]


def _groups(store: Any, article_ids: set[str]) -> dict[str, str]:
    if not article_ids:
        return {}
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(articles.c.id, articles.c.group_id).where(articles.c.id.in_(article_ids)))
        return {r.id: r.group_id for r in rows}
