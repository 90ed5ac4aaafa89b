"""What a write may contain: bounded, validated, nothing else accepted (extra fields refused).
The same models check the API's JSON bodies and the pages' forms."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from ..model import STANCES

MAX_NAME = 200
MAX_NOTE = 500
MAX_TARGETS = 20
MAX_QUERY = 200
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100
ID_PATTERN = r"^[0-9a-f]{32}$"
ACTOR_ID_PATTERN = r"^act_[0-9a-f]{16}$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_NOTE)]
Stance = Literal[STANCES]  # type: ignore[valid-type]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _printable(value: str | None) -> str | None:
    if value is not None and _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReviewIn(_Strict):
    verdict: Literal["accept", "reject"]
    note: Note | None = None

    @field_validator("note")
    @classmethod
    def _no_control(cls, v: str | None) -> str | None:
        return _printable(v)


class EditIn(_Strict):
    speaker: Name | None = None
    stance: Stance | None = None
    targets: list[Name] | None = Field(default=None, max_length=MAX_TARGETS)
    note: Note | None = None

    @field_validator("speaker", "note")
    @classmethod
    def _no_control(cls, v: str | None) -> str | None:
        return _printable(v)

    @field_validator("targets")
    @classmethod
    def _targets(cls, v: list[str] | None) -> list[str] | None:
        if v is None:
            return v
        for t in v:
            _printable(t)
        return list(dict.fromkeys(v))

    @model_validator(mode="after")
    def _something(self) -> "EditIn":
        if self.speaker is None and self.stance is None and self.targets is None:
            raise ValueError("give at least one of speaker, stance, targets")
        return self

    def edits(self) -> dict:
        return {k: v for k, v in (("speaker", self.speaker), ("stance", self.stance),
                                  ("targets", self.targets)) if v is not None}


class DecisionIn(_Strict):
    """Two actors (names or member refs "ARTICLE_ID#e3") that are, or are not, one actor."""

    a: Name
    b: Name
    note: Note | None = None

    @field_validator("a", "b", "note")
    @classmethod
    def _no_control(cls, v: str | None) -> str | None:
        return _printable(v)

    @model_validator(mode="after")
    def _different(self) -> "DecisionIn":
        if self.a.casefold() == self.b.casefold():
            raise ValueError("a and b must name two different actors")
        return self


def split_targets(raw: str | None) -> list[str] | None:
    """A form's comma-separated targets; an empty field means 'no targets' only when the
    user ticked it explicitly, so None (leave them) is returned for a field left blank."""
    if raw is None or not raw.strip():
        return None
    return [t.strip() for t in raw.split(",") if t.strip()]
