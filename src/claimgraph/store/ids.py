"""Deterministic ids: every stored row's id is a hash of what it is, never a counter.

Why: storing the same analysis twice, or resuming an interrupted run, must compute the same
ids, so that `INSERT ... ON CONFLICT DO NOTHING` turns the second write into no write at all.
Ids are 32 hex characters (128 bits of SHA-256): short enough to read in a SQL client, far too
long to collide by chance.
"""

from __future__ import annotations

import hashlib

ID_CHARS = 32

# Unit Separator between parts: no part can be confused with the joint of two others
# ("ab" + "c" vs "a" + "bc").
_SEP = "\x1f"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_id(*parts: object) -> str:
    """The id of the thing named by `parts` (strings, numbers, None), in order."""
    joined = _SEP.join("\x00" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:ID_CHARS]


def article_id(text_sha256: str) -> str:
    """An article is its extracted text: the same text from any location is one article."""
    return text_sha256[:ID_CHARS]


def article_id_for_text(text: str) -> str:
    return article_id(sha256_hex(text))


def entity_id(article: str, local_id: str) -> str:
    return make_id("entity", article, local_id)


def attribution_id(article: str, cue: tuple[int, int] | None, source: tuple[int, int] | None,
                   content: list[tuple[int, int]]) -> str:
    """Spans, not the record's local id ("a3"): a statement keeps its id when the analyser
    finds one more statement earlier in the text and renumbers the rest."""
    spans = ";".join(f"{s}-{e}" for s, e in content)
    return make_id("attribution", article, _pair(cue), _pair(source), spans)


def location_id(article: str, location: str, raw_sha256: str | None) -> str:
    return make_id("location", article, location, raw_sha256)


def _pair(span: tuple[int, int] | None) -> str | None:
    return None if span is None else f"{span[0]}-{span[1]}"
