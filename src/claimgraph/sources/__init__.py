"""Sources: turn what a user collected (files, folders, feeds, web archives, stdin) into
`Article`s. No NLP and no database here.

One entry point, `read_sources(paths, stdin=None)`, yields an `Article` or a `SourceError` for
everything it reads (dispatch.py); one module per input kind: text.py (.txt, .md), webpage.py
(HTML, also used for WARC records and feed content), jsonl.py, warc.py, feed.py (RSS/Atom).
"""

from .article import Article, SourceError
from .dispatch import read_sources

__all__ = ["Article", "SourceError", "read_sources"]
