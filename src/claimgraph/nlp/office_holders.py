"""Who held an office on a date: "the Russian president" in 2016 and in 2024, "Ukraine's
foreign minister", "the FSB chief", read from data/office_holders.tsv.

A role phrase and a table row are compared by one key, `role_key`: the state or body the
phrase names (a country by its name, demonym, capital or seat: "Russian", "Russia's",
"Kremlin"; a body of the table: "NATO", "the UN"), the class of its head noun (chief = head =
director, spokeswoman = spokesperson: data/role_nouns.txt) and its other words, with known
organisations' forms as one word ("FSB" = "Federal Security Service"). So "the head of the
FSB", "the FSB director" and "FSB chief" are one key; "the secretary of state" and "the head of
state" are two.

The table is read once per process; a look-up is a dict look-up and a scan of the few rows of
one office. Persons are also found by name (`offices_of`), for the claim graph, which rolls an
official up to the state they serve.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from . import entity_names, metonyms
from .entity_names import fold, name_key

TABLE = "office_holders.tsv"

# Seats of government that name an office as well as a state: "the Kremlin spokesman" is not
# any Russian spokesman.
_SEATS = frozenset({"kremlin", "white house", "downing street", "elysee", "pentagon"})
_SEAT_WORDS = frozenset(s.replace(" ", "") for s in _SEATS)
# Agencies' short names the alias table may not know: each the name of one state's agency.
_AGENCY_WORDS = frozenset("fsb svr gru sbu gur hur cia fbi mi6 mi5 idf irgc mit mossad shin quds".split())
_DROP = frozenset({"the", "a", "an", "of", "for", "in", "to", "s", "and", "at", "its", "their", "country",
                   "nation", "nations", "countrys", "current", "incumbent", "sitting", "outgoing"})
_PREPOSITIONS = frozenset({"of", "for", "in", "to", "at"})
# Head nouns beside data/role_nouns.txt, and spelling variants read as one.
_EXTRA_CLASSES = {"monarch": "monarch", "diplomat": "diplomat", "commissioner": "commissioner",
                  "ombudsman": "ombudsman", "primeminister": "prime minister", "vicepresident": "vice president",
                  "secretarygeneral": "secretary", "directorgeneral": "head"}
_SPELLING = {"defense": "defence", "spokeswoman": "spokesman", "spokesperson": "spokesman"}
_COMPOUNDS = (("prime minister", "primeminister"), ("vice president", "vicepresident"))


@dataclass(frozen=True)
class Holding:
    body: str           # the state or body
    kind: str           # "leader" or "official" (see the table's header)
    name: str           # the holder's full name
    start: dt.date
    end: dt.date | None  # None: no end known

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class RoleKey:
    body: str | None     # the state or body the phrase names, if any
    role: str            # class of the head noun
    words: frozenset     # the other words


def _date(text: str, last: bool) -> dt.date | None:
    """"2014-06-07"; "2014-06" or "2014" as the first (or, for an end, the last) day."""
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        y, m = parts
        if not last:
            return dt.date(y, m, 1)
        return dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31) if last else dt.date(parts[0], 1, 1)


def role_class(word: str) -> str | None:
    """The class of a head noun of an office ("chief" -> head), None for other words."""
    return _EXTRA_CLASSES.get(word) or entity_names.role_class(word)


@lru_cache(maxsize=1)
def _bodies() -> frozenset[str]:
    return frozenset(row[0] for row in entity_names.read_table(TABLE))


def _place(phrase: str) -> tuple[str | None, bool]:
    """(the state or table body a run of words names, whether it is a seat to keep as a word)."""
    if phrase in _SEATS:
        return metonyms.government_of(phrase) or ("United States" if phrase == "pentagon" else None), True
    country = metonyms.country_of_demonym(phrase) or metonyms.country_named(phrase)
    if country is None:
        gov = metonyms.government_of(phrase)
        if gov is not None and entity_names.org_canonical(gov) is None:
            country = gov  # a capital: "Moscow's envoy"
    if country is not None:
        return country, False
    org = entity_names.org_canonical(phrase)
    if org is not None and org[0] in _bodies():
        return org[0], False
    return None, False


@lru_cache(maxsize=8192)
def role_key(phrase: str) -> RoleKey | None:
    """The key of a role phrase ("Russia's foreign minister", "the head of the FSB"), or None
    when it has no role noun."""
    text = fold(phrase).replace("’", "'")
    text = re.sub(r"'s\b", " ", text)
    for a, b in _COMPOUNDS:
        text = text.replace(a, b)
    text = text.replace("secretary-general", "secretarygeneral").replace("secretary general", "secretarygeneral") \
        .replace("director-general", "directorgeneral").replace("director general", "directorgeneral")
    words = re.findall(r"[a-z0-9]+", text)
    # the head noun: the last role word before the first preposition (else the last one)
    cut = next((k for k, w in enumerate(words) if w in _PREPOSITIONS and k > 0), len(words))
    head_at = next((k for k in range(cut - 1, -1, -1) if role_class(words[k])), None)
    if head_at is None:
        head_at = next((k for k in range(len(words) - 1, -1, -1) if role_class(words[k])), None)
    if head_at is None:
        return None
    role = role_class(words[head_at])
    rest = words[:head_at] + words[head_at + 1:]
    country: str | None = None
    bodies: list[str] = []  # bodies of the table other than states ("NATO", "the UN")
    out: list[str] = []
    k = 0
    while k < len(rest):
        for n in (4, 3, 2, 1):
            if k + n > len(rest) or rest[k] in _DROP:
                continue
            gram = " ".join(rest[k:k + n])
            place, keep = _place(gram)
            if place is not None and entity_names.org_canonical(place) is not None:
                bodies.append(place)
                k += n
                break
            if place is not None and country in (None, place):
                country = place
                if keep:
                    out.append(gram.replace(" ", ""))
                k += n
                break
            org = entity_names.org_canonical(gram) if n > 1 or len(gram) > 1 else None
            if org is not None:
                out.append("org:" + name_key(org[0]))
                k += n
                break
        else:
            w = rest[k]
            if w not in _DROP:
                out.append(_SPELLING.get(w, w))
            k += 1
    # A state outranks a body: "Russia's UN envoy" is Russia's, the UN one of its words.
    body = country or (bodies[0] if bodies else None)
    out += ["org:" + name_key(b) for b in bodies if b != body]
    return RoleKey(body, role, frozenset(out))


@lru_cache(maxsize=1)
def _index() -> tuple[dict[tuple, list[Holding]], dict[str, list[Holding]]]:
    """(role key without body -> holdings, person name key -> holdings)."""
    by_role: dict[tuple, list[Holding]] = {}
    by_name: dict[str, list[Holding]] = {}
    for row in entity_names.read_table(TABLE):
        body, kind, roles, name = row[0], row[1], row[2], row[3]
        h = Holding(body, kind, name, _date(row[4], False), _date(row[5] if len(row) > 5 else "", True))
        for phrase in roles.split("|"):
            key = role_key(phrase)
            if key is None:
                continue
            words = key.words
            if key.body is not None and key.body != body:
                words = words | {"org:" + name_key(key.body)}  # "un envoy" of Russia
            entry = by_role.setdefault((key.role, words), [])
            if h not in entry:
                entry.append(h)
        by_name.setdefault(_person_key(name), []).append(h)
    return by_role, by_name


def _person_key(name: str) -> str:
    return " ".join(entity_names.variant_key(w) for w in entity_names.person_words(name))


def holders(key: RoleKey, day: dt.date, body: str | None = None) -> list[Holding]:
    """The holdings of the office `key` names on `day`: of the body the phrase names; else,
    when its words name an agency or seat ("the FSB chief", "the Pentagon spokesman"), of
    whichever body holds that office; else of `body` (the state an article is about: "the
    head of state"). Several when the table cannot tell (a month of handover, an office of
    several bodies)."""
    found = _index()[0].get((key.role, key.words), [])
    if key.body is not None:
        found = [h for h in found if h.body == key.body]
    elif not distinctive(key):
        if body is None:
            return []  # "the commander-in-chief" of what?
        found = [h for h in found if h.body == body]
    return [h for h in found if h.holds_on(day)]


def distinctive(key: RoleKey) -> bool:
    """Whether a phrase's words single out one body's office without naming the body: an
    agency or seat ("the FSB chief", "the SBU head", "the Pentagon spokesman")."""
    return any(w.startswith("org:") or w in _SEAT_WORDS or w in _AGENCY_WORDS for w in key.words)


def offices_of(name: str, day: dt.date | None = None) -> list[Holding]:
    """The table's holdings of the person named `name` (a full name, any spelling the variant
    key folds: "Zelenskyy" = "Zelensky"), on `day` when given."""
    found = _index()[1].get(_person_key(name), [])
    return [h for h in found if day is None or h.holds_on(day)]


def parse_day(text: str | None) -> dt.date | None:
    """An ISO date (or the date part of a timestamp), None when unreadable."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None
