"""Which near-duplicate group each new article of a batch joins (see fingerprint.py).

An article joins the group of the most similar article stored before it (estimated Jaccard at
or above the threshold; ties to the smaller group id), else starts its own group. "Stored
before it" includes the articles earlier in the same batch, so a batch gives the groups that
storing its articles one by one would give.

Cost: two statements per batch, not two per article. The first finds, for every article of
the batch at once, the stored articles sharing the most LSH bands with it (at most
MAX_CANDIDATES each, ranked in SQL: a story reprinted thousands of times still returns a few
rows); the second reads those candidates' signatures. Most articles share no band with
anything, and then the second statement is not needed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa

from . import fingerprint, rows

# Candidates compared per article: the stored articles sharing the most bands with it are the
# most similar ones; comparing only these keeps an insert's cost flat however often a story
# has been reprinted.
MAX_CANDIDATES = 20
# Articles per band lookup: 2 parameters per band, far below the engines' limits on them
_ARTICLES_PER_LOOKUP = 200


@dataclass(frozen=True)
class Grouping:
    signature: np.ndarray | None  # None: a text without words (no fingerprint, its own group)
    band_keys: tuple[int, ...]
    group_id: str  # the group it joins, or its own id
    similarity: float | None  # to the closest article of that group; None for a group of its own


def assign_groups(conn: sa.Connection, new: list[tuple[str, str]]) -> list[Grouping]:
    """The grouping of each (article id, text) of `new`, in order: texts not stored yet, each
    once."""
    sigs = [fingerprint.signature(text) for _, text in new]
    keys = [tuple(fingerprint.band_keys(s)) if s is not None else () for s in sigs]
    stored = _stored_candidates(conn, keys)
    wanted = {aid for found in stored.values() for _, aid in found}
    known = _signatures_and_groups(conn, wanted)  # article id -> (signature, group id)
    out: list[Grouping] = []
    for j, ((aid, _), sig) in enumerate(zip(new, sigs)):
        if sig is None:
            out.append(Grouping(None, (), aid, None))
            continue
        own = set(keys[j])
        # (hits, article id) of the stored candidates and of the batch's earlier articles
        candidates = [(-hits, cid) for hits, cid in stored.get(j, ())]
        for i in range(j):
            shared = len(own.intersection(keys[i]))
            if shared:
                candidates.append((-shared, new[i][0]))
                known[new[i][0]] = (sigs[i], out[i].group_id)
        candidates.sort()
        best: tuple[float, str] | None = None  # (-similarity, group id): the smallest wins
        for _, cid in candidates[:MAX_CANDIDATES]:
            if cid not in known:  # not reachable: every article with bands has a fingerprint
                continue
            other, group_id = known[cid]
            score = fingerprint.similarity(sig, other)
            if score < fingerprint.JACCARD_THRESHOLD:
                continue
            if best is None or (-score, group_id) < best:
                best = (-score, group_id)
        group_id, similarity = (best[1], -best[0]) if best else (aid, None)
        out.append(Grouping(sig, keys[j], group_id, similarity))
    return out


def _stored_candidates(conn: sa.Connection, keys: list[tuple[int, ...]]) -> dict[int, list[tuple[int, str]]]:
    """For each index into `keys`: [(shared bands, article id)] of the stored articles sharing
    the most bands with it, MAX_CANDIDATES at most (ties to the smaller id)."""
    found: dict[int, list[tuple[int, str]]] = {}
    for start in range(0, len(keys), _ARTICLES_PER_LOOKUP):
        pairs = [(i, k) for i in range(start, min(len(keys), start + _ARTICLES_PER_LOOKUP)) for k in keys[i]]
        if not pairs:
            continue
        values = ", ".join(["(CAST(? AS INTEGER), CAST(? AS BIGINT))"] * len(pairs))
        sql = (f"WITH q (i, k) AS (VALUES {values}) "
               "SELECT i, article_id, hits FROM ("
               " SELECT q.i AS i, b.article_id AS article_id, COUNT(*) AS hits,"
               " ROW_NUMBER() OVER (PARTITION BY q.i ORDER BY COUNT(*) DESC, b.article_id) AS rn"
               " FROM q JOIN article_lsh_bands b ON b.band_key = q.k"
               " GROUP BY q.i, b.article_id) ranked "
               f"WHERE rn <= {MAX_CANDIDATES}")
        for i, aid, hits in rows.select(conn, sql, [v for pair in pairs for v in pair]):
            found.setdefault(i, []).append((hits, aid))
    return found


def _signatures_and_groups(conn: sa.Connection, article_ids: set[str]) -> dict[str, tuple[np.ndarray, str]]:
    sql = ("SELECT f.article_id, f.signature, a.group_id FROM article_fingerprints f "
           "JOIN articles a ON a.id = f.article_id WHERE f.article_id IN ({})")
    return {aid: (fingerprint.from_bytes(bytes(sig)), group_id)
            for aid, sig, group_id in rows.select_in(conn, sql, article_ids)}
