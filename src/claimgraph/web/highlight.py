"""An article's text as HTML with every attribution highlighted.

Spans may nest or overlap (a quote inside another statement's content, two statements sharing
a source), so the text is cut at every span boundary and each piece is marked with the
innermost span covering it: the reader always sees the most specific role. Each statement's
sentence gets an anchor (`ev-<attribution id>`), which is where "see it in its sentence"
links land.

Each highlight is keyboard-focusable (the first piece of each span) and carries a small
tooltip (speaker, stance, targets) that CSS shows on hover and on focus, so it works without
JavaScript and without a mouse.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

ROLE_NAMES = {"source": "source", "cue": "cue", "content": "content", "conduit": "via"}


def _tip(s: dict[str, Any] | None, role: str, tip_id: str | None = None) -> str:
    if s is None:
        return ""
    id_attr = f' id="{tip_id}"' if tip_id else ""
    speaker = s.get("speaker") or s.get("source") or "unknown speaker"
    targets = ", ".join(s.get("targets") or []) or "none"
    status = " (rejected by a reviewer)" if s.get("rejected") else (" (corrected)" if s.get("machine") else "")
    return (f'<span class="tip" role="tooltip"{id_attr}>{escape(ROLE_NAMES[role])}: <b>{escape(speaker)}</b> · {escape(s.get("stance") or "")}'
            f"{escape(status)}<br>targets: {escape(targets)}</span>")


def render(text: str, highlights: list[dict[str, Any]], statements: dict[str, dict[str, Any]]) -> Markup:
    cuts = {0, len(text)}
    for h in highlights:
        cuts.add(max(0, min(len(text), h["start"])))
        cuts.add(max(0, min(len(text), h["end"])))
    anchors: dict[int, list[str]] = {}
    for aid, s in statements.items():
        pos = max(0, min(len(text), s.get("evidence_start") or 0))
        anchors.setdefault(pos, []).append(aid)
        cuts.add(pos)
    bounds = sorted(cuts)
    # spans sorted by start: a sweep keeps the ones open at each piece
    spans = sorted(highlights, key=lambda h: (h["start"], h["end"]))
    out: list[str] = []
    focused: set[tuple[str, str, int]] = set()
    i = 0
    active: list[dict[str, Any]] = []
    for a, b in zip(bounds, bounds[1:] + [None]):
        for aid in anchors.get(a, ()):
            out.append(f'<span class="anchor" id="ev-{escape(aid)}"></span>')
        if b is None:
            break
        while i < len(spans) and spans[i]["start"] <= a:
            active.append(spans[i])
            i += 1
        active = [h for h in active if h["end"] > a]
        piece = escape(text[a:b])
        covering = [h for h in active if h["start"] <= a and h["end"] >= b]
        if not covering:
            out.append(str(piece))
            continue
        h = min(covering, key=lambda h: (h["end"] - h["start"], h["role"] != "cue"))
        s = statements.get(h["attribution_id"])
        stance = (s or {}).get("stance") or "other"
        key = (h["attribution_id"], h["role"], h["start"])
        focus = key not in focused
        focused.add(key)
        classes = f"hl role-{h['role']} stance-{escape(stance)}" + (" rejected" if (s or {}).get("rejected") else "")
        # the first piece of each span takes the keyboard focus; its tooltip is its description
        tip_id = f"tip-{len(focused)}" if focus else None
        attrs = f' tabindex="0" aria-describedby="{tip_id}"' if focus else ""
        out.append(f'<mark class="{classes}" data-st="{escape(h["attribution_id"])}"{attrs}>'
                   f"{piece}{_tip(s, h['role'], tip_id)}</mark>")
    return Markup("".join(out))
