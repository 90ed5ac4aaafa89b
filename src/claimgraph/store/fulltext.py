"""Full-text search on both engines, with the same answers.

Both engines have the same two index tables, filled by the store in the same transaction as
the rows they index: `statement_fts` (attribution_id, article_id, body) over each statement's
content, and `article_fts` (article_id, title, body) over each article's title and text. On
SQLite they are FTS5 virtual tables; on PostgreSQL plain tables whose `body` is a tsvector
with a GIN index.

Why the store builds `body` itself instead of letting each engine tokenise the raw text: the
engines cut words differently (PostgreSQL keeps "Ukraine’s" as one word, FTS5 makes it two;
FTS5 can fold "Bórtnikov" to "bortnikov", PostgreSQL cannot without an extension). So the
store reduces text to lower-case words of letters and digits without accents ("ukraine s
bortnikov") before either engine sees it, and both split that the same way.

User text is never SQL and never a search-syntax expression: it is reduced to words the same
way, and the words travel as a bound parameter. Every word must occur (AND). There is no
stemming: "deny" does not find "denied".

An article's index covers its first ARTICLE_INDEX_CHARS characters (a PostgreSQL tsvector
holds at most 1 MB; the same cap on SQLite keeps the answers equal).
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa

from . import rows
from .schema import articles, attributions

ARTICLE_INDEX_CHARS = 200_000

_WORD = re.compile(r"[^\W_]+")
# the combining diacritical mark blocks (what FTS5's remove_diacritics removes, and more)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def words(text: str) -> list[str]:
    """Lower-case words of letters and digits, accents removed."""
    text = text.lower()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        if decomposed != text:  # most news text (curly quotes, dashes) has nothing to strip
            text = _COMBINING.sub("", decomposed)
    return _WORD.findall(text)


def normalise(text: str) -> str:
    return " ".join(words(text))


def _query_value(dialect: str, ws: list[str]) -> str:
    if dialect == "sqlite":
        # each word a quoted FTS5 string: no operator, column filter or syntax error can come in
        return " ".join(f'"{w}"' for w in ws)
    return " ".join(ws)  # for plainto_tsquery: plain words, ANDed


def _match(dialect: str, table: str) -> sa.TextClause:
    if dialect == "sqlite":
        return sa.text(f"{table} MATCH :fts_query")
    return sa.text(f"{table}.body @@ plainto_tsquery('simple', :fts_query)")


def statements_matching(dialect: str, text: str) -> sa.ColumnElement[bool] | None:
    """A condition on `attributions` true for statements whose content holds every word of
    `text`; None when `text` has no words (nothing can match)."""
    ws = words(text)
    if not ws:
        return None
    ids = sa.select(sa.column("attribution_id")).select_from(sa.table("statement_fts")).where(
        _match(dialect, "statement_fts").bindparams(fts_query=_query_value(dialect, ws)))
    return attributions.c.id.in_(ids)


def articles_matching(dialect: str, text: str) -> sa.ColumnElement[bool] | None:
    """The same for articles (title and text)."""
    ws = words(text)
    if not ws:
        return None
    ids = sa.select(sa.column("article_id")).select_from(sa.table("article_fts")).where(
        _match(dialect, "article_fts").bindparams(fts_query=_query_value(dialect, ws)))
    return articles.c.id.in_(ids)


# -- keeping the indexes current --------------------------------------------------------------
# One executemany per batch of articles, straight to the driver (see rows.py: the store's hot
# path).

def index_articles(conn: sa.Connection, items: list[tuple[str, str | None, str]]) -> None:
    """Index (article id, title, text) of each article."""
    if conn.dialect.name == "sqlite":
        sql = "INSERT INTO article_fts (article_id, title, body) VALUES (?, ?, ?)"
    else:
        sql = ("INSERT INTO article_fts (article_id, body) "
               "VALUES (?, setweight(to_tsvector('simple', ?), 'A') || to_tsvector('simple', ?))")
    rows.execute_many(conn, sql, [(aid, normalise(title or ""), normalise(text[:ARTICLE_INDEX_CHARS]))
                                  for aid, title, text in items])


def index_statements(conn: sa.Connection, items: list[tuple[str, str, str]]) -> None:
    """Index (attribution id, article id, content text) of each statement."""
    body = "?" if conn.dialect.name == "sqlite" else "to_tsvector('simple', ?)"
    rows.execute_many(conn, f"INSERT INTO statement_fts (attribution_id, article_id, body) VALUES (?, ?, {body})",
                      [(sid, aid, normalise(content)) for sid, aid, content in items])


def unindex_statements(conn: sa.Connection, article_id: str) -> None:
    conn.execute(sa.text("DELETE FROM statement_fts WHERE article_id = :a"), {"a": article_id})
