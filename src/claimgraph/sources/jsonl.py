"""JSON Lines (and whole-file JSON) -> `Article`s: one object per line, with news-please's
field names or the common variants other scrapers and APIs use.

Streamed line by line, each line bounded by the size limit, so a dump of any size is read in
constant memory. A bad line (not JSON, not an object, no text) is a `SourceError` naming the
line; the other lines go on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from .article import Article, SourceError
from .dates import normalise_date
from .decoding import MAX_BYTES, RejectedInput, decode_bytes, too_large_reason
from .naming import sha256_hex
from .webpage import domain_of, extract_page, language_code, split_authors

# First field present wins; news-please's name first.
TEXT_FIELDS = ("maintext", "text", "content", "body", "article_text", "full_text")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link", "canonical_url", "source_url")
DOMAIN_FIELDS = ("source_domain", "domain", "hostname")
SITE_FIELDS = ("outlet", "source", "site_name", "sitename", "publisher", "source_name")
DATE_FIELDS = ("date_publish", "published", "published_at", "publishedAt", "date_published",
               "datePublished", "pubDate", "date", "publish_date")
LANGUAGE_FIELDS = ("language", "lang")
AUTHOR_FIELDS = ("authors", "author", "byline")
DESCRIPTION_FIELDS = ("description", "summary", "abstract")

# Text fields that hold a page's HTML rather than its text (some scrapers keep it).
_LOOKS_HTML = re.compile(r"<(p|div|br|article|span|h[1-6])\b[^>]*>", re.IGNORECASE)


def read_json_lines(stream: BinaryIO, *, stem: str, location: str) -> Iterator[Article | SourceError]:
    number = 0
    while True:
        line = stream.readline(MAX_BYTES + 1)
        if not line:
            return
        number += 1
        where = f"{location}#line={number}"
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            size = len(line) + _skip_rest_of_line(stream)
            yield SourceError(where, too_large_reason(size))
            continue
        if not line.strip():
            continue
        yield from _from_json_bytes(line, id=f"{stem}-line{number}", location=where)


def read_json_document(data: bytes, *, stem: str, location: str) -> Iterator[Article | SourceError] | None:
    """A `.json` file that is one JSON document (an object, or an array of objects) rather than
    JSON Lines; None when it is not one, so the caller reads it as JSON Lines."""
    try:
        value = json.loads(decode_bytes(data).text)
    except (RejectedInput, ValueError):
        return None
    if isinstance(value, dict):
        return iter([_from_object(value, raw=data, id=stem, location=location, notes=())])
    if isinstance(value, list):
        def items() -> Iterator[Article | SourceError]:
            for n, item in enumerate(value, 1):
                where = f"{location}#item={n}"
                raw = json.dumps(item, ensure_ascii=False, sort_keys=True).encode("utf-8")
                if not isinstance(item, dict):
                    yield SourceError(where, f"a JSON {type(item).__name__}, not an object")
                else:
                    yield _from_object(item, raw=raw, id=f"{stem}-item{n}", location=where, notes=())
        return items()
    return None


def _from_json_bytes(raw: bytes, *, id: str, location: str) -> Iterator[Article | SourceError]:
    try:
        decoded = decode_bytes(raw)
        value = json.loads(decoded.text)
    except RejectedInput as e:
        yield SourceError(location, str(e))
        return
    except ValueError as e:
        yield SourceError(location, f"not valid JSON ({e})")
        return
    if not isinstance(value, dict):
        yield SourceError(location, f"a JSON {_json_type(value)}, not an object")
        return
    yield _from_object(value, raw=raw, id=id, location=location, notes=decoded.notes,
                       encoding=decoded.encoding)


def _from_object(obj: dict[str, Any], *, raw: bytes, id: str, location: str,
                 notes: tuple[str, ...], encoding: str | None = "utf-8") -> Article | SourceError:
    text = _first_str(obj, TEXT_FIELDS)
    if not text or not text.strip():
        return SourceError(location, "no article text (none of the fields "
                           + ", ".join(TEXT_FIELDS) + " holds any)")
    notes = tuple(notes)
    if _LOOKS_HTML.search(text[:5000]):
        page = extract_page(text)
        if isinstance(page, str):
            return SourceError(location, f"the text field holds HTML, and {page}")
        text = page.text
        notes += ("HTML in the text field: its text extracted",)
    url = _first_str(obj, URL_FIELDS)
    site, site_domain = _site(obj)
    raw_date = _first_str(obj, DATE_FIELDS)
    date_publish = normalise_date(raw_date)
    if raw_date and date_publish is None:
        notes += (f"date not understood: {raw_date!r}",)
    return Article(
        id=id, text=text, location=location, sha256=sha256_hex(raw), format="jsonl",
        title=_first_str(obj, TITLE_FIELDS), url=url,
        source_domain=_first_str(obj, DOMAIN_FIELDS) or site_domain or domain_of(url),
        date_publish=date_publish, date_publish_raw=raw_date,
        language=language_code(_first_str(obj, LANGUAGE_FIELDS)),
        authors=split_authors(_first(obj, AUTHOR_FIELDS)),
        description=_first_str(obj, DESCRIPTION_FIELDS),
        encoding=encoding, notes=notes, site_name=site)


def _site(obj: dict[str, Any]) -> tuple[str | None, str | None]:
    """(outlet name, outlet domain) from `outlet`/`source`...: NewsAPI gives {"name": ...}, and
    some dumps give a domain where others give a name."""
    value = _first(obj, SITE_FIELDS)
    if isinstance(value, dict):
        value = value.get("name") or value.get("id")
    if not isinstance(value, str) or not value.strip():
        return None, None
    value = value.strip()
    if re.fullmatch(r"[\w-]+(\.[\w-]+)+", value):
        return None, value.lower()
    return value, None


def _first(obj: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = obj.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def _first_str(obj: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = obj.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip() if name not in TEXT_FIELDS else value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and name in DATE_FIELDS:
            return str(value)
    return None


def _json_type(value: Any) -> str:
    return {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")


def _skip_rest_of_line(stream: BinaryIO) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(1 << 20)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped
