"""Small inline SVG charts (no JavaScript, no library): a timeline with one lane per row
(a party, a stance) and one dot per statement, each dot a link to its evidence.

Inline SVG scales with the page (viewBox + width 100%), prints, and is read by screen readers
through its <title>s; the same data is always in a table or list next to the chart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup, escape

WIDTH = 720
LANE = 26
LEFT = 150
RIGHT = 40
TOP = 28
MAX_LANES = 20


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def timeline(points: list[dict[str, Any]], title: str) -> Markup:
    """points: {"date", "lane", "cls", "label", "href"}; lanes in order of first appearance."""
    dated = [(p, _day(p.get("date"))) for p in points]
    dated = [(p, d) for p, d in dated if d is not None]
    if not dated:
        return Markup('<p class="muted">No dated statements to chart.</p>')
    lanes: list[str] = []
    for p, _ in dated:
        if p["lane"] not in lanes:
            lanes.append(p["lane"])
    lanes = lanes[:MAX_LANES]
    first = min(d for _, d in dated)
    last = max(d for _, d in dated)
    span = max(1, (last - first).days)
    height = TOP + LANE * len(lanes) + 24
    plot = WIDTH - LEFT - RIGHT

    def x(d: dt.date) -> float:
        return LEFT + plot * ((d - first).days / span if span else 0.5)

    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">',
           f"<title>{escape(title)}</title>"]
    for i, lane in enumerate(lanes):
        y = TOP + LANE * i + LANE / 2
        out.append(f'<line class="lane" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>')
        label = lane if len(lane) <= 22 else lane[:21] + "…"
        out.append(f'<text class="lane-label" x="{LEFT - 8}" y="{y + 4}" text-anchor="end">{escape(label)}</text>')
    out.append(f'<text class="axis" x="{LEFT}" y="{TOP - 10}" text-anchor="start">{first.isoformat()}</text>')
    if last != first:
        out.append(f'<text class="axis" x="{WIDTH - RIGHT}" y="{TOP - 10}" text-anchor="end">{last.isoformat()}</text>')
    # statements of one lane on one day are spread a little so that each stays clickable
    seen: dict[tuple[int, dt.date], int] = {}
    for p, d in dated:
        if p["lane"] not in lanes:
            continue
        i = lanes.index(p["lane"])
        n = seen[(i, d)] = seen.get((i, d), -1) + 1
        cx = x(d) + (n % 5) * 7
        cy = TOP + LANE * i + LANE / 2 + (n // 5) * 4 - 4 * (n >= 5)
        out.append(f'<a href="{escape(p["href"])}"><circle class="dot {escape(p["cls"])}" cx="{cx:.1f}" cy="{cy:.1f}" r="6">'
                   f"<title>{escape(p['label'])}</title></circle></a>")
    out.append("</svg>")
    return Markup("".join(out))
