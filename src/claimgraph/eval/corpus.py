"""The sample corpus (samples/crocus/) as tests and benchmarks read it.

The samples are Markdown files with front matter (title, outlet, source_domain, date, authors;
see sources/front_matter.py), so that `claimgraph extract` and `claimgraph ingest` date and
attribute them without `--published name`. What is analysed is the text after the front
matter, and the expectation files (tests/data/expected/) count their cue occurrences and
offsets in that text, never in the file's. Readers that want the analysed text of a sample
must therefore go through `read_sample`, not `Path.read_text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..sources.front_matter import parse_front_matter

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
CROCUS = SAMPLES / "crocus"
# a plain .txt file is still read, as the whole text, for folders given by a user
SUFFIXES = (".md", ".txt")
# Deliberate near-duplicates in the corpus (a wire story reprinted by another outlet under
# another headline, with a footer), by the stem of the reprint -> the stem of the original.
# Tests that need articles written separately (one near-duplicate group each) leave them out.
REPRINTS = {
    "2024-03-26-kremlin-silent-on-is-claim-wire-reprint": "2024-03-25-kremlin-declines-comment-on-is-claim",
}


@dataclass(frozen=True)
class Sample:
    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    source_domain: str | None = None
    published: str | None = None


def sample_paths(folder: str | Path = CROCUS, *, recursive: bool = False,
                 reprints: bool = True) -> list[Path]:
    """The article files in `folder`, sorted by name (so by date for `YYYY-MM-DD-slug` names);
    without the known reprints when `reprints` is false."""
    found = Path(folder).rglob("*") if recursive else Path(folder).glob("*")
    return sorted(p for p in found if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not p.name.lower().startswith("readme")  # the corpus's own notes
                  and (reprints or p.stem not in REPRINTS))


def read_sample(path: str | Path) -> Sample:
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    front = parse_front_matter(raw) if path.suffix.lower() == ".md" else None
    if front is None:
        return Sample(id=path.stem, text=raw)
    f = front.fields
    return Sample(id=path.stem, text=raw[front.body_start:], title=f.get("title"),
                  outlet=f.get("site_name"), source_domain=f.get("source_domain"),
                  published=f.get("date_publish"))


def sample_texts(folder: str | Path = CROCUS, *, recursive: bool = False,
                 reprints: bool = True) -> list[str]:
    """The analysed texts of the articles in `folder` (front matter removed)."""
    return [read_sample(p).text for p in sample_paths(folder, recursive=recursive, reprints=reprints)]


def find_sample(stem: str, folders: list[Path] | tuple[Path, ...] = (CROCUS,)) -> Path | None:
    """The file named `stem` (any of SUFFIXES) in the first folder that has one."""
    for folder in folders:
        for suffix in SUFFIXES:
            path = Path(folder) / f"{stem}{suffix}"
            if path.exists():
                return path
    return None
