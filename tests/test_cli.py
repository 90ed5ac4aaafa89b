"""The `claimgraph` command as a user runs it: a real subprocess, the real model and components.

One `extract` run covers a whole batch of good and bad inputs (the model loads once per run,
which is most of a run's time); a second covers the table format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = (
    "Moscow, March 24 (Wire) - Russia's security chief Alexander Bortnikov said on Tuesday that "
    "Ukraine had helped the attackers, the Tass agency reported.\n\n"
    "\u201cWe believe the action was prepared by radical Islamists,\u201d Bortnikov told "
    "reporters. Kyiv denied any involvement in the attack.\r\n"
)
# Unbalanced quote marks: one opened and never closed, one stray closing mark.
UNBALANCED = (
    "The mayor said \u201cthe bridge will reopen next week and nobody asked why.\n\n"
    "Officials said the repairs were done\u201d quickly. She added: \"It is safe.\n"
)
# One line longer than the pipeline's piece size (100,000 chars), so it is analysed in pieces.
LONG_LINE = "The spokesman said the talks would continue in Geneva next month. " * 1700
STDIN_TEXT = "\u201cWe will not negotiate,\u201d Prime Minister Anna Berg said on Monday.\n"


def run_cli(*args: str, stdin: str | None = None, cwd: Path | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "claimgraph", *args], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd,
                          env=env, timeout=timeout)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One extract run over good and bad inputs, stdin included."""
    d = tmp_path_factory.mktemp("batch")
    files = {
        "article.txt": ARTICLE.encode("utf-8"),
        "unbalanced.txt": UNBALANCED.encode("utf-8"),
        "long-line.txt": LONG_LINE.encode("utf-8"),
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 8,
        "latin1.txt": "Caf\u00e9 owners said prices would rise.".encode("latin-1"),
    }
    for name, data in files.items():
        (d / name).write_bytes(data)
    nested = d / "folder"
    nested.mkdir()
    (nested / "nested.txt").write_bytes(ARTICLE.encode("utf-8"))
    args = ["extract", "article.txt", "empty.txt", "binary.txt", "latin1.txt", "unbalanced.txt",
            "missing.txt", "long-line.txt", "folder", "-", "-o", "out.jsonl"]
    proc = run_cli(*args, stdin=STDIN_TEXT, cwd=d)
    out = d / "out.jsonl"
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    return proc, [json.loads(line) for line in lines], d


def test_bad_inputs_are_named_and_the_others_processed(batch):
    proc, records, _ = batch
    assert proc.returncode == 1, proc.stderr
    errors = proc.stderr
    assert "claimgraph: empty.txt: empty file" in errors
    assert "claimgraph: binary.txt: binary file, not text" in errors
    assert "claimgraph: latin1.txt: not valid UTF-8 at byte 3" in errors
    assert "claimgraph: missing.txt: no such file" in errors
    assert "unbalanced.txt" not in errors and "long-line.txt" not in errors
    assert "5 documents analysed" in errors and "4 inputs failed" in errors
    assert [r["id"] for r in records] == ["article", "unbalanced", "long-line", "nested", "stdin"]


def test_records_keep_the_format_and_the_exact_text(batch):
    _, records, d = batch
    sources = {"article": d / "article.txt", "unbalanced": d / "unbalanced.txt",
               "long-line": d / "long-line.txt", "nested": d / "folder" / "nested.txt"}
    for record in records:
        assert record["format"] == 1
        assert set(record) >= {"id", "text", "meta", "entities", "attributions"}
        expected = (sources[record["id"]].read_bytes().decode("utf-8") if record["id"] in sources
                    else STDIN_TEXT)
        assert record["text"] == expected  # unchanged: \r\n and quote marks included
        text = record["text"]
        for a in record["attributions"]:
            for span in [a["cue"], a["source"], a["conduit"], *a["content"]]:
                if span is not None:
                    assert text[span["start"]:span["end"]] == span["text"]


def test_article_gets_attributions(batch):
    _, records, _ = batch
    article = next(r for r in records if r["id"] == "article")
    assert article["attributions"], "the example article has attributed statements"
    names = {e["name"] for e in article["entities"]}
    assert any("Bortnikov" in n for n in names)


def test_table_format_shows_who_said_what(tmp_path):
    (tmp_path / "berg.txt").write_text(STDIN_TEXT, encoding="utf-8")
    proc = run_cli("extract", "berg.txt", "--format", "table", "--published", "2024-05-24",
                   cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "berg" in proc.stdout and "(2024-05-24)" in proc.stdout
    assert "speaker" in proc.stdout and "Berg" in proc.stdout
    assert "We will not negotiate" in proc.stdout
    assert "1 document analysed" in proc.stderr


def test_show_renders_saved_records(batch):
    _, _, d = batch
    proc = run_cli("show", "out.jsonl", cwd=d)
    assert proc.returncode == 0, proc.stderr
    assert "article" in proc.stdout and "stance" in proc.stdout and "Bortnikov" in proc.stdout


@pytest.mark.parametrize("args", [["--help"], ["extract", "--help"], ["show", "--help"],
                                  ["eval", "polnear", "--help"]])
def test_help_has_examples(args):
    proc = run_cli(*args, timeout=60)
    assert proc.returncode == 0
    assert "usage: claimgraph" in proc.stdout and "examples:" in proc.stdout


def test_version_and_usage_errors():
    version = run_cli("--version", timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("claimgraph ")
    bad = run_cli("extract", "x.txt", "--published", "yesterday", timeout=60)
    assert bad.returncode == 2 and "not an ISO date" in bad.stderr
    nothing = run_cli(timeout=60)
    assert nothing.returncode == 2 and "usage:" in nothing.stderr


def test_help_does_not_import_spacy():
    code = ("import sys; from claimgraph.cli import build_parser; build_parser(); "
            "print('spacy' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "False"


# -- a document whose analysis fails --------------------------------------------------------

def _fail_on_marker(doc):
    # A real pipeline component that fails on one document, as a bug in a component would.
    if "EXPLODE" in doc.text:
        raise ValueError("component failed on this document")
    return doc


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_failing_document_does_not_stop_the_batch(n_process):
    from spacy.language import Language

    from claimgraph.batch import analyse_inputs
    from claimgraph.inputs import InputError, TextInput
    from claimgraph.nlp.pipeline import Pipeline, build_language

    if "test_fail_on_marker" not in Language.factories:
        Language.component("test_fail_on_marker", func=_fail_on_marker)
    nlp = build_language(components=[])  # the bare spaCy model: only the failure matters here
    nlp.add_pipe("test_fail_on_marker")
    items = [TextInput("a", "a.txt", "The first text said so."),
             TextInput("b", "b.txt", "This one will EXPLODE."),
             InputError("c.txt", "empty file"),
             TextInput("d", "d.txt", "The last text is fine.")]
    outcomes = list(analyse_inputs(Pipeline(nlp=nlp), items, n_process=n_process))
    assert sorted(o.name for o in outcomes) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    by_name = {o.name: o for o in outcomes}
    assert by_name["a.txt"].ok and by_name["a.txt"].analysis.text == "The first text said so."
    assert by_name["d.txt"].ok and by_name["d.txt"].analysis.id == "d"
    assert by_name["b.txt"].error.startswith("analysis failed (ValueError: component failed")
    assert by_name["c.txt"].error == "empty file"


def test_published_can_come_from_a_dated_file_name(tmp_path):
    for name in ("2024-03-23-first.txt", "undated.txt", "2024-13-45-bad-date.txt"):
        (tmp_path / name).write_text(STDIN_TEXT, encoding="utf-8")
    proc = run_cli("extract", ".", "--published", "name", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    dates = {r["id"]: r["meta"]["published"] for r in map(json.loads, proc.stdout.splitlines())}
    assert dates == {"2024-03-23-first": "2024-03-23", "undated": None, "2024-13-45-bad-date": None}
