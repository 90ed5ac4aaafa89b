"""Annotator agreement (claimgraph.eval.agreement): PolNeAR's further annotators scored against
the gold annotator with the extractor's own scorer, on hand-built annotations worked out by hand,
and through `claimgraph eval polnear --agreement`."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimgraph.eval.agreement import annotator_agreement, consensus_cues, format_agreement
from claimgraph.eval.polnear import GoldAttribution, GoldDocument

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"

TEXT = "Officials said taxes would rise. Polls show gains, Smith said on Monday in a statement."


def at(sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return start, start + len(sub)


def brat(*attributions: tuple[tuple[str, int], tuple[str, int]]) -> str:
    """A brat file of (cue, content) attributions, each phrase given as (text, occurrence)."""
    lines, t = [], 0
    for e, (cue, content) in enumerate(attributions, 1):
        ids = []
        for label, (sub, nth) in (("Cue", cue), ("Content", content)):
            t += 1
            s, end = at(sub, nth)
            lines.append(f"T{t}\t{label} {s} {end}\t{TEXT[s:end]}")
            ids.append(f"{label}:T{t}")
        lines.append(f"E{e}\t" + " ".join(ids))
    return "\n".join(lines) + "\n"


SAID, SHOW, SAID_2 = ("said", 0), ("show", 0), ("said", 1)
GOLD = brat((SAID, ("taxes would rise", 0)), (SHOW, ("gains", 0)),
            (SAID_2, ("Polls show gains", 0)))
OTHERS = {
    "aa11": brat((SHOW, ("gains", 0))),
    "cc33": brat((SHOW, ("gains", 0)), (SAID, ("taxes would rise", 0))),
    "dd44": brat((("Polls show", 0), ("gains", 0))),
}


def write_split(root: Path) -> Path:
    split = root / "train"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "doc.txt").write_text(TEXT, encoding="utf-8")
    for annotator, ann in {"bb22": GOLD, **OTHERS}.items():
        (split / "attributions" / f"doc_{annotator}.ann").write_text(ann, encoding="utf-8")
    (root / "metadata.tsv").write_text(
        "compartment\tfilename\tannotators\ntrain\tdoc\tbb22|aa11|cc33|dd44\n", encoding="utf-8")
    return split


def test_each_further_annotator_is_scored_against_the_gold_one(tmp_path):
    """Gold cues: said, show, said (3). aa11 marks show (1 of 1 right), cc33 show and the first
    said (2 of 2), dd44 "Polls show" (0 of 1): pooled P 3/4, R 3/9."""
    report = annotator_agreement(write_split(tmp_path))
    assert report.articles == ["doc"]
    cue = report.annotators.exact["cue"]
    assert (cue.correct, cue.predicted, cue.found, cue.gold) == (3, 4, 3, 9)
    assert cue.f1 == pytest.approx(2 * 0.75 * (1 / 3) / (0.75 + 1 / 3))
    per = {a: r.exact["cue"].f1 for a, r in report.per_annotator.items()}
    assert per == pytest.approx({"aa11": 0.5, "cc33": 0.8, "dd44": 0.0})
    assert report.extractor is None


def test_the_consensus_keeps_the_cues_at_least_half_of_the_others_marked_alike(tmp_path):
    """Votes among three others: show 2, said 1, "Polls show" 1; two of three is a majority,
    so the consensus is "show" alone: P 1/1, R 1/3."""
    report = annotator_agreement(write_split(tmp_path))
    c = report.consensus_cue
    assert (c.correct, c.predicted, c.found, c.gold) == (1, 1, 1, 3)
    others = [GoldDocument("doc", TEXT, [GoldAttribution([at(s, n)], [], [])], annotator=a)
              for a, (s, n) in (("x", SAID), ("y", SAID))]
    # with two others, one vote is half: both marked the first "said", once each
    assert [a.cue for a in consensus_cues(others).attributions] == [[at(*SAID)]]


def test_a_split_with_no_article_annotated_twice_is_refused_by_name(tmp_path):
    split = write_split(tmp_path)
    for annotator in OTHERS:
        (split / "attributions" / f"doc_{annotator}.ann").unlink()
    with pytest.raises(ValueError, match="more than one annotator"):
        annotator_agreement(split)


def test_cli_agreement_prints_json_with_the_extractor_beside_the_annotators(tmp_path):
    split = write_split(tmp_path)
    run = subprocess.run([sys.executable, "-m", "claimgraph", "eval", "polnear", str(split),
                          "--agreement", "--json"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    [line] = run.stdout.strip().splitlines()
    d = json.loads(line)
    assert d["articles"] == ["doc"]
    assert d["annotators"]["roles"]["cue"]["exact"]["correct"] == 3
    assert set(d["per_annotator"]) == {"aa11", "cc33", "dd44"}
    assert d["consensus_cue_exact"]["predicted"] == 1
    # the real pipeline ran on the article and was scored against the same gold
    assert d["extractor"]["n_docs"] == 1
    assert d["extractor"]["counts"]["predicted_attributions"] >= 1

    table = subprocess.run([sys.executable, "-m", "claimgraph", "eval", "polnear", str(split),
                            "--agreement"], capture_output=True, text=True, timeout=300)
    assert table.returncode == 0, table.stderr
    assert "annotators, pooled" in table.stdout and "claimgraph" in table.stdout

    refused = subprocess.run([sys.executable, "-m", "claimgraph", "eval", "polnear", str(split),
                              "--agreement", "--limit", "1"], capture_output=True, text=True,
                             timeout=300)
    assert refused.returncode == 2 and "--agreement" in refused.stderr


def test_every_eval_prints_the_annotators_agreement_under_its_scores(tmp_path):
    """`claimgraph eval polnear DIR` (no --agreement) adds the annotators' headline F1s, worked
    out by hand above, to read the extractor's scores against."""
    split = write_split(tmp_path)
    run = subprocess.run([sys.executable, "-m", "claimgraph", "eval", "polnear", str(split),
                          "--json"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)["annotator_agreement"]
    assert (summary["articles"], summary["pairs"]) == (1, 3)
    assert summary["cue_exact_f1"] == pytest.approx(2 * 0.75 * (1 / 3) / (0.75 + 1 / 3))
    assert summary["consensus_cue_exact_f1"] == pytest.approx(0.5)
    table = subprocess.run([sys.executable, "-m", "claimgraph", "eval", "polnear", str(split)],
                           capture_output=True, text=True, timeout=300)
    assert "PolNeAR's own annotators, on the 1 article of this split" in table.stdout


@pytest.mark.polnear
def test_on_polnear_train_the_others_consensus_agrees_more_than_any_one_annotator():
    """The property the consensus row exists for: pooling the others' votes removes single
    people's slips, so it matches the gold's cues better than the people do one by one."""
    if not (POLNEAR / "train").is_dir():
        pytest.skip("PolNeAR train split not present")
    report = annotator_agreement(POLNEAR / "train")
    assert len(report.articles) == 16
    assert report.annotators.n_docs == sum(r.n_docs for r in report.per_annotator.values())
    best_person = max(r.exact["cue"].f1 for r in report.per_annotator.values())
    assert report.consensus_cue.f1 > best_person
    assert "others consensus" in format_agreement(report)
