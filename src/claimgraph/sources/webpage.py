"""HTML pages -> `Article`: main text and metadata by trafilatura, leftover template lines
removed (boilerplate.py), plus what trafilatura leaves out: the raw date string, the page's
language and an og:url when there is no canonical link.

Used for .html files, WARC response records and the HTML inside feed items, so that a page
gives the same text whichever way it arrived. The text is the article's body: a first line that
repeats the title (the <h1>) is dropped, as news-please's `maintext` has none.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .article import Article, SourceError
from .boilerplate import remove_boilerplate_lines
from .dates import normalise_date
from .decoding import RejectedInput, decode_bytes
from .naming import sha256_hex

# A page is an article only if some line reads like a sentence: navigation-only pages give
# lists of one- or two-word links ("Home", "About us"), which trafilatura returns rather than
# nothing.
_MIN_SENTENCE_WORDS = 6

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')

# Where pages state their publication date, most specific first: meta properties (Open Graph),
# itemprop (schema.org microdata), then meta names (compared lowercased: sites vary the case).
_DATE_PROPERTIES = ("article:published_time", "og:published_time", "og:article:published_time")
_DATE_NAMES = ("article:published_time", "pubdate", "publishdate", "publish-date", "datepublished",
               "dc.date", "dc.date.issued", "dcterms.created", "parsely-pub-date", "sailthru.date",
               "date")


@dataclass(frozen=True)
class Page:
    """What one HTML page gives, before it is named and located."""

    text: str
    title: str | None
    url: str | None
    source_domain: str | None
    site_name: str | None
    date_publish: str | None
    date_publish_raw: str | None
    language: str | None
    authors: tuple[str, ...]
    description: str | None
    notes: tuple[str, ...]


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a meta tag near its start (HTML5: first 1024 bytes; we
    look a little further, since some templates put it late)."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def extract_page(html: str, url: str | None = None) -> Page | str:
    """The article in `html`, or the reason there is none. `url` is where the page was
    fetched from (a WARC record's target), used when the page names no canonical URL."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return "not an HTML document (nothing to parse)"
    # Read our own metadata first: trafilatura prunes the tree it is given.
    raw_date = _raw_date(tree)
    language = _language(tree)
    og_url = _first(tree.xpath("//meta[@property='og:url']/@content"))
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False,
        date_extraction_params={"original_date": True, "extensive_search": True})
    text = (doc.text or "") if doc is not None else ""
    text, removed = remove_boilerplate_lines(text)
    text = _without_headline(text, doc.title if doc is not None else None)
    if not _has_sentence(text):
        return "no extractable text in the page (only navigation or short fragments)"
    page_url = (doc.url if doc is not None and doc.url else None) or og_url or url
    date_publish = normalise_date(raw_date) or (doc.date if doc is not None else None)
    notes = (f"{removed} boilerplate line(s) removed",) if removed else ()
    return Page(
        text=text,
        title=_clean(doc.title),
        url=page_url,
        source_domain=domain_of(page_url) or _clean(doc.hostname),
        site_name=_clean(doc.sitename),
        date_publish=date_publish,
        date_publish_raw=raw_date,
        language=language or _clean(doc.language),
        authors=split_authors(doc.author),
        description=_clean(doc.description),
        notes=notes,
    )


def read_html(data: bytes, *, id: str, location: str, fmt: str = "html",
              http_charset: str | None = None, url: str | None = None) -> Article | SourceError:
    """Decode and extract one page given as raw bytes (a file, a WARC payload)."""
    declared, where = (http_charset, "the HTTP header") if http_charset else (
        declared_charset(data), "the page's meta charset")
    try:
        decoded = decode_bytes(data, declared, where)
    except RejectedInput as e:
        return SourceError(location, str(e))
    page = extract_page(decoded.text, url=url)
    if isinstance(page, str):
        return SourceError(location, page)
    return article_from_page(page, id=id, location=location, fmt=fmt, sha256=sha256_hex(data),
                             encoding=decoded.encoding, notes=decoded.notes)


def article_from_page(page: Page, *, id: str, location: str, fmt: str, sha256: str,
                      encoding: str | None, notes: tuple[str, ...] = ()) -> Article:
    return Article(
        id=id, text=page.text, location=location, sha256=sha256, format=fmt,
        title=page.title, url=page.url, source_domain=page.source_domain,
        date_publish=page.date_publish, date_publish_raw=page.date_publish_raw,
        language=page.language, authors=page.authors, description=page.description,
        encoding=encoding, notes=tuple(notes) + page.notes, site_name=page.site_name)


def page_url(data: bytes) -> str | None:
    """The canonical URL a page states about itself (canonical link, else og:url), read
    without extracting the text: what a feed's item links are matched against."""
    from trafilatura.utils import load_html

    try:
        tree = load_html(decode_bytes(data, declared_charset(data)).text)
    except RejectedInput:
        return None
    if tree is None:
        return None
    return _first(tree.xpath("//link[@rel='canonical']/@href")) or _first(
        tree.xpath("//meta[@property='og:url']/@content"))


def domain_of(url: str | None) -> str | None:
    """news-please's source_domain: the URL's host ("www.bbc.co.uk")."""
    if not url:
        return None
    host = urlsplit(url).hostname
    return host or None


def split_authors(value) -> tuple[str, ...]:
    """Authors as a tuple of names, from trafilatura's "A; B", a list, or "A and B"."""
    if not value:
        return ()
    if isinstance(value, str):
        parts = re.split(r"\s*;\s*|\s*,\s*|\s+and\s+", value)
    else:
        parts = [v.get("name", "") if isinstance(v, dict) else str(v) for v in value]
    out: list[str] = []
    for p in parts:
        p = re.sub(r"^by\s+", "", p.strip(), flags=re.IGNORECASE)
        if p and p not in out:
            out.append(p)
    return tuple(out)


def _raw_date(tree) -> str | None:
    metas = tree.xpath("//meta[@content]")
    for prop in _DATE_PROPERTIES:
        for m in metas:
            if (m.get("property") or "").lower() == prop and m.get("content").strip():
                return m.get("content").strip()
    found = _first(tree.xpath("//*[@itemprop='datePublished']/@content")
                   + tree.xpath("//*[@itemprop='datePublished']/@datetime"))
    if found:
        return found
    by_name = {(m.get("name") or "").lower(): m.get("content").strip() for m in reversed(metas)}
    for name in _DATE_NAMES:
        if by_name.get(name):
            return by_name[name]
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        m = _JSONLD_DATE.search(script)
        if m:
            try:  # unescape \/ and \u sequences as JSON does
                return json.loads(f'"{m.group(1)}"')
            except ValueError:
                return m.group(1)
    return _first(tree.xpath("//time[@datetime]/@datetime"))


def _language(tree) -> str | None:
    """ISO 639-1 code (news-please's form) from <html lang>, content-language or og:locale."""
    for value in (tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
                  _first(tree.xpath("//meta[@http-equiv='content-language']/@content")),
                  _first(tree.xpath("//meta[@property='og:locale']/@content"))):
        code = language_code(value)
        if code:
            return code
    return None


def language_code(value: str | None) -> str | None:
    """"en-GB", "en_US", "EN" -> "en"."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip())[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _without_headline(text: str, title: str | None) -> str:
    """The text without a first line that repeats the title (the page's <h1>): news-please's
    `maintext` has no headline, so a page and its JSON Lines copy give the same text."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if " ".join(first.split()).casefold() == " ".join(title.split()).casefold() and rest.strip():
        return rest.lstrip("\n")
    return text


def _has_sentence(text: str) -> bool:
    return any(len(line.split()) >= _MIN_SENTENCE_WORDS for line in text.split("\n"))


def _first(values) -> str | None:
    for v in values:
        v = str(v).strip()
        if v:
            return v
    return None


def _clean(value) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None
