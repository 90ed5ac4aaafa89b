"""PolNeAR's view of a record's attributions: the outermost ones only.

The record keeps nested attributions as records of their own (FORMAT.md: "Sullivan said that
Russia knows that ..." is two records), but PolNeAR's guidelines annotate only the outermost
one ("Special cases and grey areas: No nested attributions ... we only annotate the outermost
attribution"), and each token takes part in at most one attribution. Scoring every record
against that gold would count each correctly found nested attribution as a false positive, so
the scorer, by default, first projects the records onto the annotation scheme: an attribution
whose cue lies inside the content of another attribution is nested in it and is left out.
`claimgraph eval polnear --all-records` scores every record instead.

The projection works on word-token spans (the scorer's units) and has nothing to tune."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

TokenSpans = tuple[tuple[int, int], ...]


class _Spans(Protocol):
    cue: TokenSpans
    content: TokenSpans


def _inside(inner: TokenSpans, outer: TokenSpans) -> bool:
    """Every token of `inner` lies in `outer` (and `inner` is not empty)."""
    return bool(inner) and all(any(s >= os and e <= oe for os, oe in outer) for s, e in inner)


def _size(spans: TokenSpans) -> int:
    return sum(e - s for s, e in spans)


def outermost(quotes: Sequence[_Spans]) -> list[int]:
    """Indexes (in input order) of the attributions that no other one nests.

    Widest content first, so that when two attributions seem to nest each other (a content
    span that swallowed its neighbour's cue, and back) the wider one is kept."""
    order = sorted(range(len(quotes)), key=lambda i: (-_size(quotes[i].content), i))
    kept: list[int] = []
    for i in order:
        if not any(_inside(quotes[i].cue, quotes[k].content) for k in kept):
            kept.append(i)
    return sorted(kept)
