"""Ids and locations: how an article is named, so that the same input at the same place
always gives the same id (FORMAT.md: a file's id is its name without the extension)."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

STDIN = "-"
STDIN_ID = "stdin"
STDIN_LOCATION = "<stdin>"

# Suffixes that wrap another one: "crawl.warc.gz" is named "crawl", not "crawl.warc".
_WRAPPERS = frozenset({".gz"})


def stem(path: str) -> str:
    """The id of a one-article file, and the prefix of the ids of the articles inside a
    container: the file name without its extension(s)."""
    if path == STDIN:
        return STDIN_ID
    p = PurePath(path)
    if p.suffix.lower() in _WRAPPERS:
        p = PurePath(p.stem)
    return p.stem or p.name


def shown(path: str) -> str:
    """How an input is named in locations and messages."""
    return STDIN_LOCATION if path == STDIN else path


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
