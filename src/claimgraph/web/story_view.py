"""A story as the workbench shows it: graph/story.py's content (responsibility matrix,
timeline, position changes, contradictions, figures), bounded for a page and fast on a large
store, with the users' statement judgements applied.

Why not `load_story` itself: it materialises every statement of the event with its sentence,
and every contradicting pair, which on a 10,000-article store is hundreds of thousands of
items (hundreds of MB of page) and tens of seconds. A page can show a few hundred items; so
this module reads the event's claim members once as small tuples (no text: the sentence of a
member is the costly part), computes the same things in one pass, and fetches the evidence
text only for what is shown. What is left out is counted (`totals`), never silently dropped.

Same rules as graph/story.py and graph/positions.py: the event's claims plus the responsibility
statements linked to no event in articles that report only this event; a cell is a (speaker,
party) pair, its stance the latest statement's (undated last, then by id); changes are the
turns in a speaker's position on a party, one per party and day; contradictions are, per
claim, the first affirming and first rejecting statement of two different speakers.
Judgements: a rejected statement counts nowhere; a corrected stance shows (and counts in the
timeline) as corrected, while the claim's polarity stays the machine's until the graph is
rebuilt from corrected records.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from operator import attrgetter
from typing import Any, NamedTuple

import sqlalchemy as sa

from ..graph.positions import turns
from ..graph.story import related_figure_counts
from ..store import statement_judgements as sj
from ..store.schema import (actors, articles, attributions, claim_members, claims, event_figures,
                            event_mentions, story_events)

MAX_SPEAKERS = 40     # matrix rows
MAX_PARTIES = 12      # matrix columns and timeline lanes
EVIDENCE_PER_CELL = 3  # the latest statements of a cell shown under it
MAX_CHANGES = 100
MAX_CONTRADICTIONS = 50
MAX_FIGURE_SOURCES = 10


class _Member(NamedTuple):
    key: str          # attribution id
    speaker: str | None  # actor id
    claim: str        # its claim's id (responsibility claims: contradictions go by party)
    party: str | None  # responsibility claims only
    polarity: int
    stance: str
    article_id: str
    day: str | None
    # graph/positions.py's order (date, undated last, then id) as one string: compared often
    when: str


_WHEN = attrgetter("when")


def load(store: Any, event_id: str) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        event = conn.execute(sa.select(story_events).where(story_events.c.id == event_id)).first()
        if event is None:
            return None
        judged = sj.all_statement_judgements(conn)
        dates = _article_dates(conn)
        rejected = _rejected(judged)
        members = [m for m in _members(conn, event_id, dates, judged) if m.key not in rejected]
        view = _compute(dict(event._mapping), members)
        evidence = _evidence(conn, view.pop("_keys"), judged)
        names = _names(conn, view.pop("_actors"))
        labels = _claim_labels(conn, {p["group"][2:] for p in view["contradictions"] if p["group"].startswith("c:")})
        figures = _figures(conn, event_id, dates)
        view["related_figures"] = _related_figures(conn, event_id, dates)
    return _finish(view, evidence, names, labels, figures)


def _rejected(judged: dict[str, sj.StatementJudgement]) -> set[str]:
    return {k for k, j in judged.items() if j.verdict == "reject"}


def _article_dates(conn: sa.Connection) -> dict[str, tuple[str | None, str | None]]:
    """article id -> (day, outlet). Read once: joining articles per member is what is slow
    (a member's date sits behind the article's text in the row)."""
    day = sa.func.substr(articles.c.date_publish, 1, 10)
    rows = _rows(conn, sa.select(articles.c.id, day, sa.func.coalesce(articles.c.source_domain, articles.c.site_name)))
    return {aid: (d or None, outlet) for aid, d, outlet in rows}


def _rows(conn: sa.Connection, q: sa.Select) -> list[tuple]:
    """All rows of `q` as plain tuples, straight from the driver's cursor: on the story's tens
    of thousands of members, SQLAlchemy's Row objects cost as much as the query itself."""
    compiled = q.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _members(conn: sa.Connection, event_id: str, dates: dict, judged: dict) -> list[_Member]:
    m, c, s, em = claim_members, claims, attributions, event_mentions
    only_this = (sa.select(em.c.article_id).group_by(em.c.article_id)
                 .having(sa.func.count(sa.distinct(em.c.event_id)) == 1)
                 .having(sa.func.max(em.c.event_id) == event_id))
    cols = (m.c.attribution_id, m.c.speaker_actor_id, m.c.polarity, c.c.id, c.c.kind, c.c.party_id,
            s.c.stance, s.c.article_id)
    joined = m.join(c, c.c.id == m.c.claim_id).join(s, s.c.id == m.c.attribution_id)
    # statements without a resolved speaker are in no cell and no change, but still contradict
    # an "other" claim matters here only for its contradictions: only contested ones are read
    wanted = sa.or_(sa.and_(c.c.kind == "responsibility", c.c.party_id.is_not(None)), c.c.contested)
    linked = sa.select(*cols).select_from(joined).where(c.c.event_id == event_id, wanted)
    unlinked = sa.select(*cols).select_from(joined).where(
        c.c.event_id.is_(None), c.c.kind == "responsibility", c.c.party_id.is_not(None),
        s.c.article_id.in_(only_this))
    edited = {k: j.edits["stance"] for k, j in judged.items() if "stance" in j.edits}
    out = []
    for q in (linked, unlinked):
        for key, speaker, polarity, claim_id, kind, party, stance, article_id in _rows(conn, q):
            responsibility = kind == "responsibility" and party is not None
            day = dates.get(article_id, (None, None))[0]
            out.append(_Member(key, speaker, claim_id, party if responsibility else None, polarity, edited.get(key, stance),
                               article_id, day, f"{day or '9999'}|{key}"))
    return out


def _compute(event: dict[str, Any], members: list[_Member]) -> dict[str, Any]:
    resp = [x for x in members if x.party is not None and x.speaker is not None]
    cells: dict[tuple[str, str], list[_Member]] = defaultdict(list)
    for x in resp:
        cells[(x.speaker, x.party)].append(x)
    by_speaker: Counter[str] = Counter()
    by_party: Counter[str] = Counter()
    for cell in cells.values():
        cell.sort(key=_WHEN)
    for (sp, pa), cell in cells.items():
        by_speaker[sp] += len(cell)
        by_party[pa] += len(cell)
    speakers = [sp for sp, _ in sorted(by_speaker.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_SPEAKERS]]
    parties = [pa for pa, _ in sorted(by_party.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_PARTIES]]
    shown_sp, shown_pa = set(speakers), set(parties)
    keys: set[str] = set()
    matrix = []
    for (sp, pa), cell in cells.items():
        if sp in shown_sp and pa in shown_pa:
            latest = cell[-EVIDENCE_PER_CELL:]
            keys.update(x.key for x in latest)
            matrix.append({"speaker_id": sp, "party_id": pa, "statements": len(cell), "stance": cell[-1].stance,
                           "polarity": cell[-1].polarity, "evidence": [x.key for x in latest]})

    timeline_rows = _timeline(members, shown_pa)

    changes = _changes(resp)
    changes.sort(key=lambda ch: (ch["when"], ch["actor_id"]))
    shown_changes = changes[:MAX_CHANGES]
    for ch in shown_changes:
        keys.add(ch["evidence"])
        if ch["previous"]:
            keys.add(ch["previous"])

    pairs, n_pairs = _contradictions(members)
    for p in pairs:
        keys.update((p["affirming"], p["rejecting"]))

    actor_ids = set(speakers) | set(parties) | {ch["actor_id"] for ch in shown_changes} \
        | {ch["party_id"] for ch in shown_changes} | {b for ch in shown_changes for b in ch["still_blamed"]} \
        | {p["group"][2:] for p in pairs if p["group"].startswith("p:")}
    return {
        "event": event,
        "totals": {"statements": len(resp), "speakers": len(by_speaker), "parties": len(by_party),
                   "cells": len(cells), "changes": len(changes), "contradictions": n_pairs,
                   "shown": {"speakers": len(speakers), "parties": len(parties), "changes": len(shown_changes),
                             "contradictions": len(pairs), "evidence_per_cell": EVIDENCE_PER_CELL}},
        "speakers": [{"id": sp, "statements": by_speaker[sp]} for sp in speakers],
        "parties": [{"id": pa, "statements": by_party[pa]} for pa in parties],
        "matrix": matrix, "timeline": timeline_rows, "changes": shown_changes, "contradictions": pairs,
        "_keys": keys, "_actors": actor_ids,
    }


def _timeline(members: list[_Member], parties: set[str]) -> list[dict[str, Any]]:
    """Statements per party and period (a day; a week when the story spans more than three
    months; a month beyond two years), with their stances: what a chart of a few hundred
    pixels can show. Statements without a resolved speaker count too, as in graph/story.py."""
    days = sorted({x.day for x in members if x.day and x.party in parties})
    span = (_date(days[-1]) - _date(days[0])).days if days else 0
    unit = "day" if span <= 92 else "week" if span <= 730 else "month"
    buckets: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    periods: dict[str | None, tuple[str | None, str | None]] = {}
    for x in members:
        if x.party is not None and x.party in parties:
            period = periods.get(x.day)
            if period is None:
                period = periods[x.day] = _period(x.day, unit)
            buckets[(x.party, period)][x.stance] += 1
    rows = []
    for (party, (start, end)), stances in buckets.items():
        rows.append({"party_id": party, "start": start, "end": end, "unit": unit,
                     "statements": sum(stances.values()), "stances": dict(stances.most_common()),
                     "stance": stances.most_common(1)[0][0]})
    rows.sort(key=lambda r: (r["start"] or "9999", r["party_id"]))
    return rows


def _date(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


def _period(day: str | None, unit: str) -> tuple[str | None, str | None]:
    if not day:
        return (None, None)
    if unit == "day":
        return (day, day)
    try:
        d = _date(day)
    except ValueError:
        return (day, day)
    if unit == "week":
        start = d - dt.timedelta(days=d.weekday())
        return (start.isoformat(), (start + dt.timedelta(days=6)).isoformat())
    end = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return (d.replace(day=1).isoformat(), end.isoformat())


def _changes(resp: list[_Member]) -> list[dict[str, Any]]:
    """graph/positions.changes, for every speaker, in one pass over its statements."""
    by_actor: dict[str, list[_Member]] = defaultdict(list)
    for x in resp:
        if x.polarity != 0:
            by_actor[x.speaker].append(x)
    found = []
    for actor, xs in by_actor.items():
        if len(xs) < 2:
            continue  # a change needs an earlier position
        dated = [(x.day or "", x.party, x.polarity, x) for x in sorted(xs, key=_WHEN)]
        for kind, _party, _p, x, still, previous in turns(actor, dated):
            found.append(_change(actor, kind, x, still, previous))
    return found


def _change(actor: str, kind: str, x: _Member, still: tuple[str, ...], previous: _Member | None) -> dict[str, Any]:
    return {"actor_id": actor, "kind": kind, "party_id": x.party, "polarity": x.polarity,
            "still_blamed": list(still), "evidence": x.key, "previous": previous.key if previous else None,
            "when": x.when}


def _contradictions(members: list[_Member]) -> tuple[list[dict[str, Any]], int]:
    """The first MAX_CONTRADICTIONS contradicting pairs (by date), and how many there are."""
    first: dict[str, dict[tuple[str, int], _Member]] = defaultdict(dict)
    for x in members:
        if x.polarity != 0:
            # load_story merges a party's responsibility claims (the event's and the unlinked);
            # actor ids ("act_…") and claim ids (hex) never collide
            group = x.party or x.claim
            seen = first[group].get((x.speaker, x.polarity))
            if seen is None or x.when < seen.when:
                first[group][(x.speaker, x.polarity)] = x
    total = 0
    candidates = []
    for group, firsts in first.items():
        yes = sorted((x for (sp, p), x in firsts.items() if p > 0), key=lambda x: x.when)
        no = sorted((x for (sp, p), x in firsts.items() if p < 0), key=lambda x: x.when)
        if not yes or not no:
            continue
        same = len({x.speaker for x in yes} & {x.speaker for x in no})
        total += len(yes) * len(no) - same
        # the earliest pairs of this claim: enough to fill the page whatever the others hold
        for a in yes[:MAX_CONTRADICTIONS]:
            for r in no[:MAX_CONTRADICTIONS]:
                if a.speaker != r.speaker:
                    candidates.append((min(a.when, r.when), group, a, r))
    candidates.sort(key=lambda t: t[0])
    pairs = [{"group": f"p:{g}" if a.party is not None else f"c:{g}", "affirming": a.key, "rejecting": r.key}
             for _, g, a, r in candidates[:MAX_CONTRADICTIONS]]
    return pairs, total


def _evidence(conn: sa.Connection, keys: set[str], judged: dict) -> dict[str, dict[str, Any]]:
    s, a, m = attributions, articles, claim_members
    sentence = sa.func.substr(a.c.text, s.c.evidence_start + 1, s.c.evidence_end - s.c.evidence_start)
    out: dict[str, dict[str, Any]] = {}
    wanted = sorted(keys)
    for i in range(0, len(wanted), 500):
        q = (sa.select(s.c.id, s.c.article_id, s.c.stance, s.c.content_text, a.c.date_publish, a.c.source_domain,
                       a.c.site_name, a.c.title, sentence.label("sentence"), m.c.speaker_actor_id, m.c.polarity,
                       m.c.claim_id)
             .join(a, a.c.id == s.c.article_id).outerjoin(m, m.c.attribution_id == s.c.id)
             .where(s.c.id.in_(wanted[i:i + 500])))
        for r in conn.execute(q):
            e = {"attribution_id": r.id, "article_id": r.article_id,
                 "published": (r.date_publish or "")[:10] or None, "outlet": r.source_domain or r.site_name,
                 "title": r.title, "speaker_id": r.speaker_actor_id, "stance": r.stance, "polarity": r.polarity,
                 "content": r.content_text, "sentence": " ".join((r.sentence or "").split()),
                 "claim_id": r.claim_id}
            out[r.id] = sj.overlay(e, judged.get(r.id))
    return out


def _names(conn: sa.Connection, ids: set[str]) -> dict[str, str]:
    wanted = sorted(i for i in ids if i)
    out: dict[str, str] = {}
    for i in range(0, len(wanted), 500):
        out.update({r.id: r.name for r in conn.execute(
            sa.select(actors.c.id, actors.c.name).where(actors.c.id.in_(wanted[i:i + 500])))})
    return out


def _figures(conn: sa.Connection, event_id: str, dates: dict) -> dict[str, list[dict[str, Any]]]:
    """As graph/story.py's: kind -> one entry per distinct value, with the sources giving it
    (the earliest MAX_FIGURE_SOURCES; `more` counts the rest)."""
    f = event_figures
    groups: dict[tuple[str, int, str | None], list[tuple[str, str]]] = defaultdict(list)
    for kind, value, qualifier, text, article_id in _rows(conn,
            sa.select(f.c.kind, f.c.value, f.c.qualifier, f.c.text, f.c.article_id).where(f.c.event_id == event_id)):
        groups[(kind, value, qualifier)].append((article_id, text))
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (kind, value, qualifier), sources in groups.items():
        first = heapq.nsmallest(MAX_FIGURE_SOURCES, sources,
                                key=lambda at: (dates.get(at[0], (None,))[0] or "", at[0]))
        by_kind[kind].append({"value": value, "qualifier": qualifier, "more": len(sources) - len(first),
                              "sources": [{"article_id": a, "published": dates.get(a, (None, None))[0],
                                           "outlet": dates.get(a, (None, None))[1], "text": t} for a, t in first]})
    return {kind: sorted(entries, key=lambda e: (e["sources"][0]["published"] or "", e["value"]))
            for kind, entries in sorted(by_kind.items())}


def _related_figures(conn: sa.Connection, event_id: str, dates: dict) -> list[dict[str, Any]]:
    """graph/story.py's related figure conflicts, as counted in SQL: each value with how many
    sources give it and one of them (every source would cost a third of a second at 10,000)."""
    return [{"event": {"id": other, "label": label}, "kind": kind,
             "values": [{"value": value, "qualifier": qualifier, "sources": n,
                         "example": {"article_id": example, "published": dates.get(example, (None, None))[0],
                                     "outlet": dates.get(example, (None, None))[1]}}
                        for value, qualifier, n, example in values]}
            for other, label, kind, values in related_figure_counts(conn, event_id)]


def _finish(view: dict[str, Any], evidence: dict[str, dict], names: dict[str, str], labels: dict[str, str],
            figures: dict[str, list]) -> dict[str, Any]:
    def name(actor_id: str | None) -> str:
        return names.get(actor_id or "", actor_id or "unknown")

    def ev(key: str) -> dict[str, Any]:
        e = dict(evidence.get(key) or {"attribution_id": key})
        e.setdefault("speaker", name(e.get("speaker_id")) if e.get("speaker_id") else None)
        if "speaker" in (e.get("judgement") or {}).get("edits", {}):
            e["speaker"] = e["judgement"]["edits"]["speaker"]
        return e

    for sp in view["speakers"]:
        sp["name"] = name(sp["id"])
    for pa in view["parties"]:
        pa["name"] = name(pa["id"])
    for cell in view["matrix"]:
        cell["speaker"], cell["party"] = name(cell["speaker_id"]), name(cell["party_id"])
        cell["evidence"] = [ev(k) for k in cell["evidence"]]
        cell["stance"] = cell["evidence"][-1].get("stance", cell["stance"])
    for t in view["timeline"]:
        t["party"] = name(t["party_id"])
    for ch in view["changes"]:
        ch.pop("when", None)
        ch["actor"], ch["party"] = name(ch["actor_id"]), name(ch["party_id"])
        ch["still_blamed"] = [name(b) for b in ch["still_blamed"]]
        ch["evidence"] = ev(ch["evidence"])
        ch["previous"] = ev(ch["previous"]) if ch["previous"] else None
    label = view["event"]["label"]
    for p in view["contradictions"]:
        p["affirming"], p["rejecting"] = ev(p["affirming"]), ev(p["rejecting"])
        group = p.pop("group")
        p["claim"] = (f"{name(group[2:])} responsible for {label}" if group.startswith("p:")
                      else labels.get(group[2:], "a claim"))
    view["figures"] = figures
    return view


def _claim_labels(conn: sa.Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return {r.id: r.label for r in conn.execute(sa.select(claims.c.id, claims.c.label)
                                                 .where(claims.c.id.in_(sorted(ids))))}
