"""Plain text and Markdown files -> `Article`: the text as it is (FORMAT.md: "the file's content
unchanged", a leading byte order mark dropped), decoded by detection when it is not UTF-8."""

from __future__ import annotations

import re

from .article import Article, SourceError
from .decoding import RejectedInput, decode_bytes
from .naming import sha256_hex

_MD_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def read_text(data: bytes, *, id: str, location: str, fmt: str) -> Article | SourceError:
    """`fmt` is "txt", "md" or "stdin"; a Markdown file's first "# " heading is its title."""
    try:
        decoded = decode_bytes(data)
    except RejectedInput as e:
        return SourceError(location, str(e))
    if not decoded.text.strip():
        return SourceError(location, "no text (only whitespace)")
    title = None
    if fmt == "md":
        m = _MD_TITLE.search(decoded.text)
        title = m.group(1) if m else None
    return Article(id=id, text=decoded.text, location=location, sha256=sha256_hex(data),
                   format=fmt, title=title, encoding=decoded.encoding, notes=decoded.notes)
