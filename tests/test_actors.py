"""Actors across articles (graph/actors.py): multi-article scenarios with expected clusters.

Most scenarios run the real pipeline on short texts written for them (the records are what the
per-article resolver really gives); the alias-table, decision and title-window scenarios build
records by hand, since the rules, not the pipeline, are the point there. Each scenario lists
the clusters it expects, by member name (exact, as the record gives it; "a3:Name" for one
article's member). Pairwise precision and recall of merges over all scenarios are computed by
`merge_scores.pairwise` and printed by `test_pairwise_scores_over_all_scenarios`.
"""

from __future__ import annotations

import glob
import json
from pathlib import Path

import pytest

from claimgraph.graph import actor_names
from claimgraph.graph.actors import Decision, resolve_actors
from claimgraph.graph.alias_table import AliasTable, AliasTableError, load_alias_table
from claimgraph.graph.merge_scores import PairScore, pairwise

ROOT = Path(__file__).resolve().parents[1]

# -- scenarios run through the pipeline ---------------------------------------------------
# (article id, published, text)
PIPELINE_SCENARIOS = {
    "transliteration": [
        ("a1", "2024-03-01", "Ukrainian President Volodymyr Zelensky said on Monday that the talks had failed. "
                             "Zelensky added that Kyiv would not give up."),
        ("a2", "2024-03-02", "Volodymyr Zelenskyy told reporters that the army needed more shells. "
                             "Zelenskyy said the front was holding."),
        ("a3", "2024-03-03", "\"We will rebuild,\" said Zelenskiy, speaking in Lviv."),
        ("a4", "2024-03-04", "Aleksandr Bortnikov, the director of the FSB, said the suspects had been caught. "
                             "Bórtnikov claimed that they were heading to the border."),
        ("a5", "2024-03-05", "Alexander Bortnikov said that the investigation was continuing."),
    ],
    "surnames": [
        ("b1", "2024-01-10", "Senator John Smith said the bill would pass. Smith added that he had the votes."),
        ("b2", "2024-01-11", "Jane Smith, a nurse from Leeds, said the strike would go ahead."),
        ("b3", "2024-01-12", "Smith said the vote was a disgrace."),
        ("b4", "2024-01-12", "Russian President Vladimir Putin said the West was to blame."),
        ("b5", "2024-01-13", "Putin told the parliament that the economy was strong."),
    ],
    "titles": [
        ("c1", "2024-03-27", "The head of the FSB, Alexander Bortnikov, said Ukraine was behind the attack."),
        ("c2", "2024-03-28", "The FSB chief said that Western services had helped the gunmen."),
        ("c3", "2024-03-29", "Russia's security chief said the suspects had confessed."),
        ("c4", "2024-03-29", "Kremlin spokesman Dmitry Peskov said the president would not comment."),
        ("c5", "2024-03-30", "The Kremlin spokesman said that no decision had been taken."),
    ],
    "metonyms": [
        ("d1", "2024-02-01", "Kyiv has repeatedly stated that it had nothing to do with the attack. "
                             "Moscow said the evidence was clear."),
        ("d2", "2024-02-02", "Ukraine rejected the accusations. The Kremlin said it would respond."),
        ("d3", "2024-02-03", "Washington said it had warned Russia. The White House said the warning was specific."),
        ("d4", "2024-02-04", "Downing Street said Britain stood with Ukraine. A drone hit a power station in Kyiv."),
        ("d5", "2024-02-05", "The United States said Russia was wrong, and the UK agreed."),
    ],
    "institutions": [
        ("f1", "2024-05-01", "Ukrainian military intelligence said the claims were absurd. "
                             "US officials said they had no evidence of a Ukrainian role."),
        ("f2", "2024-05-02", "Ukraine's military intelligence agency said it was not involved. "
                             "Russian authorities said the gunmen had been paid."),
        ("f3", "2024-05-03", "The United States said the group was responsible. Russia said the West was lying."),
        ("f4", "2024-05-03", "Russian military intelligence said the drones had been shot down."),
    ],
    "organisations": [
        ("g1", "2024-03-23", "Islamic State claimed responsibility for the attack, the group said on Telegram."),
        ("g2", "2024-03-24", "ISIS said its fighters had carried out the attack. US officials said IS-K was responsible."),
        ("g3", "2024-03-25", "The Islamic State Khorasan Province, known as ISIS-K, has attacked Iran before, NATO said."),
        ("g4", "2024-03-26", "The G-7 condemned the attack. The North Atlantic Treaty Organization said it was ready to help."),
        ("g5", "2024-03-27", "The G7 foreign ministers said Russia should stop blaming Ukraine."),
    ],
}

EXPECTED = {
    "transliteration": [
        ["Volodymyr Zelensky", "Volodymyr Zelenskyy", "Zelenskiy"],
        ["Aleksandr Bortnikov", "Alexander Bortnikov"],
    ],
    "surnames": [["John Smith"], ["Jane Smith"], ["Smith"], ["Vladimir Putin", "Putin"]],
    "titles": [
        # "The FSB chief" (c2) and "The Kremlin spokesman" (c5) are named in their articles
        # already: the office holders on the articles' dates (nlp/office_holders.py)
        ["c1:Alexander Bortnikov", "c2:Alexander Bortnikov", "Russia's security chief"],
        ["c4:Dmitry Peskov", "c5:Dmitry Peskov"],
        ["FSB"],
        ["Ukraine"],
    ],
    "metonyms": [
        ["d1:Ukraine", "d2:Ukraine", "d4:Ukraine"],
        ["d1:Russia", "d2:Russia", "d3:Russia", "d5:Russia"],
        ["d3:United States", "d5:United States"],
        ["d4:United Kingdom", "d5:United Kingdom"],
        ["Kyiv"],  # "in Kyiv": the city, not the government
    ],
    "institutions": [
        ["Ukrainian military intelligence", "Ukraine's military intelligence agency"],
        ["Russian military intelligence"],
        ["f1:United States", "f3:United States"],
        ["f2:Russia", "f3:Russia"],
    ],
    "organisations": [
        ["Islamic State", "ISIS"],
        ["IS-K", "Islamic State Khorasan Province"],
        ["g4:G7", "g5:G7"],
        ["NATO", "North Atlantic Treaty Organization"],
        ["g2:United States"],
    ],
}


# Held out: two other stories, written with their expected clusters before the rules first ran
# on them. First run: P=1.000 R=0.720 (18 of 25 pairs). Two general faults were then fixed
# ("Wagner Group" = "Wagner": a trailing generic organisation word; "Von der Leyen" typed ORG
# as a surname with particles); now R=0.840. Still missed: "the Wagner chief" (Prigozhin is
# only called its *founder*, another role class).
HELDOUT_SCENARIOS = {
    "wagner": [
        ("m1", "2023-06-24", "Yevgeny Prigozhin, the founder of the Wagner Group, said his fighters had taken Rostov. "
                             "Prigozhin accused the defence ministry of attacking his men."),
        ("m2", "2023-06-24", "Evgeny Prigozhin said on Telegram that Wagner would march on Moscow. "
                             "The Kremlin said Vladimir Putin had been informed."),
        ("m3", "2023-06-25", "Belarusian President Alexander Lukashenka said he had brokered a deal with Prigozhin. "
                             "Minsk said the fighters would be welcome in Belarus."),
        ("m4", "2023-06-25", "Dmitri Peskov told reporters that the criminal case against Prigozhin would be dropped. "
                             "Russia's defence ministry said the mutiny had failed."),
        ("m5", "2023-06-26", "Defence Minister Sergei Shoigu appeared in a video released by the Russian defence ministry. "
                             "Shoigu said the army remained loyal. Lukashenko said Prigozhin was in Belarus."),
        ("m6", "2023-06-27", "The Wagner chief said he had never wanted to overthrow the government. "
                             "Dmitry Peskov said the Kremlin was not following his movements."),
    ],
    "brussels": [
        ("n1", "2024-02-01", "British Prime Minister Rishi Sunak said the deal protected the union. "
                             "Ursula von der Leyen, the president of the European Commission, welcomed it."),
        ("n2", "2024-02-02", "Downing Street said talks with Brussels were going well. "
                             "Von der Leyen said the EU would keep its word."),
        ("n3", "2024-02-03", "Sunak told MPs that the agreement was final. Keir Starmer said Labour would back it."),
        ("n4", "2024-02-04", "The European Commission said the rules would apply from March. "
                             "French President Emmanuel Macron said Paris supported the deal."),
        ("n5", "2024-02-05", "Macron told reporters that Europe had shown unity. Starmer said the Tories had wasted years."),
        ("n6", "2024-02-06", "British officials said the border checks would be light. The Elysee said France was satisfied."),
    ],
    # A second held-out batch (first run: P=1.000 R=0.667, "Xi" missed; then the
    # family_name_first rule).
    "washington": [
        ("p1", "2024-06-01", "President Joe Biden said the verdict showed no one was above the law. "
                             "Hunter Biden's lawyers said they would appeal."),
        ("p2", "2024-06-02", "Biden told reporters in Delaware that he would not pardon his son."),
        ("p3", "2024-06-03", "Former President Donald Trump said the trial was rigged. "
                             "Trump's campaign said donations had surged."),
        ("p4", "2024-06-04", "Beijing said the new tariffs violated trade rules. "
                             "Chinese officials said they would respond. The White House said the tariffs were fair."),
        ("p5", "2024-06-05", "China's Commerce Ministry said it would investigate European pork. "
                             "The Chinese commerce ministry added that talks remained open."),
        ("p6", "2024-06-06", "Protesters gathered in Beijing. Xi Jinping said China wanted stability. "
                             "Xi told visiting senators that the two countries must cooperate."),
    ],
}
HELDOUT_EXPECTED = {
    "wagner": [
        ["Yevgeny Prigozhin", "Evgeny Prigozhin", "Prigozhin", "Wagner chief"],
        ["Wagner Group", "Wagner"],
        ["Alexander Lukashenka", "Lukashenko"],
        ["Dmitri Peskov", "Dmitry Peskov"],
        ["Sergei Shoigu", "Shoigu"],
        ["Russia"],
        ["Belarus"],
        ["Russia's defence ministry", "Russian defence ministry"],
        ["Vladimir Putin"],
    ],
    "brussels": [
        ["Rishi Sunak", "Sunak"],
        ["Ursula von der Leyen", "Von der Leyen"],
        ["Keir Starmer", "Starmer"],
        ["Emmanuel Macron", "Macron"],
        ["European Commission"],
        ["European Union"],
        ["United Kingdom"],
        ["France"],
    ],
    "washington": [
        ["Joe Biden"], ["Hunter Biden"], ["Biden"],   # two Bidens: the surname alone stays apart
        ["Donald Trump", "Trump"],
        ["China"], ["United States"],
        ["China's Commerce Ministry", "Chinese commerce ministry"],
        ["Xi Jinping", "Xi"],
        ["Beijing"],   # "in Beijing": the city
    ],
}


@pytest.fixture(scope="module")
def pipeline():
    from claimgraph.nlp.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="module")
def pipeline_records(pipeline):
    return {name: [pipeline.analyze(text, id=aid, published=pub).to_dict() for aid, pub, text in arts]
            for name, arts in PIPELINE_SCENARIOS.items()}


@pytest.fixture(scope="module")
def heldout_records(pipeline):
    return {name: [pipeline.analyze(text, id=aid, published=pub).to_dict() for aid, pub, text in arts]
            for name, arts in HELDOUT_SCENARIOS.items()}


@pytest.mark.parametrize("name", list(HELDOUT_SCENARIOS))
def test_heldout_scenario(name, heldout_records):
    records = heldout_records[name]
    graph = resolve_actors(records)
    present = {e["name"] for r in records for e in r["entities"]}
    expected = [c for c in ([n for n in c if n in present] for c in HELDOUT_EXPECTED[name]) if c]
    score = check(graph, records, expected)
    assert score.precision == 1.0 and score.recall >= 0.75, (name, str(score))


# -- hand-built records ---------------------------------------------------------------------

def record(aid: str, published: str | None, *entities: tuple) -> dict:
    """A FORMAT.md record with entities (name, type[, aliases[, titles]]) as e1, e2, ..."""
    ents = []
    for n, e in enumerate(entities, start=1):
        name, etype = e[0], e[1]
        ents.append({"id": f"e{n}", "name": name, "type": etype, "aliases": list(e[2]) if len(e) > 2 else [],
                     "titles": list(e[3]) if len(e) > 3 else [], "mentions": []})
    return {"format": 1, "id": aid, "text": "", "meta": {"published": published}, "entities": ents,
            "attributions": []}


ALIAS_ROWS = [
    ("Main Directorate of Intelligence", "HUR", "ORG", "Q1973041"),
    ("Main Directorate of Intelligence", "GUR", "", ""),
    ("Yevgeny Prigozhin", "Prigojine", "PERSON", ""),
    ("Security Council of Russia", "Russia's Security Council", "ORG", ""),
    ("Security Council of Russia", "Security Council", "", ""),
]
ALIAS_RECORDS = [
    record("h1", "2024-03-24", ("HUR", "ORG"), ("Ukraine", "GPE", ["Kyiv"])),
    record("h2", "2024-03-25", ("Main Directorate of Intelligence", "ORG"), ("GUR", "ORG")),
    record("h3", "2023-06-24", ("Yevgeny Prigozhin", "PERSON", ["Prigozhin"])),
    record("h4", "2023-06-25", ("Prigojine", "PERSON")),
    record("h5", "2024-03-27", ("Nikolai Patrushev", "PERSON", [], ["secretary of Russia's Security Council"]),
           ("Security Council", "ORG")),
    record("h6", "2024-03-28", ("UN Security Council", "ORG"), ("Russia's Security Council", "ORG")),
]
ALIAS_EXPECTED = [
    ["HUR", "Main Directorate of Intelligence", "GUR"],
    ["Yevgeny Prigozhin", "Prigojine"],
    ["Security Council", "Russia's Security Council"],
    ["UN Security Council"],
    ["Ukraine"],
]

TITLE_WINDOW_RECORDS = [
    record("w1", "2021-06-01", ("Joe Biden", "PERSON", [], ["US President"])),
    record("w2", "2025-03-01", ("Donald Trump", "PERSON", [], ["US President"])),
    record("w3", "2025-04-01", ("US president", "PERSON")),
    # Two named people hold one office in the same months: a title alone names neither.
    record("w4", "2024-01-01", ("Ann Lee", "PERSON", [], ["spokeswoman for the Foo Ministry"])),
    record("w5", "2024-02-01", ("Bob Kay", "PERSON", [], ["Foo Ministry spokesman"])),
    record("w6", "2024-02-02", ("Foo Ministry spokesperson", "PERSON")),
    # Nobody named holds it: two mentions of one office join each other.
    record("w7", "2024-02-03", ("head of the Bar Agency", "PERSON")),
    record("w8", "2024-02-04", ("Bar Agency chief", "PERSON")),
]
TITLE_WINDOW_EXPECTED = [
    ["Joe Biden"], ["Donald Trump", "US president"], ["Ann Lee"], ["Bob Kay"], ["Foo Ministry spokesperson"],
    ["head of the Bar Agency", "Bar Agency chief"],
]

DECISION_RECORDS = [
    record("k1", "2024-01-01", ("John Smith", "PERSON", [], ["Senator"])),
    record("k2", "2024-01-02", ("John Smith", "PERSON", [], ["baker"])),
    record("k3", "2024-01-03", ("Alexander Bortnikov", "PERSON")),
    record("k4", "2024-01-04", ("Bortnikov", "PERSON")),
    record("k5", "2024-01-05", ("IS-K", "ORG"), ("Vilayat Khorasan", "ORG")),
]
DECISIONS = [
    Decision("split", "k1#e1", "k2#e1", "the senator is not the baker"),
    Decision("split", "Bortnikov", "Alexander Bortnikov"),
    Decision("merge", "Vilayat Khorasan", "IS-K", "Wilayat Khorasan is IS-K's own name"),
]
DECISION_EXPECTED = [["k1:John Smith"], ["k2:John Smith"], ["Alexander Bortnikov"], ["Bortnikov"],
                     ["IS-K", "Vilayat Khorasan"]]


# -- helpers ----------------------------------------------------------------------------------

def gold_refs(records: list[dict], clusters: list[list[str]]) -> list[set[str]]:
    """Expected clusters as member refs; every selector must match at least one member."""
    out = []
    for cluster in clusters:
        refs = set()
        for sel in cluster:
            article, _, name = sel.rpartition(":") if ":" in sel and sel.split(":", 1)[0] in {
                r["id"] for r in records} else ("", "", sel)
            hits = {f"{r['id']}#{e['id']}" for r in records for e in r["entities"]
                    if e["name"] == name and (not article or r["id"] == article)}
            assert hits, f"no member named {sel!r}: {[(r['id'], e['name']) for r in records for e in r['entities']]}"
            refs |= hits
        out.append(refs)
    return out


def clusters_of(graph, records, names):
    """The actor ids of members named so."""
    return {graph.member_actor[f"{r['id']}#{e['id']}"] for r in records for e in r["entities"] if e["name"] in names}


def check(graph, records, expected) -> PairScore:
    score = pairwise(graph.member_actor, gold_refs(records, expected))
    return score


# -- scenarios --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PIPELINE_SCENARIOS))
def test_pipeline_scenario(name, pipeline_records):
    records = pipeline_records[name]
    graph = resolve_actors(records)
    score = check(graph, records, EXPECTED[name])
    assert score.precision == 1.0 and score.recall == 1.0, (name, str(score), [str(m) for m in graph.merges])


def test_transliteration_merges_explained(pipeline_records):
    records = pipeline_records["transliteration"]
    graph = resolve_actors(records)
    zel = graph.find("Volodymyr Zelensky")
    assert len(zel) == 1 and zel[0].type == "PERSON"
    rules = {m.rule for m in graph.explain(zel[0].id)}
    assert {"transliteration", "surname_of"} <= rules  # "Zelenskiy" typed ORG joins as a surname
    chain = graph.why("a3#e1", "a1#e1")
    assert chain and all(m.a in zel[0].members and m.b in zel[0].members for m in chain)
    bort = graph.find("Bórtnikov")
    assert len(bort) == 1 and bort[0].name in ("Alexander Bortnikov", "Aleksandr Bortnikov")


def test_title_merge_names_its_evidence(pipeline_records):
    records = pipeline_records["titles"]
    graph = resolve_actors(records)
    actor = graph.find("Alexander Bortnikov")[0]
    title_merges = [m for m in graph.explain(actor.id) if m.rule == "title"]
    # "The FSB chief" of c2 is Bortnikov in its article already (the office holder on its
    # date); "Russia's security chief", an office of no one table row, joins by title.
    assert {m.a_name for m in title_merges} == {"Russia's security chief"}
    assert all("head of the FSB" in m.evidence and "c1" in m.evidence for m in title_merges)
    assert "FSB chief" in actor.titles and "FSB chief" not in actor.aliases


def test_metonyms_and_the_city(pipeline_records):
    records = pipeline_records["metonyms"]
    graph = resolve_actors(records)
    ukraine = graph.find("Ukraine")
    assert [a.name for a in ukraine] == ["Ukraine"] and ukraine[0].type == "GPE"
    assert "Kyiv" in ukraine[0].aliases  # from d1, where Kyiv speaks
    city = [a for a in graph.actors.values() if a.name == "Kyiv"]
    assert len(city) == 1 and city[0].type == "LOC" and city[0].country == "Ukraine"
    us = graph.find("White House")[0]
    assert us.name == "United States" and {"Washington", "White House"} <= set(us.aliases)


def test_institutions_linked_to_their_country(pipeline_records):
    records = pipeline_records["institutions"]
    graph = resolve_actors(records)
    hur = graph.find("Ukrainian military intelligence")[0]
    assert hur.type == "ORG" and hur.country == "Ukraine"
    assert graph.actors[hur.part_of].name == "Ukraine" and graph.party_of(hur.id) == hur.part_of
    ru = graph.find("Russian military intelligence")[0]
    assert ru.id != hur.id and ru.country == "Russia"
    us = graph.find("US officials")[0]  # a collective speaks for its state
    assert us.name == "United States"


def test_branch_is_its_own_actor_part_of_its_parent(pipeline_records):
    records = pipeline_records["organisations"]
    graph = resolve_actors(records)
    isk = graph.find("IS-K")[0]
    is_ = graph.find("ISIS")[0]
    assert isk.id != is_.id and isk.part_of == is_.id
    assert is_.name == "Islamic State" and isk.name == "Islamic State Khorasan Province"


def test_alias_table_scenario(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("name,alias,type,wikidata\n" + "\n".join(",".join(r) for r in ALIAS_ROWS) + "\n", encoding="utf-8")
    table = load_alias_table(path)
    graph = resolve_actors(ALIAS_RECORDS, table)
    score = check(graph, ALIAS_RECORDS, ALIAS_EXPECTED)
    assert score.precision == 1.0 and score.recall == 1.0, str(score)
    hur = graph.find("HUR")[0]
    assert hur.name == "Main Directorate of Intelligence" and hur.wikidata == "Q1973041" and hur.type == "ORG"
    assert any(m.rule == "alias_table" and str(path) in m.evidence for m in graph.explain(hur.id))
    # The table overrides the rules: without it, "Security Council" is the UN's (org_aliases.tsv).
    plain = resolve_actors(ALIAS_RECORDS)
    assert plain.actor_of("h5", "e2") == plain.actor_of("h6", "e1")
    assert graph.actor_of("h5", "e2") != graph.actor_of("h6", "e1")
    # Kyiv, a metonym alias of Ukraine, is not looked up as a name of another actor.
    assert graph.actors[graph.actor_of("h1", "e2")].name == "Ukraine"


def test_title_window_and_ambiguous_titles():
    graph = resolve_actors(TITLE_WINDOW_RECORDS)
    score = check(graph, TITLE_WINDOW_RECORDS, TITLE_WINDOW_EXPECTED)
    assert score.precision == 1.0 and score.recall == 1.0, (str(score), [str(m) for m in graph.merges])
    ambiguous = {u.name: u for u in graph.ambiguous}
    assert ambiguous["Foo Ministry spokesperson"].candidates == ("Ann Lee", "Bob Kay")
    # With a window wide enough to reach 2021, "the US president" of 2025 is ambiguous too.
    wide = resolve_actors(TITLE_WINDOW_RECORDS, title_window_days=3650)
    assert wide.actor_of("w3", "e1") not in (wide.actor_of("w1", "e1"), wide.actor_of("w2", "e1"))


def test_decisions_are_honoured_and_reversible():
    plain = resolve_actors(DECISION_RECORDS)
    assert plain.actor_of("k1", "e1") == plain.actor_of("k2", "e1")
    assert plain.actor_of("k3", "e1") == plain.actor_of("k4", "e1")
    assert plain.actor_of("k5", "e1") != plain.actor_of("k5", "e2")
    decided = resolve_actors(DECISION_RECORDS, decisions=[Decision.from_dict(d.to_dict()) for d in DECISIONS])
    score = check(decided, DECISION_RECORDS, DECISION_EXPECTED)
    assert score.precision == 1.0 and score.recall == 1.0, str(score)
    merge = [m for m in decided.merges if m.rule == "user_merge"]
    assert merge and merge[0].evidence == "Wilayat Khorasan is IS-K's own name"
    assert any(u.rule == "surname_of" and "split" in u.reason for u in decided.ambiguous)
    # Decisions as plain data, e.g. from JSON.
    again = resolve_actors(DECISION_RECORDS, decisions=json.loads(json.dumps([d.to_dict() for d in DECISIONS])))
    assert again.member_actor == decided.member_actor
    # A decision naming nobody is reported, not silently dropped.
    odd = resolve_actors(DECISION_RECORDS, decisions=[Decision("split", "Nobody Atall", "k1#e1")])
    assert [u.ref for u in odd.ambiguous if u.rule == "user_split"] == ["Nobody Atall"]
    assert resolve_actors([]).actors == {}
    # Two actors with one canonical key still get distinct, deterministic ids.
    assert decided.actor_of("k1", "e1") != decided.actor_of("k2", "e1")


def test_ids_are_deterministic_and_order_free(pipeline_records):
    records = [r for rs in pipeline_records.values() for r in rs]
    a = resolve_actors(records)
    b = resolve_actors(list(reversed(records)))
    assert a.member_actor == b.member_actor
    assert {x.id: x.name for x in a.actors.values()} == {x.id: x.name for x in b.actors.values()}
    json.dumps(a.to_dict())  # plain data


# -- the alias table's errors ---------------------------------------------------------------

@pytest.mark.parametrize("content,message", [
    ("name,alias\n,HUR\n", ":2: empty name"),
    ("name,alias,type\nHUR,GUR,AGENCY\n", ":2: unknown type 'AGENCY'"),
    ("name,alias,type,wikidata\nHUR,GUR,ORG,7747\n", ":2: bad Wikidata id '7747'"),
    ("name,alias,type\nAcme,Acme Corp,ORG\nAcme,Acme Inc,PERSON\n", ":3: type PERSON for 'Acme' disagrees with ORG"),
    ("name,alias\nAcme,ACM\nAcmeson,ACM\n", ":3: alias 'ACM' already names 'Acme' (line 2)"),
    ("alias,name\nAcme,ACM\n", ":1: header must be name,alias"),
    ("name,alias\nAcme,ACM,ORG\n", ":2: 3 columns, the header has 2"),
    ("name,alias\nThe,X\n", ":2: name 'The' is empty once articles"),
    ("", ": empty"),
])
def test_alias_table_errors_name_file_and_line(tmp_path, content, message):
    path = tmp_path / "t.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AliasTableError) as e:
        load_alias_table(path)
    assert str(path) in str(e.value) and message in str(e.value)


def test_alias_table_optional_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("name,alias\n# comment\nKadhafi,Gaddafi\nKadhafi,Qaddafi\n\n", encoding="utf-8")
    table = load_alias_table(path)
    assert len(table) == 1 and table.lookup("qaddafi").name == "Kadhafi" and table.lookup("Kadhafi").type is None


# -- the rules' building blocks ---------------------------------------------------------------

def test_transliteration_keys():
    same = [("Zelensky", "Zelenskyy"), ("Zelenskiy", "Zelenskyi"), ("Aleksandr", "Alexander"),
            ("Yevgeny", "Evgeny"), ("Rachmaninoff", "Rachmaninov"), ("Bórtnikov", "Bortnikov"),
            ("Lukashenko", "Lukashenka"), ("Podolyak", "Podoliak")]
    for a, b in same:
        assert actor_names.same_word(a, b), (a, b)
    for a, b in [("Ivanov", "Ivanova"), ("Rossi", "Rossa"), ("Ivan", "Ivana"), ("Maria", "Mario"),
                 ("Bortnikov", "Bortnikova")]:
        assert not actor_names.same_word(a, b), (a, b)


def test_title_keys():
    tk = actor_names.title_key
    assert actor_names.title_fits(tk("the FSB chief"), tk("director of the Federal Security Service"))
    assert actor_names.title_fits(tk("Russia's security chief"), tk("head of the FSB"))
    assert not actor_names.title_fits(tk("US security chief"), tk("head of the Russian Security Council"))
    assert not actor_names.title_fits(tk("deputy head of the FSB"), tk("head of the FSB"))
    assert tk("former FSB chief") is None
    assert tk("adviser to the head of the presidential office").role == "adviser"
    assert actor_names.is_title_only("head of the FSB") and actor_names.is_title_only("Russia's security chief")
    assert not actor_names.is_title_only("President Macron")


def test_country_phrases():
    cp = actor_names.country_phrase
    assert cp("US officials").kind == "government" and cp("US officials").country == "United States"
    assert cp("the Kremlin").kind == "metonym" and cp("Downing Street").country == "United Kingdom"
    inst = cp("Ukraine's military intelligence agency")
    assert (inst.kind, inst.country, inst.rest) == ("institution", "Ukraine", "military intelligence")
    assert cp("Ukrainian military intelligence").rest == "military intelligence"
    assert cp("Russians").kind == "people"
    assert cp("Russia's closest ally") is None


# -- the sample corpus ----------------------------------------------------------------------

CROCUS_EXPECTED = [
    ["Alexander Bortnikov", "Alexander Bórtnikov", "Bortnikov", "Bórtnikov"],
    ["Vladimir Putin", "Putin"],
    # The Russian and Ukrainian forms of his first name, two spellings of his surname.
    ["Volodymyr Zelensky", "Volodymyr Zelenskyy", "Vladimir Zelensky", "Zelensky"],
    ["Ukraine"],
    ["Russia"],
    ["United States"],
    ["Islamic State", "ISIS", "IS"],
    # IS-Khorasan is a branch of Islamic State: its own actor, part_of Islamic State.
    ["Islamic State Khorasan", "IS-K", "IS-Khorasan", "ISIS-K"],
    ["Federal Security Service", "FSB", "Russia's Federal Security Service"],
    ["TASS", "TASS agency", "TASS news agency"],
    ["G7"],
    ["NATO"],
    ["Alexander Lukashenko", "Lukashenko"],
    ["Dmitry Peskov"],
    ["Mykhailo Podolyak"],
    ["Andriy Yusov"],
    ["Adrienne Watson"],
    ["John Kirby"],
    ["Maria Zakharova"],
    ["White House National Security Council", "National Security Council"],
    ["Ukrainian military intelligence", "Ukraine's military intelligence", "Ukraine’s military intelligence",
     "Ukraine's military intelligence agency"],
    ["HUR"],                # the same service, but only an alias table can say so
    ["Vilayat Khorasan"],   # IS-K's own name: likewise
    ["Kyiv"],               # "in Kyiv": the city (the government speaks as Ukraine)
    ["Moscow", "MOSCOW"],
]


@pytest.fixture(scope="module")
def crocus_records(pipeline):
    from claimgraph.inputs import read_one

    files = {}
    for f in sorted(glob.glob(str(ROOT / "samples" / "crocus" / "*.txt")) + glob.glob(str(ROOT / "samples" / "crocus" / "*.md"))):
        files.setdefault(Path(f).stem, f)  # one of .txt/.md while the samples change format
    if not files:
        pytest.skip("no samples in samples/crocus")
    records = []
    for stem, f in sorted(files.items()):
        ti = read_one(f)
        published = ti.meta.published if ti.meta and ti.meta.published else stem[:10]
        records.append(pipeline.analyze(ti.text, id=ti.id, published=published, meta=ti.meta).to_dict())
    return records


def test_crocus_samples(crocus_records):
    graph = resolve_actors(crocus_records)
    present = {e["name"] for r in crocus_records for e in r["entities"]}
    expected = [[n for n in c if n in present] for c in CROCUS_EXPECTED]
    expected = [c for c in expected if c]
    score = check(graph, crocus_records, expected)
    assert score.precision == 1.0 and score.recall >= 0.9, str(score)
    russia = graph.find("Russia")[0]
    assert {"Moscow", "Kremlin"} <= set(russia.aliases)
    isk = [a for a in graph.actors.values() if a.name == "Islamic State Khorasan"]
    assert isk and graph.actors[isk[0].part_of].name == "Islamic State"
    bortnikov = graph.find("Alexander Bortnikov")[0]
    assert "Bórtnikov" in bortnikov.aliases and any("FSB" in t for t in bortnikov.titles)
    # A capital as a place ("near Moscow") is the city, linked to its country.
    assert all(a.country == "Russia" for a in graph.actors.values() if a.name in ("Moscow", "MOSCOW"))
    # An alias table adds what no rule can know.
    table = AliasTable.from_rows([("Islamic State Khorasan", "Vilayat Khorasan", "ORG", "Q16917009"),
                                  ("Ukrainian military intelligence", "HUR", "ORG", ""),
                                  ("Ukrainian military intelligence", "Ukraine's military intelligence", "", "")])
    tabled = resolve_actors(crocus_records, table)
    isk = tabled.find("Vilayat Khorasan")
    assert len(isk) == 1 and isk[0].wikidata == "Q16917009" and "IS-K" in isk[0].aliases
    hur = tabled.find("HUR")
    assert len(hur) == 1 and hur[0].name == "Ukrainian military intelligence"
    assert set(graph.find("Ukrainian military intelligence")[0].members) <= set(hur[0].members)


def test_pairwise_scores_over_all_scenarios(pipeline_records, heldout_records, crocus_records, capsys):
    total = PairScore(0, 0, 0)
    lines = []
    runs = [(n, resolve_actors(pipeline_records[n]), pipeline_records[n], EXPECTED[n]) for n in PIPELINE_SCENARIOS]
    runs.append(("alias_table", resolve_actors(ALIAS_RECORDS, AliasTable.from_rows(ALIAS_ROWS)), ALIAS_RECORDS,
                 ALIAS_EXPECTED))
    runs.append(("title_window", resolve_actors(TITLE_WINDOW_RECORDS), TITLE_WINDOW_RECORDS, TITLE_WINDOW_EXPECTED))
    runs.append(("decisions", resolve_actors(DECISION_RECORDS, decisions=DECISIONS), DECISION_RECORDS,
                 DECISION_EXPECTED))
    for n, records in heldout_records.items():
        present = {e["name"] for r in records for e in r["entities"]}
        expected = [c for c in ([x for x in c if x in present] for c in HELDOUT_EXPECTED[n]) if c]
        runs.append((f"heldout:{n}", resolve_actors(records), records, expected))
    present = {e["name"] for r in crocus_records for e in r["entities"]}
    crocus = [c for c in ([n for n in c if n in present] for c in CROCUS_EXPECTED) if c]
    runs.append(("crocus", resolve_actors(crocus_records), crocus_records, crocus))
    for name, graph, records, expected in runs:
        s = check(graph, records, expected)
        total = total + s
        lines.append(f"{name:20} {s}")
    with capsys.disabled():
        print("\nactor merges, pairwise:\n  " + "\n  ".join(lines) + f"\n  {'all':20} {total}")
    assert total.precision >= 0.95 and total.recall >= 0.9


# -- bodies by class, word order, longer names, "also known as", spokespeople -----------------

def test_body_class_word_order_and_longer_names():
    records = [
        record("x1", "2023-10-18", ("Israeli military", "ORG"), ("Gaza Health Ministry", "ORG"),
               ("Islamic Jihad", "ORG"), ("Palestinian Islamic Jihad", "ORG"), ("Red Cross", "ORG"),
               ("Russian military intelligence", "ORG")),
        record("x2", "2023-10-20", ("Israel Defense Forces", "ORG"), ("health ministry in Gaza", "ORG"),
               ("International Committee of the Red Cross", "ORG"), ("Russian army", "ORG"),
               ("Ministry of Defence", "ORG"), ("Gaza", "GPE")),
    ]
    g = resolve_actors(records)
    same = [(("x1", "e1"), ("x2", "e1")), (("x1", "e2"), ("x2", "e2")), (("x1", "e3"), ("x1", "e4")),
            (("x1", "e5"), ("x2", "e3"))]
    for a, b in same:
        assert g.actor_of(*a) == g.actor_of(*b), (a, b, [str(m) for m in g.merges])
    # military intelligence is not the military; the Russian army not the Israeli one; a ministry
    # "of Defence" is not read as a place's
    apart = [(("x1", "e6"), ("x2", "e4")), (("x1", "e1"), ("x2", "e4")), (("x2", "e5"), ("x2", "e1"))]
    for a, b in apart:
        assert g.actor_of(*a) != g.actor_of(*b), (a, b)
    idf = g.actors[g.actor_of("x2", "e1")]
    assert g.actors[idf.part_of].name == "Israel"
    rules = {m.rule for m in g.merges}
    assert "name_suffix" in rules
    # two longer names ending the same way: no merge, reported as ambiguous
    two = resolve_actors([record("y1", None, ("Islamic Jihad", "ORG")),
                          record("y2", None, ("Palestinian Islamic Jihad", "ORG"), ("Egyptian Islamic Jihad", "ORG"))])
    assert len({two.actor_of("y1", "e1"), two.actor_of("y2", "e1"), two.actor_of("y2", "e2")}) == 3
    assert any(u.rule == "name_suffix" for u in two.ambiguous)


def test_also_known_as_in_the_article_joins_two_names():
    text = "Girkin, also known as Strelkov, did not comment. Strelkov had commanded the separatists."
    rec = record("z1", "2022-11-18", ("Igor Girkin", "PERSON"), ("Strelkov", "ORG"))
    rec["text"] = text
    rec["entities"][0]["mentions"] = [[0, 6]]
    rec["entities"][1]["mentions"] = [[22, 30], [50, 58]]
    g = resolve_actors([rec, record("z2", "2022-11-19", ("Strelkov", "ORG"))])
    assert g.actor_of("z1", "e1") == g.actor_of("z1", "e2") == g.actor_of("z2", "e1")
    [m] = [m for m in g.merges if m.rule == "known_as"]
    assert "also known as" in m.evidence
    # without the words, no merge
    plain = dict(rec, text="Girkin and Strelkov did not comment. Strelkov had commanded the separatists.")
    plain["entities"] = [dict(e) for e in rec["entities"]]
    plain["entities"][1]["mentions"] = [[11, 19]]
    g = resolve_actors([plain])
    assert g.actor_of("z1", "e1") != g.actor_of("z1", "e2")


def test_spokespeople_are_part_of_the_body_they_speak_for():
    records = [record("s1", "2024-02-16", ("Dmitry Peskov", "PERSON", (), ("Kremlin spokesman",)),
                      ("Russia", "GPE"), ("Vladimir Putin", "PERSON", (), ("President",))),
               record("s2", "2024-02-18", ("Maria Zakharova", "PERSON", (), ("Foreign Ministry spokeswoman",)),
                      ("Russian Foreign Ministry", "ORG"))]
    g = resolve_actors(records)
    peskov = g.actor_of("s1", "e1")
    assert g.party_of(peskov) == g.actor_of("s1", "e2") != peskov
    assert g.actors[g.actor_of("s1", "e3")].part_of is None  # a president is not part of the state
    zakharova = g.actors[g.actor_of("s2", "e1")]
    assert zakharova.part_of == g.actor_of("s2", "e2")
