"""Storing batches of analysed articles in a process of its own (what `claimgraph ingest` does).

Why: in the process that analyses the next articles, the store's work competes with the
analysis: its Python holds the GIL, and even the database's own work (which releases it)
shares the core's caches. In a process of its own it runs on another core; the analysing
process only pickles each batch (about 0.1 ms an article) and reads back what became of it.
Measured (benchmarks/ingest.py, 4,000 articles, 2 cores): the store cost 10.3 % of the
ingest's wall time from a thread, 5.3 % from this process (private memory about 55 MB).

The process is a fork of the ingest's (no re-import, no spaCy model loaded twice: the pages
are shared) that opens its own connections to the same store and answers each batch with what
`store_batch` gives. It dies with its parent (Linux's PR_SET_PDEATHSIG), so a kill -9 of the
ingest leaves what a kill -9 of one process leaves: each batch committed whole, or not at all.
It ignores Ctrl-C: the ingest decides when to stop it (after the batch in hand).
Where there is no fork (Windows, and macOS where forking is unsafe), `start` gives None
and the ingest stores from a thread, as before.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import DBAPIError

from .results import AddResult

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_INHERITED: list = []  # in the process: the parent's connection pool, never to be closed


@dataclass(frozen=True)
class Refused:
    """An article the store would not take (a NUL byte, a value the database rejects)."""

    reason: str


def store_batch(store: Any, batch: Sequence[tuple], run_id: str | None,
                reanalyse: bool) -> list[AddResult | Refused]:
    """`store.add_many(batch)`; if the database refuses the batch, the articles one by one, so
    that only the one at fault is lost, with its reason. Raises when the database went away."""
    try:
        return store.add_many(batch, run_id, reanalyse=reanalyse)
    except (ValueError, DBAPIError):
        pass
    out: list[AddResult | Refused] = []
    for article, analysis in batch:
        try:
            out.append(store.add(article, analysis, run_id, reanalyse=reanalyse))
        except (ValueError, DBAPIError) as e:
            if isinstance(e, DBAPIError) and e.connection_invalidated:
                raise  # not this article's fault: stop the run
            out.append(Refused(f"could not be stored ({short_reason(e)})"))
    return out


def short_reason(e: BaseException) -> str:
    text = " ".join(str(getattr(e, "orig", None) or e).split())
    return text if len(text) <= 200 else text[:199] + "…"


class StoreProcess:
    """The process: `store(batch)` sends a batch and returns what became of each article."""

    @classmethod
    def start(cls, store: Any, run_id: str | None, reanalyse: bool) -> "StoreProcess | None":
        """Fork it (from the thread that lives as long as the run: the process dies with the
        thread that made it). None where forking is not available or not safe."""
        if not sys.platform.startswith("linux"):
            return None
        return cls(store, run_id, reanalyse)

    def __init__(self, store: Any, run_id: str | None, reanalyse: bool) -> None:
        # No connection may cross the fork: SQLite forbids using one in the child, and keeps
        # per-process lock state that a child would inherit wrongly; a PostgreSQL one would be
        # one session shared by two processes. The parent reconnects when it next needs to.
        store.engine.dispose()
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, name="claimgraph-store", daemon=True,
                                       args=(child, self.conn, os.getpid(), store, run_id, reanalyse))
        self.process.start()
        child.close()

    def store(self, batch: list[tuple]) -> list[AddResult | Refused]:
        self.conn.send(batch)
        try:
            reply = self.conn.recv()
        except EOFError:
            raise RuntimeError(f"the store's process ended unexpectedly (exit code "
                               f"{self.process.exitcode})") from None
        if isinstance(reply, _Failed):
            raise reply.error
        return reply

    def close(self, *, wait: bool = True) -> None:
        """Let it finish the batch in hand and end (`wait`), or end it now."""
        if self.conn.closed:
            return
        if wait and self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(timeout=60)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


@dataclass
class _Failed:
    error: BaseException


def _serve(conn: Any, parent_end: Any, parent: int, store: Any, run_id: str | None, reanalyse: bool) -> None:
    parent_end.close()  # else our own copy keeps the pipe open when the parent is gone
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    # A pool of its own (the parent's was emptied before the fork; anything it still held is
    # the parent's, kept referenced and untouched so that no finaliser here closes it: the
    # process ends with os._exit).
    _INHERITED.append(store.engine.pool)
    store.engine.dispose(close=False)
    while True:
        try:
            batch = conn.recv()
        except EOFError:
            return
        if batch is None:
            return
        try:
            reply: Any = store_batch(store, batch, run_id, reanalyse)
        except BaseException as e:  # noqa: BLE001 - handed to the parent, which stops the run
            conn.send(_Failed(_picklable(e)))
            return
        conn.send(reply)


def _die_with_parent(parent: int) -> None:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl: nobody to work for
        os._exit(1)


def _picklable(e: BaseException) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(e))
        return e
    except Exception:  # noqa: BLE001 - any exception that does not travel becomes its text
        return RuntimeError(f"{type(e).__name__}: {e}")
