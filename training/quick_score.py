"""A quick PolNeAR scorer for training runs (the official one is claimgraph.eval).

Overlap: per role, the set of word tokens (\\w+ or single punctuation) the spans cover in the
whole article, predicted against gold: precision, recall, F1 summed over articles. Exact: a cue
counts when its (start, end) equals a gold cue's, after trimming surrounding whitespace.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\w+|[^\w\s]")


def _covered(starts: list[int], spans) -> set[int]:
    import bisect

    out: set[int] = set()
    for s, e in spans:
        i = bisect.bisect_left(starts, s)
        # a token counts when it starts inside the span
        while i < len(starts) and starts[i] < e:
            out.add(i)
            i += 1
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _prf(tp: int, np_: int, ng: int) -> dict:
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def score_articles(gold_articles, predictions) -> dict:
    """`predictions[i]` is a list of drafts (with .cue, .source, .content) for gold_articles[i]."""
    counts = {r: [0, 0, 0] for r in ("cue", "source", "content")}
    exact = [0, 0, 0]
    for art, preds in zip(gold_articles, predictions):
        starts = [m.start() for m in _TOKEN.finditer(art.text)]
        for role in counts:
            g = [sp for a in art.attributions for sp in getattr(a, role)]
            p = []
            for d in preds:
                v = getattr(d, role)
                if v is None:
                    continue
                p.extend(v if isinstance(v, list) else [v])
            gs, ps = _covered(starts, g), _covered(starts, p)
            c = counts[role]
            c[0] += len(gs & ps)
            c[1] += len(ps)
            c[2] += len(gs)
        gc = {_trim(art.text, *sp) for a in art.attributions for sp in a.cue}
        pc = {_trim(art.text, *d.cue) for d in preds if d.cue}
        exact[0] += len(gc & pc)
        exact[1] += len(pc)
        exact[2] += len(gc)
    out = {f"{r}_overlap": _prf(*c) for r, c in counts.items()}
    out["cue_exact"] = _prf(*exact)
    return out
