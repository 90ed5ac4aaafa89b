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
  speaker denies its own role), minus the claim's *holder* named in the content ("Moscow's
  attempts to link Ukraine": Moscow holds the claim, Ukraine is the party; "the Russian version
  of events"; "what Kyiv called a provocation") and minus the act's victim or place ("the
  killing of the Wagner boss", "speculation in the West"). An assertion is about
  responsibility when it names the act's agent ("fired by", "by destroying the pipelines"), a
  motive or accountability ("every reason to punish", "would be held accountable"), or blames
  the party named right beside a word of condemnation ("a Ukrainian provocation", "how far
  Russia's army had sunk"). A bare denial by someone nobody accuses (a spokesman) echoes its
  government's denial of its own role next to it; a speaker repeating its own accusation in the
  same article is on that accusation's claim.
  The event: the statement's own, else the article's (`with_article_events`), else, for an
  article that links none before it, the event its party is blamed for in the same weeks.
- **other** claims: the remaining statements, grouped when their contents share enough
  content words (Jaccard of word sets; a country's names, demonyms and capital count as one
  word), within the same event; candidate pairs come from
  an inverted index looked up under each content's rarest words, with a bounded look into
  each bucket, so grouping stays close to linear.

Polarity: +1 affirms the proposition (accuse, acknowledge, claim_responsibility, assert),
−1 rejects it (deny, reject), 0 neither (question, warn, other).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..nlp import entity_names, metonyms
from .actors import country_actor_id

AFFIRM = {"accuse": 1, "acknowledge": 1, "claim_responsibility": 1, "assert": 1}
REJECT = {"deny": -1, "reject": -1}
RESPONSIBILITY_STANCES = {"accuse", "deny", "reject", "acknowledge", "claim_responsibility"}

# Content words that make an assertion a statement about responsibility ("ISIS bears sole
# responsibility", "the perpetrators fled to Ukraine", "Kyiv was behind it").
_RESPONSIBILITY_WORDS = re.compile(
    r"\b(responsib\w*|behind|involve\w*|ordered|order(?:ing)?|organi[sz]\w*|masterminded|"
    r"carried out|carry out|committed|perpetrat\w*|coordinat\w*|financ\w*|"
    r"footprint|trace|link(?:s|ed|ing)?|blame\w*|culprit\w*|fled|sponsor\w*|instruct\w*|"
    r"fund(?:s|ed|ing)|paid (?:from|by)|money from|point(?:s|ed|ing)? (?:to|towards|at)|"
    # the agent of the act itself ("a rocket fired by Islamic Jihad", "blown up by Russian forces",
    # "an Israeli airstrike", "Putin killed my husband", "staged by the Kyiv regime", "by
    # destroying the pipelines the United States ...")
    r"struck|fired|launched|shelled|bombed|shot down|blew up|blown up|planted|staged|sabotaged|"
    r"air ?strikes?|killed|murdered|war crim\w+|planned by|plotted|"
    r"destroy(?:s|ed|ing)?|wreck(?:s|ed|ing)?|"
    # a motive, accountability, a cover-up: "the Kremlin had every reason to punish", "Putin and
    # the people around him would be held accountable", "Washington was covering for Israel"
    r"motives?|every reason to|punish\w*|revenge|retaliat\w*|accountab\w*|"
    r"held to account|answer for|cover(?:s|ed|ing)?(?: up)? for|cover-?ups?)\b", re.I)
# Words that blame only the party named right next to them: "a Ukrainian provocation", "how far
# Russia's army had sunk", "being suspected was a compliment to Ukraine's special forces".
# Alone ("what he called a provocation") they say nothing of who did it.
_NEAR_WORDS = re.compile(
    r"\b(provocations?|false flag|suspect(?:s|ed|ing)?|contacts? (?:on|with|in)|"
    r"sunk|barbar\w*|atrocit\w*|cynical(?:ly)?|brutal\w*|inhuman\w*|terroris[mt]s?|genocid\w*|crimes?)\b",
    re.I)
NEAR_ONLY = 25  # characters between such a word and the party it blames
# Responsibility words after which the party is named ("a rocket fired by Islamic Jihad",
# "Washington was covering for Israel", "pointed to an Islamic State entity"): the nearest
# candidate *after* them is the agent.
_FORWARD = re.compile(r"(?:\bby|\bfor|\bto|\btowards|\bat)$", re.I)
# A target named as the act's victim or object is not its party: "the killing of the Wagner boss",
# "every reason to punish Prigozhin", "an attack on Ukrainian prisoners". (Not "the arrest of" nor
# "the case against": those name the suspect.)
_VICTIM_BEFORE = re.compile(
    r"\b(?:(?:killing|murder|death|deaths|assassination|poisoning|torture|execution|kidnapping|abduction|"
    r"shelling|bombing|bombardment|funeral|body|widow|husband|wife|victims?)\s+of|"
    r"(?:attacks?|strikes?|assaults?)\s+(?:on|against)|"
    r"(?:punish|kill|murder|poison|assassinat|target|execut|tortur)\w*)\s+"
    r"(?:(?:the|its|his|her|their|own|a|an)\s+){0,2}$", re.I)
# "were killed", "had been struck" ... "by <agent>" (or not)
_PARTICIPLE = re.compile(r"\w+ed|struck|shot down|blown up|carried out|committed|launched", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|be|being|is|are|get|got)\s+(?:\w+ly\s+)?$", re.I)
_AGENT_AFTER = re.compile(r"(?:\s+[\w'’-]+){0,4}?\s+by\b", re.I)
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
# ("make no mistake", "no doubt", "not only" affirm)
_NEGATION = re.compile(r"\b(no(?! mistake| doubt| question)|not(?! only)|never|nothing to do|without|lack of|"
                       r"baseless|unfounded|absurd|nonsense|no evidence)\b", re.I)
# "<holder>'s attempts/claims/accusations", "<holder> allegations", "by <holder> to blame"
_CLAIM_NOUNS = (r"attempts?|claims?|allegations?|accusations?|versions?|statements?|assertions?|narratives?|"
                r"suggestions?|insinuations?|propaganda|accounts?|reports?|reporting|stor(?:y|ies)|theor(?:y|ies)|"
                r"findings?|assessments?|conclusions?|words|remarks?|comments?|lies|speculation|rumou?rs?")
# A content that is only a claim and its holder: "the Russian version of events", "the American
# assessment", "Western accusations over the death" (a capitalised word before the claim noun)
# (only the claim: "Moscow's attempts to link Ukraine" names its party after it)
_HELD_CLAIM = re.compile(r"^\s*(?:the\s+)?(?:[A-Z][\w'’-]*\s+)(?:[\w'’-]+\s+)?(?:" + _CLAIM_NOUNS +
                         r")\b(?!.*\b(?:to|that|by)\b)")
_HOLDER_AFTER = re.compile(r"^\s*(?:(?:'s|’s|s'|’)?\s*(?:\w+\s+){0,2}?(" + _CLAIM_NOUNS + r")|"
                           # "what he called a provocation", "Kyiv described it as": the caller
                           r"(?:has |have |had )?(?:\w+ly |first |also |later |now )?(?:called|calls|call|described|"
                           r"describes|termed|dubbed|branded|said|says|say|told|tells|claimed|claims|stated|"
                           r"insisted|insists|reported|reports|announced|announces|added|alleged|alleges))\b",
                           re.I)
# "attempts by Moscow to blame": "by" names a holder only after a claim noun; elsewhere it is the
# passive's agent, the party itself ("a rocket fired by Islamic Jihad", "organised by Wagner").
# So do "in"/"from"/"among" after one: where the claim goes round ("speculation about the crash
# in the West", "allegations from Kyiv").
_HOLDER_BEFORE = re.compile(r"\b(?:" + _CLAIM_NOUNS + r")\s+(?:\w+\s+){0,2}?by\s+(?:the\s+)?$|"
                            r"\b(?:" + _CLAIM_NOUNS + r")\s+(?:\w+\s+){0,3}?(?:in|from|among)\s+(?:the\s+)?$",
                            re.I)

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
REPEAT_WORDS = 2       # content words a speaker's restatement shares with its responsibility statement
EVENT_WINDOW_DAYS = 30  # a party blamed in the same weeks is blamed for the same story
LONE_EVENT_DAYS = 365   # ... or in the same year, for the only story it is blamed for
NEAR_WORD = 40        # characters: a party named farther from every responsibility word is a guess
FORWARD_PENALTY = 100  # a candidate before "fired by"/"covering for" is rarely its agent


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
    statements = _fill_from_article(statements, following=False)
    found = [_party(s, party_of, can_be_party) for s in statements]
    parties = [p for p, _ in found]
    statements = _fill_from_article(_events_of_parties(statements, parties), following=True)
    parties = _echoed_denials(statements, parties, [o for _, o in found])
    polarities = [_responsibility_polarity(s) if p is not None else None for s, p in zip(statements, parties)]
    statements = _same_speaker_repeats(statements, parties, polarities)
    responsibility: dict[tuple[str | None, str], Claim] = {}
    rest: list[Statement] = []
    for s, party, pol in zip(statements, parties, polarities):
        if party is None:
            rest.append(s)
            continue
        key = (s.event, party)
        claim = responsibility.get(key)
        if claim is None:
            claim = responsibility[key] = Claim(_claim_id("responsibility", s.event, party),
                                                "responsibility", s.event, party)
        claim.members.append((s, pol))
    return list(responsibility.values()) + _group_by_words(rest)


def _same_speaker_repeats(statements: list[Statement], parties: list[str | None],
                          polarities: list[int | None]) -> list[Statement]:
    """A statement with no party whose speaker, in the same article, makes a responsibility
    statement that repeats it is on that statement's claim (`parties` and `polarities` are
    filled in place; the statements come back with the claim's event): the same quote given
    twice ("accused Russia of deliberately striking civilians. 'Without the strength ... they
    are cynically destroying ...'" and "wrote on Telegram: 'Without the strength ...'"), with the
    repeated statement's polarity; or the same point in other words, sharing `REPEAT_WORDS`
    content words and a third of its own ("accused Russia of a deliberate massacre" and "The
    Bucha massacre was deliberate"), when its own polarity is the same. The nearest such
    statement in the article wins. Linear: statements are compared within (article, speaker)."""
    by_speaker: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, s in enumerate(statements):
        if s.speaker:
            by_speaker[(s.article_id, s.speaker)].append(i)
    out = list(statements)
    for idx in by_speaker.values():
        sources = [j for j in idx if parties[j] is not None]
        if not sources or len(sources) == len(idx):
            continue
        for i in idx:
            if parties[i] is not None:
                continue
            s = statements[i]
            text, words = _plain(s.content), content_words(s.content)
            if len(words) < 2:
                continue
            own = _responsibility_polarity(s)
            for j in sorted(sources, key=lambda j: abs(j - i)):
                r = statements[j]
                if text and text in _plain(r.content):
                    polarities[i] = polarities[j]
                elif own == polarities[j] and len(shared := words & content_words(r.content)) >= REPEAT_WORDS \
                        and 3 * len(shared) >= len(words):
                    polarities[i] = own
                else:
                    continue
                parties[i] = parties[j]
                out[i] = replace(s, event=r.event)
                break
    return out


def _plain(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def with_article_events(statements: Iterable[Statement]) -> list[Statement]:
    """The statements, those without an event taking one from their article. Most statements
    name no event ("Moscow rejected the findings"), yet they are about the one the article is
    discussing; left unlinked, an accusation and its denial would land in different claims.
    In an article whose linked statements are all about one event, that event; in an article
    about several, the event of the nearest linked statement before it in the article (the
    one under discussion), or, before the first, of the first linked one after it.
    Statements come in article order (the record's), which this relies on.

    `group_claims` puts one more source between the two: a responsibility statement that no
    linked statement precedes takes the event its party is blamed for elsewhere in the corpus
    in the same weeks (`_events_of_parties`), before the first linked one after it."""
    return _fill_from_article(statements, following=True)


def _fill_from_article(statements: Iterable[Statement], following: bool) -> list[Statement]:
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
        after = [None] * len(positions)
        nxt = None
        for k in range(len(positions) - 1, -1, -1):
            after[k] = nxt
            nxt = linked[k] or nxt
        for k, i in enumerate(positions):
            if linked[k] is not None:
                previous = linked[k]
                continue
            event = previous or (after[k] if following else None)
            if event is not None:
                out[i] = replace(statements[i], event=event)
    return out


def _events_of_parties(statements: list[Statement], parties: list[str | None]) -> list[Statement]:
    """Unlinked responsibility statements take the event their party is held responsible for
    (or denies) in linked statements published within `EVENT_WINDOW_DAYS`, when one event has
    more such statements than any other; failing that, the one event the party is linked to
    within `LONE_EVENT_DAYS`, if it is linked to only one. An article that reports no event of
    its own ("Zelensky visits Bucha": "what Russian soldiers had done there were war crimes") is
    about the story in which the same party is blamed those weeks. Indexed by (party, week):
    linear in the statements."""
    weeks: dict[tuple[str, int], Counter] = defaultdict(Counter)
    for s, party in zip(statements, parties):
        day = _day(s.published)
        if party is not None and s.event is not None and day is not None:
            weeks[(party, day // 7)][s.event] += 1
    if not weeks:
        return statements
    near, far = EVENT_WINDOW_DAYS // 7 + 1, LONE_EVENT_DAYS // 7 + 1
    out = list(statements)
    for i, (s, party) in enumerate(zip(statements, parties)):
        day = _day(s.published)
        if s.event is not None or party is None or day is None:
            continue
        votes: Counter = Counter()
        for w in range(day // 7 - near, day // 7 + near + 1):
            votes.update(weeks.get((party, w), {}))
        top = votes.most_common(2)
        if top and (len(top) == 1 or top[0][1] > top[1][1]):
            out[i] = replace(s, event=top[0][0])
            continue
        if top:
            continue  # several events that weeks, none ahead: not known
        seen: set[str] = set()
        for w in range(day // 7 - far, day // 7 + far + 1):
            seen.update(weeks.get((party, w), ()))
            if len(seen) > 1:
                break
        if len(seen) == 1:
            out[i] = replace(s, event=seen.pop())
    return out


def _day(published: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        return None


def responsible_party(s: Statement, party_of: Callable[[str], str],
                      can_be_party: Callable[[str], bool] = lambda actor: True) -> str | None:
    """The party a responsibility statement is about, or None for other statements."""
    return _party(s, party_of, can_be_party)[0]


def _party(s: Statement, party_of: Callable[[str], str],
           can_be_party: Callable[[str], bool]) -> tuple[str | None, bool]:
    """(party, whether it is the speaker's own role for want of anyone else named)."""
    if s.stance == "claim_responsibility" and s.speaker:
        return party_of(s.speaker), False
    if s.stance not in RESPONSIBILITY_STANCES and s.stance != "assert":
        return None, False
    s, titled = _with_countries_located(s)
    holders = _holders(s) | _victims(s)
    candidates = [t for t in s.targets if t not in holders and can_be_party(t)]
    if titled and any(t not in titled for t in candidates):
        candidates = [t for t in candidates if t not in titled]
    if s.stance not in ("deny",):
        candidates = [t for t in candidates if t != s.speaker] or (
            [] if s.stance in ("accuse", "assert") else candidates)
    words = _blame_words(s, candidates)
    if s.stance not in RESPONSIBILITY_STANCES and not (s.stance == "assert" and words):
        return None, False
    if candidates in ([], [s.speaker]) and s.stance in ("deny", "reject") and s.speaker \
            and can_be_party(s.speaker):
        # a denial that names no one else denies the speaker's own role: "Moscow has denied any
        # role", "Islamic Jihad rejected the account", "Ukraine rejected Moscow's accusations"
        return party_of(s.speaker), True
    if not candidates:
        return None, False
    nearest = _nearest_to_responsibility(s, candidates, words)
    return (party_of(nearest) if nearest is not None else None), False


def _echoed_denials(statements: list[Statement], parties: list[str | None], own: list[bool]) -> list[str | None]:
    """A denial that names no one ("all of this is an absolute lie", "he called them stupid and
    absurd") is read as the speaker denying its own role. Where nobody in the corpus holds the
    speaker responsible for that event (a spokesman, a minister), it rather echoes the denial of
    its own role by another, accused, speaker reported next to it in the article ("The Kremlin
    rejected suggestions that it had ordered the killing ... Peskov told reporters ... 'an
    absolute lie'"): it takes that denial's party, the nearest before it, else after it. (Not
    a denial of someone else's role: "the US said Israel was not responsible ... Hamas dismissed
    the American assessment" is no echo.) Linear: one pass per article."""
    accused = {(s.event, p) for s, p, o in zip(statements, parties, own) if p is not None and not o}
    out = list(parties)
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(statements):
        by_article[s.article_id].append(i)
    for positions in by_article.values():
        # only a denial of the speaker's own role is echoed: the Kremlin's, by its spokesman
        denials = [(k, parties[i]) for k, i in enumerate(positions)
                   if own[i] and parties[i] is not None and _responsibility_polarity(statements[i]) == -1
                   and (statements[i].event, parties[i]) in accused]
        if not denials:
            continue
        for k, i in enumerate(positions):
            if not own[i] or (statements[i].event, parties[i]) in accused:
                continue
            before = [p for j, p in denials if j < k]
            after = [p for j, p in denials if j > k]
            echo = before[-1] if before else (after[0] if after else None)
            if echo is not None:
                out[i] = echo
    return out


def _blame_words(s: Statement, candidates: list[str]) -> list[tuple[int, int, bool]]:
    """(start, end, names its agent after it) of the content's responsibility words: every act
    word, and the words that blame a neighbour (`_NEAR_WORDS`) where a candidate is named
    within `NEAR_ONLY` characters of them (or the one candidate is not located in the words).
    A passive with no agent names no one ("40 prisoners were killed"): not a word of blame."""
    out = [(m.start(), m.end(), bool(_FORWARD.search(m.group(0))))
           for m in _RESPONSIBILITY_WORDS.finditer(s.content)
           if not (_PARTICIPLE.fullmatch(m.group(0)) and _PASSIVE_BEFORE.search(s.content, 0, m.start())
                   and not _AGENT_AFTER.match(s.content, m.end()))]
    spans = [(start, end) for actor, start, end in s.target_spans if actor in candidates]
    unlocated = len(candidates) == 1 and not spans
    for m in _NEAR_WORDS.finditer(s.content):
        forward = bool(_FORWARD.search(m.group(0)))
        near = any((0 <= start - m.end() <= NEAR_ONLY) if forward else
                   (0 <= m.start() - end <= NEAR_ONLY or 0 <= start - m.end() <= NEAR_ONLY)
                   for start, end in spans)
        if near or unlocated:
            out.append((m.start(), m.end(), forward))
    return sorted(out)


def _nearest_to_responsibility(s: Statement, candidates: list[str],
                               words: list[tuple[int, int, bool]]) -> str | None:
    """Of several candidate parties, the one named closest to a responsibility word ("Russia
    would show that Ukrainian forces staged it": Ukraine), after it for a word that names its
    agent next ("fired by", "covering for"); the first one when the content locates none.
    None when the one located is far from every such word while others are not located at all
    ("Russia would present evidence of what he called a Ukrainian provocation", with only
    "Russia" found in the words): the party is then not known."""
    if len(candidates) == 1 or not words or not s.target_spans:
        return candidates[0]
    distance: dict[str, int] = {}
    for actor, start, end in s.target_spans:
        if actor not in candidates:
            continue
        for w_start, w_end, forward in words:
            if forward:
                d = start - w_end if start >= w_end else FORWARD_PENALTY + w_start - end
            else:
                d = min(abs(w_start - start), abs(w_start - end))
            distance[actor] = min(d, distance.get(actor, d))
    if distance and min(distance.values()) > NEAR_WORD and any(c not in distance for c in candidates):
        return None
    return min(candidates, key=lambda c: (distance.get(c, len(s.content) + 1), candidates.index(c)))


def _responsibility_polarity(s: Statement) -> int:
    p = polarity(s.stance)
    if s.stance == "assert" and _NEGATION.search(s.content):
        return -1  # "there was no Ukrainian involvement whatsoever"
    return p


def _with_countries_located(s: Statement) -> tuple[Statement, set[str]]:
    """The statement with its country targets also located where its words name them by
    demonym, name or seat of government ("a Ukrainian provocation", "the killing of Ukrainian
    prisoners ... a deliberate Russian war crime"), for those the record gives no mention of
    inside the content (its mentions of Ukraine are "Kyiv", elsewhere in the article); and the
    countries the words name only before a role noun ("accused the Russian president of having
    him killed"): a person of that country is meant, not the country."""
    located = {actor for actor, _, _ in s.target_spans}
    if all(t in located for t in s.targets):
        return s, set()
    wanted = set(s.targets) - located
    found = []
    titled = set()
    for m in _CAPITALISED.finditer(s.content):
        word = re.sub(r"['’]s?$", "", m.group(0))
        country = metonyms.country_of_demonym(word) or metonyms.country_named(word) or metonyms.government_of(word)
        if country is None or country_actor_id(country) not in wanted:
            continue
        following = _NEXT_WORD.match(s.content, m.end())
        if following and entity_names.role_class(following.group(1).lower()):
            titled.add(country_actor_id(country))
            continue
        found.append((country_actor_id(country), m.start(), m.start() + len(word)))
    titled -= {actor for actor, _, _ in found}
    return (replace(s, target_spans=s.target_spans + tuple(found)) if found else s), titled


def _victims(s: Statement) -> set[str]:
    """Actors the content names only as the act's victim or object ("the killing of the Wagner
    boss", "every reason to punish Prigozhin"): they suffered it, they are not its party."""
    victim: dict[str, bool] = {}
    for actor, start, _end in s.target_spans:
        hit = bool(_VICTIM_BEFORE.search(s.content[max(0, start - 40):start]))
        victim[actor] = victim.get(actor, True) and hit
    return {a for a, v in victim.items() if v}


def _holders(s: Statement) -> set[str]:
    """Actors named in the content as holding the claim rather than being its party; when the
    whole content is a claim named by its holder ("the Russian version of events", "the
    American assessment") and the words do not locate a target, the targets are its holders."""
    holders = set()
    for actor, start, end in s.target_spans:
        if _HOLDER_AFTER.match(s.content[end:end + 40]) or _HOLDER_BEFORE.search(s.content[max(0, start - 60):start]):
            holders.add(actor)
    if _HELD_CLAIM.match(s.content):
        located = {actor for actor, _, _ in s.target_spans}
        holders.update(t for t in s.targets if t not in located)
    return holders


# -- other claims: grouped by shared content words ------------------------------------------

@lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """The content's words, lightly stemmed, a country's names, demonyms and seats of
    government as one word ("warned Moscow", "warned Russia", "warned the Russians")."""
    out = set()
    for w in _WORD.findall(text):
        low = w.lower()
        if low in _STOP or len(w) <= 2:
            continue
        country = _country_word(w) if w[:1].isupper() else None
        out.add("@" + country if country else _stem(low))
    return frozenset(out)


@lru_cache(maxsize=65536)
def _country_word(word: str) -> str | None:
    word = re.sub(r"['’]s?$", "", word)
    single = word[:-1] if word.endswith("s") else word
    return (metonyms.country_named(word) or metonyms.government_of(word)
            or metonyms.country_of_demonym(word) or metonyms.country_of_demonym(single))


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
        # filed under every word, looked up under the rarest: two wordings of one point need
        # only share one word that is rare for either of them
        for w in ws:
            index[(s.event, w)].append(i)
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
