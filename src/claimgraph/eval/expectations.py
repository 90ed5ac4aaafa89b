"""Score an `Analysis` against a hand-written expectation file (tests/data/expected/*.json).

PolNeAR measures spans; it cannot tell whether a speaker was resolved, a stance is right or a
conduit was found. Our own expectation files can: each lists, for one article, the
attributions a careful reader finds, located by their cue (the n-th occurrence of the cue
string in the text), with the canonical speaker name, the stance, the conduit and targets.

An expected attribution is *found* when a predicted attribution's cue overlaps the expected
cue occurrence (or, for cue-less floating quotes, its content starts at the expected words).
On found ones we compare the resolved speaker (entity name or any of its aliases, accent- and
case-insensitively), the stance, the conduit entity, and the targets.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Analysis, Attribution


def fold(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, for comparisons."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters.casefold()).split())


@dataclass
class ExpectationScore:
    doc: str
    expected: int = 0
    found: int = 0
    speaker_right: int = 0
    stance_right: int = 0
    conduit_expected: int = 0
    conduit_right: int = 0
    targets_expected: int = 0
    targets_right: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: "ExpectationScore") -> None:
        for name in ("expected", "found", "speaker_right", "stance_right", "conduit_expected",
                     "conduit_right", "targets_expected", "targets_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses
        self.wrong += other.wrong

    def rates(self) -> dict[str, float]:
        def r(a: int, b: int) -> float:
            return round(a / b, 3) if b else 1.0

        return {
            "recall": r(self.found, self.expected),
            "speaker_accuracy": r(self.speaker_right, self.found),
            "stance_accuracy": r(self.stance_right, self.found),
            "conduit_accuracy": r(self.conduit_right, self.conduit_expected),
            "target_recall": r(self.targets_right, self.targets_expected),
        }

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "expected": self.expected, "found": self.found, **self.rates()}


def load_expectations(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _nth(text: str, needle: str, n: int) -> int:
    pos = -1
    for _ in range(max(n, 1)):
        pos = text.find(needle, pos + 1)
        if pos == -1:
            return -1
    return pos


def _names(analysis: Analysis, entity_id: str | None) -> set[str]:
    entity = analysis.entity(entity_id)
    if entity is None:
        return set()
    return {fold(entity.name), *(fold(a) for a in entity.aliases)}


def _find(analysis: Analysis, exp: dict[str, Any]) -> Attribution | None:
    text = analysis.text
    cue = exp.get("cue")
    if cue:
        start = _nth(text, cue, int(exp.get("cue_occurrence", 1)))
        if start == -1:
            raise ValueError(f"expected cue {cue!r} (occurrence {exp.get('cue_occurrence', 1)}) "
                             f"is not in the text of {analysis.id}")
        end = start + len(cue)
        for a in analysis.attributions:
            if a.cue and a.cue.start < end and start < a.cue.end:
                return a
    head = exp.get("content_start")
    if head:
        start = text.find(head)
        for a in analysis.attributions:
            if a.content and any(c.start <= start + 2 and start < c.end for c in a.content[:1]):
                return a
    return None


def score_expectations(analysis: Analysis, expectations: dict[str, Any]) -> ExpectationScore:
    score = ExpectationScore(doc=str(expectations.get("doc", analysis.id)))
    for exp in expectations["attributions"]:
        score.expected += 1
        label = f"{score.doc}: {exp.get('cue')!r}#{exp.get('cue_occurrence', 1)} ({exp.get('speaker')})"
        found = _find(analysis, exp)
        if found is None:
            score.misses.append(label)
            continue
        score.found += 1
        problems = []
        if fold(exp["speaker"]) in _names(analysis, found.speaker):
            score.speaker_right += 1
        else:
            got = analysis.entity(found.speaker)
            problems.append(f"speaker {got.name if got else None!r}")
        if found.stance == exp.get("stance"):
            score.stance_right += 1
        else:
            problems.append(f"stance {found.stance!r} (expected {exp.get('stance')!r})")
        if exp.get("conduit"):
            score.conduit_expected += 1
            if found.conduit and fold(exp["conduit"]) in _names(analysis, found.conduit.entity):
                score.conduit_right += 1
            else:
                problems.append(f"conduit {found.conduit.text if found.conduit else None!r}")
        for target in exp.get("targets") or []:
            score.targets_expected += 1
            if any(fold(target) in _names(analysis, t) for t in found.targets):
                score.targets_right += 1
            else:
                problems.append(f"target {target!r} missing")
        if problems:
            score.wrong.append(f"{label}: " + "; ".join(problems))
    return score
