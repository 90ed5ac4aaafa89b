"""Which reader an input needs: by file extension, and for unknown extensions (and stdin) by
its first bytes."""

from __future__ import annotations

import codecs
import re
import zlib
from pathlib import PurePath

HEAD_BYTES = 64 * 1024

# Kinds: txt, md, html, jsonl, json (one JSON document, or JSON Lines), warc, feed, and two
# that are refusals: gzip (not a WARC), xml (neither a feed nor a page).
_BY_SUFFIX = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".warc": "warc", ".xml": "feed", ".rss": "feed", ".atom": "feed",
}

# Files that sit beside saved pages (a browser's "page_files/" folder) and are never articles:
# skipped without a word when found in a directory; named on the command line, they are read
# (and refused with a reason).
ASSET_SUFFIXES = frozenset({
    ".css", ".js", ".mjs", ".map", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico",
    ".avif", ".bmp", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".webm",
    ".wav", ".ogg",
})

_FEED = re.compile(r"<(rss|feed|rdf:rdf)\b", re.IGNORECASE)
_HTML = re.compile(r"<(!doctype\s+html|html|head|body|article|meta|title|div|p)\b", re.IGNORECASE)


def kind_by_name(path: str) -> str | None:
    p = PurePath(path)
    suffixes = [s.lower() for s in p.suffixes]
    if suffixes[-2:] == [".warc", ".gz"]:
        return "warc"
    return _BY_SUFFIX.get(p.suffix.lower())


def is_asset(path: str) -> bool:
    return PurePath(path).suffix.lower() in ASSET_SUFFIXES


def kind_by_content(head: bytes) -> str:
    """The kind of an input from its first bytes; "txt" when nothing else fits (the text
    reader then refuses binary content with the reason)."""
    if head.startswith(b"\x1f\x8b"):
        return "warc" if _gunzip_head(head).startswith(b"WARC/") else "gzip"
    if head.startswith(b"WARC/"):
        return "warc"
    text = _head_text(head).lstrip()
    if text.startswith("<?xml"):
        if _FEED.search(text[:4096]):
            return "feed"
        return "html" if _HTML.search(text[:4096]) else "xml"
    if _FEED.match(text):
        return "feed"
    if text.startswith("<") and _HTML.search(text[:4096]):
        return "html"
    if text.startswith("{"):
        return "jsonl"
    if text.startswith("["):
        return "json"
    return "txt"


def _head_text(head: bytes) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, "replace")
    return head.decode("latin-1")  # every byte maps: enough to see markup and brackets


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(wbits=31).decompress(head, 16)
    except zlib.error:
        return b""
