"""The claim graph end to end on the sample corpus: ingest into a real store (SQLite file and
PostgreSQL), build the graph, read the story (matrix, position change, contradictions, figure
conflict), apply a user's merge decision, and export FtM, ClaimReview and GraphML."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import sqlalchemy as sa

from claimgraph.export_graph import claimreview_documents, write_ftm, write_graphml
from claimgraph.graph.build import build_graph
from claimgraph.graph.story import graph_is_stale, load_story
from claimgraph.ingest import ingest
from claimgraph.store import open_store
from claimgraph.store.judgements import add_judgement
from claimgraph.store.schema import actor_members, entities

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "crocus"


@pytest.fixture(scope="module")
def pipeline():
    from claimgraph.nlp.pipeline import Pipeline

    return Pipeline()


@pytest.fixture
def story_store(store_url, pipeline):
    with open_store(store_url) as store:
        ingest([str(SAMPLES)], store, pipeline=pipeline)
        assert graph_is_stale(store)
        build_graph(store)
        assert not graph_is_stale(store)
        yield store


def test_the_crocus_story(story_store):
    story = load_story(story_store, "crocus")
    assert "Crocus City Hall" in story.event["label"] and story.event["date_start"] == "2024-03-22"
    assert story.event["articles"] >= 12
    # the responsibility matrix: Kyiv denies, IS claims it, the FSB chief accuses Ukraine
    assert story.cell_stance("Ukraine", "Ukraine") in ("deny", "reject")
    assert story.cell_stance("Islamic State", "Islamic State") == "claim_responsibility"
    assert any(e.polarity > 0 for e in story.matrix[("Alexander Bortnikov", "Ukraine")])
    # every cell keeps its evidence: article, date, outlet and the sentence
    evidence = story.matrix[("Alexander Bortnikov", "Ukraine")][0]
    assert evidence.published and evidence.outlet and "Ukrain" in evidence.sentence
    # a position change: Moscow's side names Islamic State's branch while still blaming Ukraine
    turns = [c for c in story.changes if c["actor"] == "Alexander Bortnikov" and c["kind"] == "first"]
    assert any("Ukraine" in c["still_blamed"] for c in turns)
    # contradictions on "Ukraine was involved": an accusation against a denial
    on_ukraine = [c for c in story.contradictions if c["claim"].startswith("Ukraine responsible")]
    assert on_ukraine
    assert all(c["affirming"]["polarity"] > 0 > c["rejecting"]["polarity"] for c in on_ukraine)
    # the death toll disagrees across sources
    killed = story.figures["killed"]
    assert len({f["value"] for f in killed}) >= 3
    assert all(f["sources"] and f["sources"][0]["outlet"] for f in killed)
    # spread: the wire reprint is one origin, two appearances
    ukraine = next(c for c in story.claims if c["label"].startswith("Ukraine responsible"))
    assert ukraine["origins"] < ukraine["appearances"]
    # the venue is where the attack happened, never a party said to be behind it
    assert not [c for c in story.claims if c["label"].startswith("Crocus City Hall responsible")]
    assert "Crocus City Hall" not in story.parties
    json.dumps(story.to_dict())  # the whole story is plain JSON


def test_a_merge_decision_survives_rebuilds(story_store):
    def actor_of(name: str) -> set[str]:
        with story_store.engine.connect() as conn:
            return set(conn.execute(sa.select(actor_members.c.actor_id)
                                    .join(entities, entities.c.id == actor_members.c.entity_id)
                                    .where(entities.c.name == name)).scalars())

    a, b = "Crocus City Hall", "Crocus"
    assert actor_of(a) and actor_of(b) and actor_of(a).isdisjoint(actor_of(b))
    add_judgement(story_store, "actor_merge", f"{a} | {b}", {"kind": "merge", "a": a, "b": b})
    build_graph(story_store)
    assert actor_of(a) == actor_of(b) and len(actor_of(a)) == 1
    build_graph(story_store)  # and again: decisions are data, applied at every build
    assert actor_of(a) == actor_of(b)


def test_statement_corrections_reach_the_graph(story_store):
    from claimgraph.store import statement_judgements

    story = load_story(story_store, "crocus")
    [first, *rest] = story.matrix[("Alexander Bortnikov", "Ukraine")]
    # the user rejects one piece of evidence and turns another statement of the cell into a denial
    statement_judgements.record(story_store, statement_judgements.REVIEW, first.attribution_id,
                                {"verdict": "reject"})
    build_graph(story_store)
    after = load_story(story_store, "crocus")
    ids_after = {e.attribution_id for e in after.matrix.get(("Alexander Bortnikov", "Ukraine"), [])}
    assert first.attribution_id not in ids_after
    assert ids_after == {e.attribution_id for e in rest}
    other = next(iter(ids_after))
    statement_judgements.record(story_store, statement_judgements.EDIT, other, {"stance": "deny"})
    build_graph(story_store)
    cell = load_story(story_store, "crocus").matrix[("Alexander Bortnikov", "Ukraine")]
    assert next(e for e in cell if e.attribution_id == other).stance == "deny"


def test_exports(story_store):
    out = io.StringIO()
    n = write_ftm(story_store, out)
    entities_ = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == len(entities_) > 50
    schemas = {e["schema"] for e in entities_}
    assert {"Person", "Article", "Event", "UnknownLink", "Mention"} <= schemas
    ids = {e["id"] for e in entities_}
    links = [e for e in entities_ if e["schema"] == "UnknownLink"]
    assert all(link["properties"]["subject"][0] in ids and link["properties"]["object"][0] in ids
               for link in links)
    reviews = claimreview_documents(story_store)
    assert reviews and all(r["@type"] == "ClaimReview" and r["itemReviewed"]["appearance"] for r in reviews)
    out = io.StringIO()
    edges = write_graphml(story_store, out)
    root = ET.fromstring(out.getvalue())
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:edge", ns)) == edges > 20
    nodes = {n.get("id") for n in root.findall(".//g:node", ns)}
    assert all(e.get("source") in nodes and e.get("target") in nodes for e in root.findall(".//g:edge", ns))


def test_cli_story(tmp_path):
    db = str(tmp_path / "claims.db")
    run = subprocess.run([sys.executable, "-m", "claimgraph.cli", "ingest", str(SAMPLES), "--db", db, "-q"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    story = subprocess.run([sys.executable, "-m", "claimgraph.cli", "story", "crocus", "--db", db,
                            "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert story.returncode == 0, story.stderr
    data = json.loads(story.stdout)
    assert data["event"]["date_start"] == "2024-03-22" and data["matrix"] and data["figures"]
    table = subprocess.run([sys.executable, "-m", "claimgraph.cli", "story", "--db", db],
                           capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert table.returncode == 0 and "Who says who is responsible" in table.stdout
    missing = subprocess.run([sys.executable, "-m", "claimgraph.cli", "story", "no such event", "--db", db],
                             capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert missing.returncode == 1 and "no event matches" in missing.stderr


def test_figures_of_other_events_the_story_reports(tmp_path, pipeline):
    # a story about a death; its articles also count the people detained at memorials, and the
    # count rose from "more than 100" to "more than 400": the story shows that disagreement
    folder = ROOT / "tests" / "data" / "scenarios" / "navalny"
    with open_store(tmp_path / "claims.db") as store:
        ingest([str(p) for p in sorted(folder.glob("*.md"))], store, pipeline=pipeline)
        build_graph(store)
        story = load_story(store)
        detained = [c for c in story.related_figures if c["kind"] == "detained"]
        assert detained, story.related_figures
        assert {100, 400} <= {v["value"] for c in detained for v in c["values"]}
        assert all(v["sources"] for c in detained for v in c["values"])
        assert "related_figures" in story.to_dict()
