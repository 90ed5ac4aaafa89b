"""The analysis record of ../docs FORMAT.md (format version 1) as plain dataclasses.

These values are pure data: no spaCy objects, no database handles. An `Analysis` is what
the extractor produces for one document and what the store, the exports and the evaluation
read. `Analysis.to_dict()` returns exactly the FORMAT.md record; `Analysis.from_dict()`
reads one back (unknown fields are ignored, as the format asks of readers).

Offsets are Python `str` indices (code points) into `Analysis.text`, end exclusive, so
`text[span.start:span.end] == span.text` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT_VERSION = 1

ATTRIBUTION_TYPES = ("direct", "mixed", "indirect", "according_to", "other")
STANCES = (
    "assert",
    "accuse",
    "deny",
    "acknowledge",
    "reject",
    "claim_responsibility",
    "warn",
    "question",
    "other",
)
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "OTHER")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Span | None":
        if d is None:
            return None
        return cls(int(d["start"]), int(d["end"]), d["text"])


@dataclass(frozen=True)
class Conduit(Span):
    """The intermediary a statement reached the article through ("quoted by the Tass agency")."""

    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "entity": self.entity}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Conduit | None":
        if d is None:
            return None
        return cls(int(d["start"]), int(d["end"]), d["text"], d.get("entity"))


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "titles": list(self.titles),
            "mentions": [[s, e] for s, e in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Entity":
        return cls(
            id=d["id"],
            name=d["name"],
            type=d["type"],
            aliases=list(d.get("aliases", [])),
            titles=list(d.get("titles", [])),
            mentions=[(int(s), int(e)) for s, e in d.get("mentions", [])],
        )


@dataclass
class Attribution:
    id: str
    type: str
    cue: Span | None
    source: Span | None
    speaker: str | None
    content: list[Span]
    conduit: Conduit | None
    stance: str
    targets: list[str] = field(default_factory=list)
    event: str | None = None  # the id of the event the statement concerns (an `Event.id`)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "cue": self.cue.to_dict() if self.cue else None,
            "source": self.source.to_dict() if self.source else None,
            "speaker": self.speaker,
            "content": [c.to_dict() for c in self.content],
            "conduit": self.conduit.to_dict() if self.conduit else None,
            "stance": self.stance,
            "targets": list(self.targets),
            "event": self.event,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Attribution":
        return cls(
            id=d["id"],
            type=d["type"],
            cue=Span.from_dict(d.get("cue")),
            source=Span.from_dict(d.get("source")),
            speaker=d.get("speaker"),
            content=[Span.from_dict(c) for c in d.get("content", [])],  # type: ignore[misc]
            conduit=Conduit.from_dict(d.get("conduit")),
            stance=d.get("stance", "other"),
            targets=list(d.get("targets", [])),
            event=d.get("event"),
        )


EVENT_DATE_PRECISIONS = ("day", "week", "month", "part_of_month", "year")
FIGURE_KINDS = ("killed", "injured", "detained", "arrested", "missing")


@dataclass(frozen=True)
class Place(Span):
    """Where an event happened: the span, and the place's name (the entity's name when the
    place is one of the document's entities, else the span without its article)."""

    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "name": self.name}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Place | None":
        if d is None:
            return None
        return cls(int(d["start"]), int(d["end"]), d["text"], d.get("name"))


@dataclass(frozen=True)
class EventDate(Span):
    """When an event happened: the expression as written, and the inclusive range of days it
    names once read against the publication date (ISO dates; null when it cannot be placed)."""

    value: str | None = None
    end_value: str | None = None
    precision: str | None = None  # one of EVENT_DATE_PRECISIONS, or None with no value

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "value": self.value,
                "end_value": self.end_value, "precision": self.precision}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "EventDate | None":
        if d is None:
            return None
        return cls(int(d["start"]), int(d["end"]), d["text"], d.get("value"), d.get("end_value"),
                   d.get("precision"))


@dataclass(frozen=True)
class Figure(Span):
    """A count the text gives for an event: "more than 140 people were killed" is kind
    `killed`, value 140, qualifier "more than", counted "people"."""

    kind: str = "killed"  # one of FIGURE_KINDS
    value: int = 0
    qualifier: str | None = None
    counted: str | None = None  # the noun counted ("people", "suspects"), when the text gives one

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "qualifier": self.qualifier,
                "counted": self.counted, "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Figure":
        return cls(int(d["start"]), int(d["end"]), d["text"], d["kind"], int(d["value"]),
                   d.get("qualifier"), d.get("counted"))


@dataclass
class Event:
    """Something the document reports as having happened (or as planned): an attack, an arrest,
    a vote ... with every mention of it in the document."""

    id: str
    type: str
    trigger: Span  # the first mention's trigger word(s)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    place: Place | None = None
    date: EventDate | None = None
    figures: list[Figure] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mentions": [[s, e] for s, e in self.mentions],
            "trigger": self.trigger.to_dict(),
            "place": self.place.to_dict() if self.place else None,
            "date": self.date.to_dict() if self.date else None,
            "figures": [f.to_dict() for f in self.figures],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        return cls(
            id=d["id"],
            type=d["type"],
            trigger=Span.from_dict(d["trigger"]),  # type: ignore[arg-type]
            mentions=[(int(s), int(e)) for s, e in d.get("mentions", [])],
            place=Place.from_dict(d.get("place")),
            date=EventDate.from_dict(d.get("date")),
            figures=[Figure.from_dict(f) for f in d.get("figures", [])],
        )


@dataclass
class Meta:
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str = "en"

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published,
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Meta":
        d = d or {}
        return cls(
            title=d.get("title"),
            url=d.get("url"),
            outlet=d.get("outlet"),
            published=d.get("published"),
            language=d.get("language") or "en",
        )


@dataclass
class Analysis:
    id: str | None
    text: str
    meta: Meta = field(default_factory=Meta)
    entities: list[Entity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    # Added within format 1 (FORMAT.md: "later versions add events"); older records have none.
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "id": self.id,
            "text": self.text,
            "meta": self.meta.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "attributions": [a.to_dict() for a in self.attributions],
            "events": [v.to_dict() for v in self.events],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Analysis":
        return cls(
            id=d.get("id"),
            text=d["text"],
            meta=Meta.from_dict(d.get("meta")),
            entities=[Entity.from_dict(e) for e in d.get("entities", [])],
            attributions=[Attribution.from_dict(a) for a in d.get("attributions", [])],
            events=[Event.from_dict(v) for v in d.get("events", [])],
        )

    def entity(self, entity_id: str | None) -> Entity | None:
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def event(self, event_id: str | None) -> Event | None:
        for v in self.events:
            if v.id == event_id:
                return v
        return None
