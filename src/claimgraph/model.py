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

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "id": self.id,
            "text": self.text,
            "meta": self.meta.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "attributions": [a.to_dict() for a in self.attributions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Analysis":
        return cls(
            id=d.get("id"),
            text=d["text"],
            meta=Meta.from_dict(d.get("meta")),
            entities=[Entity.from_dict(e) for e in d.get("entities", [])],
            attributions=[Attribution.from_dict(a) for a in d.get("attributions", [])],
        )

    def entity(self, entity_id: str | None) -> Entity | None:
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None
