"""Actors across articles: one id for every per-article entity that names the same actor.

Input: FORMAT.md records (their `entities`, with the record's id and `meta.published`).
Output: an `ActorGraph`: actors (deterministic id from a canonical key, the fullest name seen,
type, aliases, titles, Wikidata id from the alias table, `country` and `part_of` links), the
actor of each (article, local entity id), and an explanation for every merge (which rule
joined which two names, on what evidence). Pure Python: no database, no spaCy model.

Rules, strongest first (each only joins what no `split` decision keeps apart):
  user_merge        a `merge` decision (`Decision`)
  alias_table       the name (or a non-metonym alias) is a form of an alias-table actor
  country           a country's name or short form ("US", "the United States")
  metonym           a capital or seat of government used for its government ("Kyiv", "the
                    Kremlin", "Washington", "Downing Street"); a capital typed LOC by the
                    per-article resolver is the city, an actor of its own with `country` set
  collective        a country + government noun ("US officials", "Russian authorities"): the
                    country, as the per-article resolver does
  same_key          equal names once case, accents, punctuation, articles and honorifics are
                    folded (and, for organisations, a trailing "Group"/"Party"...: "Wagner
                    Group" = "Wagner"); institutions named with their country ("Ukraine's military
                    intelligence agency" = "Ukrainian military intelligence") keep an actor of
                    their own, with `country` and `part_of` the country's actor; a body noun
                    counts by its class ("Israeli military" = "Israel Defense Forces": military,
                    army, armed forces, defense forces) and "<body> in/of <place>" is read as
                    "<place> <body>" ("health ministry in Gaza" = "Gaza Health Ministry")
  org_alias         forms of one organisation in data/org_aliases.tsv ("ISIS" = "IS")
  acronym_expansion a known short form heading a longer name ("IS-Khorasan" = "Islamic State
                    Khorasan"); a name that extends a known organisation's is a branch of it
                    (`part_of`): Islamic State Khorasan is its own actor, part of Islamic State
  transliteration   full names whose words are transliteration variants (actor_names)
  initial           "V. Putin" -> the only full name in the corpus with that surname and initial
  surname_of        a surname alone -> the only full name in the corpus with that surname
                    (two Smiths: no merge, listed in `ActorGraph.ambiguous`); also a one-word
                    or particle-led name the article's NER typed ORG/OTHER ("Zelenskiy",
                    "Von der Leyen"); first names match across Russian/Ukrainian forms
                    (Vladimir/Volodymyr: actor_names.first_names_match)
  family_name_first a short one-word name that ends no full name but begins exactly one
                    ("Xi" -> "Xi Jinping", "Kim" -> "Kim Jong Un")
  country_qualified a bare institution name -> the only institution of that name qualified by a
                    country ("the National Security Council" -> "White House National Security
                    Council")
  known_as          two names an article gives as one person's or body's ("Girkin, also known
                    as Strelkov", "better known as", "alias", "Igor Girkin (Strelkov)"), or a
                    name and its country's-institution description side by side ("Rosaviatsia,
                    Russia's civil aviation agency, said"): the article's words are the evidence
  name_suffix       an organisation's name that ends a longer one after "of (the)" or a demonym
                    or country ("Red Cross" -> "International Committee of the Red Cross",
                    "Islamic Jihad" -> "Palestinian Islamic Jihad"), when only one longer name
                    in the corpus ends so
  title             a title-only person ("the FSB chief") -> the one person given a title of that
                    office (same role class, same body) within `title_window_days`; for the
                    head of a body nobody is titled head of, its one founder ("the Wagner
                    chief" -> "Prigozhin, the founder of the Wagner Group")
  same_title        title-only persons naming the same office, when nobody named holds it

A name that is a date ("last September" tagged ORG: `actor_names.is_date_phrase`) is merged with
nothing and typed OTHER, so that no claim holds a date responsible; a political bloc the NER typed
as a place ("the West", `actor_names.is_political_bloc`) is typed NORP, a group that can be.

API: `resolve_actors(records, aliases=None, decisions=(), title_window_days=365) -> ActorGraph`;
`graph.actor_of(article_id, "e3")`, `graph.explain(actor_id)`, `graph.why(ref_a, ref_b)`,
`graph.party_of(actor_id)` (follows `part_of`), `graph.ambiguous` (merges not made, and why),
`graph.to_dict()`. Alias tables: `alias_table.load_alias_table(path)`.

A spokesperson whose title names a country or one of the corpus's institutions ("Kremlin
spokesman Dmitry Peskov", "Foreign Ministry spokeswoman") gets `part_of` that body, so that
`party_of` rolls a spokesperson up to the government they speak for. So is an official the
office-holder table (nlp/data/office_holders.tsv) knows as a minister, spokesperson, security
chief or envoy of a state or body on an article's date ("Sergei Lavrov": Russia); heads of state
and government, and the leaders of bodies, are parties in their own right. A person is
otherwise never part of a state.

Merges are reversible: `split` decisions (pairs of names or member refs "article#e3") are
honoured on every resolution, and `merge` decisions force a merge; both are plain data
(`Decision.to_dict`) for the store to keep as judgements.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import gc
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..nlp import entity_names, office_holders
from ..nlp.entity_names import fold, name_key
from . import actor_names as an
from .alias_table import AliasTable, TableActor

TITLE_WINDOW_DAYS = 365
# Key kinds, strongest first: the kind of a cluster's canonical key is the first present.
_KEY_ORDER = ("table", "country", "org", "inst", "person", "name", "member")
_TYPE_ORDER = ("PERSON", "ORG", "GPE", "NORP", "LOC", "OTHER")


# -- values ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Member:
    """One per-article entity."""

    ref: str                    # "article#e3"
    article: str
    entity: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    published: str | None = None
    outlet: str | None = None
    known_as: tuple[tuple[str, str], ...] = ()  # (other local entity id, the article's words)


@dataclass(frozen=True)
class Merge:
    """Why two members are one actor: `rule` joined `a` to `b` on `evidence`."""

    rule: str
    a: str                      # member refs
    b: str
    a_name: str
    b_name: str
    evidence: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "a": self.a, "b": self.b, "a_name": self.a_name,
                "b_name": self.b_name, "evidence": self.evidence}

    def __str__(self) -> str:
        return f"{self.rule}: {self.a_name!r} ({self.a}) ~ {self.b_name!r} ({self.b}): {self.evidence}"


@dataclass(frozen=True)
class Unmerged:
    """A merge a rule would have made but did not: several candidates, or a split decision."""

    rule: str
    ref: str
    name: str
    candidates: tuple[str, ...]  # names of the candidate actors (or of the member kept apart)
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "ref": self.ref, "name": self.name,
                "candidates": list(self.candidates), "reason": self.reason}


@dataclass(frozen=True)
class Decision:
    """A user's judgement: `merge` (a and b are one actor) or `split` (they are not).

    `a` and `b` are member refs ("article#e3") or names; a name stands for every member named
    so (compared by folded key). Two members of one name are told apart by their refs."""

    kind: str
    a: str
    b: str
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("merge", "split"):
            raise ValueError(f"decision kind must be 'merge' or 'split', not {self.kind!r}")

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "a": self.a, "b": self.b, "note": self.note}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Decision":
        return cls(d["kind"], d["a"], d["b"], d.get("note") or "")


@dataclass
class Actor:
    id: str
    key: str                    # canonical key the id is hashed from
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    wikidata: str | None = None
    country: str | None = None  # the country an institution, city or people belongs to
    part_of: str | None = None  # actor id of the country (institutions) or parent organisation

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "key": self.key, "name": self.name, "type": self.type,
                "aliases": list(self.aliases), "titles": list(self.titles), "members": list(self.members),
                "wikidata": self.wikidata, "country": self.country, "part_of": self.part_of}


@dataclass
class ActorGraph:
    actors: dict[str, Actor]
    member_actor: dict[str, str]            # member ref -> actor id
    merges: list[Merge]
    ambiguous: list[Unmerged]
    members: dict[str, Member]

    def actor_of(self, article: str, entity: str) -> str | None:
        """The actor id of a record's local entity ("e3"), or None if unknown."""
        return self.member_actor.get(f"{article}#{entity}")

    def actor(self, actor_id: str) -> Actor:
        return self.actors[actor_id]

    def find(self, name: str) -> list[Actor]:
        """Actors with this name or alias (folded comparison)."""
        k = name_key(name)
        return [a for a in self.actors.values() if k in {name_key(x) for x in [a.name, *a.aliases]}]

    def explain(self, actor_id: str) -> list[Merge]:
        """The merges that made an actor (a spanning tree of its members)."""
        refs = set(self.actors[actor_id].members)
        return [m for m in self.merges if m.a in refs]

    def why(self, ref_a: str, ref_b: str) -> list[Merge] | None:
        """The chain of merges joining two members, or None if they are different actors."""
        actor = self.member_actor.get(ref_a)
        if actor is None or actor != self.member_actor.get(ref_b):
            return None
        edges: dict[str, list[tuple[str, Merge]]] = defaultdict(list)
        for m in self.explain(actor):
            edges[m.a].append((m.b, m))
            edges[m.b].append((m.a, m))
        back: dict[str, tuple[str, Merge] | None] = {ref_a: None}
        todo = [ref_a]
        while todo:
            x = todo.pop()
            for y, m in edges[x]:
                if y not in back:
                    back[y] = (x, m)
                    todo.append(y)
        chain: list[Merge] = []
        x = ref_b
        while back.get(x):
            x, m = back[x]
            chain.append(m)
        return chain[::-1]

    def party_of(self, actor_id: str) -> str:
        """The actor at the top of `part_of` links (an institution's country, a branch's
        parent organisation)."""
        seen = {actor_id}
        while (parent := self.actors[actor_id].part_of) and parent not in seen:
            seen.add(parent)
            actor_id = parent
        return actor_id

    def to_dict(self) -> dict[str, Any]:
        return {"actors": [a.to_dict() for a in self.actors.values()],
                "members": dict(self.member_actor),
                "merges": [m.to_dict() for m in self.merges],
                "ambiguous": [u.to_dict() for u in self.ambiguous]}


# -- input -----------------------------------------------------------------------------

def members_of_records(records: Iterable[Mapping[str, Any] | Any]) -> list[Member]:
    """The members of FORMAT.md records (dicts, or objects with `to_dict`, such as `Analysis`)."""
    out: list[Member] = []
    for rec in records:
        if not isinstance(rec, Mapping):
            rec = rec.to_dict()
        meta = rec.get("meta") or {}
        article = str(rec["id"])
        entities = rec.get("entities") or []
        person_names = [name_key(e["name"]) for e in entities if e.get("type") == "PERSON"
                        and len(name_key(e["name"]).split()) >= 2]
        known = _known_as(rec.get("text") or "", entities)
        for eid, pairs in _appositions(rec.get("text") or "", entities).items():
            known.setdefault(eid, []).extend(pairs)
        for e in entities:
            titles = tuple(t for t in (_clean_title(t, e["name"], person_names) for t in e.get("titles") or []) if t)
            out.append(Member(ref=f"{article}#{e['id']}", article=article, entity=str(e["id"]), name=e["name"],
                              type=e.get("type") or "OTHER", aliases=tuple(e.get("aliases") or ()), titles=titles,
                              published=meta.get("published"), outlet=meta.get("outlet"),
                              known_as=tuple(known.get(str(e["id"]), ()))))
    return out


# "Girkin, also known as Strelkov", "Igor Girkin (Strelkov)", "better known as", "alias"
_AKA = re.compile(r"^\s*(?:,\s*|\(\s*)?(?:(?:also|better|widely|more commonly)\s+known\s+as|a\.?k\.?a\.?|alias|"
                  r"nicknamed|under the (?:nom de guerre|name))\s+$|^\s*\(\s*$", re.IGNORECASE)
_AKA_GAP = 40  # characters between the two names


def _known_as(text: str, entities: list[Mapping[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """Pairs of an article's entities that its words give as one ("X, also known as Y";
    "X (Y)" for two names of one type), by entity id, with the words as evidence."""
    if not text:
        return {}
    spans = sorted((int(s), int(e), str(ent["id"]), ent.get("type"))
                   for ent in entities for s, e in ent.get("mentions") or [])
    starts = [s for s, _, _, _ in spans]
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, e, eid, etype in spans:
        k = bisect.bisect_left(starts, e)
        while k < len(spans) and spans[k][0] - e <= _AKA_GAP:
            s2, e2, eid2, etype2 = spans[k]
            k += 1
            gap = text[e:s2]
            if eid2 == eid or not _AKA.match(gap):
                continue
            if gap.strip().startswith("(") and not gap.strip(" (").strip() and etype != etype2:
                continue  # "X (Y)" only for two names of one kind: "Moscow (Russia)" is no alias
            words = text[s:e2]
            out[eid].append((eid2, words))
            out[eid2].append((eid, words))
            break
    return out


# What may follow an appositive description: a verb ("Rosaviatsia, Russia's civil aviation agency,
# said"), or the end of the clause; not a list's next item ("the FSB, Russia's Investigative
# Committee, and the police").
_APPOS_END = re.compile(r"^(?:\s*,\s*(?!and\b|or\b|as well\b)[a-z]|\s*[.;:)]|\s*[—–]|\s*$)")


def _appositions(text: str, entities: list[Mapping[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """Pairs of an article's entities that it writes as a name and its description, side by
    side: "Rosaviatsia, Russia's civil aviation agency, said" or "Russia's civil aviation
    agency, Rosaviatsia, said". Only a country's institution as the description (which the
    country's own name or a city never is) and a proper name that is no place or person: a
    description may name many bodies across articles, but beside a name, in the article's own
    words, it names that one."""
    if not text:
        return {}
    spans = sorted((int(s), int(e), str(ent["id"])) for ent in entities for s, e in ent.get("mentions") or []
                   if ent.get("type") != "PERSON")
    pairs = [(a, b) for a, b in zip(spans, spans[1:]) if a[2] != b[2] and text[a[1]:b[0]] == ", "]
    if not pairs:
        return {}
    names = {str(ent["id"]): ent.get("name") or "" for ent in entities}

    def description(eid: str) -> bool:  # "Russia's civil aviation agency"
        cp = an.country_phrase(an.place_first(names[eid])) if names[eid] else None
        return cp is not None and cp.kind == "institution"

    def proper_name(eid: str) -> bool:  # no country, city, date or known organisation's form
        name = names[eid]
        return (an.country_phrase(name) is None and an.has_proper_word(name) and an.known_org(name) is None
                and not an.is_date_phrase(name) and not an.is_place_name(name))

    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (s1, _e1, a), (_s2, e2, b) in pairs:
        if not _APPOS_END.match(text[e2:e2 + 16]) or (s1 >= 2 and text[s1 - 2:s1] == ", "):
            continue  # "A, B, and C", "A, B, C": a list, not a name and its description
        if not ((description(b) and proper_name(a)) or (description(a) and proper_name(b))):
            continue
        words = text[s1:e2]
        out[a].append((b, words))
        out[b].append((a, words))
    return out


def _clean_title(title: str, holder: str, person_names: list[str]) -> str | None:
    """A title as evidence: its last line ("frame\\n\\nPresident" is a layout slip), and none
    if it names another person of the article (a misparse: "FSB director, Alexander Bortnikov"
    given to the interviewer)."""
    title = " ".join(title.splitlines()[-1].split()) if title.strip() else ""
    if not title:
        return None
    tk = name_key(title)
    own = name_key(holder)
    for p in person_names:
        if p != own and p in tk:
            return None
    return title


# -- union-find with cannot-link constraints -------------------------------------------

class _Clusters:
    def __init__(self, n: int, forbids: list[tuple[list[int], list[int]]]):
        self.parent = list(range(n))
        self.size = [1] * n
        # root -> {forbid pair index: sides present (1: a side, 2: b side)}
        self.sides: list[dict[int, int] | None] = [None] * n
        for p, (a, b) in enumerate(forbids):
            for side, idx in ((1, a), (2, b)):
                for i in idx:
                    d = self.sides[i] or {}
                    d[p] = d.get(p, 0) | side
                    self.sides[i] = d

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def can_join(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        sa, sb = self.sides[ra], self.sides[rb]
        if not sa or not sb:
            return True
        if len(sa) > len(sb):
            sa, sb = sb, sa
        return all((v | sb.get(p, 0)) != 3 for p, v in sa.items())

    def union(self, a: int, b: int) -> str:
        """"joined", "same" (already one cluster) or "blocked" (a split decision)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return "same"
        if not self.can_join(ra, rb):
            return "blocked"
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        sa, sb = self.sides[ra], self.sides[rb]
        if sb:
            if not sa:
                self.sides[ra] = sb
            else:
                for p, v in sb.items():
                    sa[p] = sa.get(p, 0) | v
        self.sides[rb] = None
        return "joined"


# -- resolution ------------------------------------------------------------------------

def resolve_actors(records: Iterable[Mapping[str, Any] | Any], aliases: AliasTable | None = None,
                   decisions: Iterable[Decision | Mapping[str, Any]] = (), *,
                   title_window_days: int = TITLE_WINDOW_DAYS) -> ActorGraph:
    """Merge the entities of FORMAT.md records into actors (see the module docstring)."""
    with _no_cyclic_gc():
        members = members_of_records(records)
    return resolve_members(members, aliases, decisions, title_window_days=title_window_days)


def resolve_members(members: Iterable[Member], aliases: AliasTable | None = None,
                    decisions: Iterable[Decision | Mapping[str, Any]] = (), *,
                    title_window_days: int = TITLE_WINDOW_DAYS) -> ActorGraph:
    ms = sorted(members, key=lambda m: (m.published or "9999", m.article, _local_order(m.entity)))
    decisions = [d if isinstance(d, Decision) else Decision.from_dict(d) for d in decisions]
    with _no_cyclic_gc():
        return _Resolution(ms, aliases, decisions, title_window_days).run()


@contextmanager
def _no_cyclic_gc():
    """A resolution makes many small objects and frees none: the cyclic collector would rescan
    them again and again (time growing faster than the corpus) with nothing to collect."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _local_order(entity: str) -> tuple[int, str]:
    digits = "".join(c for c in entity if c.isdigit())
    return (int(digits) if digits else 0, entity)


@dataclass
class _Facts:
    """What one member's name says (computed once per member)."""

    key: str | None = None          # the blocking key it merges on in the key stage
    how: str = "same_key"           # the rule that key stands for
    country: str | None = None
    rest: str | None = None         # an institution's name without its country
    parent: str | None = None       # canonical name of the organisation it is a branch of
    table: TableActor | None = None
    person: an.PersonName | None = None
    title_only: bool = False
    extra_key: str | None = None    # a table member's name-equality key (see `_facts`)


class _Resolution:
    def __init__(self, members: list[Member], aliases: AliasTable | None, decisions: list[Decision],
                 title_window_days: int):
        self.members = members
        self.table = aliases
        self.decisions = decisions
        self.window = title_window_days
        self.index = {m.ref: i for i, m in enumerate(members)}
        self.merges: list[Merge] = []
        self.ambiguous: list[Unmerged] = []
        self.facts = [self._facts(m) for m in members]
        self._by_name: dict[str, list[int]] | None = None
        self._dates: dict[int, dt.date | None] = {}
        forbids = []
        for d in decisions:
            for ref in (d.a, d.b):
                if not self._refs(ref):
                    self.ambiguous.append(Unmerged(f"user_{d.kind}", ref, ref, (), "the decision names no member"))
            if d.kind == "split":
                a, b = self._refs(d.a), self._refs(d.b)
                both = set(a) & set(b)
                a = [i for i in a if i not in both]
                b = [i for i in b if i not in both]
                if a and b:
                    forbids.append((a, b))
        self.uf = _Clusters(len(members), forbids)

    # -- facts ---------------------------------------------------------------------------
    def _facts(self, m: Member) -> _Facts:
        if an.is_date_phrase(m.name):
            return _Facts()  # "last September" tagged ORG: a date, merged with nothing
        if m.type != "PERSON":
            reordered = an.place_first(m.name)  # "health ministry in Gaza" -> "Gaza health ministry"
            cp = an.country_phrase(reordered)
            f = self._rule_facts(dataclasses.replace(m, name=reordered) if reordered != m.name else m, cp)
        else:
            cp = None
            f = self._rule_facts(m, None)
        if self.table is None:
            return f
        table = self._table_actor(m.name, m.type)
        if table is None and not (cp and cp.kind in ("country", "metonym", "government")):
            # aliases of a country are its metonyms ("Kyiv"), not names of another actor
            table = next((t for t in (self._table_actor(a, m.type) for a in m.aliases) if t is not None), None)
        if table is None:
            return f
        # The table overrides the lexicon rules (country, metonym, org_aliases): its actor is
        # this member's. Rules of name equality still gather the other spellings of its names
        # ("Ukraine's military intelligence agency" for a table's "Ukraine's military
        # intelligence"), through `extra_key` and the person rules.
        extra = f.key if f.key and f.key.split(":", 1)[0] in ("name", "inst") else None
        return _Facts(key="table:" + (table.wikidata or name_key(table.name)), how="alias_table",
                      country=f.country, rest=f.rest, table=table, person=f.person, extra_key=extra)

    def _table_actor(self, name: str, etype: str) -> TableActor | None:
        t = self.table.lookup(name)
        if t is not None and t.type and (t.type == "PERSON") != (etype == "PERSON"):
            return None  # the table's "Washington" the person is not the article's city
        return t

    def _rule_facts(self, m: Member, cp: an.CountryPhrase | None) -> _Facts:
        f = _Facts()
        if cp is not None:
            if cp.kind == "metonym" and m.type == "LOC":
                f.key, f.country = "name:" + name_key(m.name), cp.country  # the city
                return f
            if cp.kind in ("country", "metonym", "government"):
                f.key = "country:" + cp.country
                f.how = {"country": "country", "metonym": "metonym", "government": "collective"}[cp.kind]
                f.country = cp.country
                return f
            if cp.kind == "institution":
                known = an.known_org(cp.rest)
                if known is not None:  # "Russia's Federal Security Service" is the FSB
                    f.key, f.how, f.country = "org:" + name_key(known[0]), "org_alias", cp.country
                    return f
                f.key, f.country, f.rest = f"inst:{cp.country}:{cp.rest}", cp.country, cp.rest
                return f
            if cp.kind == "people":
                f.key, f.country = "name:" + name_key(m.name), cp.country
                return f
        if m.type == "PERSON":
            if an.is_title_only(m.name):
                f.title_only = True
            else:
                f.person = an.person_name(m.name)
            return f
        known = an.known_org(m.name)
        if known is not None:
            f.key, f.how = "org:" + name_key(known[0]), "org_alias"
            return f
        branch = an.expanded_branch(m.name)
        if branch is not None:
            expansion, parent, generic = branch
            known = an.known_org(parent if generic else expansion)
            f.key = "org:" + name_key(known[0] if known else expansion)
            f.how, f.parent = "acronym_expansion", parent
            return f
        if an.has_proper_word(m.name):
            f.key = "name:" + (an.without_org_suffix(m.name) if m.type in ("ORG", "OTHER") else name_key(m.name))
            f.rest = an.institution_rest(m.name) if m.type in ("ORG", "OTHER") else None
        return f

    def _refs(self, ref: str) -> list[int]:
        """Members a decision names: a member ref, else every member of that name."""
        if ref in self.index:
            return [self.index[ref]]
        if self._by_name is None:
            self._by_name = defaultdict(list)
            for i, m in enumerate(self.members):
                self._by_name[name_key(m.name)].append(i)
        return self._by_name.get(name_key(ref), [])

    def _date(self, i: int) -> dt.date | None:
        if i not in self._dates:
            p = self.members[i].published
            try:
                self._dates[i] = dt.date.fromisoformat(p[:10]) if p else None
            except ValueError:
                self._dates[i] = None
        return self._dates[i]

    # -- joining -------------------------------------------------------------------------
    def _join(self, i: int, j: int, rule: str, evidence: str) -> bool:
        result = self.uf.union(i, j)
        a, b = self.members[i], self.members[j]
        if result == "joined":
            self.merges.append(Merge(rule, a.ref, b.ref, a.name, b.name, evidence))
        elif result == "blocked":
            self.ambiguous.append(Unmerged(rule, a.ref, a.name, (b.name,), f"kept apart from {b.ref} by a split decision"))
        return result != "blocked"

    def run(self) -> ActorGraph:
        self._user_merges()
        self._key_groups()
        self._persons()
        self._country_qualified()
        self._known_as()
        self._name_suffixes()
        self._titles()
        return self._build()

    # -- names the articles give as one ----------------------------------------------------
    def _known_as(self) -> None:
        by_local = {(m.article, m.entity): i for i, m in enumerate(self.members)}
        for i, m in enumerate(self.members):
            for other, words in m.known_as:
                j = by_local.get((m.article, other))
                if j is not None and j > i:
                    self._join(i, j, "known_as", f"{m.article} writes {words!r}")

    def _name_suffixes(self) -> None:
        """"Red Cross" -> "International Committee of the Red Cross", "Islamic Jihad" ->
        "Palestinian Islamic Jihad": a name of two or more words that ends exactly one longer
        organisation name of the corpus after "of (the)" or a demonym or country."""
        orgs: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(self.members):
            if m.type in ("ORG", "NORP", "OTHER") and self.facts[i].key and self.facts[i].key.startswith("name:"):
                orgs[name_key(m.name)].append(i)
        if len(orgs) < 2:
            return
        by_last: dict[str, list[str]] = defaultdict(list)
        for k in orgs:
            words = k.split()
            if words:
                by_last[words[-1]].append(k)
        for short, idx in orgs.items():
            words = short.split()
            if len(words) < 2:
                continue
            longer = []
            for k in by_last[words[-1]]:
                if k == short or not k.endswith(" " + short):
                    continue
                head = k[: -len(short)].split()
                if head[-1:] == ["of"] or head[-2:] == ["of", "the"] or (
                        len(head) == 1 and (metonyms_country(head[0]))):
                    longer.append(k)
            if not longer:
                continue
            roots: dict[int, int] = {}
            for k in longer:
                for j in orgs[k]:
                    roots.setdefault(self.uf.find(j), j)
            i = idx[0]
            if len(roots) == 1:
                j = next(iter(roots.values()))
                for i in idx:
                    self._join(i, j, "name_suffix", f"{self.members[i].name!r} ends "
                               f"{self.members[j].name!r}, the only longer name in the corpus that does")
            else:
                names = tuple(sorted({self.members[j].name for j in roots.values()}))
                self.ambiguous.append(Unmerged("name_suffix", self.members[i].ref, self.members[i].name, names,
                                               f"{len(roots)} longer names end with it"))

    def _user_merges(self) -> None:
        for d in self.decisions:
            if d.kind != "merge":
                continue
            group = self._refs(d.a) + self._refs(d.b)
            for j in group[1:]:
                self._join(j, group[0], "user_merge", d.note or f"merge decision: {d.a!r} = {d.b!r}")

    def _key_groups(self) -> None:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, f in enumerate(self.facts):
            if f.key is not None:
                groups[f.key].append(i)
            if f.extra_key is not None:
                groups[f.extra_key].append(i)
        for key, idx in groups.items():
            self._join_group(idx, key)

    def _join_group(self, idx: list[int], key: str) -> None:
        """Join members of one key; one a split decision keeps out starts another cluster."""
        anchors: list[int] = []
        for i in idx:
            for a in anchors:
                if self.uf.can_join(i, a):
                    self._join(i, a, *self._why_same_key(i, a, key))
                    break
            else:
                if anchors:
                    a = anchors[0]
                    self.ambiguous.append(Unmerged(self._why_same_key(i, a, key)[0], self.members[i].ref,
                                                   self.members[i].name, (self.members[a].name,),
                                                   "kept apart by a split decision"))
                anchors.append(i)

    def _why_same_key(self, i: int, j: int, key: str) -> tuple[str, str]:
        a, b = self.members[i], self.members[j]
        fa, fb = self.facts[i], self.facts[j]
        kind = key.split(":", 1)[0]
        if kind == "table":
            t = fa.table
            return "alias_table", f"{a.name!r} and {b.name!r} are forms of {t.name!r} in {self.table.source}"
        if kind == "country":
            for f, m in ((fa, a), (fb, b)):
                if f.how == "metonym":
                    return "metonym", f"{m.name!r} is the capital or seat of government of {f.country}"
                if f.how == "collective":
                    return "collective", f"{m.name!r} speaks for the government of {f.country}"
            return "country", f"both name {fa.country}"
        if kind == "org":
            for f, m in ((fa, a), (fb, b)):
                if f.how == "acronym_expansion":
                    return "acronym_expansion", f"{m.name!r} begins with a form of {f.parent!r}: {key[4:]!r}"
            if name_key(a.name) == name_key(b.name):
                return "same_key", an.spelling_difference(a.name, b.name)
            return "org_alias", "forms of one organisation in data/org_aliases.tsv"
        if kind == "inst":
            return "same_key", f"both name the {fa.rest!r} of {fa.country}"
        how = an.spelling_difference(a.name, b.name)
        if how == "same spelling":
            return "same_key", "same name"
        return ("transliteration" if how == "transliteration" else "same_key"), \
            f"{a.name!r} and {b.name!r} differ by {how} only"

    # -- people ----------------------------------------------------------------------------
    def _persons(self) -> None:
        blocks: dict[str, list[int]] = defaultdict(list)
        loose: dict[str, list[int]] = defaultdict(list)
        for i, f in enumerate(self.facts):
            if f.person is not None and (f.key is None or f.table is not None):
                blocks[an.coarse_key(f.person.last)].append(i)
            elif self._maybe_surname(i):
                loose[an.coarse_key(an.person_name(self.members[i].name).last)].append(i)
        for block, idx in blocks.items():
            self._person_block(idx, loose.get(block, []))
        self._family_name_first()

    def _family_name_first(self) -> None:
        """"Xi" -> "Xi Jinping", "Kim" -> "Kim Jong Un": a short one-word person name that is
        no full name's surname but the first word of exactly one full name of two or three
        words (family name first, as in Chinese and Korean names)."""
        facts = self.facts
        lasts: set[str] = set()
        firsts: dict[str, list[int]] = defaultdict(list)
        shorts: list[int] = []
        for i, f in enumerate(facts):
            p = f.person
            if p is None:
                continue
            if p.is_full and not p.has_initial:
                lasts.add(an.translit_key(p.last))
                if len(p.words) <= 3:
                    firsts[an.translit_key(p.first)].append(i)
            elif len(p.words) == 1 and len(p.last) <= 5 and self.members[i].type == "PERSON":
                shorts.append(i)
        for i in shorts:
            k = an.translit_key(facts[i].person.last)
            if k in lasts or k not in firsts:
                continue
            self._to_unique(i, firsts[k], "family_name_first",
                            "no full name in the corpus ends with it; one begins with it (family name first)")

    def _maybe_surname(self, i: int) -> bool:
        """A one-word name the article's resolver did not call a person ("Zelenskiy" tagged
        ORG): a surname if it fits one full name in the corpus."""
        m, f = self.members[i], self.facts[i]
        if not (m.type in ("ORG", "OTHER", "NORP", "LOC") and f.key is not None and f.key.startswith("name:")
                and m.name[:1].isupper() and not m.name.isupper()):
            return False
        p = an.person_name(m.name)  # one word, or a surname with particles ("Von der Leyen")
        return p is not None and p.first is None

    def _person_block(self, idx: list[int], loose: list[int] = ()) -> None:
        facts = self.facts
        full = [i for i in idx if facts[i].person.is_full and not facts[i].person.has_initial]
        initials = [i for i in idx if facts[i].person.has_initial]
        short = [i for i in idx if not facts[i].person.is_full]
        # Full names: exact transliteration keys first, then variants within the block.
        by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i in full:
            p = facts[i].person
            by_key[(an.translit_key(p.first), an.translit_key(p.last))].append(i)
        reps = []
        for key, group in by_key.items():
            self._join_group(group, "person:" + " ".join(key))
            reps.append(group[0])
        for n, i in enumerate(reps):
            pi = facts[i].person
            for j in reps[:n]:
                pj = facts[j].person
                if an.same_word(pi.last, pj.last) and an.first_names_match(pi.first, pj.first):
                    self._join(i, j, "transliteration", f"{self.members[i].name!r} and "
                               f"{self.members[j].name!r} differ by transliteration")
        # An initial and a surname: the one full name they fit.
        for i in initials:
            p = facts[i].person
            self._to_unique(i, [j for j in full if an.same_word(p.last, facts[j].person.last)
                                and an.first_names_match(p.first, facts[j].person.first)], "initial",
                            "the only full name in the corpus with this initial and surname")
        named_with = self._surname_index(full + initials)
        for i in short:
            cands = named_with(facts[i].person.last)
            if cands:
                self._to_unique(i, cands, "surname_of", "the only full name in the corpus with this surname")
        for i in loose:
            cands = named_with(an.person_name(self.members[i].name).last)
            if cands:
                self._to_unique(i, cands, "surname_of", f"typed {self.members[i].type} in its article, but "
                                "the only full name in the corpus with this surname")
        # Surnames with no full name anywhere: one name, one actor.
        alone = [i for i in short if not named_with(facts[i].person.last)]
        by_last: dict[str, list[int]] = defaultdict(list)
        for i in alone:
            by_last[" ".join(an.translit_key(w) for w in facts[i].person.words)].append(i)
        for key, group in by_last.items():
            self._join_group(group, "person:" + key)

    def _surname_index(self, named: list[int]):
        """surname -> the members of `named` whose surname it matches (`an.same_word`), one per
        actor: the first in `named` order, which is the one `_to_unique` would keep. A block
        holds every mention of a surname, so comparing each short mention with each full one
        grew with the square of the corpus; the distinct surnames are few, and the actors
        the full names form do not change while short mentions join them (a mention joins
        only a unique candidate)."""
        facts = self.facts
        position = {j: n for n, j in enumerate(named)}
        firsts: dict[str, dict[int, int]] = defaultdict(dict)  # surname -> actor root -> member
        for j in named:
            firsts[facts[j].person.last].setdefault(self.uf.find(j), j)
        cache: dict[str, list[int]] = {}

        def named_with(last: str) -> list[int]:
            hit = cache.get(last)
            if hit is None:
                best: dict[int, int] = {}
                for other, reps in firsts.items():
                    if an.same_word(last, other):
                        for root, j in reps.items():
                            if root not in best or position[j] < position[best[root]]:
                                best[root] = j
                hit = cache[last] = sorted(best.values(), key=position.__getitem__)
            return hit

        return named_with

    def _to_unique(self, i: int, candidates: list[int], rule: str, evidence: str) -> None:
        roots: dict[int, int] = {}
        for j in candidates:
            roots.setdefault(self.uf.find(j), j)
        m = self.members[i]
        if len(roots) == 1:
            j = next(iter(roots.values()))
            self._join(i, j, rule, f"{evidence}: {self.members[j].name!r}")
        elif len(roots) > 1:
            names = tuple(sorted({self.members[j].name for j in roots.values()}))
            self.ambiguous.append(Unmerged(rule, m.ref, m.name, names, f"{len(roots)} actors fit"))

    # -- institutions named without their country ----------------------------------------
    def _country_qualified(self) -> None:
        qualified: dict[str, set[int]] = defaultdict(set)
        for i, f in enumerate(self.facts):
            if f.key and f.key.startswith("inst:"):
                qualified[f.rest].add(i)
        if not qualified:
            return
        for i, f in enumerate(self.facts):
            if f.key and f.key.startswith("name:") and f.rest and f.rest in qualified:
                cands = sorted(qualified[f.rest])
                countries = {self.facts[j].country for j in cands}
                if len(countries) == 1:
                    j = cands[0]
                    self._join(i, j, "country_qualified", f"the only {f.rest!r} named with its country "
                               f"in the corpus is {self.members[j].name!r}")
                else:
                    self.ambiguous.append(Unmerged("country_qualified", self.members[i].ref, self.members[i].name,
                                                   tuple(sorted(countries)), "several countries have one"))

    # -- titles ----------------------------------------------------------------------------
    def _titles(self) -> None:
        wanted = [i for i, f in enumerate(self.facts) if f.title_only]
        if not wanted:
            return
        # Offices held by named people, one entry per (holder, office) with the dates it is
        # given on: (role, body word, country) -> {(holder root, title key): [member, title, first, last]}.
        held: dict[tuple[str, str, str | None], dict[tuple[int, an.TitleKey], list]] = defaultdict(dict)
        for i, f in enumerate(self.facts):
            if f.person is None:
                continue
            root, day = self.uf.find(i), self._date(i)
            for t in self.members[i].titles:
                tk = an.title_key(t)
                if tk is None:
                    continue
                # Indexed by body word with and without the title's country, so a mention that
                # names a country reads only the holders of that country (or of none).
                probes = [(tk.role, w, c) for w in tk.words for c in {None, tk.country}]
                if tk.country:
                    probes.append((tk.role, "", tk.country))
                for probe in probes:
                    entry = held[probe].setdefault((root, tk), [i, t, day, day])
                    if day is not None:
                        entry[2] = day if entry[2] is None else min(entry[2], day)
                        entry[3] = day if entry[3] is None else max(entry[3], day)
        orphans: dict[tuple, list[int]] = defaultdict(list)
        for i in wanted:
            m = self.members[i]
            tk = an.title_key(m.name)
            if tk is None or not tk.named:
                continue
            roots: dict[int, tuple[int, str]] = {}
            # The head of a body nobody is titled head of: its founder ("the Wagner chief" and
            # "Prigozhin, the founder of the Wagner Group"), as the one who leads it.
            for role in (tk.role, *an.LED_BY_FOUNDER.get(tk.role, ())):
                want = tk if role == tk.role else dataclasses.replace(tk, role=role)
                if want.words:
                    w = min(want.words, key=lambda w: len(held.get((role, w, None), ())))
                    probes = [(role, w, want.country), (role, w, None)] if want.country else [(role, w, None)]
                else:
                    probes = [(role, "", want.country)]
                for probe in probes:
                    for (root, htk), (j, t, first, last) in held.get(probe, {}).items():
                        if root not in roots and an.title_fits(want, htk) and self._within_range(i, first, last):
                            roots[root] = (j, t)
                            if len(roots) > 1:
                                break  # ambiguous already
                    if len(roots) > 1:
                        break
                if roots:
                    break
            if len(roots) == 1:
                j, t = next(iter(roots.values()))
                h = self.members[j]
                self._join(i, j, "title", f"{m.name!r} is the title {t!r} given to {h.name!r} in {h.article}; "
                           f"nobody else holds it in the corpus within {self.window} days")
            elif len(roots) > 1:
                names = tuple(sorted({self.members[j].name for j, _ in roots.values()}))
                self.ambiguous.append(Unmerged("title", m.ref, m.name, names, "more than one person holds this title"))
            else:
                orphans[(tk.role, tk.words, tk.country)].append(i)
        for idx in orphans.values():
            for n, i in enumerate(idx[1:], start=1):
                j = idx[0]
                if self._within(i, j):
                    self._join(i, j, "same_title", f"{self.members[i].name!r} and {self.members[j].name!r} "
                               "name the same office, which no named person holds in the corpus")

    def _within_range(self, i: int, first: dt.date | None, last: dt.date | None) -> bool:
        """Whether member i's date is within the window of a title given from `first` to `last`."""
        d = self._date(i)
        if d is None or first is None:
            return True
        return (first - d).days <= self.window and (d - last).days <= self.window

    def _within(self, i: int, j: int) -> bool:
        a, b = self._date(i), self._date(j)
        return a is None or b is None or abs((a - b).days) <= self.window

    # -- output ----------------------------------------------------------------------------
    def _build(self) -> ActorGraph:
        clusters: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.members)):
            clusters[self.uf.find(i)].append(i)
        drafts = []
        for idx in clusters.values():
            key = self._canonical_key(idx)
            drafts.append((key, min(self.members[i].ref for i in idx), idx))
        # Two clusters with one key (a split decision, or two Smiths): the later gets its first
        # member's ref added, so ids stay deterministic.
        drafts.sort(key=lambda d: (d[0], d[1]))
        actors: dict[str, Actor] = {}
        member_actor: dict[str, str] = {}
        seen_keys: set[str] = set()
        by_key: dict[str, str] = {}
        for key, first_ref, idx in drafts:
            if key in seen_keys:
                key = f"{key}|{first_ref}"
            seen_keys.add(key)
            actor = self._actor(key, idx)
            actors[actor.id] = actor
            by_key.setdefault(key, actor.id)
            for i in idx:
                member_actor[self.members[i].ref] = actor.id
        self._link(actors, by_key)
        return ActorGraph(actors=actors, member_actor=member_actor, merges=self.merges,
                          ambiguous=self.ambiguous, members={m.ref: m for m in self.members})

    def _canonical_key(self, idx: list[int]) -> str:
        keys = [self.facts[i].key for i in idx if self.facts[i].key]
        for kind in _KEY_ORDER[:4]:
            found = sorted(k for k in keys if k.startswith(kind + ":"))
            if found:
                return Counter(found).most_common(1)[0][0]
        persons = [i for i in idx if self.facts[i].person is not None]
        if persons:
            best = self._fullest([self.members[i].name for i in persons], person=True)
            p = an.person_name(best)
            return "person:" + " ".join(an.translit_key(w) for w in p.words)
        names = sorted(k for k in keys if k.startswith("name:"))
        if names:
            return Counter(names).most_common(1)[0][0]
        return "member:" + min(self.members[i].ref for i in idx)

    def _fullest(self, names: list[str], person: bool = False) -> str:
        counts = Counter(names)
        def rank(n: str) -> tuple:
            words = len(an.person_name(n).words) if person and an.person_name(n) else len(n.split())
            return (words, counts[n], len(n), n[:1].isupper(), [-ord(c) for c in n])
        return max(counts, key=rank)

    def _actor(self, key: str, idx: list[int]) -> Actor:
        ms = [self.members[i] for i in idx]
        facts = [self.facts[i] for i in idx]
        kind = key.split(":", 1)[0]
        table = next((f.table for f in facts if f.table is not None), None)
        country = None
        if kind == "table":
            name, etype = table.name, table.type
        elif kind == "country":
            name, etype = key.split(":", 1)[1], "GPE"
        else:
            etype = None
            naming = [m.name for m, f in zip(ms, facts) if not f.title_only] or [m.name for m in ms]
            proper = [n for n in naming if an.has_proper_word(n)] or naming
            name = self._fullest(proper, person=kind == "person")
            if kind == "org":
                # The organisation's own name when an article uses it ("TASS", not "TASS
                # agency"), in the table's spelling ("Tass" -> "TASS").
                known = an.known_org(name) or an.known_org(key[4:])
                if known is not None and any(name_key(n) == name_key(known[0]) for n in proper):
                    name = known[0]
        if etype is None:
            types = Counter(m.type for m, f in zip(ms, facts) if not f.title_only) or Counter(m.type for m in ms)
            if any(f.person is not None for f in facts):
                etype = "PERSON"
            elif all(an.is_date_phrase(m.name) for m in ms):
                etype = "OTHER"  # a date the NER took for a name: no one to hold responsible
            elif any(an.is_political_bloc(m.name) for m in ms) and types.get("PERSON", 0) == 0:
                etype = "NORP"  # "the West": states acting together, not a place
            else:
                etype = max(types, key=lambda t: (types[t], -_TYPE_ORDER.index(t) if t in _TYPE_ORDER else -99))
        if kind != "country":
            country = Counter(f.country for f in facts if f.country).most_common(1)
            country = country[0][0] if country else None
        aliases: list[str] = []
        titles: list[str] = []
        seen_titles: set[str] = set()
        for m, f in zip(ms, facts):
            forms = [m.name, *m.aliases]
            if f.title_only:
                titles_here = [m.name, *m.titles]
                forms = list(m.aliases)
            else:
                titles_here = list(m.titles)
            for a in forms:
                if a != name and a not in aliases:
                    aliases.append(a)
            for t in titles_here:
                if fold(t) not in seen_titles:
                    seen_titles.add(fold(t))
                    titles.append(t)
        if table is not None:
            for a in table.aliases:
                if a != name and a not in aliases:
                    aliases.append(a)
        return Actor(id=_actor_id(key), key=key, name=name, type=etype or "OTHER", aliases=aliases, titles=titles,
                     members=[m.ref for m in ms], wikidata=table.wikidata if table else None, country=country)

    def _link(self, actors: dict[str, Actor], by_key: dict[str, str]) -> None:
        """`part_of`: an institution's country (an actor with no members if no article names
        the country itself, so that "Ukrainian military intelligence" still rolls up to
        Ukraine), a branch's parent organisation."""
        for actor in list(actors.values()):
            kind = actor.key.split(":", 1)[0]
            if kind == "inst" and actor.country:
                key = "country:" + actor.country
                if key not in by_key:
                    country = Actor(id=_actor_id(key), key=key, name=actor.country, type="GPE")
                    actors[country.id] = country
                    by_key[key] = country.id
                actor.part_of = by_key[key]
                continue
            if actor.type == "ORG" and kind in ("org", "name", "table"):
                parent = _parent_org(actor.name)
                if parent is not None:
                    pid = by_key.get("org:" + name_key(parent)) or by_key.get("name:" + name_key(parent))
                    if pid is not None and pid != actor.id:
                        actor.part_of = pid
            if actor.part_of is None and actor.country and actor.type in ("ORG",):
                actor.part_of = by_key.get("country:" + actor.country)
        self._link_spokespeople(actors, by_key)
        self._link_officials(actors, by_key)

    def _link_officials(self, actors: dict[str, Actor], by_key: dict[str, str]) -> None:
        """An official of a state or body (a minister, spokesperson, security chief or envoy:
        nlp/data/office_holders.tsv, "official" rows) is `part_of` it when the table says they
        held that office on a date an article naming them was published ("Sergei Lavrov" in
        2022: Russia), as the state's agencies are. Heads of state and government and the
        leaders of bodies are not: a claim holds them responsible in their own right."""
        for actor in list(actors.values()):
            if actor.type != "PERSON" or actor.part_of is not None or not actor.members:
                continue
            days = {d for ref in actor.members if (d := office_holders.parse_day(self._published_of(ref)))}
            names = [n for n in (actor.name, *actor.aliases)
                     if (p := an.person_name(n)) is not None and len(p.words) >= 2]  # full names only
            held = [h for n in names for h in office_holders.offices_of(n)
                    if not days or any(h.holds_on(d) for d in days)]
            if not held or any(h.kind != "official" for h in held):
                continue
            bodies = {h.body for h in held}
            if len(bodies) != 1:
                continue
            body = bodies.pop()
            if entity_names.org_canonical(body) is not None:
                pid = by_key.get("org:" + name_key(body))
            else:
                key = "country:" + body
                if key not in by_key:
                    country = Actor(id=_actor_id(key), key=key, name=body, type="GPE")
                    actors[country.id] = country
                    by_key[key] = country.id
                pid = by_key[key]
            if pid is not None and pid != actor.id:
                actor.part_of = pid

    def _published_of(self, ref: str) -> str | None:
        i = self.index.get(ref)
        return self.members[i].published if i is not None else None

    def _link_spokespeople(self, actors: dict[str, Actor], by_key: dict[str, str]) -> None:
        """A spokesperson is `part_of` the body their title names: "Kremlin spokesman" ->
        Russia; "Foreign Ministry spokeswoman" -> the one institution of the corpus so named."""
        bodies: list[tuple[frozenset[str], str]] = []
        for a in actors.values():
            if a.type in ("ORG", "GPE") and a.members:
                bodies.append((frozenset(name_key(a.name).split()), a.id))
        for actor in actors.values():
            if actor.type != "PERSON" or actor.part_of is not None:
                continue
            for t in actor.titles:
                tk = an.title_key(t)
                if tk is None or tk.role != "spokesperson" or not tk.named:
                    continue
                words = tk.words - {"chief", "official", "senior", "press"}
                found = None
                if words:
                    fits = {aid for body, aid in bodies if words <= body}
                    if len(fits) == 1:
                        found = fits.pop()
                if found is None and tk.country and not words:
                    found = by_key.get("country:" + tk.country)
                if found is not None and found != actor.id:
                    actor.part_of = found
                    break


def metonyms_country(word: str) -> bool:
    """A demonym or a country's name ("palestinian", "ukraine")."""
    from ..nlp import metonyms

    return bool(metonyms.country_of_demonym(word) or metonyms.country_named(word))


def _actor_id(key: str) -> str:
    return "act_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def country_actor_id(country: str) -> str:
    """The id of a country's actor (`country` as `nlp.metonyms` names it: "Ukraine", "United
    States"), when no alias table gives it another: what the claims read a demonym in a
    statement's words as ("a Ukrainian provocation")."""
    return _actor_id("country:" + country)


def _parent_org(name: str) -> str | None:
    """The organisation a name extends: "Islamic State Khorasan (Province)" -> "Islamic State"
    (not "Islamic State Khorasan", the name's own organisation)."""
    own = an.known_org(name) or an.known_org((an.expanded_branch(name) or (name,))[0])
    for _, parent, generic in an.org_prefixes(name):
        if generic or (own is not None and name_key(parent) == name_key(own[0])):
            continue
        if name_key(parent) != name_key(name):
            return parent
    return None
