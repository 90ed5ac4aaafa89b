"""Events from the drafts on a Doc to the FORMAT.md record, and their dates read against the
publication date.

Two steps because they run in different places: `event_dicts` runs where the Doc is (a worker
process, in the record component) and keeps each date as its expression; `dated` runs where
the document's metadata is known (`pipeline.analysis_from_doc`) and adds the date's value.
Until then a date carries a private `future` flag (the expression is governed by a future verb),
which `dated` consumes.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from ..graph.dates import normalise_date
from . import doc_state


def event_id(doc: Doc, draft: doc_state.DraftEvent | None) -> str | None:
    """The record id ("v1", "v2" ...) of one of the Doc's draft events (None for None)."""
    if draft is None:
        return None
    for n, v in enumerate(doc_state.events(doc), 1):
        if v is draft:
            return f"v{n}"
    return None


def event_dicts(doc: Doc, text: str) -> list[dict[str, Any]]:
    """The FORMAT.md `events` of a Doc, dates not yet read (see `dated`)."""
    records = []
    for n, v in enumerate(doc_state.events(doc), 1):
        date = None
        if v.date is not None:
            s, e = v.date
            date = {"start": s, "end": e, "text": text[s:e], "value": None, "end_value": None,
                    "precision": None, "future": v.date_future}
        place = None
        if v.place is not None:
            s, e = v.place
            place = {"start": s, "end": e, "text": text[s:e], "name": v.place_name}
        records.append({
            "id": f"v{n}",
            "type": v.type,
            "mentions": [[s, e] for s, e in v.mentions],
            "trigger": {"start": v.trigger[0], "end": v.trigger[1], "text": text[v.trigger[0]:v.trigger[1]]},
            "place": place,
            "date": date,
            "figures": [{"kind": f.kind, "value": f.value, "qualifier": f.qualifier, "counted": f.counted,
                         "start": f.span[0], "end": f.span[1], "text": text[f.span[0]:f.span[1]]}
                        for f in v.figures],
        })
    return records


def dated(events: list[dict[str, Any]], published: str | None) -> list[dict[str, Any]]:
    """`events` with each date's `value`, `end_value` (ISO) and `precision` read against
    `published` (left null when the expression cannot be placed)."""
    out = []
    for v in events:
        date = v.get("date")
        if date is not None:
            date = {k: x for k, x in date.items() if k != "future"}
            if date.get("value") is None:
                found = normalise_date(date["text"], published, future=bool(v["date"].get("future")))
                if found is not None:
                    date.update(value=found.start.isoformat(), end_value=found.end.isoformat(),
                                precision=found.precision)
            v = {**v, "date": date}
        out.append(v)
    return out
