"""Positions and conflicts, from grouped claims: the responsibility matrix of an event, each
actor's positions over time and their changes, contradictions between statements, and how a
claim spread. Pure functions over `claims.Claim`s; every cell and item keeps its statements,
so each answer is one step from its evidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from .claims import Claim, Statement

T = TypeVar("T")

STANCE_ORDER = ("claim_responsibility", "accuse", "acknowledge", "assert", "deny", "reject",
                "question", "warn", "other")


@dataclass
class Cell:
    """What one speaker said about one party's responsibility: its statements, oldest first."""

    speaker: str
    party: str
    statements: list[tuple[Statement, int]] = field(default_factory=list)

    @property
    def polarity(self) -> int:
        """The latest statement's polarity (a position can change: see `changes`)."""
        return self.statements[-1][1] if self.statements else 0

    @property
    def stances(self) -> list[str]:
        seen: list[str] = []
        for s, _ in self.statements:
            if s.stance not in seen:
                seen.append(s.stance)
        return seen


def _when(s: Statement) -> tuple[str, str]:
    return (s.published or "9999", s.key)


def responsibility_matrix(claims: Iterable[Claim], event: str | None = None) -> dict[tuple[str, str], Cell]:
    """(speaker, party) -> Cell for the responsibility claims of `event` (all events if None)."""
    cells: dict[tuple[str, str], Cell] = {}
    for claim in claims:
        if claim.kind != "responsibility" or claim.party is None:
            continue
        if event is not None and claim.event != event:
            continue
        for s, p in claim.members:
            if s.speaker is None:
                continue
            cell = cells.setdefault((s.speaker, claim.party), Cell(s.speaker, claim.party))
            cell.statements.append((s, p))
    for cell in cells.values():
        cell.statements.sort(key=lambda sp: _when(sp[0]))
    return cells


@dataclass(frozen=True)
class Change:
    """A turn in an actor's position: `kind` is "first" (a party named responsible for the
    first time, while another is still blamed: "admits IS coordinated the attack, but continues
    to link it to Ukraine"), "reversal" (the polarity on a party flips) or "new" (a first
    position on a party after other positions)."""

    actor: str
    kind: str
    party: str
    statement: Statement
    polarity: int
    still_blamed: tuple[str, ...] = ()
    previous: Statement | None = None


def positions_over_time(claims: Iterable[Claim], actor: str) -> list[tuple[Statement, Claim, int]]:
    """Everything `actor` said, on every claim, oldest first."""
    out = [(s, c, p) for c in claims for s, p in c.members if s.speaker == actor]
    out.sort(key=lambda scp: _when(scp[0]))
    return out


def changes(claims: Iterable[Claim], actor: str) -> list[Change]:
    """The turns in `actor`'s responsibility positions, in date order."""
    dated = [(s.published or "", c.party, p, s) for s, c, p in positions_over_time(list(claims), actor)
             if c.kind == "responsibility" and c.party is not None and p != 0]
    return [Change(actor, kind, party, s, p, still, previous)
            for kind, party, p, s, still, previous in turns(actor, dated)]


def turns(actor: str, dated: Iterable[tuple[str, str, int, T]]
          ) -> list[tuple[str, str, int, T, tuple[str, ...], T | None]]:
    """The rule behind `changes`, over any statement type: `dated` holds (day, party, polarity,
    statement) for `actor`'s non-neutral positions, in time order. Returns (kind, party,
    polarity, statement, parties still blamed, previous statement) per turn: at most one per
    party and day, however many articles repeat it; a position on the actor itself is none."""
    by_date: dict[str, list[tuple[str, int, T]]] = defaultdict(list)
    for day, party, p, item in dated:
        by_date[day].append((party, p, item))
    current: dict[str, tuple[int, T]] = {}  # party -> (polarity, last statement)
    found: list[tuple[str, str, int, T, tuple[str, ...], T | None]] = []
    for date in sorted(by_date):
        day = by_date[date]
        blamed_before = {party for party, (pol, _) in current.items() if pol > 0}
        seen_today: set[str] = set()
        for party, p, item in day:
            if party in seen_today or party == actor:
                continue
            before = current.get(party)
            if before is None:
                if current:
                    seen_today.add(party)
                    still = tuple(sorted(blamed_before - {party, actor}))
                    found.append(("first" if p > 0 and still else "new", party, p, item, still, None))
            elif before[0] != p:
                seen_today.add(party)
                found.append(("reversal", party, p, item, (), before[1]))
        for party, p, item in day:
            current[party] = (p, item)
    return found


@dataclass(frozen=True)
class Contradiction:
    claim: Claim
    affirming: Statement
    rejecting: Statement


def contradictions(claims: Iterable[Claim]) -> list[Contradiction]:
    """Pairs of statements on the same claim with opposite polarities, by different speakers
    (one speaker turning on itself is a `Change`). One pair per (affirming speaker, rejecting
    speaker) and claim: their earliest statements."""
    out = []
    for claim in claims:
        first: dict[tuple[str | None, int], Statement] = {}
        for s, p in sorted(claim.members, key=lambda sp: _when(sp[0])):
            if p != 0:
                first.setdefault((s.speaker, p), s)
        yes = [(sp, s) for (sp, p), s in first.items() if p > 0]
        no = [(sp, s) for (sp, p), s in first.items() if p < 0]
        for a_speaker, a in yes:
            for r_speaker, r in no:
                if a_speaker != r_speaker:
                    out.append(Contradiction(claim, a, r))
    out.sort(key=lambda c: min(_when(c.affirming), _when(c.rejecting)))
    return out


@dataclass(frozen=True)
class Spread:
    claim: Claim
    first: Statement
    outlets: tuple[str, ...]
    appearances: int
    origins: int


def spread(claim: Claim, group_of: dict[str, str] | None = None) -> Spread:
    """Where and when a claim first appeared, in how many outlets, and from how many
    independent origins (near-duplicate groups of articles: a wire story reprinted by 40
    outlets is one origin)."""
    members = sorted((s for s, _ in claim.members), key=_when)
    group_of = group_of or {}
    origins = {group_of.get(s.article_id, s.article_id) for s in members}
    outlets = tuple(dict.fromkeys(s.outlet for s in members if s.outlet))
    return Spread(claim, members[0], outlets, len({s.article_id for s in members}), len(origins))
