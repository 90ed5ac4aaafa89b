"""Claims: attributions across articles that assert the same proposition, whoever says it and
in whatever words, with opposite stances (an accusation and its denial) in the same claim.

Two kinds, because news disputes have two shapes:

- **responsibility** claims, "<party> is responsible for / involved in <event>": every
  statement that blames, links, exonerates or claims responsibility, grouped by (event, party).
  "Ukrainian military intelligence is directly involved" (accuse Ukraine's agency), "Kyiv had
  ordered it" (accuse Kyiv = Ukraine), "the perpetrators fled to Ukraine" (assert, with a
  responsibility word, about Ukraine) and "Ukraine had nothing to do with the attack" (deny)
  are one claim, "Ukraine was involved in the attack", the last with the opposite polarity.
  The party is the statement's target once resolved to an actor and rolled up to the country
  or parent organisation it belongs to (`Statement.party_of`), minus the speaker (unless the
  speaker denies its own role) and minus the claim's *holder* named in the content ("Moscow's
  attempts to link Ukraine": Moscow holds the claim, Ukraine is the party).
- **other** claims: the remaining statements, grouped when their contents share enough
  content words (Jaccard of word sets), within the same event; candidate pairs come from an
  inverted index of each content's rarest words, so grouping stays close to linear.

Polarity: +1 affirms the proposition (accuse, acknowledge, claim_responsibility, assert),
−1 rejects it (deny, reject), 0 neither (question, warn, other).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

AFFIRM = {"accuse": 1, "acknowledge": 1, "claim_responsibility": 1, "assert": 1}
REJECT = {"deny": -1, "reject": -1}
RESPONSIBILITY_STANCES = {"accuse", "deny", "reject", "acknowledge", "claim_responsibility"}

# Content words that make an assertion a statement about responsibility ("ISIS bears sole
# responsibility", "the perpetrators fled to Ukraine", "Kyiv was behind it").
_RESPONSIBILITY_WORDS = re.compile(
    r"\b(responsib\w*|behind|involve\w*|ordered|order(?:ing)?|organi[sz]\w*|masterminded|"
    r"carried out|carry out|committed|perpetrat\w*|coordinat\w*|financ\w*|"
    r"footprint|trace|link(?:s|ed)?|blame\w*|culprit\w*|fled|sponsor\w*|instruct\w*|"
    # the agent of the act itself ("a rocket fired by Islamic Jihad", "blown up by Russian forces",
    # "an Israeli airstrike", "Putin killed my husband", "staged by the Kyiv regime")
    r"struck|fired|launched|shelled|bombed|shot down|blew up|blown up|planted|staged|sabotaged|"
    r"air ?strikes?|killed|murdered|war crim\w+|planned by|plotted)\b", re.I)
_NEGATION = re.compile(r"\b(no|not|never|nothing to do|without|lack of|baseless|unfounded|"
                       r"absurd|nonsense|no evidence)\b", re.I)
# "<holder>'s attempts/claims/accusations", "<holder> allegations", "by <holder> to blame"
_HOLDER_AFTER = re.compile(r"^\s*(?:'s|’s|s'|’)?\s*(?:\w+\s+){0,2}?(attempts?|claims?|allegations?|"
                           r"accusations?|versions?|statements?|assertions?|narratives?|suggestions?|"
                           r"insinuations?|propaganda)\b", re.I)
# "attempts by Moscow to blame": "by" names a holder only after a claim noun; elsewhere it is the
# passive's agent, the party itself ("a rocket fired by Islamic Jihad", "organised by Wagner")
_HOLDER_BEFORE = re.compile(r"\b(?:attempts?|claims?|allegations?|accusations?|versions?|statements?|"
                            r"assertions?|narratives?|suggestions?|insinuations?|propaganda)\s+"
                            r"(?:\w+\s+){0,2}?by\s+(?:the\s+)?$", re.I)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.U)
_STOP = frozenset("""a an the and or but if of to in on at by for with from as is are was were be been
being it its this that these those he she they them his her their we our you your i me my not no
said says say told has have had do does did will would could should may might must can also
than then there here which who whom whose what when where why how all any some such into over
about after before against between during under up down out more most other only own same so
very just per mr ms mrs""".split())
MIN_SHARED = 0.5   # Jaccard of content words for two "other" statements to be one claim
INDEX_WORDS = 4    # each content is indexed under its rarest words
BUCKET_LOOK = 32   # members of an index bucket a new statement is compared with
MIN_WORDS = 3      # shorter contents ("it", "the claims") are too vague to group by words


@dataclass(frozen=True)
class Statement:
    """One attribution as the graph sees it (actors resolved across documents)."""

    key: str                       # the attribution's store id
    article_id: str
    published: str | None
    outlet: str | None
    speaker: str | None            # actor id
    stance: str
    targets: tuple[str, ...]       # actor ids, in the record's order
    content: str                   # the content spans' text, joined
    event: str | None = None       # the story event's id
    target_spans: tuple[tuple[str, int, int], ...] = ()  # (actor, start, end) inside `content`


@dataclass
class Claim:
    id: str
    kind: str                      # "responsibility" | "other"
    event: str | None
    party: str | None              # the actor said to be responsible (responsibility claims)
    members: list[tuple[Statement, int]] = field(default_factory=list)  # (statement, polarity)

    @property
    def polarities(self) -> set[int]:
        return {p for _, p in self.members}

    @property
    def contested(self) -> bool:
        return 1 in self.polarities and -1 in self.polarities


def polarity(stance: str) -> int:
    return AFFIRM.get(stance, REJECT.get(stance, 0))


def group_claims(statements: Iterable[Statement],
                 party_of: Callable[[str], str] = lambda actor: actor,
                 can_be_party: Callable[[str], bool] = lambda actor: True) -> list[Claim]:
    """Every statement in at most one claim; claims with a single member are kept (a claim
    nobody repeats is still a claim). `party_of` rolls an actor up to the party a
    responsibility claim is about (an agency to its country, a branch to its organisation);
    `can_be_party` tells actors that can be held responsible (named people, organisations,
    states, groups) from the rest ("those who commissioned the attack")."""
    responsibility: dict[tuple[str | None, str], Claim] = {}
    rest: list[Statement] = []
    for s in with_article_events(statements):
        party = responsible_party(s, party_of, can_be_party)
        if party is None:
            rest.append(s)
            continue
        key = (s.event, party)
        claim = responsibility.get(key)
        if claim is None:
            claim = responsibility[key] = Claim(_claim_id("responsibility", s.event, party),
                                                "responsibility", s.event, party)
        claim.members.append((s, _responsibility_polarity(s)))
    return list(responsibility.values()) + _group_by_words(rest)


def with_article_events(statements: Iterable[Statement]) -> list[Statement]:
    """The statements, those without an event taking one from their article. Most statements
    name no event ("Moscow rejected the findings"), yet they are about the one the article is
    discussing; left unlinked, an accusation and its denial would land in different claims.
    In an article whose linked statements are all about one event, that event; in an article
    about several, the event of the nearest linked statement before it in the article (the
    one under discussion), or, before the first, of the first linked one after it.
    Statements come in article order (the record's), which this relies on."""
    statements = list(statements)
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(statements):
        by_article[s.article_id].append(i)
    out = list(statements)
    for positions in by_article.values():
        linked = [statements[i].event for i in positions]
        if not any(linked):
            continue
        previous = None
        following = [None] * len(positions)
        nxt = None
        for k in range(len(positions) - 1, -1, -1):
            following[k] = nxt
            nxt = linked[k] or nxt
        for k, i in enumerate(positions):
            if linked[k] is not None:
                previous = linked[k]
                continue
            event = previous or following[k]
            if event is not None:
                out[i] = replace(statements[i], event=event)
    return out


def responsible_party(s: Statement, party_of: Callable[[str], str],
                      can_be_party: Callable[[str], bool] = lambda actor: True) -> str | None:
    """The party a responsibility statement is about, or None for other statements."""
    if s.stance not in RESPONSIBILITY_STANCES and not (
            s.stance == "assert" and _RESPONSIBILITY_WORDS.search(s.content)):
        return None
    if s.stance == "claim_responsibility" and s.speaker:
        return party_of(s.speaker)
    holders = _holders(s)
    candidates = [t for t in s.targets if t not in holders and can_be_party(t)]
    if s.stance not in ("deny",):
        candidates = [t for t in candidates if t != s.speaker] or (
            [] if s.stance in ("accuse", "assert") else candidates)
    if not candidates and s.stance in ("deny", "reject") and s.speaker and can_be_party(s.speaker):
        # a denial that names no one else denies the speaker's own role: "Moscow has denied any
        # role", "Islamic Jihad rejected the account", "Ukraine rejected Moscow's accusations"
        return party_of(s.speaker)
    if not candidates:
        return None
    return party_of(_nearest_to_responsibility(s, candidates))


def _nearest_to_responsibility(s: Statement, candidates: list[str]) -> str:
    """Of several candidate parties, the one named closest to a responsibility word ("Russia
    would present evidence of a Ukrainian provocation": Ukraine); the first one otherwise."""
    words = [m.start() for m in _RESPONSIBILITY_WORDS.finditer(s.content)]
    if len(candidates) == 1 or not words or not s.target_spans:
        return candidates[0]
    distance: dict[str, int] = {}
    for actor, start, end in s.target_spans:
        if actor in candidates:
            d = min(min(abs(w - start), abs(w - end)) for w in words)
            distance[actor] = min(d, distance.get(actor, d))
    return min(candidates, key=lambda c: (distance.get(c, len(s.content) + 1), candidates.index(c)))


def _responsibility_polarity(s: Statement) -> int:
    p = polarity(s.stance)
    if s.stance == "assert" and _NEGATION.search(s.content):
        return -1  # "there was no Ukrainian involvement whatsoever"
    return p


def _holders(s: Statement) -> set[str]:
    """Actors named in the content as holding the claim rather than being its party."""
    holders = set()
    for actor, start, end in s.target_spans:
        if _HOLDER_AFTER.match(s.content[end:end + 40]) or _HOLDER_BEFORE.search(s.content[max(0, start - 60):start]):
            holders.add(actor)
    return holders


# -- other claims: grouped by shared content words ------------------------------------------

def content_words(text: str) -> frozenset[str]:
    return frozenset(_stem(w.lower()) for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 2)


def _stem(word: str) -> str:
    # a light suffix strip so that "warned"/"warning"/"warns" meet; no more is needed here
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _group_by_words(statements: list[Statement]) -> list[Claim]:
    words = [content_words(s.content) for s in statements]
    df: dict[str, int] = defaultdict(int)
    for ws in words:
        for w in ws:
            df[w] += 1
    index: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    parent = list(range(len(statements)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (s, ws) in enumerate(zip(statements, words)):
        if len(ws) < MIN_WORDS:
            continue
        rare = sorted(ws, key=lambda w: (df[w], w))[:INDEX_WORDS]
        seen: set[int] = set()
        for w in rare:
            bucket = index[(s.event, w)]
            # the latest members only: joining any member of a group joins the group, and a
            # bounded look keeps grouping linear when a word is common to thousands of reprints
            for j in bucket[-BUCKET_LOOK:]:
                if j in seen:
                    continue
                seen.add(j)
                root_j = find(j)
                if root_j == find(i):
                    continue  # already one claim (reprints land here): no need to compare
                if _jaccard(ws, words[j]) >= MIN_SHARED:
                    parent[find(i)] = root_j
            bucket.append(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(statements)):
        groups[find(i)].append(i)
    claims = []
    for members in groups.values():
        first = statements[members[0]]
        claim = Claim(_claim_id("other", first.event, *sorted(statements[i].key for i in members)[:1]),
                      "other", first.event, None)
        claim.members = [(statements[i], polarity(statements[i].stance)) for i in members]
        claims.append(claim)
    return claims


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _claim_id(*parts: object) -> str:
    joined = "\x1f".join("\x00" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


__all__ = ["Statement", "Claim", "group_claims", "responsible_party", "polarity", "content_words",
           "with_article_events"]
