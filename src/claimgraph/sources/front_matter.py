"""Front matter: the metadata block at the top of a Markdown article, as static-site generators
(Jekyll, Hugo) and many newsroom archives write it:

    ---
    title: Kyiv rejects Moscow's accusations
    outlet: Kyiv Independent
    source_domain: kyivindependent.com
    url: https://kyivindependent.com/...
    date: 2024-03-24
    authors: Jane Doe, John Roe
    language: en
    ---
    The article's text, which is what gets analysed (offsets count from its first character).

Only flat `key: value` lines are read (no nesting, no lists beyond a comma-separated
`authors`): enough for article metadata without a YAML dependency. Values may be quoted. Keys
follow news-please where it has a name (`title`, `url`, `source_domain`, `date_publish`,
`language`, `authors`, `description`); `date`/`published` and `outlet`/`site_name`/`source`
are accepted as well. Unknown keys are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")

_KEYS = {
    "title": "title", "headline": "title",
    "url": "url", "link": "url", "canonical": "url",
    "source_domain": "source_domain", "domain": "source_domain",
    "outlet": "site_name", "site_name": "site_name", "source": "site_name", "publisher": "site_name",
    "date": "date_publish", "published": "date_publish", "date_publish": "date_publish",
    "language": "language", "lang": "language",
    "authors": "authors", "author": "authors", "byline": "authors",
    "description": "description", "summary": "description",
}


@dataclass(frozen=True)
class FrontMatter:
    """The metadata found, and where the article's text starts in the file's text."""

    body_start: int
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def authors(self) -> tuple[str, ...]:
        raw = self.fields.get("authors")
        return tuple(a.strip() for a in raw.split(",") if a.strip()) if raw else ()


def parse_front_matter(text: str) -> FrontMatter | None:
    """The front matter at the very start of `text`, or None when there is none (a text that
    merely starts with a "---" rule and has no `key: value` lines is not front matter)."""
    m = _FENCE.match(text)
    if m is None:
        return None
    fields: dict[str, str] = {}
    for line in m.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        kv = _LINE.match(line)
        if kv is None:
            return None  # not flat key: value metadata: leave the text as it is
        key = _KEYS.get(kv.group(1).lower())
        value = _unquote(kv.group(2))
        if key and value:
            fields.setdefault(key, value)
    if not fields:
        return None
    # the text starts after the closing fence and the blank lines that follow it
    start = m.end()
    while start < len(text) and text[start] in "\r\n":
        start += 1
    return FrontMatter(start, fields)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
