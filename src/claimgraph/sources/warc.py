"""WARC and WARC.gz web archives -> `Article`s, one per HTML page (a `response` record with
status 200 and an HTML content type, or a `resource` record of HTML), streamed record by record.

Requests, metadata, warcinfo and revisit records, and responses that are not HTML pages
(images, scripts, redirects), are skipped without a word: a crawl is mostly those. A WARC that
yields no HTML page at all is reported, since the user expected articles from it.

warcio reads a truncated archive without complaint (it just stops), so truncation is checked
here: a record whose payload is shorter than its Content-Length, and, for gzip, a last member
that does not end cleanly. Everything read before the damage is kept.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

from .article import Article, SourceError
from .decoding import MAX_BYTES, too_large_reason
from .webpage import read_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 16

# Called with (url, offset) for every HTML page found: how feeds given in the same run find
# the page an item links to.
PageSeen = Callable[[str, int], None]


def read_warc(stream: BinaryIO, *, stem: str, location: str, fmt: str = "warc",
              on_page: PageSeen | None = None) -> Iterator[Article | SourceError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    gzipped = _starts_with_gzip(stream)
    iterator = ArchiveIterator(stream)
    index = -1
    pages = 0
    offset = 0  # of the last record read
    end = 0  # of the last record read: where the damage starts when the next one breaks
    try:
        for record in iterator:
            index += 1
            page = _html_payload(record)
            truncated = _truncated(record)
            # Only now: warcio's offset and length calls read the record to its end.
            offset = iterator.get_record_offset()
            end = offset + (iterator.get_record_length() or 0)
            where = f"{location}#offset={offset}"
            length = record.rec_headers.get_header("Content-Length") if record.rec_headers else None
            # A header cut short: warcio yields a record with no type, or no (or an empty)
            # Content-Length, which every WARC record has.
            if record.rec_type is None or not (length or "").strip().isdigit():
                yield SourceError(where, "unreadable WARC record header (truncated or "
                                  "corrupt); the records before it were read")
                return
            if truncated:
                yield SourceError(where, "truncated WARC record (the file ends inside it); "
                                  "the records before it were read")
                return
            if page is None:
                continue
            pages += 1
            if isinstance(page, str):
                yield SourceError(where, page)
                continue
            payload, charset, url = page
            result = read_html(payload, id=f"{stem}-rec{index}", location=where, fmt=fmt,
                               http_charset=charset, url=url)
            if on_page is not None and isinstance(result, Article):
                for page_url in {url, result.url} - {None}:
                    on_page(page_url, offset)
            yield result
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError) as e:
        # AttributeError: warcio trips over some cut headers (a None where a line was due).
        yield SourceError(f"{location}#offset={end}", f"corrupt WARC after {end} bytes "
                          f"({_short(e)}); the records before it were read")
        return
    if stream.seekable():
        problem = gzip_tail_problem(stream, offset) if gzipped else _plain_tail_problem(stream, end)
        if problem is not None:
            at, reason = problem
            yield SourceError(f"{location}#offset={at}", f"{reason}; the records before it were read")
            return
    if pages == 0:
        yield SourceError(location, f"no HTML pages in the WARC ({index + 1} records read)")


def read_warc_page(stream: BinaryIO, offset: int, *, id: str, location: str, fmt: str
                   ) -> Article | SourceError:
    """The page in the one record at `offset` (a seekable file): a feed item's linked page."""
    from warcio.archiveiterator import ArchiveIterator

    stream.seek(offset)
    try:
        page = _html_payload(next(iter(ArchiveIterator(stream))))
    except Exception as e:  # the archive was readable moments ago; say what broke
        return SourceError(location, f"cannot re-read the WARC record at offset {offset} ({_short(e)})")
    if page is None:
        return SourceError(location, f"no HTML page at offset {offset}")
    if isinstance(page, str):
        return SourceError(location, page)
    payload, charset, url = page
    return read_html(payload, id=id, location=location, fmt=fmt, http_charset=charset, url=url)


def gzip_tail_problem(stream: BinaryIO, start: int) -> tuple[int, str] | None:
    """For a .warc.gz (seekable): the offset and reason where the gzip members from `start` (the
    last record warcio read) to the end of the file stop ending cleanly, or None when they all
    do. Only the tail is checked: damage earlier in the file makes warcio itself fail."""
    stream.seek(start)
    position = 0  # of data[0], relative to start
    member_start = 0
    decompressor = None
    data = b""
    while True:
        if not data:
            data = stream.read(_CHUNK)
            if not data:
                break
        if decompressor is None:
            member_start, decompressor = position, zlib.decompressobj(wbits=31)
        fed = len(data)
        try:  # output bounded: a record of a gigabyte of zeros must not be inflated at once
            decompressor.decompress(data, _CHUNK * 16)
        except zlib.error as e:
            return start + member_start, f"corrupt gzip member ({e})"
        if decompressor.eof:
            rest = decompressor.unused_data
            position += fed - len(rest)
            data, decompressor = rest, None
        else:
            data = decompressor.unconsumed_tail
            position += fed - len(data)
    if decompressor is not None:
        return (start + member_start,
                f"truncated gzip stream (the file ends {position - member_start} bytes into "
                "the last record)")
    return None


def _plain_tail_problem(stream: BinaryIO, end: int) -> tuple[int, str] | None:
    """For an uncompressed WARC: anything but blank lines after the last record read is a
    record warcio gave up on without a word (a header cut short)."""
    stream.seek(end)
    rest = stream.read(_CHUNK)
    if rest.strip(b"\r\n"):
        start = end + len(rest) - len(rest.lstrip(b"\r\n"))  # where the broken record begins
        return start, "truncated or corrupt WARC: the bytes after the last complete record are not a record"
    return None


def _html_payload(record) -> tuple[bytes, str | None, str | None] | str | None:
    """(payload, HTTP charset, target URL) of an HTML page record; a reason when the record is
    a page that cannot be used; None for records that are not HTML pages."""
    if record.rec_type not in ("response", "resource"):
        return None
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or http.get_statuscode() != "200":
            return None
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
        return None
    if (record.length or 0) > MAX_BYTES:
        return "WARC record " + too_large_reason(record.length)
    payload = record.content_stream().read(MAX_BYTES + 1)
    if len(payload) > MAX_BYTES:
        return "page " + too_large_reason(len(payload))
    if not payload.strip():
        return "empty HTML response (no payload)"
    return payload, _charset(content_type), record.rec_headers.get_header("WARC-Target-URI")


def _starts_with_gzip(stream: BinaryIO) -> bool:
    if hasattr(stream, "peek"):
        return stream.peek(2)[:2] == b"\x1f\x8b"
    if stream.seekable():
        here = stream.tell()
        head = stream.read(2)
        stream.seek(here)
        return head == b"\x1f\x8b"
    return False


def _drain(record) -> None:
    while record.raw_stream.read(_CHUNK):
        pass


def _truncated(record) -> bool:
    _drain(record)
    return getattr(record.raw_stream, "limit", 0) > 0


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _short(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return (text[0][:120] if text else type(e).__name__) or type(e).__name__
