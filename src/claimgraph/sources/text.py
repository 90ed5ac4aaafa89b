"""Plain text and Markdown files -> `Article`: the text as it is (FORMAT.md: "the file's content
unchanged", a leading byte order mark dropped), decoded by detection when it is not UTF-8.

A Markdown file may start with front matter (`front_matter.py`: title, outlet, date, url, ...);
its article text is then what follows the block, and its fields are the article's metadata.
Without front matter, a Markdown file's first "# " heading is its title."""

from __future__ import annotations

import re

from .article import Article, SourceError
from .dates import normalise_date
from .decoding import RejectedInput, decode_bytes
from .front_matter import parse_front_matter
from .naming import sha256_hex

_MD_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def read_text(data: bytes, *, id: str, location: str, fmt: str) -> Article | SourceError:
    """`fmt` is "txt", "md" or "stdin"."""
    try:
        decoded = decode_bytes(data)
    except RejectedInput as e:
        return SourceError(location, str(e))
    text = decoded.text
    meta = parse_front_matter(text) if fmt == "md" else None
    if meta is not None:
        text = text[meta.body_start:]
    if not text.strip():
        return SourceError(location, "no text (only whitespace)" if meta is None
                           else "front matter but no article text after it")
    fields = meta.fields if meta is not None else {}
    title = fields.get("title")
    if title is None and fmt == "md":
        m = _MD_TITLE.search(text)
        title = m.group(1) if m else None
    raw_date = fields.get("date_publish")
    notes = decoded.notes
    date = normalise_date(raw_date)
    if raw_date and date is None:
        notes = (*notes, f"front matter date not understood: {raw_date!r}")
    return Article(id=id, text=text, location=location, sha256=sha256_hex(data), format=fmt,
                   title=title, url=fields.get("url"), source_domain=fields.get("source_domain"),
                   site_name=fields.get("site_name"), date_publish=date, date_publish_raw=raw_date,
                   language=fields.get("language"), authors=meta.authors if meta else (),
                   description=fields.get("description"), encoding=decoded.encoding, notes=notes)
