"""Pairwise precision and recall of actor merges against expected clusters.

Gold clusters list some members (refs "article#e3"); a pair counts when at least one of its
members is listed, so a gold list that covers only the actors a test cares about still
catches every wrong merge into them (a listed member joined to an unlisted one is a false
merge). Counting is by cluster sizes, linear in the number of members.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PairScore:
    true_pairs: int
    predicted_pairs: int
    gold_pairs: int

    @property
    def precision(self) -> float:
        return self.true_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_pairs / self.gold_pairs if self.gold_pairs else 1.0

    def __add__(self, other: "PairScore") -> "PairScore":
        return PairScore(self.true_pairs + other.true_pairs, self.predicted_pairs + other.predicted_pairs,
                         self.gold_pairs + other.gold_pairs)

    def __str__(self) -> str:
        return (f"P={self.precision:.3f} R={self.recall:.3f} "
                f"({self.true_pairs} right of {self.predicted_pairs} merged pairs, {self.gold_pairs} expected)")


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(predicted: Mapping[str, str], gold: Iterable[Iterable[str]]) -> PairScore:
    """Score `predicted` (member ref -> actor id) against gold clusters of member refs."""
    gold_of: dict[str, int] = {}
    gold_sizes: list[int] = []
    for n, cluster in enumerate(gold):
        refs = set(cluster)
        gold_sizes.append(len(refs))
        for r in refs:
            if r in gold_of:
                raise ValueError(f"{r} is in two gold clusters")
            gold_of[r] = n
    cells: Counter[tuple[str, int]] = Counter()
    listed: Counter[str] = Counter()
    unlisted: Counter[str] = Counter()
    for ref, actor in predicted.items():
        if ref in gold_of:
            cells[(actor, gold_of[ref])] += 1
            listed[actor] += 1
        else:
            unlisted[actor] += 1
    true_pairs = sum(_pairs(n) for n in cells.values())
    predicted_pairs = sum(_pairs(listed[a] + unlisted[a]) - _pairs(unlisted[a]) for a in listed)
    return PairScore(true_pairs, predicted_pairs, sum(_pairs(n) for n in gold_sizes))
