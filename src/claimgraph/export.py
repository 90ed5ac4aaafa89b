"""Exports of a store: the analysis records (JSON Lines), or one row per statement (CSV, JSON
Lines rows, Parquet) with its speaker, targets and article metadata.

Everything streams: rows are read from the store in batches and written as they come (Parquet
in row groups), so memory stays flat however large the store is.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .store.results import Statement

# The statement columns of CSV and Parquet exports, in order (all of `Statement` but the
# content spans' offsets, which go in as JSON text).
COLUMNS: tuple[str, ...] = (
    "attribution_id", "article_id", "doc_id", "group_id", "local_id", "type", "stance",
    "speaker", "speaker_type", "source", "cue", "content", "content_spans", "conduit",
    "conduit_entity", "targets", "outlet", "site_name", "published", "title", "url",
    "evidence_start", "evidence_end", "evidence",
)
PARQUET_ROWS_PER_GROUP = 10_000


def statement_row(s: Statement) -> dict[str, Any]:
    """A flat row: lists and spans as JSON text (CSV has no lists)."""
    row = s.to_dict()
    return {name: (json.dumps(row[name], ensure_ascii=False) if name in ("content_spans", "targets")
                   else row[name]) for name in COLUMNS}


def write_records_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """FORMAT.md records, one per line, exactly as they were stored."""
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_statements_jsonl(statements: Iterable[Statement], out: IO[str]) -> int:
    n = 0
    for s in statements:
        out.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_statements_csv(statements: Iterable[Statement], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for s in statements:
        writer.writerow(statement_row(s))
        n += 1
    return n


def write_statements_parquet(statements: Iterable[Statement], path: str) -> int:
    """A Parquet file with the statement columns (targets as a list of names)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([
        *((name, pa.string()) for name in COLUMNS
          if name not in ("targets", "evidence_start", "evidence_end")),
        ("targets", pa.list_(pa.string())),
        ("evidence_start", pa.int64()),
        ("evidence_end", pa.int64()),
    ])
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for chunk in _chunks(statements, PARQUET_ROWS_PER_GROUP):
            columns: dict[str, list[Any]] = {name: [] for name in schema.names}
            for s in chunk:
                row = s.to_dict()
                for name in schema.names:
                    value = row[name]
                    if name == "content_spans":
                        value = json.dumps(value, ensure_ascii=False)
                    columns[name].append(value)
            writer.write_table(pa.table(columns, schema=schema))
            n += len(chunk)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def _chunks(items: Iterable[Statement], size: int) -> Iterator[list[Statement]]:
    chunk: list[Statement] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
