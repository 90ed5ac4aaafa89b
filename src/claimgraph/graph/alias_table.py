"""The user's alias table: a CSV of actors and the other names they go by.

    name,alias,type,wikidata
    Main Directorate of Intelligence,HUR,ORG,Q4282207
    Main Directorate of Intelligence,GUR,,
    Islamic State Khorasan,Vilayat Khorasan,,
    Yevgeny Prigozhin,Prigojine,PERSON,

Each `name` defines an actor (with the row's type and Wikidata id, which may be given on any of
its rows); each `alias` is another name of it. Matching folds case, accents, articles and
punctuation (`entity_names.name_key`). The table wins over the rules: an entity named by a
table form joins that actor, whatever the rules say. `type` and `wikidata` are optional; a
name's rows must not disagree about them. Bad rows raise `AliasTableError` naming the file and
line.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import ENTITY_TYPES
from ..nlp.entity_names import name_key

HEADER = ("name", "alias", "type", "wikidata")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")


class AliasTableError(ValueError):
    """A row of an alias table that cannot be used; the message names file and line."""


@dataclass
class TableActor:
    name: str
    type: str | None = None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    line: int = 0  # where it is first defined, for messages


@dataclass
class AliasTable:
    actors: list[TableActor] = field(default_factory=list)
    source: str = "<alias table>"
    _by_key: dict[str, TableActor] = field(default_factory=dict, repr=False)

    def lookup(self, text: str) -> TableActor | None:
        """The table actor that `text` names (as its name or an alias), or None."""
        return self._by_key.get(name_key(text))

    def __len__(self) -> int:
        return len(self.actors)

    @classmethod
    def from_rows(cls, rows: list[dict[str, str]] | list[tuple[str, ...]], source: str = "<alias table>") -> "AliasTable":
        """A table from rows already read: dicts with the header's keys or tuples in its order.
        Row numbers in errors count the header as line 1."""
        table = cls(source=source)
        for n, row in enumerate(rows, start=2):
            if not isinstance(row, dict):
                row = dict(zip(HEADER, row))
            table._add(row, n)
        return table

    def _error(self, line: int, message: str) -> AliasTableError:
        return AliasTableError(f"{self.source}:{line}: {message}")

    def _add(self, row: dict[str, str | None], line: int) -> None:
        name = (row.get("name") or "").strip()
        alias = (row.get("alias") or "").strip()
        etype = (row.get("type") or "").strip().upper() or None
        wikidata = (row.get("wikidata") or "").strip() or None
        if not name:
            raise self._error(line, "empty name (every row needs the actor's name in the first column)")
        if not name_key(name):
            raise self._error(line, f"name {name!r} is empty once articles and punctuation are dropped")
        if alias and not name_key(alias):
            raise self._error(line, f"alias {alias!r} is empty once articles and punctuation are dropped")
        if etype is not None and etype not in ENTITY_TYPES:
            raise self._error(line, f"unknown type {row.get('type')!r} (one of {', '.join(ENTITY_TYPES)}, or empty)")
        if wikidata is not None and not _WIKIDATA.match(wikidata):
            raise self._error(line, f"bad Wikidata id {wikidata!r} (expected Q followed by digits, e.g. Q7747)")
        actor = self._by_key.get(name_key(name))
        if actor is None:
            actor = TableActor(name=name, line=line)
            self.actors.append(actor)
            self._by_key[name_key(name)] = actor
        elif actor.name != name and name_key(actor.name) != name_key(name):
            # the name is another actor's alias
            raise self._error(line, f"{name!r} is already an alias of {actor.name!r} (line {actor.line})")
        if etype is not None:
            if actor.type is not None and actor.type != etype:
                raise self._error(line, f"type {etype} for {name!r} disagrees with {actor.type} given earlier")
            actor.type = etype
        if wikidata is not None:
            if actor.wikidata is not None and actor.wikidata != wikidata:
                raise self._error(line, f"Wikidata id {wikidata} for {name!r} disagrees with {actor.wikidata} given earlier")
            actor.wikidata = wikidata
        if alias:
            other = self._by_key.get(name_key(alias))
            if other is not None and other is not actor:
                raise self._error(line, f"alias {alias!r} already names {other.name!r} (line {other.line})")
            self._by_key[name_key(alias)] = actor
            if alias not in actor.aliases and alias != actor.name:
                actor.aliases.append(alias)


def load_alias_table(path: str | Path) -> AliasTable:
    """Read an alias table CSV (UTF-8, header `name,alias,type,wikidata`; the last two columns
    may be left out of the header)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AliasTableError(f"{path}: no such file") from None
    except UnicodeDecodeError as e:
        raise AliasTableError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    reader = csv.reader(text.splitlines())
    table = AliasTable(source=str(path))
    header: list[str] | None = None
    for line, cells in enumerate(reader, start=1):
        if not cells or not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip().lower() for c in cells]
            if header[:2] != ["name", "alias"] or any(h not in HEADER for h in header) or len(set(header)) != len(header):
                raise AliasTableError(f"{path}:{line}: header must be name,alias[,type][,wikidata], got {','.join(cells)!r}")
            continue
        if len(cells) > len(header):
            raise AliasTableError(f"{path}:{line}: {len(cells)} columns, the header has {len(header)} "
                                  "(quote a name that contains a comma)")
        table._add(dict(zip(header, cells)), line)
    if header is None:
        raise AliasTableError(f"{path}: empty (expected a header name,alias,type,wikidata)")
    return table
