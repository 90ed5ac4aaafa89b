"""Score a built claim graph against a multi-article scenario's gold (tests/data/scenarios/<name>/
gold.json; the format is in that folder's README.md).

Pure: it reads the gold, the store's records and graph tables, and the `Story` that `load_story`
gives; it writes nothing. Measures (each a `Counts`: right / predicted / expected):

- entity merges, pairwise over surface names: every (document, variant) where a gold variant
  occurs is an item, labelled with its gold actor and predicted by the actor of the entity whose
  mention is that text (exactly, else the smallest mention containing it; no mention: a
  singleton). Two items predicted together that are one gold actor are a right pair;
- claim grouping, pairwise over the gold statements: two references are a gold pair when they
  share a gold claim, a predicted pair when their attributions are members of the same claim;
- date normalisation: each (document, event) the gold dates against the dated record events of
  that document whose type the gold event accepts;
- matrix cells (speaker, party), over the story's matrix, with predicted actors mapped to gold
  actors by the majority of their scored surface names; polarity agreement on matched cells;
- contradictions (party, affirming speaker, rejecting speaker), responsibility claims only;
- figure conflicts: a gold conflict is found when at least two of its values are among the
  story's figures for that measure (`figure_values` gives value recall).

Every gold statement that is not grouped right is also put in an error category, the first layer
that fails: extraction (no attribution at the cue; wrong speaker; wrong stance; the party is not
a target), events (the statement's claim is not about the story's event), grouping (not in a
claim with its gold fellows, or a wrong polarity).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ..nlp.entity_names import clean_surface
from ..store import ids
from ..store.schema import (actor_members, actors, article_locations, articles, claim_members,
                            claims)
from .claims import polarity as stance_polarity

MEASURES = ("entity_merges", "claim_pairs", "dates", "matrix_cells", "contradictions",
            "figure_conflicts", "figure_values")


@dataclass
class Counts:
    """`right` of `predicted` are right; `found` of `expected` were found (pairwise measures
    have right == found)."""

    right: int = 0
    predicted: int = 0
    found: int = 0
    expected: int = 0

    @property
    def precision(self) -> float | None:
        return self.right / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.expected if self.expected else None

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.right + other.right, self.predicted + other.predicted,
                      self.found + other.found, self.expected + other.expected)


@dataclass
class ScenarioScore:
    name: str
    counts: dict[str, Counts] = field(default_factory=dict)
    polarity_right: int = 0        # matched matrix cells with the gold polarity
    polarity_cells: int = 0
    must_not_merge_violations: list[tuple[str, str]] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)           # category -> statements
    error_examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    story_event: str | None = None
    wrong: dict[str, list] = field(default_factory=lambda: defaultdict(list))   # measure -> false positives
    missed: dict[str, list] = field(default_factory=lambda: defaultdict(list))  # measure -> false negatives


def load_gold(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def nth(text: str, needle: str, n: int) -> int:
    """Start of the n-th (1-based) occurrence of `needle` in `text`, inside words too; -1 if none."""
    pos = -1
    for _ in range(n):
        pos = text.find(needle, pos + 1)
        if pos == -1:
            return -1
    return pos


def word_occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text)]


# -- what the store holds, per gold document ----------------------------------------------

@dataclass
class _Doc:
    name: str
    article_id: str
    text: str
    record: dict[str, Any]


class StoreView:
    """The store's records and graph, addressed by the gold's document names (file stems)."""

    def __init__(self, store: Any, doc_names: Iterable[str]):
        wanted = set(doc_names)
        self.docs: dict[str, _Doc] = {}
        with store.engine.connect() as conn:
            rows = conn.execute(sa.select(article_locations.c.location, articles.c.id, articles.c.text,
                                          articles.c.record)
                                .join(articles, articles.c.id == article_locations.c.article_id))
            for r in rows:
                stem = Path(r.location).stem
                if stem in wanted and stem not in self.docs:
                    record = json.loads(r.record) if isinstance(r.record, str) else r.record
                    self.docs[stem] = _Doc(stem, r.id, r.text, record)
            self.actor_of_entity = {r.entity_id: r.actor_id for r in conn.execute(
                sa.select(actor_members.c.entity_id, actor_members.c.actor_id))}
            self.actor_name, self.party_of = {}, {}
            for r in conn.execute(sa.select(actors.c.id, actors.c.name, actors.c.party)):
                self.actor_name[r.id] = r.name
                self.party_of[r.id] = r.party or r.id
            self.claim_of = {r.attribution_id: (r.claim_id, r.polarity, r.event_id) for r in conn.execute(
                sa.select(claim_members.c.attribution_id, claim_members.c.claim_id, claim_members.c.polarity,
                          claim_members.c.event_id))}
            self.claims = {r.id: dict(r._mapping) for r in conn.execute(
                sa.select(claims.c.id, claims.c.kind, claims.c.event_id, claims.c.party_id, claims.c.label))}

    def actor(self, doc: _Doc, local: str | None) -> str | None:
        if not local:
            return None
        eid = ids.entity_id(doc.article_id, local)
        return self.actor_of_entity.get(eid, "entity:" + eid)

    def entity_at(self, doc: _Doc, start: int, end: int, exact: bool) -> str | None:
        """The local id of the entity with a mention at [start, end) (exact), or the smallest
        mention containing it."""
        best, best_len = None, None
        for e in doc.record.get("entities") or []:
            for s, t in e.get("mentions") or []:
                if exact and (s, t) == (start, end):
                    return e["id"]
                if not exact and s <= start and end <= t and (best_len is None or t - s < best_len):
                    best, best_len = e["id"], t - s
        return best

    def attribution_at(self, doc: _Doc, start: int, end: int) -> dict[str, Any] | None:
        for a in doc.record.get("attributions") or []:
            cue = a.get("cue")
            if cue and cue["start"] < end and start < cue["end"]:
                return a
        return None


def _attribution_key(article_id: str, a: dict[str, Any]) -> str:
    from .build import attribution_store_id  # build imports the store writer: import late

    return attribution_store_id(article_id, a)


# -- the measures ----------------------------------------------------------------------------

def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(items: list[tuple[str, str | None]]) -> Counts:
    """items: (gold label, predicted label or None for a singleton)."""
    gold = Counter(g for g, _ in items)
    pred = Counter(p for _, p in items if p is not None)
    both = Counter((g, p) for g, p in items if p is not None)
    right = sum(_pairs(n) for n in both.values())
    return Counts(right, sum(_pairs(n) for n in pred.values()), right, sum(_pairs(n) for n in gold.values()))


def _set_counts(predicted: set, expected: set) -> Counts:
    hit = len(predicted & expected)
    return Counts(hit, len(predicted), hit, len(expected))


def score_entities(gold: dict[str, Any], view: StoreView, score: ScenarioScore) -> dict[str, str]:
    """Pairwise merge counts; returns predicted actor id -> gold actor id (majority vote)."""
    items: list[tuple[str, str | None]] = []
    votes: dict[str, Counter] = defaultdict(Counter)
    members: dict[str, set[str]] = defaultdict(set)
    seen: dict[str, list] = defaultdict(list)
    for actor in gold["actors"]:
        for v in actor["variants"]:
            text, docs = (v, None) if isinstance(v, str) else (v["text"], set(v["docs"]))
            for name, doc in view.docs.items():
                if docs is not None and name not in docs:
                    continue
                spans = word_occurrences(doc.text, text)
                if not spans:
                    continue
                # the record's mentions are cleaned names ("Kremlin" for "The Kremlin"), so the
                # variant is also looked up as the same cleaning leaves it
                bare = [(s + a, s + b) for s, e in spans
                        for a, b in [clean_surface(doc.text[s:e])] if (a, b) != (0, e - s)]
                local = next((x for s, e in spans + bare if (x := view.entity_at(doc, s, e, True))), None) or \
                    next((x for s, e in spans + bare if (x := view.entity_at(doc, s, e, False))), None)
                predicted = view.actor(doc, local)
                items.append((actor["id"], predicted))
                seen[actor["id"]].append((name[:10], text, view.actor_name.get(predicted or "", predicted)))
                if predicted:
                    votes[predicted][actor["id"]] += 1
                    members[actor["id"]].add(predicted)
    score.counts["entity_merges"] = pairwise(items)
    # a gold actor found under several predicted actors (or none): its surface names, where, as what
    score.missed["entity_merges"] = [(g, found) for g, found in seen.items()
                                     if len({p for _d, _t, p in found}) > 1 or None in {p for _d, _t, p in found}]
    holders: dict[str, set[str]] = defaultdict(set)
    for g, p in items:
        if p:
            holders[p].add(g)
    score.wrong["entity_merges"] = [(view.actor_name.get(p, p), sorted(gs)) for p, gs in holders.items() if len(gs) > 1]
    for a, b, *_why in gold.get("must_not_merge") or []:
        if members[a] & members[b]:
            score.must_not_merge_violations.append((a, b))
    return {p: c.most_common(1)[0][0] for p, c in votes.items()}


def score_claims(gold: dict[str, Any], view: StoreView, actor_map: dict[str, str],
                 in_story: set[str] | None, score: ScenarioScore) -> None:
    """`in_story`: the attribution ids of the story's responsibility statements (None: no story)."""
    resolved = []  # (gold claim, gold statement, where, doc, record attribution or None, member or None)
    for claim in gold["claims"]:
        for st in claim["statements"]:
            doc_name, cue, occurrence = st["ref"]
            doc = view.docs[doc_name]
            if cue is None:  # a cue-less statement ("Bortnikov: ..."), named by its content's start
                start = doc.text.find(occurrence)
                a = next((x for x in doc.record.get("attributions") or [] if not x.get("cue") and x.get("content")
                          and x["content"][0]["start"] <= start < x["content"][0]["end"]), None) if start >= 0 else None
                where = f"{doc_name} (no cue) {occurrence[:20]!r}"
            else:
                start = nth(doc.text, cue, occurrence)
                a = view.attribution_at(doc, start, start + len(cue)) if start >= 0 else None
                where = f"{doc_name} {cue!r}#{occurrence}"
            key = _attribution_key(doc.article_id, a) if a else None
            member = view.claim_of.get(key) if key else None
            resolved.append((claim, st, where, doc, a, member and (*member, key)))
    score.counts["claim_pairs"] = pairwise([(c["id"], m[0] if m else None) for c, _s, _w, _d, _a, m in resolved])
    # The predicted claim most of a gold claim's statements are in: the others are split off.
    majority: dict[str, Counter] = defaultdict(Counter)
    for claim, _st, _w, _d, _a, member in resolved:
        if member:
            majority[claim["id"]][member[0]] += 1
    for claim, st, where, doc, a, member in resolved:
        if a is None:
            _error(score, "extraction: no attribution at the cue", where)
            continue
        speaker = actor_map.get(view.actor(doc, a.get("speaker")) or "")
        # a target counts as the party when it is the party or rolls up to it ("Russian forces")
        targets = {actor_map.get(x or "") for t in a.get("targets") or []
                   for x in (view.actor(doc, t), view.party_of.get(view.actor(doc, t) or ""))}
        if speaker != st["speaker"]:
            said = speaker or view.actor_name.get(view.actor(doc, a.get("speaker")) or "", a.get("speaker"))
            _error(score, "extraction: speaker", f"{where}: {said!r} for {st['speaker']}")
        elif stance_polarity(a.get("stance") or "") != stance_polarity(st["stance"]):
            _error(score, "extraction: stance", f"{where}: {a.get('stance')} for {st['stance']}")
        elif claim["kind"] == "responsibility" and claim["party"] not in targets and claim["party"] != speaker:
            _error(score, "extraction: targets (party not a target)", f"{where}: {sorted(filter(None, targets))}")
        elif member is None:
            _error(score, "grouping: in no claim", where)
        elif claim["kind"] == "responsibility" and view.claims.get(member[0], {}).get("kind") != "responsibility":
            _error(score, "grouping: no party found (an 'other' claim)",
                   f"{where}: in {view.claims.get(member[0], {}).get('label')!r}")
        elif claim["kind"] == "responsibility" and member[3] not in (in_story or set()):
            _error(score, "events: not linked to the story's event",
                   f"{where}: in {view.claims.get(member[0], {}).get('label')!r}")
        elif member[1] != st["polarity"]:
            _error(score, "grouping: polarity", f"{where}: {member[1]} for {st['polarity']}")
        elif len(claim["statements"]) > 1 and majority[claim["id"]].most_common(1)[0][0] != member[0]:
            _error(score, "grouping: split from its claim (other party or wording)",
                   f"{where}: in {view.claims.get(member[0], {}).get('label')!r}")
        else:
            score.errors["ok"] += 1


def _error(score: ScenarioScore, category: str, example: str) -> None:
    score.errors[category] += 1
    if len(score.error_examples[category]) < 50:
        score.error_examples[category].append(example)


def score_dates(gold: dict[str, Any], view: StoreView, score: ScenarioScore) -> None:
    types = {e["id"]: set(e.get("types") or [e["type"]]) for e in gold["events"]}
    accepted = set().union(*types.values()) if types else set()
    expected = {(d["doc"], d["event"]): (d["start"], d["end"]) for d in gold.get("event_dates") or []
                if d["event"] in types}
    c = Counts(expected=len(expected))
    for name, doc in view.docs.items():
        for ev in doc.record.get("events") or []:
            date = ev.get("date") or {}
            if ev.get("type") not in accepted or not date.get("value"):
                continue
            span = (date["value"], date.get("end_value") or date["value"])
            c.predicted += 1
            if any(d == name and span == want and ev.get("type") in types[e] for (d, e), want in expected.items()):
                c.right += 1
        for (d, e), want in expected.items():
            if d == name and any((ev.get("date") or {}).get("value") and ev.get("type") in types[e]
                                 and ((ev["date"]["value"], ev["date"].get("end_value") or ev["date"]["value"]) == want)
                                 for ev in doc.record.get("events") or []):
                c.found += 1
    score.counts["dates"] = c


def score_story(gold: dict[str, Any], view: StoreView, story: Any, actor_map: dict[str, str],
                score: ScenarioScore) -> None:
    by_name: dict[str, str] = {}
    for actor_id, gold_id in actor_map.items():
        name = view.actor_name.get(actor_id)
        if name:
            by_name.setdefault(name, gold_id)

    def g(name: str | None) -> str:
        return by_name.get(name or "", f"?{name}")

    # Matrix cells.
    want = {(c["speaker"], c["party"]): c["polarity"] for c in gold["matrix"]["cells"]}
    got: dict[tuple[str, str], int] = {}
    if story is not None:
        for (speaker, party), evidence in story.matrix.items():
            polarity = next((e.polarity for e in reversed(evidence) if e.polarity), 0)
            got[(g(speaker), g(party))] = polarity
    score.counts["matrix_cells"] = _set_counts(set(got), set(want))
    score.wrong["matrix_cells"] = sorted(set(got) - set(want), key=str)
    score.missed["matrix_cells"] = sorted(set(want) - set(got), key=str)
    for key in set(got) & set(want):
        score.polarity_cells += 1
        score.polarity_right += got[key] == want[key]

    # Contradictions on responsibility claims of the story's event.
    party_of_label = {c["label"]: c["party_id"] for c in view.claims.values()
                      if c["kind"] == "responsibility" and (story is None or c["event_id"] == story.event["id"])}
    predicted = set()
    if story is not None:
        for con in story.contradictions:
            if con["claim"] in party_of_label:
                party = actor_map.get(party_of_label[con["claim"]] or "", "?party")
                predicted.add((party, g(con["affirming"]["speaker"]), g(con["rejecting"]["speaker"])))
    main = gold["matrix"]["event"]
    event_of = {c["id"]: c["event"] for c in gold["claims"]}
    party_of_claim = {c["id"]: c["party"] for c in gold["claims"]}
    expected = {(c.get("party", party_of_claim.get(c["claim"])), c["affirms"], c["rejects"])
                for c in gold["contradictions"] if event_of.get(c["claim"]) == main}
    score.counts["contradictions"] = _set_counts(predicted, expected)
    score.wrong["contradictions"] = sorted(predicted - expected, key=str)
    score.missed["contradictions"] = sorted(expected - predicted, key=str)

    # Figures: values per measure, and conflicts with at least two of their values shown.
    shown: dict[str, set[int]] = defaultdict(set)
    if story is not None:
        for kind, entries in story.figures.items():
            for e in entries:
                shown[kind].add(e["value"])
        for conflict in story.related_figures:  # the story's other events
            shown[conflict["kind"]].update(e["value"] for e in conflict["values"])
    values, conflicts = Counts(), Counts()
    for conflict in gold.get("figure_conflicts") or []:
        gold_values = {v["value"] for v in conflict["values"]}
        hit = gold_values & shown[conflict["measure"]]
        values += Counts(len(hit), len(shown[conflict["measure"]]), len(hit), len(gold_values))
        conflicts += Counts(found=int(len(hit) >= 2), expected=1)
    score.counts["figure_values"] = values
    score.counts["figure_conflicts"] = conflicts


def score_scenario(name: str, gold: dict[str, Any], store: Any, story: Any | None) -> ScenarioScore:
    """`story`: `load_story(store)` (None when the graph has no event)."""
    view = StoreView(store, (d["doc"] for d in gold["documents"]))
    missing = [d["doc"] for d in gold["documents"] if d["doc"] not in view.docs]
    if missing:
        raise LookupError(f"{name}: documents not in the store: {missing}")
    score = ScenarioScore(name, story_event=story.event.get("label") if story is not None else None)
    actor_map = score_entities(gold, view, score)
    in_story = {e.attribution_id for _party, e in story.timeline} if story is not None else None
    score_claims(gold, view, actor_map, in_story, score)
    score_dates(gold, view, score)
    score_story(gold, view, story, actor_map, score)
    return score


# -- report ----------------------------------------------------------------------------------

def _pct(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def table(scores: list[ScenarioScore]) -> str:
    """Per-scenario P/R of every measure, and the totals (micro: counts summed)."""
    head = f"{'scenario':<12}" + "".join(f" {m[:13]:>13}" for m in MEASURES) + "  pol  mnm"
    lines = [head, f"{'':<12}" + "".join(f" {'P     R':>13}" for _ in MEASURES)]
    total = {m: Counts() for m in MEASURES}
    pol = [0, 0]
    for s in scores:
        row = f"{s.name:<12}"
        for m in MEASURES:
            c = s.counts.get(m, Counts())
            total[m] += c
            row += f" {_pct(c.precision)} {_pct(c.recall)} "
        pol[0] += s.polarity_right
        pol[1] += s.polarity_cells
        row += f" {s.polarity_right}/{s.polarity_cells} {len(s.must_not_merge_violations)}"
        lines.append(row)
    row = f"{'TOTAL':<12}" + "".join(f" {_pct(total[m].precision)} {_pct(total[m].recall)} " for m in MEASURES)
    lines.append(row + f" {pol[0]}/{pol[1]} {sum(len(s.must_not_merge_violations) for s in scores)}")
    lines.append("(pol: matrix cells with the gold polarity / matched cells; mnm: must-not-merge pairs merged)")
    return "\n".join(lines)


def totals(scores: list[ScenarioScore]) -> dict[str, Counts]:
    out = {m: Counts() for m in MEASURES}
    for s in scores:
        for m in MEASURES:
            out[m] += s.counts.get(m, Counts())
    return out


def error_table(scores: list[ScenarioScore]) -> str:
    errors: Counter = Counter()
    for s in scores:
        errors.update(s.errors)
    lines = ["gold statements by the first layer that fails:"]
    for category, n in errors.most_common():
        lines.append(f"  {n:4d}  {category}")
    return "\n".join(lines)
