"""The readable view of analysis records: one table per document, one row per attribution,
saying who said what (speaker, cue, stance, content, via whom, about whom).

It reads the FORMAT.md record as a dict (what `Analysis.to_dict()` returns and what a JSONL
line holds), so it renders fresh analyses and saved files alike. Only rich is imported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

CONTENT_CHARS = 160  # content is shortened in the table; the JSONL keeps it whole
NONE = "—"


def shorten(text: str, limit: int = CONTENT_CHARS) -> str:
    """One line of at most `limit` chars, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    if cut < limit // 2:
        cut = limit - 1
    return text[:cut].rstrip(" ,;:") + "…"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _entity_names(record: dict[str, Any]) -> dict[str, str]:
    return {e["id"]: e["name"] for e in record.get("entities") or []}


def speaker_label(attribution: dict[str, Any], names: dict[str, str]) -> str:
    """The resolved entity's name, with the words the text used when they differ
    ("he → Alexander Bortnikov"); the source text alone when unresolved."""
    source = (attribution.get("source") or {}).get("text")
    name = names.get(attribution.get("speaker") or "")
    if name and source and " ".join(source.split()).casefold() != name.casefold():
        return f"{' '.join(source.split())} → {name}"
    return name or (" ".join(source.split()) if source else NONE)


def attribution_row(attribution: dict[str, Any], names: dict[str, str]) -> list[str]:
    cue = (attribution.get("cue") or {}).get("text") or NONE
    content = " … ".join(c["text"] for c in attribution.get("content") or [])
    conduit = attribution.get("conduit")
    via = NONE
    if conduit:
        via = " ".join(conduit["text"].split())
        if conduit.get("entity") in names and names[conduit["entity"]].casefold() not in via.casefold():
            via += f" ({names[conduit['entity']]})"
    targets = ", ".join(names.get(t, t) for t in attribution.get("targets") or []) or NONE
    return [
        attribution.get("id", ""),
        speaker_label(attribution, names),
        " ".join(cue.split()),
        attribution.get("stance") or NONE,
        shorten(content) if content else NONE,
        via,
        targets,
    ]


def document_table(record: dict[str, Any]) -> Table:
    """The table for one record: who said what, in text order."""
    names = _entity_names(record)
    attributions = record.get("attributions") or []
    published = (record.get("meta") or {}).get("published")
    title = f"[bold]{record.get('id') or '(no id)'}[/bold]"
    if published:
        title += f"  ({published})"
    table = Table(title=title, title_justify="left", show_lines=True, expand=False,
                  caption=f"{_count(len(attributions), 'attribution')}, {_count(len(names), 'entity', 'entities')}",
                  caption_justify="left")
    table.add_column("#", style="dim", no_wrap=True)
    table.add_column("speaker", style="bold cyan", ratio=2)
    table.add_column("cue", style="magenta", ratio=1)
    table.add_column("stance", style="yellow", no_wrap=True)
    table.add_column("content", ratio=5)
    table.add_column("via", style="green", ratio=2)
    table.add_column("targets", style="red", ratio=2)
    for a in attributions:
        table.add_row(*(Text(cell) for cell in attribution_row(a, names)))
    return table


def make_console(file: TextIO, *, width: int | None = None) -> Console:
    """A console for `file`: coloured on a terminal, plain text in a file or a pipe, where rich
    would otherwise squeeze the table into 80 columns."""
    is_terminal = file.isatty() if hasattr(file, "isatty") else False
    if width is None and not is_terminal:
        width = 160
    return Console(file=file, width=width, no_color=not is_terminal, highlight=False,
                   force_terminal=is_terminal or None, soft_wrap=False)


def print_tables(records: Iterable[dict[str, Any]], console: Console) -> None:
    for record in records:
        console.print(document_table(record))
        console.print()


def statements_table(statements: Iterable[Any]) -> Table:
    """Stored statements (`claimgraph.store.Statement`) as one table: when, where, who, what."""
    table = Table(show_lines=False, expand=True, pad_edge=False)
    table.add_column("published", no_wrap=True)
    table.add_column("outlet", overflow="fold")
    table.add_column("speaker", overflow="fold")
    table.add_column("stance", no_wrap=True)
    table.add_column("said", ratio=3, overflow="fold")
    table.add_column("via", overflow="fold")
    table.add_column("about", overflow="fold")
    for s in statements:
        speaker = s.speaker or (f"({s.source})" if s.source else NONE)
        table.add_row(s.published or NONE, s.outlet or NONE, speaker, s.stance,
                      Text(shorten(s.content)), s.conduit or NONE,
                      ", ".join(s.targets) or NONE)
    return table


def print_statements(statements: list[Any], console: Console) -> None:
    if statements:
        console.print(statements_table(statements))
        console.print(Text(f"{_count(len(statements), 'statement')}", style="dim"))
