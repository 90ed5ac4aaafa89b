"""The readable view of a story (`claimgraph story`): the responsibility matrix, position
changes, contradictions, figures by source and the claims' spread, as rich tables."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .render import NONE, shorten

# How a cell shows a stance: a short word and a colour that does not rely on colour alone.
_CELL = {
    "accuse": ("accuses", "bold red"), "claim_responsibility": ("claims it", "bold magenta"),
    "acknowledge": ("acknowledges", "yellow"), "assert": ("says so", "yellow"),
    "deny": ("denies", "bold green"), "reject": ("rejects", "green"),
    "question": ("questions", "cyan"), "warn": ("warns", "cyan"), "other": ("other", "dim"),
}
MAX_PARTIES = 8
MAX_ROWS = 25


def print_story(story: Any, console: Console) -> None:
    e = story.event
    when = e["date_start"] + (f" – {e['date_end']}" if e.get("date_end") and e["date_end"] != e["date_start"] else "") \
        if e.get("date_start") else "date unknown"
    console.print(Text(f"{e['label']}", style="bold"))
    console.print(Text(f"{e['articles']} article{'s' * (e['articles'] != 1)}; {when}; event {e['id']}", style="dim"))
    console.print()
    console.print(matrix_table(story))
    if story.changes:
        console.print(changes_table(story))
    if story.contradictions:
        console.print(contradictions_table(story))
    if story.figures:
        console.print(figures_table(story))
    if story.related_figures:
        console.print(related_figures_table(story))
    if story.claims:
        console.print(claims_table(story))


def matrix_table(story: Any) -> Table:
    parties = story.parties[:MAX_PARTIES]
    t = Table(title="Who says who is responsible (latest stance; statements in brackets)",
              title_justify="left", show_lines=False)
    t.add_column("speaker", overflow="fold")
    for p in parties:
        t.add_column(p, overflow="fold")
    shown = [sp for sp in story.speakers if any((sp, p) in story.matrix for p in parties)]
    for sp in shown[:MAX_ROWS]:
        row = [sp]
        for p in parties:
            ev = story.matrix.get((sp, p))
            if not ev:
                row.append(Text("·", style="dim"))
                continue
            word, style = _CELL.get(ev[-1].stance, (ev[-1].stance, ""))
            row.append(Text(f"{word} ({len(ev)})", style=style))
        t.add_row(*row)
    return t


def changes_table(story: Any) -> Table:
    t = Table(title="Position changes", title_justify="left")
    for col in ("date", "actor", "change", "said"):
        t.add_column(col, overflow="fold")
    for c in story.changes[:MAX_ROWS]:
        ev = c["evidence"]
        if c["kind"] == "reversal":
            what = f"turns to {'affirm' if c['polarity'] > 0 else 'reject'} {c['party']}'s responsibility"
        elif c["kind"] == "first":
            what = f"names {c['party']} for the first time, still blaming {', '.join(c['still_blamed'])}"
        else:
            what = f"first position on {c['party']}"
        t.add_row(ev["published"] or NONE, c["actor"], what, shorten(ev["content"], 100))
    return t


def contradictions_table(story: Any) -> Table:
    t = Table(title=f"Contradictions ({len(story.contradictions)})", title_justify="left")
    for col in ("claim", "affirms", "rejects"):
        t.add_column(col, overflow="fold")
    for c in story.contradictions[:MAX_ROWS]:
        a, r = c["affirming"], c["rejecting"]
        t.add_row(c["claim"], f"{a['speaker']} ({a['published'] or '?'}, {a['outlet'] or '?'})",
                  f"{r['speaker']} ({r['published'] or '?'}, {r['outlet'] or '?'})")
    return t


def figures_table(story: Any) -> Table:
    t = Table(title="Figures by source", title_justify="left")
    for col in ("figure", "value", "given by"):
        t.add_column(col, overflow="fold")
    for kind, values in story.figures.items():
        mark = " (sources disagree)" if len({v["value"] for v in values}) > 1 else ""
        for i, v in enumerate(values):
            t.add_row(kind + mark if i == 0 else "", _figure_value(v), _given_by(v))
    return t


def _figure_value(v: dict[str, Any]) -> str:
    return f"{v['qualifier'] + ' ' if v['qualifier'] else ''}{v['value']}"


def _given_by(v: dict[str, Any]) -> str:
    return "; ".join(f"{s['outlet'] or '?'} {s['published'] or ''}".strip() for s in v["sources"])


def related_figures_table(story: Any) -> Table:
    t = Table(title="Figures the sources disagree on, for other events in these articles", title_justify="left")
    for col in ("event", "figure", "value", "given by"):
        t.add_column(col, overflow="fold")
    for c in story.related_figures:
        for i, v in enumerate(c["values"]):
            t.add_row(shorten(c["event"]["label"], 60) if i == 0 else "", c["kind"] if i == 0 else "",
                      _figure_value(v), _given_by(v))
    return t


def claims_table(story: Any) -> Table:
    t = Table(title="Claims: first appearance and spread", title_justify="left")
    for col in ("claim", "statements", "first", "outlets", "origins"):
        t.add_column(col, overflow="fold")
    for c in story.claims[:MAX_ROWS]:
        if c["statements"] < 2:
            continue
        first = c["first"]
        t.add_row(shorten(c["label"], 90) + (" [contested]" if c["contested"] else ""), str(c["statements"]),
                  f"{first['published'] or '?'} {first['outlet'] or ''}".strip(), str(len(c["outlets"])),
                  f"{c['origins']} of {c['appearances']}")
    return t
