"""Analysing a batch of inputs so that no single document can stop the batch.

`analyse_inputs` streams checked inputs (see `inputs.py`) through `Pipeline.pipe`, which is
fast (spaCy batches, optionally several processes) but all-or-nothing: an exception raised
while analysing one document ends the whole stream, and with `n_process > 1` spaCy does not
say which document it was. So when the stream fails, the documents that were in flight are
analysed again one at a time in this process (each failure now pinned to its document and
reported), and a fresh stream resumes with the inputs not yet read. Inputs are validated
before analysis (`inputs.py`), so such failures are rare and the retry costs little.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .inputs import InputError, TextInput

if TYPE_CHECKING:  # spaCy is slow to import; the CLI imports this module before it needs it
    from .model import Analysis, Meta
    from .nlp.pipeline import Pipeline


@dataclass(frozen=True)
class Outcome:
    """What became of one input: its analysis, or the reason it has none."""

    name: str
    id: str | None
    analysis: "Analysis | None" = None
    error: str | None = None
    item: TextInput | None = None  # the input itself (None for an input error)

    @property
    def ok(self) -> bool:
        return self.analysis is not None


def describe_failure(exc: BaseException) -> str:
    return f"analysis failed ({failure_detail(exc)})"


def failure_detail(exc: BaseException) -> str:
    message = str(exc)
    if "Traceback (most recent call last)" in message:
        # spaCy's multiprocessing wraps a worker's error with its whole traceback (E871):
        # the last line is the error itself.
        lines = [line for line in message.splitlines() if line.strip()]
        message = f"in a worker process: {lines[-1].strip()}"
    detail = " ".join(message.split())
    if len(detail) > 200:
        detail = detail[:199] + "…"
    return f"{type(exc).__name__}{': ' + detail if detail else ''}"


def analyse_inputs(pipeline: "Pipeline", items: Iterable[TextInput | InputError], *,
                   published: "str | Callable[[TextInput], str | None] | None" = None, n_process: int = 1,
                   batch_size: int = 32, meta: "Callable[[TextInput], Meta] | None" = None,
                   warn: Callable[[str], None] | None = None) -> Iterator[Outcome]:
    """Yield one `Outcome` per item. `published` is one date for all, or a function giving each
    input's date; `meta`, a function giving each input's record metadata (title, url, outlet,
    ...; `published` overrides its date). Analyses come in input order; an input error is
    yielded as soon as it is met, which may be before the analyses of inputs read just before it.

    If a multi-process stream fails but each of its documents then analyses fine on its own,
    the fault lies with the worker processes, not the documents: the rest of the batch goes on
    in one process, and `warn` is told why."""
    def date_of(item: TextInput) -> str | None:
        return published(item) if callable(published) else published

    def context(item: TextInput) -> dict:
        return {"id": item.id, "published": date_of(item), "meta": meta(item) if meta else None}

    source = iter(items)
    bad: deque[InputError] = deque()
    in_flight: deque[TextInput] = deque()

    def feed() -> Iterator[tuple[str, dict]]:
        # spaCy pulls from here ahead of what it yields: `in_flight` holds what it has taken
        # and not yet returned, which is exactly what a failure leaves unfinished.
        for item in source:
            if isinstance(item, InputError):
                bad.append(item)
                continue
            in_flight.append(item)
            yield item.text, context(item)

    def flush_bad() -> Iterator[Outcome]:
        while bad:
            e = bad.popleft()
            yield Outcome(e.name, None, error=e.reason)

    while True:
        try:
            for analysis in pipeline.pipe(feed(), n_process=n_process, batch_size=batch_size):
                yield from flush_bad()
                item = in_flight.popleft()
                yield Outcome(item.name, item.id, analysis=analysis, item=item)
            break
        except Exception as exc:
            if not in_flight:
                raise  # not a document's fault (the pipeline itself is broken): stop loudly
            yield from flush_bad()
            stuck = list(in_flight)
            in_flight.clear()
            failed = 0
            for item in stuck:
                try:
                    ctx = context(item)
                    analysis = pipeline.analyze(item.text, id=item.id, published=ctx["published"],
                                                meta=ctx["meta"])
                except Exception as one:  # noqa: BLE001 - reported per document, batch goes on
                    failed += 1
                    yield Outcome(item.name, item.id, error=describe_failure(one), item=item)
                else:
                    yield Outcome(item.name, item.id, analysis=analysis, item=item)
            if n_process > 1 and not failed:
                n_process = 1
                if warn is not None:
                    warn(f"analysis in several processes failed ({failure_detail(exc)}); "
                         "going on in one process")
    yield from flush_bad()
