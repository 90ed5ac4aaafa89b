"""The workbench's JSON API and form endpoints (FastAPI TestClient) over a real SQLite store
built from the sample corpus by the real CLI: every endpoint, bad and oversized input (a clear
4xx and nothing changed), writes without the token, CSRF on forms, and corrections that
survive a re-analysis."""

from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from claimgraph.web.app import MAX_BODY_BYTES, create_app  # noqa: E402

from web_support import TOKEN, build_sample_store, reanalyse  # noqa: E402

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ORIGIN = {"Origin": "http://testserver"}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_sample_store(tmp_path_factory.mktemp("web-api") / "claims.db")


@pytest.fixture(scope="module")
def client(db):
    app = create_app(str(db), write_token=TOKEN)
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def readonly(db):
    with TestClient(create_app(str(db))) as c:
        yield c


def judgement_count(client) -> int:
    return client.get("/api/status").json()["counts"]["judgements"]


def first_statement(client, **params) -> dict:
    items = client.get("/api/statements", params={"page_size": 5, **params}).json()["items"]
    assert items, f"no statement for {params}"
    return items[0]


# -- reads ------------------------------------------------------------------------------------

def test_status_counts_the_sample_store(client):
    s = client.get("/api/status").json()
    assert s["counts"]["articles"] == 15
    assert s["counts"]["statements"] > 100
    assert s["counts"]["events"] > 0 and s["counts"]["actors"] > 0
    assert s["writable"] is True and s["graph_stale"] is False


def test_search_by_words_filters_and_pages(client):
    r = client.get("/api/statements", params={"q": "Ukraine", "page_size": 5}).json()
    assert r["total"] > 5 and r["pages"] == -(-r["total"] // 5) and len(r["items"]) == 5
    assert all("ukrain" in s["content"].lower() for s in r["items"])
    page2 = client.get("/api/statements", params={"q": "Ukraine", "page_size": 5, "page": 2}).json()
    assert {s["attribution_id"] for s in page2["items"]}.isdisjoint({s["attribution_id"] for s in r["items"]})

    denials = client.get("/api/statements", params={"stance": "deny", "page_size": 100}).json()
    assert denials["total"] > 0 and {s["stance"] for s in denials["items"]} == {"deny"}
    two = client.get("/api/statements", params=[("stance", "deny"), ("stance", "accuse")]).json()
    assert two["total"] > denials["total"]

    peskov = client.get("/api/statements", params={"speaker": "peskov", "page_size": 100}).json()
    assert peskov["total"] > 0
    assert all("peskov" in ((s["speaker"] or "") + (s["source"] or "")).lower() for s in peskov["items"])

    target = client.get("/api/statements", params={"target": "ukraine", "page_size": 100}).json()
    assert target["total"] > 0 and all(any("ukrain" in t.lower() for t in s["targets"]) for s in target["items"])

    one = first_statement(client)
    outlet = client.get("/api/statements", params={"outlet": one["outlet"], "page_size": 100}).json()
    assert outlet["total"] > 0 and {s["outlet"] for s in outlet["items"]} == {one["outlet"]}

    march = client.get("/api/statements", params={"date_from": "2024-03-22", "date_to": "2024-03-23",
                                                  "page_size": 100}).json()
    assert march["total"] > 0
    assert all("2024-03-22" <= s["published"][:10] <= "2024-03-23" for s in march["items"])


def test_empty_filters_are_no_filters(client):
    everything = client.get("/api/statements").json()["total"]
    empty = {k: "" for k in ("q", "speaker", "target", "stance", "outlet", "date_from", "date_to")}
    assert client.get("/api/statements", params=empty).json()["total"] == everything


def test_search_text_is_only_ever_a_bound_parameter(client):
    before = client.get("/api/status").json()["counts"]
    for nasty in ("'; DROP TABLE attributions; --", '" OR 1=1 --', "NEAR(a b)", "*", "content:x",
                  "\\", "%_%", "ukraine\" OR \"kremlin"):
        r = client.get("/api/statements", params={"q": nasty})
        assert r.status_code == 200, (nasty, r.text)
        r = client.get("/api/statements", params={"speaker": nasty, "target": nasty, "outlet": nasty})
        assert r.status_code == 200 and r.json()["total"] == 0
    assert client.get("/api/statements", params={"q": "%"}).json()["total"] == 0  # no words: nothing
    assert client.get("/api/status").json()["counts"] == before


@pytest.mark.parametrize("params, field", [
    ({"stance": "gloating"}, "stance"),
    ({"date_from": "March 2024"}, "date_from"),
    ({"date_to": "2024-3-1"}, "date_to"),
    ({"page": 0}, "page"),
    ({"page_size": 1000}, "page_size"),
    ({"q": "x" * 201}, "q"),
    ({"speaker": "x" * 201}, "speaker"),
])
def test_bad_search_parameters_are_422_with_the_reason(client, params, field):
    r = client.get("/api/statements", params=params)
    assert r.status_code == 422
    assert field in r.json()["detail"] or field.split("_")[0] in r.json()["detail"]


def test_one_statement_and_its_errors(client):
    s = first_statement(client)
    got = client.get(f"/api/statements/{s['attribution_id']}").json()
    assert got["content"] == s["content"] and got["judgement"] is None and got["rejected"] is False
    assert got["evidence"] and got["content"].split()[0] in got["evidence"]
    assert client.get("/api/statements/" + "0" * 32).status_code == 404
    assert client.get("/api/statements/not-an-id").status_code == 422


def test_article_with_highlights_inside_its_text(client):
    listed = client.get("/api/articles").json()
    assert len(listed) == 15
    a = client.get(f"/api/articles/{listed[0]['id']}").json()
    assert a["statements"] and a["highlights"]
    roles = {h["role"] for h in a["highlights"]}
    assert {"source", "cue", "content"} <= roles
    assert all(0 <= h["start"] < h["end"] <= len(a["text"]) for h in a["highlights"])
    ids = {s["attribution_id"] for s in a["statements"]}
    assert {h["attribution_id"] for h in a["highlights"]} <= ids
    assert client.get("/api/articles/" + "f" * 32).status_code == 404
    assert client.get("/api/articles/..%2F..%2Fetc").status_code in (404, 422)
    assert client.get("/api/articles", params={"limit": 100000}).status_code == 422


def test_actors_and_one_actor(client):
    listed = client.get("/api/actors", params={"q": "peskov"}).json()
    assert listed and all("peskov" in a["name"].lower() for a in listed)
    a = client.get(f"/api/actors/{listed[0]['id']}").json()
    assert a["name"] == listed[0]["name"] and a["statements"]
    assert all(s["speaker"] for s in a["statements"])
    big = client.get("/api/actors", params={"limit": 5}).json()
    assert len(big) == 5
    assert client.get("/api/actors/act_0000000000000000").status_code == 404
    assert client.get("/api/actors/robert'); DROP TABLE actors").status_code in (404, 422)


def test_events_and_a_story(client):
    events = client.get("/api/events").json()
    assert events
    crocus = next(e for e in events if "Crocus" in e["label"])
    story = client.get(f"/api/events/{crocus['id']}").json()
    assert story["event"]["id"] == crocus["id"]
    assert story["matrix"] and story["timeline"] and story["speakers"] and story["parties"]
    cell = story["matrix"][0]
    assert cell["statements"] >= len(cell["evidence"]) >= 1
    assert all(e["sentence"] and e["article_id"] and e["content"] for e in cell["evidence"])
    assert cell["stance"] == cell["evidence"][-1]["stance"]
    assert story["totals"]["contradictions"] >= len(story["contradictions"]) > 0
    assert story["figures"]
    assert client.get("/api/events/" + "0" * 32).status_code == 404


def test_story_agrees_with_the_claim_graph_story(client, db):
    """The workbench's bounded story (web/story_view.py) follows graph/story.py's rules."""
    from claimgraph.graph.story import load_story
    from claimgraph.store import open_store

    for event in client.get("/api/events").json():
        with open_store(db) as store:
            full = load_story(store, event["id"]).to_dict()
        mine = client.get(f"/api/events/{event['id']}").json()
        cells = {(c["speaker"], c["party"]): (len(c["evidence"]), c["stance"]) for c in full["matrix"]}
        shown = {(c["speaker"], c["party"]): (c["statements"], c["stance"]) for c in mine["matrix"]}
        assert mine["totals"]["cells"] == len(cells)
        assert shown.items() <= cells.items()
        assert mine["totals"]["changes"] == len(full["changes"])
        assert sorted((c["actor"], c["kind"], c["party"], c["evidence"]["attribution_id"]) for c in mine["changes"]) \
            == sorted((c["actor"], c["kind"], c["party"], c["evidence"]["attribution_id"]) for c in full["changes"])
        assert mine["totals"]["contradictions"] == len(full["contradictions"])
        pairs = {(c["affirming"]["attribution_id"], c["rejecting"]["attribution_id"]) for c in full["contradictions"]}
        assert {(c["affirming"]["attribution_id"], c["rejecting"]["attribution_id"]) for c in mine["contradictions"]} <= pairs


def test_openapi_describes_the_api_and_pages_send_security_headers(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/statements", "/api/statements/{attribution_id}/review", "/api/events/{event_id}",
                 "/api/actors/merge", "/api/judgements/export"):
        assert path in spec["paths"], path
    assert not any(p.startswith("/article/") for p in spec["paths"])  # pages are not API
    r = client.get("/")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


# -- writes: refused ------------------------------------------------------------------------------

def test_writes_without_the_token_fail_and_change_nothing(client, readonly):
    s = first_statement(client, q="Ukraine")
    url = f"/api/statements/{s['attribution_id']}/review"
    before = judgement_count(client)
    assert client.post(url, json={"verdict": "reject"}).status_code == 401
    assert client.post(url, json={"verdict": "reject"}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post(url, json={"verdict": "reject"}, headers={"X-Claimgraph-Token": TOKEN + "x"}).status_code == 401
    r = readonly.post(url, json={"verdict": "reject"}, headers=AUTH)
    assert r.status_code == 403 and "read-only" in r.json()["detail"]
    assert readonly.post("/api/actors/merge", json={"a": "X", "b": "Y"}, headers=AUTH).status_code == 403
    assert readonly.post("/api/graph/build", headers=AUTH).status_code == 403
    # a browser page of another site cannot use the token either
    r = client.post(url, json={"verdict": "reject"}, headers={**AUTH, "Origin": "https://evil.example"})
    assert r.status_code == 403
    assert judgement_count(client) == before
    assert client.get(f"/api/statements/{s['attribution_id']}").json()["judgement"] is None


@pytest.mark.parametrize("body", [
    {"verdict": "maybe"},
    {},
    {"verdict": "reject", "extra": 1},
    {"verdict": "reject", "note": "n" * 501},
    {"verdict": "reject", "note": "bell\x07"},
    {"verdict": ["reject"]},
])
def test_bad_review_bodies_are_422_and_change_nothing(client, body):
    s = first_statement(client)
    before = judgement_count(client)
    r = client.post(f"/api/statements/{s['attribution_id']}/review", json=body, headers=AUTH)
    assert r.status_code == 422 and r.json()["detail"]
    assert judgement_count(client) == before


@pytest.mark.parametrize("body", [
    {},
    {"note": "only a note"},
    {"stance": "gloating"},
    {"speaker": ""},
    {"speaker": "s" * 201},
    {"targets": ["t"] * 21},
    {"targets": ["x" * 201]},
    {"targets": "Ukraine"},
    {"speaker": "A\x00B"},
])
def test_bad_edit_bodies_are_422_and_change_nothing(client, body):
    s = first_statement(client)
    before = judgement_count(client)
    r = client.post(f"/api/statements/{s['attribution_id']}/edit", json=body, headers=AUTH)
    assert r.status_code == 422, r.text
    assert judgement_count(client) == before


def test_malformed_and_oversized_bodies(client):
    s = first_statement(client)
    url = f"/api/statements/{s['attribution_id']}/edit"
    before = judgement_count(client)
    r = client.post(url, content=b"{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422
    r = client.post(url, content=json.dumps({"speaker": "x" * MAX_BODY_BYTES}).encode(),
                    headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["detail"]
    r = client.post(url, content=b"speaker=x", headers={**AUTH, "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 422
    assert client.post("/api/statements/" + "0" * 32 + "/edit", json={"stance": "deny"}, headers=AUTH).status_code == 404
    assert client.post("/api/statements/nope/edit", json={"stance": "deny"}, headers=AUTH).status_code == 422
    for bad in ({"a": "Kyiv", "b": "kyiv"}, {"a": "", "b": "X"}, {"a": "X"}, {"a": "x" * 201, "b": "y"}):
        assert client.post("/api/actors/merge", json=bad, headers=AUTH).status_code == 422
    assert client.delete("/api/judgements/" + "0" * 32, headers=AUTH).status_code == 404
    assert judgement_count(client) == before


# -- writes: accepted -----------------------------------------------------------------------------

def test_review_replaces_the_earlier_verdict_and_can_be_withdrawn(client):
    s = first_statement(client, stance="warn")
    url = f"/api/statements/{s['attribution_id']}/review"
    before = judgement_count(client)
    r = client.post(url, json={"verdict": "accept"}, headers=AUTH)
    assert r.status_code == 201 and r.json()["statement"]["judgement"]["verdict"] == "accept"
    r = client.post(url, json={"verdict": "reject", "note": "a paraphrase, not a statement"}, headers=AUTH)
    got = r.json()["statement"]
    assert got["rejected"] is True and got["judgement"]["note"] == "a paraphrase, not a statement"
    assert judgement_count(client) == before + 1  # one verdict per statement: the latest
    jid = r.json()["id"]
    assert client.delete(f"/api/judgements/{jid}").status_code == 401
    assert client.delete(f"/api/judgements/{jid}", headers=AUTH).status_code == 200
    assert client.get(f"/api/statements/{s['attribution_id']}").json()["judgement"] is None
    assert judgement_count(client) == before


def test_edits_merge_show_the_machine_values_and_are_exported(client):
    s = first_statement(client, stance="accuse")
    url = f"/api/statements/{s['attribution_id']}/edit"
    assert client.post(url, json={"stance": "assert"}, headers={"X-Claimgraph-Token": TOKEN}).status_code == 201
    r = client.post(url, json={"targets": ["Islamic State"], "speaker": "Somebody Else"}, headers=AUTH)
    got = r.json()["statement"]
    assert (got["stance"], got["targets"], got["speaker"]) == ("assert", ["Islamic State"], "Somebody Else")
    assert got["machine"]["stance"] == "accuse" and got["machine"]["speaker"] == s["speaker"]
    # search shows the corrected statement too
    found = client.get("/api/statements", params={"q": " ".join(s["content"].split()[:4]), "page_size": 100}).json()
    mine = [x for x in found["items"] if x["attribution_id"] == s["attribution_id"]]
    assert mine and mine[0]["stance"] == "assert"
    lines = client.get("/api/judgements/export").text.splitlines()
    exported = [json.loads(line) for line in lines]
    edit = [j for j in exported if j["subject"] == s["attribution_id"] and j["kind"] == "statement_edit"]
    assert edit and edit[0]["payload"] == {"stance": "assert", "targets": ["Islamic State"], "speaker": "Somebody Else"}


def test_rejected_statement_leaves_the_story(client):
    crocus = next(e for e in client.get("/api/events").json() if "Crocus" in e["label"])
    story = client.get(f"/api/events/{crocus['id']}").json()
    cell = max(story["matrix"], key=lambda c: c["statements"])
    victim = cell["evidence"][-1]["attribution_id"]
    r = client.post(f"/api/statements/{victim}/review", json={"verdict": "reject"}, headers=AUTH)
    assert r.status_code == 201
    after = client.get(f"/api/events/{crocus['id']}").json()
    same = next(c for c in after["matrix"] if (c["speaker"], c["party"]) == (cell["speaker"], cell["party"]))
    assert same["statements"] == cell["statements"] - 1
    assert victim not in {e["attribution_id"] for c in after["matrix"] for e in c["evidence"]}
    assert after["totals"]["statements"] == story["totals"]["statements"] - 1
    assert client.delete(f"/api/judgements/{r.json()['id']}", headers=AUTH).status_code == 200
    again = client.get(f"/api/events/{crocus['id']}").json()
    assert victim in {e["attribution_id"] for c in again["matrix"] for e in c["evidence"]}


def test_merge_and_split_decisions_apply_at_the_next_build(client):
    r = client.post("/api/actors/split", json={"a": "Crocus", "b": "Crocus City Hall", "note": "venue"}, headers=AUTH)
    assert r.status_code == 201
    r = client.post("/api/actors/merge", json={"a": "Dmitry Peskov", "b": "Maria Zakharova"}, headers=AUTH)
    assert r.status_code == 201
    built = client.post("/api/graph/build", headers=AUTH)
    assert built.status_code == 200 and built.json()["actors"] > 0
    peskov = client.get("/api/actors", params={"q": "peskov"}).json()
    merged = client.get(f"/api/actors/{peskov[0]['id']}").json()
    assert any("Zakharova" in n for n in merged["aliases"] + [merged["name"]])
    assert any(d["kind"] == "actor_merge" for d in merged["decisions"])
    kinds = {j["kind"] for j in client.get("/api/judgements").json()}
    assert {"actor_merge", "actor_split"} <= kinds


# -- forms: session + CSRF + Origin ---------------------------------------------------------------

def _csrf(page: str) -> str:
    m = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
    assert m, "no CSRF field on the page"
    return m.group(1)


def test_forms_need_a_session_a_csrf_token_and_this_origin(db):
    with TestClient(create_app(str(db), write_token=TOKEN)) as c:
        s = first_statement(c, stance="deny")
        url = f"/statement/{s['attribution_id']}/edit"
        before = judgement_count(c)
        assert c.post(url, data={"stance": "warn"}, headers=ORIGIN).status_code == 401  # not signed in
        r = c.post("/login", data={"token": "wrong"}, headers=ORIGIN)
        assert r.status_code == 401 and "not the write token" in r.text
        assert c.post("/login", data={"token": TOKEN}, headers={"Origin": "https://evil.example"}).status_code == 403
        r = c.post("/login", data={"token": TOKEN, "next": "//evil.example/"}, headers=ORIGIN, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"
        csrf = _csrf(c.get(f"/statement/{s['attribution_id']}").text)
        assert c.post(url, data={"stance": "warn"}, headers=ORIGIN).status_code == 403  # no CSRF field
        assert c.post(url, data={"stance": "warn", "csrf_token": "0" * 64}, headers=ORIGIN).status_code == 403
        assert c.post(url, data={"stance": "warn", "csrf_token": csrf},
                      headers={"Origin": "https://evil.example"}).status_code == 403
        assert c.post(url, data={"stance": "warn", "csrf_token": csrf}).status_code == 403  # no Origin/Referer
        r = c.post(url, data={"stance": "gloating", "csrf_token": csrf}, headers=ORIGIN)
        assert r.status_code == 422 and "Nothing was changed" in r.text
        assert judgement_count(c) == before
        r = c.post(url, data={"stance": "warn", "targets": "Ukraine, Britain", "csrf_token": csrf},
                   headers={"Referer": f"http://testserver/statement/{s['attribution_id']}"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].endswith("?saved=1")
        page = c.get(r.headers["location"]).text
        assert "Saved." in page and "corrected" in page
        got = c.get(f"/api/statements/{s['attribution_id']}").json()
        assert got["stance"] == "warn" and got["targets"] == ["Ukraine", "Britain"]
        r = c.post(f"/statement/{s['attribution_id']}/review", data={"verdict": "accept", "csrf_token": csrf},
                   headers=ORIGIN, follow_redirects=False)
        assert r.status_code == 303
        # the page's script may also call the API with the session and the CSRF token
        r = c.post(f"/api/statements/{s['attribution_id']}/review", json={"verdict": "accept"},
                   headers={**ORIGIN, "X-CSRF-Token": csrf})
        assert r.status_code == 201
        assert judgement_count(c) == before + 2
        # a new process (another key) does not know the old cookie
    with TestClient(create_app(str(db), write_token=TOKEN)) as other:
        other.cookies.update(c.cookies)
        assert other.post(url, data={"stance": "deny", "csrf_token": csrf}, headers=ORIGIN).status_code == 401


def test_actor_decisions_rebuild_withdraw_and_sign_out_through_forms(db):
    with TestClient(create_app(str(db), write_token=TOKEN)) as c:
        c.post("/login", data={"token": TOKEN}, headers=ORIGIN)
        actor = c.get("/api/actors", params={"q": "zelensk"}).json()[0]
        page = c.get(f"/actor/{actor['id']}").text
        assert "Merge: the same actor" in page
        csrf = _csrf(page)
        before = judgement_count(c)
        r = c.post("/actors/split", data={"a": actor["name"], "b": "", "csrf_token": csrf}, headers=ORIGIN)
        assert r.status_code == 422 and judgement_count(c) == before
        assert c.post("/actors/rename", data={"a": "x", "b": "y", "csrf_token": csrf}, headers=ORIGIN).status_code == 404
        r = c.post("/actors/split", data={"a": actor["name"], "b": "Zelensky's office", "note": "not him",
                                          "next": f"/actor/{actor['id']}", "csrf_token": csrf},
                   headers=ORIGIN, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/actor/{actor['id']}"
        assert judgement_count(c) == before + 1
        r = c.post("/graph/build", data={"csrf_token": csrf}, headers=ORIGIN, follow_redirects=False)
        assert r.status_code == 303 and c.get("/api/status").json()["graph_stale"] is False
        split = [j for j in c.get("/api/judgements").json() if j["kind"] == "actor_split" and j["note"] == "not him"]
        assert split
        page = c.get("/judgements").text
        assert "not him" in page
        r = c.post(f"/judgements/{split[0]['id']}/delete", data={"csrf_token": csrf}, headers=ORIGIN,
                   follow_redirects=False)
        assert r.status_code == 303 and judgement_count(c) == before
        assert c.post("/logout", data={"csrf_token": csrf}, headers=ORIGIN, follow_redirects=False).status_code == 303
        assert "Sign in to correct" in c.get("/").text
        assert c.post("/graph/build", data={"csrf_token": csrf}, headers=ORIGIN).status_code == 401


def test_only_loopback_host_names_when_serving_on_loopback(db):
    app = create_app(str(db), allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/status").status_code == 200
        assert c.get("/api/status", headers={"Host": "rebound.evil.example"}).status_code == 400


def test_pages_render(client):
    for path in ("/", "/?q=Ukraine&stance=deny", "/articles", "/actors", "/actors?q=putin", "/stories",
                 "/judgements", "/login"):
        r = client.get(path)
        assert r.status_code == 200 and "<main" in r.text, path
    assert client.get("/?date_from=yesterday").status_code == 422
    assert client.get("/article/" + "0" * 32).status_code == 404
    assert "not found" in client.get("/story/" + "0" * 32).text


# -- corrections survive a re-analysis ------------------------------------------------------------

def test_judgements_survive_reanalysis(client, db):
    s = first_statement(client, q="Kyiv")
    aid = s["attribution_id"]
    client.post(f"/api/statements/{aid}/review", json={"verdict": "reject"}, headers=AUTH)
    client.post(f"/api/statements/{aid}/edit", json={"stance": "question"}, headers=AUTH)
    done = reanalyse(db)
    assert "reanalysed" in done.stderr
    got = client.get(f"/api/statements/{aid}")
    assert got.status_code == 200, "the statement's id changed on re-analysis"
    got = got.json()
    assert got["rejected"] is True and got["stance"] == "question"
    assert not any(j["orphaned"] for j in client.get("/api/judgements").json())


def test_corrected_record_for_the_graph(client, db):
    """statement_judgements.apply_to_record: what the claim graph build would read."""
    from claimgraph.graph.build import attribution_store_id
    from claimgraph.store import open_store
    from claimgraph.store import statement_judgements as sj

    a = client.get("/api/articles").json()[0]["id"]
    with open_store(db) as store:
        record = store.record(a)
    first, second = record["attributions"][:2]
    key = lambda x: attribution_store_id(a, x)  # noqa: E731
    entity = next(e for e in record["entities"] if e["id"] != second.get("speaker"))
    judged = {key(first): sj.StatementJudgement(key(first), verdict="reject"),
              key(second): sj.StatementJudgement(key(second), edits={
                  "stance": "question", "speaker": entity["name"].upper(), "targets": ["Nobody Known"]})}
    out = sj.apply_to_record(record, judged, key)
    assert [x["id"] for x in out["attributions"]] == [x["id"] for x in record["attributions"][1:]]
    fixed = out["attributions"][0]
    assert (fixed["stance"], fixed["speaker"]) == ("question", entity["id"])
    assert fixed["targets"] == second["targets"]  # an unknown name changes nothing
    assert record["attributions"][1]["stance"] == second["stance"]  # the input is not modified
    assert sj.apply_to_record(record, {}, key) is record


def test_story_page_shows_the_figures_of_other_events_its_sources_disagree_on(tmp_path):
    from fastapi.testclient import TestClient

    from claimgraph.graph.build import build_graph
    from claimgraph.graph.story import find_events
    from claimgraph.ingest import ingest
    from claimgraph.store import open_store
    from claimgraph.web.app import create_app

    from pathlib import Path

    folder = Path(__file__).resolve().parent / "data" / "scenarios" / "navalny"
    with open_store(tmp_path / "claims.db") as store:
        ingest([str(p) for p in sorted(folder.glob("*.md"))], store)
        build_graph(store)
        event = find_events(store, None, limit=1)[0]
        c = TestClient(create_app(store=store))
        related = c.get(f"/api/events/{event['id']}").json()["related_figures"]
        detained = [r for r in related if r["kind"] == "detained"]
        assert detained and {100, 400} <= {v["value"] for r in detained for v in r["values"]}
        page = c.get(f"/story/{event['id']}").text
        assert "Other events in these articles" in page and "more than" in page
