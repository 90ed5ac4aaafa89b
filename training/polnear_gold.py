"""Read PolNeAR's brat standoff into plain attributions (training and the quick scorer only).

The official reader lives in claimgraph.eval; this one exists so training does not depend on
it. One annotation per article: the first annotator in metadata.tsv `annotators` that has an
.ann file. Spans may be discontinuous and their text may hold newlines, so only the offsets on a
`T` line's first physical line are read; the text is never trusted.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

ROLES = ("Source", "Cue", "Content")
_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")


@dataclass
class GoldAttribution:
    cue: list[tuple[int, int]] = field(default_factory=list)
    source: list[tuple[int, int]] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class GoldArticle:
    name: str
    text: str
    attributions: list[GoldAttribution]


def _annotators(split_dir: Path) -> dict[str, list[str]]:
    meta = split_dir.parent / "metadata.tsv"
    out: dict[str, list[str]] = {}
    if meta.exists():
        with meta.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                out[row["filename"]] = row["annotators"].split("|")
    return out


def parse_ann(ann: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        m = _T_LINE.match(line)
        if m:
            segs = []
            for part in m.group(3).split(";"):
                a, b = part.split()
                segs.append((int(a), int(b)))
            spans[m.group(1)] = (m.group(2), segs)
        elif line.startswith("E") and "\t" in line:
            args = [a.split(":", 1) for a in line.split("\t", 1)[1].split()]
            events.append([(r, t) for r, t in args if len(args) and ":" in f"{r}:{t}"])
    out = []
    for ev in events:
        g = GoldAttribution()
        for role, tid in ev:
            role = role.rstrip("0123456789")  # brat numbers repeated roles: Source2
            if tid in spans and role in ROLES:
                getattr(g, role.lower()).extend(spans[tid][1])
        if g.cue or g.content:
            out.append(g)
    return out


def read_split(split_dir: str | Path) -> list[GoldArticle]:
    split_dir = Path(split_dir)
    order = _annotators(split_dir)
    arts = []
    for txt in sorted((split_dir / "text").glob("*.txt")):
        name = txt.stem
        ann_path = None
        for a in order.get(name, []):
            p = split_dir / "attributions" / f"{name}_{a}.ann"
            if p.exists():
                ann_path = p
                break
        if ann_path is None:
            cands = sorted((split_dir / "attributions").glob(f"{name}_*.ann"))
            if not cands:
                continue
            ann_path = cands[0]
        text = txt.read_text(encoding="utf-8")
        arts.append(GoldArticle(name, text, parse_ann(ann_path.read_text(encoding="utf-8"))))
    return arts
