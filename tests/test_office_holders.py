"""Role descriptions of office holders ("the Ukrainian foreign minister", "the head of state",
"the FSB director") resolved to the holder on the article's date (nlp/office_holders.py,
data/office_holders.tsv), in the article (speaker resolution, targets) and across articles
(an official rolls up to the state they serve). Hand-written sentences, real parses."""

import datetime as dt

import pytest

from claimgraph.graph.actors import resolve_actors
from claimgraph.nlp import office_holders
from claimgraph.nlp.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def speaker_of(analysis, cue):
    a = next(a for a in analysis.attributions if a.cue and a.cue.text == cue)
    ents = {e.id: e for e in analysis.entities}
    return ents.get(a.speaker), a, ents


# -- the table ------------------------------------------------------------------------------

def test_phrasings_of_one_office_share_a_key():
    phrases = ("the head of the FSB", "the FSB director", "FSB chief", "the director of the Federal Security Service")
    keys = {office_holders.role_key(p) for p in phrases}
    assert len(keys) == 1
    assert office_holders.role_key("the secretary of state") != office_holders.role_key("the head of state")
    assert office_holders.role_key("Russia's foreign minister") == office_holders.role_key("the Russian foreign minister")


def test_the_holder_depends_on_the_date():
    key = office_holders.role_key("the British prime minister")
    assert [h.name for h in office_holders.holders(key, dt.date(2017, 3, 1))] == ["Theresa May"]
    assert [h.name for h in office_holders.holders(key, dt.date(2023, 3, 1))] == ["Rishi Sunak"]


def test_a_month_of_handover_gives_both_holders():
    key = office_holders.role_key("the Iranian foreign ministry spokesman")
    names = {h.name for h in office_holders.holders(key, dt.date(2024, 8, 15))}
    assert names == {"Nasser Kanaani", "Esmaeil Baghaei"}


def test_an_office_named_without_its_state_needs_the_article_s_state():
    key = office_holders.role_key("the head of state")
    assert office_holders.holders(key, dt.date(2020, 1, 1)) == []
    assert [h.name for h in office_holders.holders(key, dt.date(2020, 1, 1), "France")] == ["Emmanuel Macron"]


def test_a_person_is_found_under_a_variant_spelling():
    assert {h.body for h in office_holders.offices_of("Volodymyr Zelenskyy", dt.date(2023, 1, 1))} == {"Ukraine"}
    assert office_holders.offices_of("Volodymyr Zelenskyy", dt.date(2018, 1, 1)) == []


# -- in the article --------------------------------------------------------------------------

TEXT = "The Ukrainian foreign minister told reporters that Russian troops had shelled the port."


def test_the_same_phrase_names_different_holders_in_different_years(pipeline):
    early, _, _ = speaker_of(pipeline.analyze(TEXT, published="2016-05-10"), "told")
    late, _, _ = speaker_of(pipeline.analyze(TEXT, published="2023-05-10"), "told")
    assert early.name == "Pavlo Klimkin" and early.type == "PERSON"
    assert late.name == "Dmytro Kuleba"


def test_a_person_the_article_names_is_preferred(pipeline):
    text = ("Kuleba arrived in Warsaw on Tuesday for talks on grain exports. "
            "Later the Ukrainian foreign minister told reporters that Russian troops had shelled the port.")
    analysis = pipeline.analyze(text, published="2023-05-10")
    speaker, _, _ = speaker_of(analysis, "told")
    assert speaker is not None and "Kuleba" in [speaker.name, *speaker.aliases]
    assert len([e for e in analysis.entities if e.type == "PERSON"]) == 1


def test_no_holder_when_the_table_cannot_tell(pipeline):
    text = "The Iranian foreign ministry spokesman said the talks had failed because of Washington."
    analysis = pipeline.analyze(text, published="2024-08-15")
    names = {e.name for e in analysis.entities}
    assert not names & {"Nasser Kanaani", "Esmaeil Baghaei"}


def test_a_former_holder_is_no_present_one(pipeline):
    text = "The former Ukrainian foreign minister told reporters that Russian troops had shelled the port."
    analysis = pipeline.analyze(text, published="2023-05-10")
    assert "Dmytro Kuleba" not in {e.name for e in analysis.entities}


def test_a_role_phrase_in_the_content_is_a_target(pipeline):
    text = ("Vladimir Putin spent the day at a factory in Tula. "
            "Asked about the protests, Peskov said that the charges against the head of state were absurd.")
    analysis = pipeline.analyze(text, published="2024-03-01")
    _, a, ents = speaker_of(analysis, "said")
    putin = next(e for e in analysis.entities if e.name == "Vladimir Putin")
    assert "the head of state" in putin.titles
    assert putin.id in a.targets


def test_the_article_s_date_decides_without_a_name(pipeline):
    text = "A drone struck an oil depot overnight, the FSB director said, blaming Ukraine."
    speaker, _, _ = speaker_of(pipeline.analyze(text, published="2023-07-01"), "said")
    assert speaker is not None and speaker.name == "Alexander Bortnikov"


# -- across articles -------------------------------------------------------------------------

def record(rid, published, entities):
    return {"id": rid, "text": "", "meta": {"published": published},
            "entities": [{"id": f"e{k}", "name": n, "type": t, "aliases": [], "titles": [], "mentions": []}
                         for k, (n, t) in enumerate(entities, 1)]}


def test_an_official_rolls_up_to_the_state_a_leader_does_not():
    graph = resolve_actors([record("a", "2022-04-04", [("Sergei Lavrov", "PERSON"), ("Vladimir Putin", "PERSON"),
                                                       ("Russia", "GPE")])])
    lavrov, putin, russia = (graph.actor_of("a", e) for e in ("e1", "e2", "e3"))
    assert graph.party_of(lavrov) == russia
    assert graph.party_of(putin) == putin


def test_an_official_out_of_office_on_the_date_stays_apart():
    graph = resolve_actors([record("b", "2012-06-01", [("Sergei Shoigu", "PERSON"), ("Russia", "GPE")])])
    shoigu = graph.actor_of("b", "e1")
    assert graph.party_of(shoigu) == shoigu


def test_a_bare_role_noun_names_only_a_holder_the_article_names(pipeline):
    text = ("Russia and Ukraine traded blame on Friday. Russian officials said Kyiv had shelled the plant. "
            "The president told students in Moscow that the university would reopen.")
    analysis = pipeline.analyze(text, published="2023-05-10")
    assert "Vladimir Putin" not in {e.name for e in analysis.entities}
