"""Finding the page a feed item links to among the pages of a run, by URL.

Two URLs name the same page when they are equal after this normalisation: the scheme is
ignored (http and https), the host is lowercased and a leading "www." dropped, the fragment
and tracking parameters (utm_*, fbclid, gclid...) are dropped, the remaining query parameters
are sorted, and a trailing "/" or "/index.html" is dropped. A page's URLs are its canonical
link or og:url and, in a WARC, the record's target URI.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

_TRACKING_PREFIXES = ("utm_",)
_TRACKING = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid", "ocid", "smid"})


def url_key(url: str | None) -> str | None:
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if not host:
        return None
    path = unquote(parts.path or "/")
    for suffix in ("/index.html", "/index.htm"):
        if path.endswith(suffix):
            path = path[: -len(suffix) + 1]
    path = path.rstrip("/") or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if k.lower() not in _TRACKING and not k.lower().startswith(_TRACKING_PREFIXES))
    return host + path + ("?" + urlencode(query) if query else "")


@dataclass(frozen=True)
class PageRef:
    """Where a page of the run is: an HTML file, or the record at `offset` in a WARC file."""

    path: str
    offset: int | None = None


class PageIndex:
    """URL -> page, for the pages read so far in a run (small: no text is kept)."""

    def __init__(self) -> None:
        self._pages: dict[str, PageRef] = {}

    def add(self, url: str | None, ref: PageRef) -> None:
        key = url_key(url)
        if key is not None:
            self._pages.setdefault(key, ref)  # the first copy of a page read is the one used

    def find(self, url: str | None) -> PageRef | None:
        key = url_key(url)
        return self._pages.get(key) if key is not None else None
