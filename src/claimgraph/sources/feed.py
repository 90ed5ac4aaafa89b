"""RSS and Atom feeds -> `Article`s, one per item, parsed by feedparser.

An item's text, in this order of preference:
1. its full content (RSS content:encoded, Atom <content>), its HTML reduced to text by the same
   extraction as web pages;
2. the page it links to, when that page is among the run's inputs (an .html file, a WARC
   record, or an .html file in the feed's own folder), looked up by the caller by URL (links.py
   says how URLs are matched) or by file name;
3. its description, only when it has no full-content element and the description is long
   enough to be the article itself (FULL_TEXT_WORDS), as some feeds do.
A teaser-only item with no linked page in the run is a `SourceError`, as is an item with no
text at all; the other items go on. A feed so broken that no item can be read is one
`SourceError`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from .article import Article, SourceError
from .dates import normalise_date
from .naming import sha256_hex
from .webpage import domain_of, extract_page, language_code, split_authors

# A description (summary) this long is the article itself, not a teaser: used as the text when
# the item has no full-content element and its linked page is not among the inputs.
FULL_TEXT_WORDS = 150

# Given an item's link, the linked page read as an article (or why it could not be read), or
# None when no page of the run has that URL.
FindPage = Callable[[str], "Article | SourceError | None"]


def read_feed(data: bytes, *, stem: str, location: str,
              find_page: FindPage | None = None) -> Iterator[Article | SourceError]:
    import feedparser

    parsed = feedparser.parse(data)  # bytes: feedparser never fetches anything given bytes
    entries = parsed.entries
    if not entries:
        if parsed.bozo:
            yield SourceError(location, f"broken feed XML ({parsed.get('bozo_exception')}); no items read")
        else:
            yield SourceError(location, "feed with no items")
        return
    fmt = "atom" if (parsed.version or "").startswith("atom") else "rss"
    notes: tuple[str, ...] = ()
    if parsed.bozo:
        notes = (f"feed XML not well-formed ({parsed.get('bozo_exception')}); items read leniently",)
    feed_info = parsed.feed
    for n, entry in enumerate(entries, 1):
        yield _item(entry, feed_info, n=n, stem=stem, location=location, fmt=fmt,
                    encoding=parsed.get("encoding"), notes=notes, find_page=find_page)


def _item(entry, feed_info, *, n: int, stem: str, location: str, fmt: str, encoding: str | None,
          notes: tuple[str, ...], find_page: FindPage | None) -> Article | SourceError:
    where = f"{location}#item={n}"
    item_id = f"{stem}-item{n}"
    link = entry.get("link")
    raw_date = entry.get("published") or entry.get("updated")
    language = language_code(_content_language(entry) or feed_info.get("language"))
    meta = dict(
        title=entry.get("title") or None,
        url=link or None,
        source_domain=domain_of(link),
        date_publish=normalise_date(raw_date),
        date_publish_raw=raw_date or None,
        language=language,
        authors=split_authors(entry.get("authors") or entry.get("author")),
        description=_summary_text(entry) or None,
        site_name=feed_info.get("title") or None,
    )
    content_problem = None
    content = _full_content(entry)
    if content is not None:
        text = _text_of(*content)
        if isinstance(text, str):
            return Article(id=item_id, text=text, location=where,
                           sha256=sha256_hex(content[0].encode("utf-8")), format=fmt,
                           encoding=encoding, notes=notes, **meta)
        content_problem = text[0]
    if link and find_page is not None:
        page = find_page(link)
        if isinstance(page, SourceError):
            return SourceError(where, f"no full content, and its linked page {page.location} "
                               f"gave no text ({page.reason})")
        if page is not None:
            # The feed's metadata wins where it has some: it is the publisher's own record.
            merged = {k: v if v not in (None, ()) else getattr(page, k) for k, v in meta.items()}
            return dataclasses.replace(
                page, id=item_id, location=where, format=fmt, **merged,
                notes=notes + page.notes + (f"text from the linked page {page.location}",))
    summary = entry.get("summary")
    if summary and content is None:
        # Some feeds put the whole article in <description> and have no full-content element:
        # a summary that long is the article, not a teaser.
        text = _text_of(summary, (entry.get("summary_detail", {}).get("type") or "text/html").lower())
        if isinstance(text, str) and len(text.split()) >= FULL_TEXT_WORDS:
            return Article(id=item_id, text=text, location=where,
                           sha256=sha256_hex(summary.encode("utf-8")), format=fmt,
                           encoding=encoding, **meta,
                           notes=notes + ("text from the item's description (no full-content element)",))
    if content_problem is not None:
        return SourceError(where, f"item content: {content_problem}")
    if summary:
        return SourceError(where, "only a summary, and the page it links to"
                           + (f" ({link})" if link else "") + " is not among the inputs")
    return SourceError(where, "item with no text")


def _text_of(value: str, content_type: str) -> str | tuple[str]:
    """The text of a content block, or (reason,) when it has none."""
    if "html" in content_type:
        page = extract_page(f"<html><body>{value}</body></html>")
        return (page,) if isinstance(page, str) else page.text
    return value.strip() or ("empty content",)


def _full_content(entry) -> tuple[str, str] | None:
    """The longest full-content block (RSS content:encoded, Atom content), and its type."""
    blocks = [(c.get("value") or "", (c.get("type") or "text/html").lower())
              for c in entry.get("content") or []]
    blocks = [b for b in blocks if b[0].strip()]
    return max(blocks, key=lambda b: len(b[0])) if blocks else None


def _summary_text(entry) -> str | None:
    summary = entry.get("summary")
    if not summary:
        return None
    if "html" in (entry.get("summary_detail", {}).get("type") or ""):
        from lxml import html as lxml_html

        try:
            summary = lxml_html.fromstring(f"<div>{summary}</div>").text_content()
        except Exception:  # lxml refuses some fragments; the raw summary is still useful
            pass
    return " ".join(summary.split()) or None


def _content_language(entry) -> str | None:
    for c in entry.get("content") or []:
        if c.get("language"):
            return c["language"]
    return None
