"""PolNeAR's texts stay out of the project: no run of eight words from its train or dev
articles may appear in our code, tests, data or docs (the trained weights excepted: they are
numbers keyed by single words). Skipped where ../shared is absent (a fresh clone)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
N = 8
SCANNED = ("src", "tests", "training", "benchmarks", "samples", "scripts")
SKIPPED_SUFFIXES = (".npz", ".pyc", ".png", ".db")
_WORD = re.compile(r"[A-Za-z0-9’']+")


def _grams(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i:i + N]) for i in range(len(words) - N + 1)}


def _project_files():
    for folder in SCANNED:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix not in SKIPPED_SUFFIXES and "__pycache__" not in path.parts:
                yield path
    yield from ROOT.glob("*.md")


def test_no_polnear_sentence_is_copied_into_the_project():
    if not POLNEAR.is_dir():
        pytest.skip("../shared/data/polnear is not here (a fresh clone)")
    from claimgraph.eval.polnear import read_polnear

    corpus: set[str] = set()
    for split in ("train", "dev"):
        if (POLNEAR / split).is_dir():
            for doc in read_polnear(POLNEAR / split):
                corpus |= _grams(doc.text)
    assert len(corpus) > 100_000
    copied = {}
    for path in _project_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        hits = _grams(text) & corpus
        if hits:
            copied[str(path.relative_to(ROOT))] = sorted(hits)[:3]
    assert not copied, copied
