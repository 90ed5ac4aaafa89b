"""Rows written straight to the driver: the store's hot path (ingest) without SQLAlchemy's
per-statement work.

Why: SQLAlchemy compiles a Core statement (the dialect `INSERT ... ON CONFLICT` constructs
every time: they are not cacheable) and converts every parameter dict on every execution. For
the many small rows of an article that was most of the store's CPU time (profiled: about 5 ms
of Python per article, of which about 1 ms was the store's own work), and during an ingest that
Python competes for the GIL with the analysis of the next articles.

So the rows of a batch go to the driver as they are (`Connection.exec_driver_sql`, on the
connection and in the transaction the caller holds; SQLAlchemy still wraps the driver's errors
in its own): the SQL text is built once per table and engine, in the driver's parameter
style, and run once per table per batch (executemany, or one multi-row INSERT when
the inserted keys are needed). `INSERT ... ON CONFLICT DO NOTHING [RETURNING ...]` reads the
same on SQLite (>= 3.35) and PostgreSQL. Values are converted by the columns' own SQLAlchemy bind
processors (JSON text, SQLite's datetime strings, bytes), so what is stored reads back exactly
as if SQLAlchemy had written it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sqlalchemy as sa

# Rows per multi-row INSERT: far below both engines' limits on bound parameters (SQLite 32,766,
# PostgreSQL 65,535) for any of the store's tables.
MAX_ROWS_PER_STATEMENT = 500

Row = Sequence[Any]


class _Dialect:
    """What is built once per engine dialect: SQL texts and the columns' value converters."""

    def __init__(self, dialect: sa.Dialect) -> None:
        self.dialect = dialect
        self.mark = "?" if dialect.paramstyle == "qmark" else "%s"
        self._converters: dict[tuple[str, tuple[str, ...]], list[tuple[int, Callable]]] = {}
        self._sql: dict[tuple, str] = {}

    def sql(self, text: str) -> str:
        """`text` written with `?` marks, in this driver's parameter style."""
        return text if self.mark == "?" else text.replace("?", self.mark)

    def converters(self, table: sa.Table, columns: tuple[str, ...]) -> list[tuple[int, Callable]]:
        key = (table.name, columns)
        found = self._converters.get(key)
        if found is None:
            found = []
            for i, name in enumerate(columns):
                column_type = table.c[name].type
                process = column_type.dialect_impl(self.dialect).bind_processor(self.dialect)
                if process is not None:
                    found.append((i, process))
            self._converters[key] = found
        return found

    def insert(self, table: sa.Table, columns: tuple[str, ...], rows: int = 1, *,
               ignore: bool = False, returning: str | None = None) -> str:
        key = (table.name, columns, rows, ignore, returning)
        found = self._sql.get(key)
        if found is None:
            one = "(" + ", ".join([self.mark] * len(columns)) + ")"
            found = (f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES "
                     + ", ".join([one] * rows)
                     + (" ON CONFLICT DO NOTHING" if ignore else "")
                     + (f" RETURNING {returning}" if returning else ""))
            self._sql[key] = found
        return found


_DIALECTS: "weakref.WeakKeyDictionary[sa.Dialect, _Dialect]" = weakref.WeakKeyDictionary()


def _for(conn: sa.Connection) -> _Dialect:
    found = _DIALECTS.get(conn.dialect)
    if found is None:
        found = _DIALECTS[conn.dialect] = _Dialect(conn.dialect)
    return found


def _converted(d: _Dialect, table: sa.Table, columns: tuple[str, ...], rows: Iterable[Row]) -> list[Row]:
    converters = d.converters(table, columns)
    if not converters:  # the driver wants tuples
        return [tuple(row) for row in rows]
    out = []
    for row in rows:
        row = list(row)
        for i, process in converters:
            row[i] = process(row[i])
        out.append(tuple(row))
    return out


def insert_many(conn: sa.Connection, table: sa.Table, columns: tuple[str, ...], rows: Iterable[Row], *,
                ignore: bool = False) -> None:
    """INSERT `rows` (tuples in `columns` order) in one executemany; `ignore`: ON CONFLICT DO
    NOTHING."""
    d = _for(conn)
    rows = _converted(d, table, columns, rows)
    if not rows:
        return
    conn.exec_driver_sql(d.insert(table, columns, ignore=ignore), rows)


def insert_new(conn: sa.Connection, table: sa.Table, columns: tuple[str, ...], rows: Iterable[Row]) -> set:
    """INSERT ... ON CONFLICT DO NOTHING the rows (their keys distinct); returns the keys (the
    first column) of those inserted, i.e. not stored already. RETURNING, not rowcount: it says
    which rows, and psycopg gives no rowcount for a multi-row INSERT ... ON CONFLICT."""
    d = _for(conn)
    rows = _converted(d, table, columns, rows)
    inserted: set = set()
    if not rows:
        return inserted
    for start in range(0, len(rows), MAX_ROWS_PER_STATEMENT):
        chunk = rows[start:start + MAX_ROWS_PER_STATEMENT]
        result = conn.exec_driver_sql(d.insert(table, columns, len(chunk), ignore=True, returning=columns[0]),
                                      tuple(v for row in chunk for v in row))
        inserted.update(result.scalars())
    return inserted


def execute_many(conn: sa.Connection, sql: str, rows: list[Row]) -> None:
    """Run `sql` (with `?` marks) once per row of plain values (no conversion)."""
    if not rows:
        return
    conn.exec_driver_sql(_for(conn).sql(sql), rows)


def select(conn: sa.Connection, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """The rows of a query written with `?` marks (plain values in and out)."""
    return [tuple(r) for r in conn.exec_driver_sql(_for(conn).sql(sql), tuple(params))]


def select_in(conn: sa.Connection, sql: str, values: Iterable[Any]) -> list[tuple]:
    """The rows of a query whose `{}` is an IN list of `values`, asked in chunks (a batch of
    any size stays within the engines' limits on parameters)."""
    order = sorted(set(values))
    found: list[tuple] = []
    for start in range(0, len(order), MAX_ROWS_PER_STATEMENT):
        chunk = order[start:start + MAX_ROWS_PER_STATEMENT]
        found.extend(select(conn, sql.format(", ".join(["?"] * len(chunk))), chunk))
    return found
