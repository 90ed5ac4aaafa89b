"""What every source yields: an `Article` (text plus metadata) or a `SourceError` (why a piece
of input gave no article). Pure data: no I/O, no NLP, no database.

Field names follow news-please where it has one (`title`, `maintext` is our `text`, `url`,
`source_domain`, `date_publish`, `language`, `authors`, `description`), so that a news-please
JSON Lines dump maps onto an `Article` field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One article read from one location.

    `id` is deterministic: the same input at the same location always gives the same id (a file's
    stem for a single-article file; for an article inside a container — a JSON Lines line, a WARC
    record, a feed item — the container's stem plus a stable suffix). It is the FORMAT.md record's
    `id`. `location` says where the article was read, precisely enough to find it again
    ("news/a.html", "crawl.warc.gz#offset=18231", "dump.jsonl#line=7", "feed.xml#item=3").
    `sha256` is the hex SHA-256 of the raw bytes the text was extracted from (the file, the
    WARC record's payload, the JSON line, the feed item's content as UTF-8, or the page a
    summary-only feed item links to).
    `date_publish` is normalised ISO 8601 (a date "2024-03-23", or a datetime when the source
    gives a time); `date_publish_raw` is the string as found, kept for the record.
    `encoding` is the character encoding the text was decoded from, and `notes` are warnings
    the user should see (e.g. "encoding guessed: cp1252"), neither of which stops the article.
    `site_name` is the outlet's name as the source gives it ("The Daily Planet": og:site_name,
    a feed's title, a JSON `outlet`/`source` name); news-please has no such field, and
    `source_domain` is the host name. Together they are FORMAT.md's `meta.outlet`.
    """

    id: str
    text: str
    location: str
    sha256: str
    format: str  # txt | md | html | jsonl | warc | rss | atom | stdin
    title: str | None = None
    url: str | None = None
    source_domain: str | None = None
    date_publish: str | None = None
    date_publish_raw: str | None = None
    language: str | None = None
    authors: tuple[str, ...] = ()
    description: str | None = None
    encoding: str | None = None
    notes: tuple[str, ...] = field(default=())
    site_name: str | None = None


@dataclass(frozen=True)
class SourceError:
    """A piece of input that gave no article: where it is, and why (a phrase a person can act
    on: "truncated gzip stream after 18231 bytes", "no extractable text in the page")."""

    location: str
    reason: str

    def message(self) -> str:
        return f"{self.location}: {self.reason}"
