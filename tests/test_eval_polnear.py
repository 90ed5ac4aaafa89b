"""Reading PolNeAR brat files, choosing the annotator, and running the evaluation end to end."""

import json
from pathlib import Path

import pytest

from claimgraph.eval.polnear import gold_to_analysis, parse_brat, read_polnear, read_polnear_annotators

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"

TEXT = ('Officials said the plan\nwas dead. "We will win," Smith said, "and soon." '
        'Polls show gains. Read more here.')


def at(sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return start, start + len(sub)


def t_line(tid: str, label: str, *subs: tuple[str, int]) -> str:
    frags = [at(s, n) for s, n in subs]
    offsets = ";".join(f"{s} {e}" for s, e in frags)
    return f"{tid}\t{label} {offsets}\t" + " ".join(TEXT[s:e] for s, e in frags)


# One annotator's file: a content running over a line break (its text column spans two lines),
# a discontinuous content given as two Content roles, a sourceless attribution, annotator notes
# and Discuss / Discard spans that are not attributions.
ANN = "\n".join([
    t_line("T1", "Source", ("Officials", 0)),
    t_line("T2", "Cue", ("said", 0)),
    t_line("T3", "Content", ("the plan\nwas dead", 0)),
    t_line("T4", "Attribution", ("said", 0)),
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    t_line("T5", "Content", ('"We will win,"', 0)),
    t_line("T6", "Source", ("Smith", 0)),
    t_line("T7", "Cue", ("said", 1)),
    t_line("T8", "Content", ('"and soon."', 0)),
    t_line("T9", "Attribution", ("said", 1)),
    "E2\tAttribution:T9 Cue:T7 Source:T6 Content:T5 Content2:T8",
    t_line("T10", "Cue", ("show", 0)),
    t_line("T11", "Content", ("gains", 0)),
    t_line("T12", "Attribution-no-source", ("show", 0)),
    "E3\tAttribution-no-source:T12 Cue:T10 Content:T11",
    t_line("T13", "Discard", ("Read more here.", 0)),
    t_line("T14", "Discuss", ("Polls", 0)),
    "#1\tAnnotatorNotes T14\tIs a poll a source?",
    "",
])


def write_split(root: Path, anns: dict[str, str], metadata: str | None = None) -> Path:
    split = root / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "doc_one.txt").write_bytes(TEXT.encode("utf-8"))
    for annotator, ann in anns.items():
        (split / "attributions" / f"doc_one_{annotator}.ann").write_bytes(ann.encode("utf-8"))
    if metadata is not None:
        (root / "metadata.tsv").write_text(metadata, encoding="utf-8")
    return split


def test_brat_roles_fragments_and_ignored_labels():
    golds = parse_brat(ANN, TEXT)
    assert len(golds) == 3
    first, second, third = golds
    assert (first.cue, first.source, first.content) == ([at("said")], [at("Officials")],
                                                        [at("the plan\nwas dead")])
    assert second.content == [at('"We will win,"'), at('"and soon."')]
    assert second.source == [at("Smith")] and second.id == "E2"
    assert third.source == [] and third.cue == [at("show")]


def test_brat_text_that_does_not_match_the_article_is_an_error():
    bad = ANN.replace("T1\tSource 0 9\tOfficials", "T1\tSource 0 9\tOfficers!")
    with pytest.raises(ValueError, match="T1"):
        parse_brat(bad, TEXT, where="x.ann")
    with pytest.raises(ValueError, match="outside"):
        parse_brat(f"T1\tSource 5 {len(TEXT) + 3}\tx", TEXT)


def test_read_split_picks_the_first_listed_annotator_with_a_file(tmp_path):
    other = "\n".join([t_line("T1", "Cue", ("show", 0)), t_line("T2", "Content", ("gains", 0)),
                       "E1\tCue:T1 Content:T2", ""])
    meta = "compartment\tfilename\tannotators\ndev\tdoc_one\tzz99|bb22|aa11\n"
    split = write_split(tmp_path, {"aa11": other, "bb22": ANN}, meta)
    [doc] = read_polnear(split)
    assert doc.id == "doc_one" and doc.text == TEXT and len(doc.attributions) == 3


def test_read_split_without_metadata_takes_the_alphabetically_first_file(tmp_path):
    other = "\n".join([t_line("T1", "Cue", ("show", 0)), t_line("T2", "Content", ("gains", 0)),
                       "E1\tCue:T1 Content:T2", ""])
    split = write_split(tmp_path, {"aa11": other, "bb22": ANN})
    [doc] = read_polnear(split)
    assert len(doc.attributions) == 1


def test_a_folder_that_is_not_a_split_is_refused_by_name(tmp_path):
    with pytest.raises(ValueError, match=str(tmp_path)):
        read_polnear(tmp_path)


def test_gold_to_analysis_keeps_the_spans():
    from claimgraph.eval.polnear import GoldDocument

    analysis = gold_to_analysis(GoldDocument("d", TEXT, parse_brat(ANN, TEXT)))
    assert [a.cue.text for a in analysis.attributions] == ["said", "said", "show"]
    assert [c.text for c in analysis.attributions[1].content] == ['"We will win,"', '"and soon."']
    assert analysis.attributions[2].source is None


@pytest.mark.polnear
def test_dev_split_reads_84_documents_with_spans_inside_their_text():
    if not (POLNEAR / "dev").is_dir():
        pytest.skip("PolNeAR dev split not present")
    docs = read_polnear(POLNEAR / "dev")
    assert len(docs) == 84
    assert sum(len(d.attributions) for d in docs) > 2000
    for d in docs:
        for a in d.attributions:
            assert a.cue and a.content
            for s, e in a.cue + a.source + a.content:
                assert 0 <= s < e <= len(d.text)


def test_evaluate_runs_a_real_pipeline_and_writes_errors(tmp_path):
    """spaCy's model alone (none of our components) predicts nothing: every gold span is a
    false negative and recall is zero."""
    from claimgraph.eval.runner import evaluate_polnear
    from claimgraph.nlp.pipeline import Pipeline, build_language

    split = write_split(tmp_path, {"bb22": ANN})
    errors = tmp_path / "errors.jsonl"
    report = evaluate_polnear(split, pipeline=Pipeline(nlp=build_language(components=[])),
                              progress=False, errors_path=errors)
    d = report.to_dict()
    assert d["n_docs"] == 1 and d["counts"]["gold_attributions"] == 3
    assert d["counts"]["predicted_attributions"] == 0
    assert d["roles"]["content"]["overlap"]["recall"] == 0.0
    recs = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    fn = {(r["role"], r["text"]) for r in recs if r["error"] == "fn"}
    assert ("cue", "show") in fn and ("source", "Smith") in fn
    assert ("quote", '"We will win," … "and soon."') in fn


def test_cli_eval_prints_one_json_line_scoring_the_full_pipeline(tmp_path):
    """`claimgraph eval polnear DIR --json`: one JSON line, and our components find the
    plainly reported statements of the tiny split ("Officials said ...", "Smith said")."""
    import subprocess
    import sys

    split = write_split(tmp_path, {"bb22": ANN})
    run = subprocess.run([sys.executable, "-m", "claimgraph", "eval", "polnear", str(split), "--json"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 1
    scores = json.loads(lines[0])
    assert scores["n_docs"] == 1
    assert scores["roles"]["cue"]["exact"]["recall"] >= 2 / 3
    assert scores["roles"]["source"]["overlap"]["f1"] > 0.5
    assert scores["annotator_agreement"] is None  # one annotator: no agreement to report


def test_read_annotators_keeps_every_annotation_gold_first_and_only_articles_done_twice(tmp_path):
    """The gold annotator (first listed with a file) comes first, then the others in the
    metadata's order, then unlisted ones alphabetically; an article done once is left out."""
    other = "\n".join([t_line("T1", "Cue", ("show", 0)), t_line("T2", "Content", ("gains", 0)),
                       "E1\tCue:T1 Content:T2", ""])
    meta = "compartment\tfilename\tannotators\ndev\tdoc_one\tzz99|bb22|aa11\n"
    split = write_split(tmp_path, {"aa11": other, "bb22": ANN, "cc33": other}, meta)
    (split / "text" / "doc_two.txt").write_text(TEXT, encoding="utf-8")
    (split / "attributions" / "doc_two_aa11.ann").write_text(other, encoding="utf-8")
    [versions] = read_polnear_annotators(split)
    assert [(d.id, d.annotator) for d in versions] == [
        ("doc_one", "bb22"), ("doc_one", "aa11"), ("doc_one", "cc33")]
    assert [len(d.attributions) for d in versions] == [3, 1, 1]
    assert [d.annotator for d in read_polnear(split)] == ["bb22", "aa11"]


@pytest.mark.polnear
def test_polnear_train_has_sixteen_articles_annotated_five_or_six_times():
    if not (POLNEAR / "train").is_dir():
        pytest.skip("PolNeAR train split not present")
    articles = read_polnear_annotators(POLNEAR / "train")
    assert len(articles) == 16
    assert {len(versions) for versions in articles} == {5, 6}
    by_name = {d.id: d for d in read_polnear(POLNEAR / "train")}
    for gold, *_ in articles:  # the first is the gold that `eval polnear` scores against
        assert by_name[gold.id].annotator == gold.annotator
