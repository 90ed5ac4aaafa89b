"""Read a PolNeAR split (brat standoff) into gold attributions.

A split folder holds `text/NAME.txt` (the article) and `attributions/NAME_ANNOTATOR.ann`
(brat standoff, one file per annotator). Some articles were annotated several times; we keep
one annotation per article, the one PolNeAR's own evaluation uses: the first annotator listed
in the `annotators` column ("a|b|c") of `metadata.tsv` (found in the split folder or its parent)
that has an .ann file; without metadata, the alphabetically first .ann file. Articles without
any .ann file are skipped: they were never annotated, so scoring them as "no attributions"
would be wrong. `read_polnear_annotators` reads every annotation of the articles annotated
more than once, for measuring how far trained annotators agree (eval/agreement.py).

Brat lines used:
  T<n> <Label> <start> <end>[;<start> <end>...] <text>   spans; Label is Source, Cue, Content,
      Attribution / Attribution-no-source (the event anchor, on the cue), or Discuss / Discard
      (annotators' remarks, not attributions: ignored);
  E<n> Attribution:T4 Content:T3 Cue:T2 Source:T1       one attribution joining its roles; a role
      may repeat with a number (Content2:T9) and then its fragments are pooled.
AnnotatorNotes (`#`) and any other line types are ignored. The text column of a T line may
contain newlines (it copies the article text), so the file is parsed by offsets, and the lines
that continue a T line's text are consumed by length, not mistaken for new records.
Offsets are Python `str` indices into the text read as UTF-8 without newline translation; every
span is checked against its text column.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Analysis, Attribution, Span

Fragment = tuple[int, int]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$", re.DOTALL)
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_ROLE_NUMBER = re.compile(r"\d+$")
_ROLES = {"Cue": "cue", "Source": "source", "Content": "content"}


@dataclass
class GoldAttribution:
    cue: list[Fragment]
    source: list[Fragment]
    content: list[Fragment]
    id: str = ""  # the brat event id (E3), for error reports


@dataclass
class GoldDocument:
    id: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)
    annotator: str = ""  # whose annotation (the .ann file's suffix)


# -- reading a split ------------------------------------------------------------------------

def read_polnear(directory: str | Path) -> list[GoldDocument]:
    """All annotated documents of a PolNeAR split folder, sorted by name."""
    return [versions[0] for versions in _read_split(Path(directory), agreement=False)]


def read_polnear_annotators(directory: str | Path) -> list[list[GoldDocument]]:
    """Every annotation of the articles that PolNeAR had annotated more than once.

    One list per such article, sorted by name: its annotations as `GoldDocument`s (the same id
    and text; `annotator` says whose), the one `read_polnear` uses first, then the others in the
    metadata's order. This is what an agreement study needs: the first is the gold the extractor
    is scored against, the others are trained people doing the same task. The articles
    annotated once are neither read nor parsed."""
    return _read_split(Path(directory), agreement=True)


def _read_split(root: Path, *, agreement: bool) -> list[list[GoldDocument]]:
    """Per annotated article, its gold annotation alone, or (`agreement`) every annotation of
    the articles annotated more than once."""
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise ValueError(
            f"{root}: not a PolNeAR split folder (expected text/ and attributions/ inside it, "
            f"e.g. ../shared/data/polnear/dev)")
    annotations = _annotation_files(ann_dir)
    preferred = _metadata_annotators(root)
    out, annotated = [], False
    for text_path in sorted(text_dir.glob("*.txt")):
        name = text_path.stem
        files = annotations.get(name)
        if not files:
            continue
        annotated = True
        if agreement and len(files) < 2:
            continue
        order = _annotator_order(files, preferred.get(name, []))
        text = _read_text(text_path)
        versions = []
        for annotator in (order if agreement else order[:1]):
            path = files[annotator]
            versions.append(GoldDocument(
                id=name, text=text, annotator=annotator,
                attributions=parse_brat(_read_text(path), text, where=str(path))))
        out.append(versions)
    if not annotated:
        raise ValueError(f"{root}: no annotated articles found (no text/NAME.txt with "
                         f"attributions/NAME_ANNOTATOR.ann)")
    return out


def _read_text(path: Path) -> str:
    # newline="" keeps "\r\n" as two characters: brat offsets count them both.
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def _annotation_files(ann_dir: Path) -> dict[str, dict[str, Path]]:
    """NAME -> {annotator: path}; annotator ids never contain "_", article names may."""
    out: dict[str, dict[str, Path]] = {}
    for path in ann_dir.glob("*.ann"):
        name, sep, annotator = path.stem.rpartition("_")
        if sep:
            out.setdefault(name, {})[annotator] = path
    return out


def _metadata_annotators(root: Path) -> dict[str, list[str]]:
    for candidate in (root / "metadata.tsv", root.parent / "metadata.tsv"):
        if candidate.is_file():
            with open(candidate, encoding="utf-8", newline="") as f:
                rows = csv.DictReader(f, delimiter="\t")
                return {r["filename"]: [a for a in (r.get("annotators") or "").split("|") if a]
                        for r in rows if r.get("filename")}
    return {}


def _annotator_order(files: dict[str, Path], preferred: list[str]) -> list[str]:
    """The annotators who have a file, the gold's first: the metadata's order where it lists
    them, alphabetical for the rest (and for all of them without metadata)."""
    listed = [a for a in dict.fromkeys(preferred) if a in files]
    return listed + sorted(a for a in files if a not in listed)


# -- one brat file --------------------------------------------------------------------------

def parse_brat(ann: str, text: str, *, where: str = "<brat>") -> list[GoldAttribution]:
    """The attributions of one brat file over `text`, ordered by cue (then content) start.

    Raises ValueError (naming `where`) when a span lies outside the text or its text column
    does not match the text at its offsets."""
    spans: dict[str, tuple[str, list[Fragment]]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    lines = ann.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        m = _T_LINE.match(line)
        if m:
            tid, label, offsets, shown = m.groups()
            frags = [(int(s), int(e)) for s, e in (p.split() for p in offsets.split(";"))]
            expected = " ".join(text[s:e] for s, e in frags)
            # The text column may run over several lines: take lines until it is long enough.
            while len(shown) < len(expected) and i < len(lines):
                shown += "\n" + lines[i]
                i += 1
            for s, e in frags:
                if not 0 <= s < e <= len(text):
                    raise ValueError(f"{where}: {tid} span {s}-{e} is outside the text "
                                     f"({len(text)} characters)")
            if shown != expected and shown.rstrip("\r") != expected:  # tolerate CRLF .ann files
                raise ValueError(f"{where}: {tid} text {shown[:40]!r} does not match the article "
                                 f"at {offsets} ({expected[:40]!r})")
            spans[tid] = (label, sorted(frags))
            continue
        m = _E_LINE.match(line)
        if m:
            args = [tuple(a.split(":", 1)) for a in m.group(2).split()]
            events.append((m.group(1), [a for a in args if len(a) == 2]))  # type: ignore[misc]
    out = []
    for eid, args in events:
        roles: dict[str, list[Fragment]] = {"cue": [], "source": [], "content": []}
        for role, tid in args:
            key = _ROLES.get(_ROLE_NUMBER.sub("", role))
            if key is None or tid not in spans:  # the Attribution anchor, or a dangling id
                continue
            roles[key].extend(spans[tid][1])
        gold = GoldAttribution(cue=sorted(roles["cue"]), source=sorted(roles["source"]),
                               content=sorted(roles["content"]), id=eid)
        if gold.cue or gold.content:
            out.append(gold)
    out.sort(key=lambda a: ((a.cue or a.content)[0], a.id))
    return out


# -- gold as a record -----------------------------------------------------------------------

def gold_to_analysis(doc: GoldDocument) -> Analysis:
    """The gold annotation as an `Analysis` (what a perfect extractor would return).

    `Attribution.cue` and `.source` hold one span each, so a cue or source annotated in several
    fragments becomes the span from its first start to its last end (no such case in dev);
    contents keep their fragments. Type, stance and speaker are not in the gold."""
    records = []
    for i, g in enumerate(doc.attributions, 1):
        records.append(Attribution(
            id=f"a{i}",
            type="other",
            cue=_covering(doc.text, g.cue),
            source=_covering(doc.text, g.source),
            speaker=None,
            content=[Span.of(doc.text, s, e) for s, e in g.content],
            conduit=None,
            stance="other",
        ))
    return Analysis(id=doc.id, text=doc.text, attributions=records)


def _covering(text: str, frags: list[Fragment]) -> Span | None:
    if not frags:
        return None
    return Span.of(text, min(s for s, _ in frags), max(e for _, e in frags))
