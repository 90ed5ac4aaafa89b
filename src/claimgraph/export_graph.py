"""Exports of the claim graph for other tools:

- `ftm`: FollowTheMoney entities, one JSON object per line (`{"id", "schema", "properties"}`,
  every property a list of strings), for Aleph, OpenAleph and the `ftm` tools:
  actors as Person / Organization / PublicBody (states and governments), articles as Article,
  story events as Event (with the parties involved), each statement with a party or target as
  an UnknownLink (subject: the speaker, object: the party, `role`: the stance, `summary`: what
  was said, `description`: the sentence, `date`, `sourceUrl`, `recordId`: the attribution id),
  statements without one as a Note on the speaker, and a Mention for each actor in each article.
- `claimreview`: schema.org JSON-LD, one `ClaimReview` per claim, whose `itemReviewed` is the
  `Claim` with its authors (the speakers who affirm it), `firstAppearance` and every `appearance`
  (article, outlet, date). claimgraph does not rate claims: `reviewRating` is left for a
  fact-checker to add (a rating recorded as a judgement in the workbench will fill it).
- `graphml`: a directed multigraph for Gephi, Cytoscape or networkx: actors and events as
  nodes, one edge per statement from the speaker to its party or target, with stance,
  polarity, date, outlet, claim and attribution id as attributes.

Ids are the store's deterministic ids (prefixed by kind in FTM), so a re-export of the same
data gives the same ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

import sqlalchemy as sa

from .store.schema import (actor_members, actors, articles, attributions, claim_members, claims,
                           entities, event_figures, story_events)

_FTM_SCHEMA = {"PERSON": "Person", "ORG": "Organization", "NORP": "Organization", "GPE": "PublicBody"}


def _rows(store: Any, query: sa.Select) -> Iterator[Any]:
    with store.engine.connect() as conn:
        yield from conn.execution_options(yield_per=1000).execute(query)


def _statement_rows(store: Any) -> Iterator[Any]:
    s, a, m, c = attributions, articles, claim_members, claims
    sentence = sa.func.substr(a.c.text, s.c.evidence_start + 1, s.c.evidence_end - s.c.evidence_start)
    q = (sa.select(s.c.id, s.c.article_id, s.c.stance, s.c.content_text, s.c.targets, s.c.cue_text,
                   sentence.label("sentence"), a.c.date_publish, a.c.url, a.c.source_domain,
                   a.c.site_name, a.c.title, m.c.polarity, m.c.speaker_actor_id, m.c.claim_id,
                   c.c.party_id, c.c.label.label("claim_label"))
         .join(a, a.c.id == s.c.article_id)
         .join(m, m.c.attribution_id == s.c.id)
         .join(c, c.c.id == m.c.claim_id)
         .order_by(a.c.date_publish, s.c.id))
    return _rows(store, q)


def _target_actors(store: Any) -> dict[str, list[str]]:
    """attribution id -> actor ids of its targets (through the entities' actors)."""
    from .store.schema import attribution_targets as t

    q = sa.select(t.c.attribution_id, actor_members.c.actor_id).join(
        actor_members, actor_members.c.entity_id == t.c.entity_id)
    out: dict[str, list[str]] = {}
    for r in _rows(store, q):
        out.setdefault(r.attribution_id, [])
        if r.actor_id not in out[r.attribution_id]:
            out[r.attribution_id].append(r.actor_id)
    return out


# -- FollowTheMoney ---------------------------------------------------------------------------

def _ftm(kind: str, id: str, schema: str, **props: Any) -> dict[str, Any]:
    properties = {}
    for name, value in props.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        values = [str(v) for v in values if v not in (None, "")]
        if values:
            properties[name] = values
    return {"id": f"cg-{kind}-{id}", "schema": schema, "properties": properties}


def write_ftm(store: Any, out: IO[str]) -> int:
    n = 0

    def emit(entity: dict[str, Any]) -> None:
        nonlocal n
        out.write(json.dumps(entity, ensure_ascii=False) + "\n")
        n += 1

    exported_actors = set()
    for r in _rows(store, sa.select(actors)):
        schema = _FTM_SCHEMA.get(r.type)
        if schema is None:
            continue  # places and unclassified phrases are not legal entities
        exported_actors.add(r.id)
        emit(_ftm("actor", r.id, schema, name=r.name, alias=[a for a in (r.aliases or []) if a != r.name],
                  wikidataId=r.wikidata, notes=[f"titles: {t}" for t in (r.titles or [])]))
    for r in _rows(store, sa.select(articles.c.id, articles.c.title, articles.c.date_publish, articles.c.url,
                                    articles.c.source_domain, articles.c.site_name)):
        emit(_ftm("article", r.id, "Article", title=r.title or r.id, publishedAt=(r.date_publish or "")[:10],
                  publisher=r.site_name or r.source_domain, sourceUrl=r.url))
    involved: dict[str, set[str]] = {}
    for r in _rows(store, sa.select(claims.c.event_id, claims.c.party_id)
                   .where(claims.c.kind == "responsibility", claims.c.event_id.is_not(None))):
        if r.party_id in exported_actors:
            involved.setdefault(r.event_id, set()).add(r.party_id)
    figures: dict[str, list[str]] = {}
    for r in _rows(store, sa.select(event_figures.c.event_id, event_figures.c.kind, event_figures.c.value,
                                    event_figures.c.qualifier)):
        figures.setdefault(r.event_id, []).append(f"{r.kind}: {r.qualifier + ' ' if r.qualifier else ''}{r.value}")
    for r in _rows(store, sa.select(story_events)):
        emit(_ftm("event", r.id, "Event", name=r.label, date=r.date_start, startDate=r.date_start,
                  endDate=r.date_end, location=r.place,
                  summary="; ".join(dict.fromkeys(figures.get(r.id, []))) or None,
                  involved=[f"cg-actor-{a}" for a in sorted(involved.get(r.id, ()))]))
    targets = _target_actors(store)
    for r in _statement_rows(store):
        speaker = r.speaker_actor_id if r.speaker_actor_id in exported_actors else None
        party = r.party_id if r.party_id in exported_actors else next(
            (t for t in targets.get(r.id, []) if t in exported_actors and t != speaker), None)
        common = dict(summary=r.content_text, description=" ".join((r.sentence or "").split()),
                      date=(r.date_publish or "")[:10], sourceUrl=r.url, recordId=r.id,
                      publisher=None)
        if speaker and party:
            emit(_ftm("statement", r.id, "UnknownLink", subject=f"cg-actor-{speaker}",
                      object=f"cg-actor-{party}", role=r.stance, **{k: v for k, v in common.items()
                                                                   if k != "publisher"}))
        elif speaker:
            emit(_ftm("statement", r.id, "Note", entity=f"cg-actor-{speaker}",
                      description=f"{r.stance}: {r.content_text}"))
    q = (sa.select(actor_members.c.actor_id, actor_members.c.article_id, entities.c.name, actors.c.type)
         .join(entities, entities.c.id == actor_members.c.entity_id)
         .join(actors, actors.c.id == actor_members.c.actor_id))
    seen = set()
    for r in _rows(store, q):
        key = (r.actor_id, r.article_id)
        if r.actor_id not in exported_actors or key in seen:
            continue
        seen.add(key)
        name_prop = "personMentioned" if r.type == "PERSON" else "companyMentioned"
        emit(_ftm("mention", f"{r.article_id}-{r.actor_id}", "Mention", document=f"cg-article-{r.article_id}",
                  resolved=f"cg-actor-{r.actor_id}", **{name_prop: r.name}))
    return n


# -- schema.org ClaimReview ---------------------------------------------------------------------

def claimreview_documents(store: Any) -> list[dict[str, Any]]:
    names = {r.id: r.name for r in _rows(store, sa.select(actors.c.id, actors.c.name))}
    by_claim: dict[str, dict[str, Any]] = {}
    for r in _statement_rows(store):
        doc = by_claim.get(r.claim_id)
        if doc is None:
            doc = by_claim[r.claim_id] = {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "identifier": r.claim_id,
                "claimReviewed": r.claim_label,
                "itemReviewed": {"@type": "Claim", "appearance": []},
            }
        # the claim's authors: the speakers who affirm it (a denial is not authorship)
        if r.polarity > 0 and r.speaker_actor_id in names:
            authors = doc["itemReviewed"].setdefault("author", [])
            author = {"@type": "Thing", "name": names[r.speaker_actor_id]}
            if author not in authors:
                authors.append(author)
        appearance = {"@type": "CreativeWork", "headline": r.title, "url": r.url,
                      "datePublished": (r.date_publish or "")[:10] or None,
                      "publisher": {"@type": "Organization", "name": r.site_name or r.source_domain}
                      if (r.site_name or r.source_domain) else None,
                      "text": " ".join((r.sentence or "").split())}
        appearance = {k: v for k, v in appearance.items() if v}
        claim = doc["itemReviewed"]
        if appearance not in claim["appearance"]:
            claim["appearance"].append(appearance)
    for doc in by_claim.values():
        claim = doc["itemReviewed"]
        dated = [a for a in claim["appearance"] if a.get("datePublished")]
        if dated:
            first = min(dated, key=lambda a: a["datePublished"])
            claim["firstAppearance"] = first
            claim["datePublished"] = first["datePublished"]
    return list(by_claim.values())


def write_claimreview(store: Any, out: IO[str]) -> int:
    docs = claimreview_documents(store)
    json.dump(docs, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(docs)


# -- GraphML ------------------------------------------------------------------------------------

_NODE_KEYS = (("label", "string"), ("kind", "string"), ("type", "string"), ("date", "string"))
_EDGE_KEYS = (("stance", "string"), ("polarity", "int"), ("date", "string"), ("outlet", "string"),
              ("claim", "string"), ("content", "string"), ("attribution", "string"))


def write_graphml(store: Any, out: IO[str]) -> int:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for name, kind in _NODE_KEYS:
        out.write(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>\n')
    for name, kind in _EDGE_KEYS:
        out.write(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n')
    out.write('  <graph id="claimgraph" edgedefault="directed">\n')
    nodes = set()
    for r in _rows(store, sa.select(actors.c.id, actors.c.name, actors.c.type)):
        nodes.add(r.id)
        out.write(f'    <node id={quoteattr(r.id)}>{_data("n_label", r.name)}{_data("n_kind", "actor")}'
                  f'{_data("n_type", r.type)}</node>\n')
    targets = _target_actors(store)
    n = 0
    for r in _statement_rows(store):
        if r.speaker_actor_id not in nodes:
            continue
        to = r.party_id or next((t for t in targets.get(r.id, []) if t != r.speaker_actor_id), None)
        if to not in nodes:
            continue
        n += 1
        out.write(f'    <edge id={quoteattr("s" + r.id)} source={quoteattr(r.speaker_actor_id)} '
                  f'target={quoteattr(to)}>{_data("e_stance", r.stance)}{_data("e_polarity", r.polarity)}'
                  f'{_data("e_date", (r.date_publish or "")[:10])}{_data("e_outlet", r.source_domain or r.site_name)}'
                  f'{_data("e_claim", r.claim_label)}{_data("e_content", r.content_text)}'
                  f'{_data("e_attribution", r.id)}</edge>\n')
    out.write("  </graph>\n</graphml>\n")
    return n


def _data(key: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    return f'<data key="{key}">{escape(str(value))}</data>'
