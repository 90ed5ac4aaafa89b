"""End-to-end quality on articles with hand-written expectations (tests/data/expected/).

Each expectation file lists what a careful reader finds in one article: the attributions
(by cue), their resolved speakers, stances, conduits and targets. The sample corpus lives in
samples/crocus/ (Markdown with front matter: what is analysed, and what cue occurrences count
in, is the text after it); the crocus example article is read from ../shared/examples and
skipped when absent. Thresholds are floors a little under the figures measured when they were
set (crocus, raised at stop 13: recall 1.0, speakers 0.966, stances 0.966; samples: 0.96, 0.81,
0.78): a change that loses attributions, speakers or stances fails here. Raise them as the
components improve. The crocus article is held to every attribution, as its issue asks.

The thresholds hold for the eight samples they were set on (TUNED). The articles added later
for the claim graph (issue 4) were written and annotated without looking at the extractor's
output and it was not changed to fit them: they are a held-out measurement, reported (run
pytest with -s to see it) and checked only for being well formed, not held to a floor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.eval.corpus import CROCUS, find_sample, read_sample
from claimgraph.eval.expectations import ExpectationScore, load_expectations, score_expectations

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = sorted((ROOT / "tests" / "data" / "expected").glob("*.json"))
SEARCH = (CROCUS, ROOT.parent / "shared" / "examples")
# the samples the thresholds were measured on; every other sample's expectations are held out
TUNED = (
    "2024-03-23-crocus-suspects-detained-bryansk",
    "2024-03-24-kyiv-rejects-moscow-accusations",
    "2024-03-25-us-says-it-warned-moscow",
    "2024-03-26-putin-concedes-islamists",
    "2024-03-27-fsb-chief-blames-us-britain-ukraine",
    "2024-04-08-explainer-islamic-state-khorasan",
    "2024-04-22-fact-check-window-into-ukraine",
    "2024-05-25-fsb-khorasan-coordinated-attack",
)
HELD_OUT = [p for p in EXPECTED if p.stem not in TUNED and p.stem != "crocus-attribution"]


@pytest.fixture(scope="module")
def pipeline():
    from claimgraph.nlp.pipeline import Pipeline

    return Pipeline()


def analyse(pipeline, stem: str):
    path = find_sample(stem, SEARCH)
    if path is None:
        pytest.skip(f"{stem} is not here (../shared is absent on a fresh clone)")
    sample = read_sample(path)
    return pipeline.analyze(sample.text, id=stem, published=sample.published)


def test_expectation_files_exist():
    assert len(EXPECTED) >= 5


def test_the_crocus_example(pipeline):
    exp = load_expectations(ROOT / "tests" / "data" / "expected" / "crocus-attribution.json")
    score = score_expectations(analyse(pipeline, "crocus-attribution"), exp)
    rates = score.rates()
    detail = "\n".join(score.misses + score.wrong)
    assert rates["recall"] == 1.0, detail  # all 29
    assert rates["speaker_accuracy"] >= 0.95, detail
    assert rates["conduit_accuracy"] == 1.0, detail  # TASS and RIA Novosti
    assert rates["stance_accuracy"] >= 0.93, detail


def test_the_sample_corpus(pipeline):
    total = ExpectationScore(doc="samples")
    for stem in TUNED:
        path = ROOT / "tests" / "data" / "expected" / f"{stem}.json"
        total.add(score_expectations(analyse(pipeline, stem), load_expectations(path)))
    rates = total.rates()
    detail = "\n".join(total.misses + total.wrong)
    assert total.expected >= 40
    assert rates["recall"] >= 0.9, detail
    assert rates["speaker_accuracy"] >= 0.75, detail
    assert rates["stance_accuracy"] >= 0.7, detail


def test_every_sample_has_expectations_and_every_expectation_a_sample():
    samples = {p.stem for p in (ROOT / "samples" / "crocus").iterdir() if p.suffix == ".md"}
    expected = {p.stem for p in EXPECTED} - {"crocus-attribution"}
    assert samples == expected
    assert set(TUNED) <= samples and len(HELD_OUT) >= 6


def test_the_held_out_samples(pipeline, record_property):
    """Reported, not held to a floor (see the module's docstring): each file must still be well
    formed (every expected cue occurrence in its text, else scoring raises) and scored."""
    total = ExpectationScore(doc="held-out")
    lines = []
    for path in HELD_OUT:
        score = score_expectations(analyse(pipeline, path.stem), load_expectations(path))
        total.add(score)
        lines.append(f"{path.stem}: {score.found}/{score.expected} {score.rates()}")
    rates = total.rates()
    record_property("held_out", {"expected": total.expected, "found": total.found, **rates})
    print("\nheld-out samples:\n  " + "\n  ".join(lines))
    print(f"held-out total: {total.found}/{total.expected} {rates}")
    print("\n".join(["misses:"] + total.misses + ["wrong:"] + total.wrong))
    assert total.expected >= 80
