"""The workbench end to end, in a real headless Chromium (Debian's `chromium`, driven by
Playwright with `executable_path`) against a real `claimgraph serve` on a free loopback port,
over a store built from the sample corpus: search, open an article and see its highlights,
open the story matrix, fail to write without the token, sign in and correct a statement,
re-analyse the corpus, and see the correction survive. Screenshots of every step go to
$CLAIMGRAPH_ARTIFACTS (default test-artifacts/web/).

Without Chromium or the playwright package the tests are skipped, unless
CLAIMGRAPH_REQUIRE_CHROMIUM=1 (as `make test` sets, after installing Chromium), which fails them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from web_support import ROOT, TOKEN, build_sample_store, reanalyse

ARTIFACTS = Path(os.environ.get("CLAIMGRAPH_ARTIFACTS") or ROOT / "test-artifacts") / "web"


def _chromium() -> str:
    reason = None
    path = os.environ.get("CLAIMGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        reason = "no Chromium: install Debian's chromium (scripts/install-chromium.sh; make test does)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright Python package is not installed (pip install -e '.[test]')"
    if reason:
        if os.environ.get("CLAIMGRAPH_REQUIRE_CHROMIUM") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    _chromium()  # skip before the slow part when there is no browser
    return build_sample_store(tmp_path_factory.mktemp("web-browser") / "claims.db")


@pytest.fixture(scope="module")
def server(db):
    port = _free_port()
    env = {**os.environ, "CLAIMGRAPH_WRITE_TOKEN": TOKEN}
    log = open(db.parent / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph", "serve", "--db", str(db), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/api/status", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"claimgraph serve did not start:\n{(db.parent / 'serve.log').read_text()[-2000:]}")
        time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    path = _chromium()
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=args)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_article_highlights_and_story(server, page):
    page.goto(server + "/")
    page.get_by_label("Words in the statement").fill("Ukraine")
    page.get_by_label("Stance").select_option("accuse")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/?q=Ukraine*")
    assert "stance=accuse" in page.url
    status = page.get_by_role("status").inner_text()
    assert "match" in status and int(status.split()[0]) > 0
    results = page.locator("ol.statements > li")
    assert results.count() > 0
    assert "accuses" in results.first.inner_text()
    shot(page, "01-search")

    # every statement links to its sentence in its article
    link = results.first.get_by_role("link", name="in its sentence")
    anchor = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url("**/article/**")
    page.wait_for_load_state()
    assert page.url.endswith("#" + anchor)
    marks = page.locator("mark.hl")
    assert marks.count() > 10
    for role in ("source", "cue", "content"):
        assert page.locator(f"mark.role-{role}").count() > 0, role
    aid = anchor[3:]
    current = page.locator(f'mark.hl.current[data-st="{aid}"]')
    assert current.count() > 0, "the linked statement is not marked in its sentence"
    # the highlight's details show on keyboard focus (no mouse, no JavaScript needed)
    first = page.locator("mark.hl[tabindex]").first
    first.focus()
    tip = first.locator(".tip")
    assert tip.is_visible() and "targets:" in tip.inner_text()
    assert first.get_attribute("aria-describedby") == tip.get_attribute("id")  # read out on focus
    shot(page, "02-article-highlights")

    page.goto(server + "/stories")
    page.get_by_role("link", name="Crocus").first.click()
    matrix = page.locator("table.matrix")
    assert matrix.is_visible()
    assert page.locator("table.matrix thead th").count() > 2
    cell = page.locator("table.matrix a.cell").first
    cell.click()
    target = page.locator("dl.cells dt:target")
    assert target.count() == 1
    evidence = page.locator("dl.cells dt:target + dd li").first
    assert "in its sentence" in evidence.inner_text()
    assert page.locator("svg.chart circle").count() > 0  # the timeline
    shot(page, "03-story-matrix")


def test_keyboard_and_narrow_screen(server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        page.goto(server + "/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        for path in ("/", "/stories", "/articles"):
            page.goto(server + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} scrolls sideways on a narrow screen ({overflow}px)"
        page.goto(server + "/articles")
        page.locator("main a").first.click()
        page.wait_for_url("**/article/**")
        page.wait_for_load_state()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1
        # every form control has a label
        page.goto(server + "/")
        unlabelled = page.evaluate("""[...document.querySelectorAll('input:not([type=hidden]), select')]
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).length""")
        assert unlabelled == 0
        page.screenshot(path=str(ARTIFACTS / "04-narrow-search.png"), full_page=True)
    finally:
        context.close()


def test_correction_needs_the_token_and_survives_reanalysis(server, page, db):
    import json

    from playwright.sync_api import expect

    page.goto(server + "/?q=Kyiv")
    page.locator("ol.statements > li").first.get_by_role("link", name="details and corrections").click()
    aid = page.url.rstrip("/").split("/")[-1]
    # not signed in: no correction forms, and a write without the token is refused
    assert page.locator("form.edit").count() == 0
    refused = page.evaluate("""async (aid) => (await fetch('/api/statements/' + aid + '/review', {
        method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({verdict: 'reject'})})).status""", aid)
    assert refused == 401
    shot(page, "05-statement-read-only")

    page.get_by_role("link", name="Sign in with the write token").click()
    page.get_by_label("Write token").fill("not the token")
    page.get_by_role("button", name="Sign in").click()
    assert "not the write token" in page.get_by_role("alert").inner_text()
    page.get_by_label("Write token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/statement/{aid}")

    machine_stance = page.get_by_label("Stance").input_value()
    new_stance = "question" if machine_stance != "question" else "warn"
    page.get_by_label("Stance").select_option(new_stance)
    page.get_by_label("Targets (comma-separated)").fill("Ukraine, United States")
    page.get_by_role("button", name="Save correction").click()
    assert "Saved." in page.get_by_role("status").inner_text()
    page.get_by_role("button", name="Reject attribution").click()
    expect(page.get_by_text("rejected by a reviewer")).to_be_visible()
    expect(page.locator(".badge.edit", has_text="corrected")).to_be_visible()
    shot(page, "06-corrected")

    reanalyse(db)  # claimgraph ingest --reanalyze, then graph build

    page.goto(f"{server}/statement/{aid}")
    expect(page.get_by_text("rejected by a reviewer")).to_be_visible()  # the verdict survived
    got = json.loads(page.evaluate("async (aid) => JSON.stringify(await (await fetch('/api/statements/' + aid)).json())", aid))
    assert got["stance"] == new_stance and got["machine"]["stance"] == machine_stance
    assert got["targets"] == ["Ukraine", "United States"]
    page.get_by_role("link", name=got["evidence"][:20]).click()
    assert page.locator(f'mark.hl.rejected[data-st="{aid}"]').count() > 0
    shot(page, "07-after-reanalysis")
    page.goto(server + "/judgements")
    assert page.locator("table tbody tr").count() >= 2
    shot(page, "08-judgements")
