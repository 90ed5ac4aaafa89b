"""Sources: turn what a user collected (files, folders, feeds, web archives, stdin) into
`Article`s. No NLP and no database here."""

from .article import Article, SourceError

__all__ = ["Article", "SourceError"]
