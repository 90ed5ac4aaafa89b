"""Run the pipeline over a PolNeAR split and score it (what `claimgraph eval polnear` calls)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from .polnear import GoldDocument, read_polnear
from .scoring import EvalReport, Scorer, records_of

if TYPE_CHECKING:
    from ..model import Analysis
    from ..nlp.pipeline import Pipeline


def evaluate_polnear(directory: str | Path, *, pipeline: "Pipeline | None" = None,
                     limit: int | None = None, n_process: int = 1, progress: bool = True,
                     errors_path: str | Path | None = None, all_records: bool = False) -> EvalReport:
    """Analyse every annotated article of a PolNeAR split folder and score the result.

    `limit` keeps the first N articles (by name); `errors_path` receives one JSON line per error
    (see `scoring.error_records`); `progress` shows a progress bar on stderr; `all_records`
    scores nested attributions too (PolNeAR annotates only the outermost: see outermost.py)."""
    docs = read_polnear(directory)
    if limit is not None:
        docs = docs[:max(limit, 0)]
    if pipeline is None:
        from ..nlp.pipeline import Pipeline

        pipeline = Pipeline()
    predictions = pipeline.pipe(((d.text, {"id": d.id}) for d in docs), n_process=n_process)
    scorer = Scorer(all_records=all_records)
    with ExitStack() as stack:
        errors = (stack.enter_context(open(errors_path, "w", encoding="utf-8"))
                  if errors_path is not None else None)
        pairs = zip(docs, predictions)
        if progress:
            pairs = stack.enter_context(_progress(pairs, len(docs)))
        for gold, pred in pairs:
            match = scorer.add(gold, pred)
            if errors is not None:
                for rec in records_of(match):
                    errors.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return scorer.report


class _progress:
    """A rich progress bar on stderr around an iterator of (gold, predicted) pairs."""

    def __init__(self, pairs: Iterator[tuple[GoldDocument, "Analysis"]], total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.pairs, self.total = pairs, total
        self.bar = Progress(TextColumn("PolNeAR"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=Console(stderr=True), transient=False)

    def __enter__(self) -> Iterator[tuple[GoldDocument, "Analysis"]]:
        self.bar.start()
        task = self.bar.add_task("eval", total=self.total)

        def advance() -> Iterator[tuple[GoldDocument, "Analysis"]]:
            for pair in self.pairs:
                yield pair
                self.bar.advance(task)

        return advance()

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()
