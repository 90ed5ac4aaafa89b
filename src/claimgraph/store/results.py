"""What the store hands back: plain dataclasses, no database objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

AddStatus = Literal["new", "near_duplicate", "duplicate", "reanalysed"]


@dataclass(frozen=True)
class AddResult:
    """What `Store.add` / `Store.add_location` did with one article.

    status: "new" (a new article, first of its near-duplicate group), "near_duplicate" (a new
    article that joined the group of a similar stored one), "duplicate" (its text was stored
    already: only the location was recorded), "reanalysed" (stored already; its analysis was
    replaced because `reanalyse=True`).
    location_added: False when this very location (same place, same raw bytes) was known.
    """

    article_id: str
    status: AddStatus
    group_id: str
    location_added: bool
    similarity: float | None = None  # estimated Jaccard to the closest article of the group


@dataclass(frozen=True)
class Statement:
    """One attribution with what a reader needs beside it (one row of `query_statements`)."""

    attribution_id: str
    article_id: str
    doc_id: str | None
    group_id: str
    local_id: str  # its id in the FORMAT.md record ("a3")
    type: str
    stance: str
    cue: str | None
    source: str | None
    speaker: str | None  # the resolved entity's name, else None
    speaker_type: str | None
    content: str  # the content spans' texts joined by " … "
    content_spans: list[dict[str, Any]]
    conduit: str | None
    conduit_entity: str | None
    targets: list[str]  # target entities' names
    outlet: str | None  # the source domain of the article's first location
    site_name: str | None  # the outlet's name there, when the source gave one
    published: str | None
    title: str | None
    url: str | None
    evidence_start: int
    evidence_end: int
    evidence: str  # text[evidence_start:evidence_end]: the sentence(s) the statement is in

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Counts:
    articles: int
    groups: int
    locations: int
    entities: int
    mentions: int
    attributions: int
    runs: int
    errors: int

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)
