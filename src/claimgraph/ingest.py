"""Ingest: from what a user collected to the claim database, in one resumable pass.

    >>> from claimgraph.ingest import ingest
    >>> from claimgraph.store import open_store
    >>> with open_store("claims.db") as store:
    ...     summary = ingest(["news/", "crawl.warc.gz"], store)

Sources (`claimgraph.sources.read_sources`) yield articles and errors; an article whose text is
stored already only gains its new location (no analysis: this is what makes a second run, or a
run resumed after a crash, cheap); the others are analysed (`Pipeline.pipe`, optionally in
several processes) and stored a few at a time, each batch in one transaction, so a process
killed at any moment leaves every article whole or absent. Storing overlaps with the analysis
of the next articles: a thread (`_Writer`) hands each batch to the store's own process
(store/writer_process.py, a fork that dies with the ingest), where the store's work, Python and
database alike, runs on another core instead of sharing this one (measured on 4,000 articles:
from a thread in this process the store cost 10 % of the ingest's wall time). Where there is
no fork, the thread stores the batches itself. Every input that gives no article, every
analysis that fails and every article the store refuses becomes a row of the store's ingest
errors with its location and reason; none of them stops the run.
"""

from __future__ import annotations

import dataclasses
import itertools
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

from sqlalchemy.exc import DBAPIError

from .batch import Outcome, analyse_inputs
from .inputs import TextInput, date_from_name
from .model import Meta
from .sources import Article, SourceError
from .sources.dispatch import read_sources
from .store.ids import sha256_hex
from .store.writer_process import Refused, StoreProcess, short_reason, store_batch

if TYPE_CHECKING:
    from .nlp.pipeline import Pipeline
    from .store import Store

# Articles stored per transaction: a commit per article is the slow part of an SQLite ingest;
# a few dozen keep the work a crash can lose small.
STORE_BATCH = 16
# Batches waiting for the writer thread: enough to ride out a slow commit, few enough that an
# interruption loses little analysis (what is not stored is analysed again on the next run).
WRITER_QUEUE = 4
# How many errors the summary keeps to show (all of them are in the store).
SHOWN_ERRORS = 20


@dataclass
class IngestSummary:
    """What one ingest run did. `analysed` articles were new to the store (`new` of them
    first of their near-duplicate group, `near_duplicates` joining one) or `reanalysed`;
    `duplicates` had their text stored already and only gained a location."""

    run_id: str
    read: int = 0
    analysed: int = 0
    new: int = 0
    near_duplicates: int = 0
    duplicates: int = 0
    reanalysed: int = 0
    errors: int = 0
    first_errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def counts(self) -> dict[str, Any]:
        return {"read": self.read, "analysed": self.analysed, "new": self.new,
                "near_duplicates": self.near_duplicates, "duplicates": self.duplicates,
                "reanalysed": self.reanalysed, "errors": self.errors,
                "seconds": round(self.seconds, 2)}


@dataclass(frozen=True)
class _ArticleInput(TextInput):
    """An article on its way through the analysis (`name` is its location)."""

    article: Article | None = None


def article_meta(article: Article, default_published: str | None = None) -> Meta:
    """The FORMAT.md metadata of an article. `published` is the date part of its timestamp;
    for an article without one, `default_published` (a date, or "name": the date its id
    starts with)."""
    if article.date_publish:
        published = article.date_publish[:10]
    elif default_published == "name":
        published = date_from_name(article.id)
    else:
        published = default_published
    return Meta(title=article.title, url=article.url, outlet=article.source_domain or article.site_name,
                published=published, language=article.language or "en")


def ingest(paths: Iterable[str], store: "Store", *, pipeline: "Pipeline | None" = None,
           n_process: int = 1, reanalyse: bool = False, stdin: BinaryIO | None = None,
           published: str | None = None, args: Any = None, progress: Callable[[IngestSummary], None] | None = None,
           warn: Callable[[str], None] | None = None, tagger: str = "crf") -> IngestSummary:
    """Read `paths` (files, folders, "-" for `stdin`), analyse what the store lacks (everything
    with `reanalyse`) and store it. `published` dates the articles that have no date (a
    YYYY-MM-DD, or "name" for the date their file name starts with). `progress` is called with the running summary after every
    article or error; `args` is recorded with the run (e.g. the command line). `tagger` is the
    learned component's ("crf" or "minilm") for the pipeline loaded when `pipeline` is None.
    The run records `args` with "tagger" added (the given pipeline's tagger, when one is
    given; a non-dict `args` goes under "args"), and each article stored or reanalysed points
    to its run, so a stored record says which tagger made it."""
    used = pipeline.tagger if pipeline is not None else tagger
    settings = dict(args) if isinstance(args, dict) else ({} if args is None else {"args": args})
    run_id = store.begin_run({**settings, "tagger": used})
    return _Run(store, run_id, reanalyse, progress, published, tagger).go(
        read_sources(paths, stdin=stdin), pipeline, n_process, warn)


class _Run:
    def __init__(self, store: "Store", run_id: str, reanalyse: bool,
                 progress: Callable[[IngestSummary], None] | None, published: str | None,
                 tagger: str = "crf") -> None:
        self.store = store
        self.tagger = tagger
        self.published = published
        self.reanalyse = reanalyse
        self.summary = IngestSummary(run_id)
        self.progress = progress
        self.started = time.perf_counter()
        # Texts being analysed now -> other articles with the same text, read meanwhile: they
        # are stored as locations once the first is stored, instead of being analysed again.
        self.in_flight: dict[str, list[Article]] = {}
        self.ready: deque[tuple[Article, Any]] = deque()
        # The writer thread and this one share the summary and `in_flight`.
        self.lock = threading.RLock()
        self.writer: _Writer | None = None

    def go(self, items: Iterable[Article | SourceError], pipeline: "Pipeline | None", n_process: int,
           warn: Callable[[str], None] | None) -> IngestSummary:
        status = "interrupted"
        try:
            to_analyse = self._triage(items)
            first = next(to_analyse, None)
            if first is not None:
                if pipeline is None:
                    # loaded only now: a run that finds everything stored (a repeat, a resume
                    # at the end) never waits for the spaCy model
                    from .nlp.pipeline import Pipeline

                    pipeline = Pipeline(tagger=self.tagger)
                self.writer = _Writer(self)
                outcomes = analyse_inputs(pipeline, itertools.chain([first], to_analyse),
                                          n_process=n_process, warn=warn,
                                          meta=lambda item: article_meta(item.article, self.published))
                for outcome in outcomes:
                    self._take(outcome)
            self._store_ready()
            if self.writer is not None:
                self.writer.finish()
            status = "finished"
        finally:
            if self.writer is not None:
                self.writer.stop()  # after an error or Ctrl-C: what is queued is not stored
            self.summary.seconds = time.perf_counter() - self.started
            try:
                self.store.finish_run(self.summary.run_id, self.summary.counts(), status=status)
            except Exception:  # noqa: BLE001 - the original error (e.g. Ctrl-C) matters more
                if status == "finished":
                    raise
        return self.summary

    # -- before analysis --------------------------------------------------------------------
    def _triage(self, items: Iterable[Article | SourceError]) -> Iterator[_ArticleInput]:
        """Record errors and known texts at once; pass on the articles to analyse."""
        for item in items:
            if isinstance(item, SourceError):
                self._error(item.location, item.reason)
                continue
            with self.lock:
                self.summary.read += 1
            if item.date_publish is None and self.published:
                date = article_meta(item, self.published).published
                if date:
                    item = dataclasses.replace(item, date_publish=date)
            sha = sha256_hex(item.text)
            with self.lock:
                waiting = self.in_flight.get(sha)
                if waiting is not None:
                    waiting.append(item)
                    continue
            if not self.reanalyse:
                done = self._guarded(item, lambda: self.store.add_location(item, self.summary.run_id))
                if done is not None:
                    if done is not _FAILED:
                        with self.lock:
                            self.summary.duplicates += 1
                        self._tick()
                    continue
            with self.lock:
                self.in_flight[sha] = []
            yield _ArticleInput(item.id, item.location, item.text, article=item)

    # -- after analysis ---------------------------------------------------------------------
    def _take(self, outcome: Outcome) -> None:
        item = outcome.item
        if not isinstance(item, _ArticleInput) or item.article is None:
            # not reachable: every input given to the analysis is an _ArticleInput
            self._error(outcome.name, outcome.error or "no analysis")
            return
        if outcome.analysis is None:
            with self.lock:
                waiting = self.in_flight.pop(sha256_hex(item.text), [])
            for article in [item.article, *waiting]:
                self._error(article.location, outcome.error or "analysis failed")
            return
        self.ready.append((item.article, outcome.analysis))
        if len(self.ready) >= STORE_BATCH:
            self._store_ready()

    def _store_ready(self) -> None:
        """Hand the analysed articles waiting here to the writer thread (or store them now when
        there is none)."""
        batch = list(self.ready)
        self.ready.clear()
        if not batch:
            return
        if self.writer is not None:
            self.writer.submit(batch)
        else:
            self._store_batch(batch)

    def _store_batch(self, batch: list[tuple[Article, Any]]) -> None:
        """Store a batch in one transaction (in the writer thread: by the store's process where
        there is one), then count what became of each article."""
        process = self.writer.process if self.writer is not None else None
        if process is not None:
            results = process.store(batch)
        else:
            results = store_batch(self.store, batch, self.summary.run_id, self.reanalyse)
        for (article, _), result in zip(batch, results):
            with self.lock:
                waiting = self.in_flight.pop(sha256_hex(article.text), [])
            if isinstance(result, Refused):
                self._error(article.location, result.reason)
                for other in waiting:
                    self._error(other.location, "the same text as " + article.location + " could not be stored")
                continue
            self._count(result.status)
            for other in waiting:
                if self._guarded(other, lambda o=other: self.store.add_location(o, self.summary.run_id)) \
                        is not _FAILED:
                    with self.lock:
                        self.summary.duplicates += 1
        self._tick()

    def _count(self, status: str) -> None:
        with self.lock:
            self._count_locked(status)

    def _count_locked(self, status: str) -> None:
        s = self.summary
        if status == "new":
            s.new += 1
            s.analysed += 1
        elif status == "near_duplicate":
            s.near_duplicates += 1
            s.analysed += 1
        elif status == "reanalysed":
            s.reanalysed += 1
            s.analysed += 1
        else:  # stored meanwhile by another writer: this one is a location of it
            s.duplicates += 1

    # -- errors and progress ----------------------------------------------------------------
    def _guarded(self, article: Article, store_call: Callable[[], Any]) -> Any:
        """Run a store call for one article; a refusal of that article becomes its error."""
        try:
            return store_call()
        except (ValueError, DBAPIError) as e:
            if isinstance(e, DBAPIError) and e.connection_invalidated:
                raise  # the database went away: not this article's fault, stop the run
            self._error(article.location, f"could not be stored ({short_reason(e)})")
            return _FAILED

    def _error(self, location: str, reason: str) -> None:
        self.store.add_error(self.summary.run_id, location, reason)
        with self.lock:
            self.summary.errors += 1
            if len(self.summary.first_errors) < SHOWN_ERRORS:
                self.summary.first_errors.append((location, reason))
        self._tick()

    def _tick(self) -> None:
        if self.progress is not None:
            with self.lock:
                self.summary.seconds = time.perf_counter() - self.started
                self.progress(self.summary)


class _Writer:
    """The thread that stores analysed batches while the main thread analyses the next ones:
    it hands them to the store's own process (store/writer_process.py), or where there is
    none, stores them itself. An error in it (the database went away) is raised in the main
    thread at its next `submit` or at `finish`, so the run stops as it would without it."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.queue: queue.Queue[list | None] = queue.Queue(maxsize=WRITER_QUEUE)
        self.error: BaseException | None = None
        self.stopping = False
        # forked before the thread starts, from the thread that lives as long as the run
        self.process = StoreProcess.start(run.store, run.summary.run_id, run.reanalyse)
        self.thread = threading.Thread(target=self._loop, name="claimgraph-store-writer", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while True:
            batch = self.queue.get()
            if batch is None or self.stopping:
                return
            try:
                self.run._store_batch(batch)
            except BaseException as e:  # noqa: BLE001 - handed to the main thread
                self.error = e
                return

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def submit(self, batch: list) -> None:
        self._raise()
        while True:
            try:
                self.queue.put(batch, timeout=0.5)
                return
            except queue.Full:
                self._raise()  # a writer that died would never take it

    def finish(self) -> None:
        """Wait until everything submitted is stored."""
        self._raise()
        self.queue.put(None)
        self.thread.join()
        self._raise()
        if self.process is not None:
            self.process.close()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.stopping = True
            try:
                self.queue.put_nowait(None)
            except queue.Full:
                pass
            self.thread.join(timeout=30)
        if self.process is not None:
            # the batch in hand is stored (or, if the thread is stuck, the process ends now)
            self.process.close(wait=not self.thread.is_alive())


_FAILED = object()
