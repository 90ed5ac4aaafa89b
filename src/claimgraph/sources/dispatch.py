"""`read_sources`: the one entry point from what a user names (files, directories, "-" for
stdin) to a stream of `Article`s and `SourceError`s.

Lazy: one file in memory at a time, JSON Lines and WARCs streamed line by line and record by
record. Containers (WARC, JSON Lines) have no size limit as files, only per line or record;
every other file over the limit is refused from its size, never loaded.

Order: inputs as given, directories walked recursively in sorted order (hidden files and
folders skipped, page assets such as .css and .png skipped), except that feed files are read
last, once every page of the run is known, so that a summary-only item can take the text of
the page it links to (links.py). A feed on stdin is read in place, with the pages read before it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .article import Article, SourceError
from .decoding import MAX_BYTES, too_large_reason
from .links import PageIndex, PageRef
from .naming import STDIN, STDIN_LOCATION, stem
from .sniff import HEAD_BYTES, is_asset, kind_by_content, kind_by_name

Result = Article | SourceError

# Kinds read whole (and so refused above the size limit) rather than streamed.
_WHOLE = frozenset({"txt", "md", "html", "json", "feed", "gzip", "xml"})


def read_sources(paths: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[Result]:
    """Every article in `paths` (files, directories, "-" for `stdin`), and a `SourceError` for
    every input, line, record or item that gives none. Never raises for bad input."""
    return _Run(stdin).read(paths)


class _Run:
    def __init__(self, stdin: BinaryIO | None) -> None:
        self.stdin = stdin
        self.stdin_used = False
        self.pages = PageIndex()
        self.feeds: list[str] = []
        self.folders_indexed: set[str] = set()
        self.page_files_by_name: dict[str, dict[str, str]] = {}  # folder -> file name -> path

    def read(self, paths: Iterable[str]) -> Iterator[Result]:
        for path in paths:
            if path == STDIN:
                yield from self._stdin()
            elif os.path.isdir(path):
                files = _walk(path)
                if not files:
                    yield SourceError(path, "directory with no readable files in it")
                for f in files:
                    yield from self._file(f, named=False)
            else:
                yield from self._file(path, named=True)
        for feed in self.feeds:
            yield from self._feed_file(feed)

    # -- files ----------------------------------------------------------------------------

    def _file(self, path: str, *, named: bool) -> Iterator[Result]:
        if not named and is_asset(path):
            return
        try:
            size = os.stat(path).st_size
            kind = kind_by_name(path)
            if kind is None:
                with open(path, "rb") as f:
                    kind = kind_by_content(f.read(HEAD_BYTES))
        except OSError as e:
            yield SourceError(path, _os_reason(e))
            return
        if kind == "feed":
            self.feeds.append(path)
            return
        if kind == "json" and size > MAX_BYTES:
            kind = "jsonl"  # too big to be one document: a JSON Lines dump named .json
        if kind in _WHOLE and size > MAX_BYTES:
            yield SourceError(path, too_large_reason(size))
            return
        try:
            yield from self._read_kind(kind, path)
        except OSError as e:
            yield SourceError(path, _os_reason(e))

    def _read_kind(self, kind: str, path: str) -> Iterator[Result]:
        if kind == "warc":
            from .warc import read_warc

            with open(path, "rb") as f:
                yield from read_warc(f, stem=stem(path), location=path,
                                     on_page=lambda url, offset: self.pages.add(url, PageRef(path, offset)))
            return
        if kind == "jsonl":
            from .jsonl import read_json_lines

            with open(path, "rb") as f:
                yield from read_json_lines(f, stem=stem(path), location=path)
            return
        data = _read_bounded(path)
        yield from self._read_bytes(kind, data, path, stem(path))

    def _read_bytes(self, kind: str, data: bytes, location: str, name: str,
                    text_format: str | None = None) -> Iterator[Result]:
        if kind == "html":
            from .webpage import read_html

            result = read_html(data, id=name, location=location)
            if isinstance(result, Article) and location != STDIN_LOCATION:
                self.pages.add(result.url, PageRef(location))
            yield result
        elif kind == "json":
            from .jsonl import read_json_document, read_json_lines

            items = read_json_document(data, stem=name, location=location)
            yield from items if items is not None else read_json_lines(
                io.BytesIO(data), stem=name, location=location)
        elif kind == "feed":
            from .feed import read_feed

            folder = None if location == STDIN_LOCATION else os.path.dirname(location)
            yield from read_feed(data, stem=name, location=location,
                                 find_page=lambda link: self._find_page(link, folder))
        elif kind == "gzip":
            yield SourceError(location, "gzip file that is not a WARC: decompress it first")
        elif kind == "xml":
            yield SourceError(location, "XML that is neither an RSS/Atom feed nor an HTML page")
        else:
            from .text import read_text

            fmt = text_format or ("md" if kind == "md" else "txt")
            yield read_text(data, id=name, location=location, fmt=fmt)

    def _feed_file(self, path: str) -> Iterator[Result]:
        try:
            size = os.stat(path).st_size
            if size > MAX_BYTES:
                yield SourceError(path, too_large_reason(size))
                return
            data = _read_bounded(path)
        except OSError as e:
            yield SourceError(path, _os_reason(e))
            return
        if not data.strip():
            yield SourceError(path, "empty file")
            return
        yield from self._read_bytes("feed", data, path, stem(path))

    # -- stdin ----------------------------------------------------------------------------

    def _stdin(self) -> Iterator[Result]:
        if self.stdin_used:
            yield SourceError(STDIN_LOCATION, "standard input named twice; it is read once")
            return
        self.stdin_used = True
        if self.stdin is None:
            yield SourceError(STDIN_LOCATION, "no standard input")
            return
        try:
            head = self.stdin.read(HEAD_BYTES)
            kind = kind_by_content(head)
            if kind in ("warc", "jsonl"):
                stream = io.BufferedReader(_Prefixed(head, self.stdin))
                if kind == "warc":
                    from .warc import read_warc

                    yield from read_warc(stream, stem=stem(STDIN), location=STDIN_LOCATION)
                else:
                    from .jsonl import read_json_lines

                    yield from read_json_lines(stream, stem=stem(STDIN), location=STDIN_LOCATION)
                return
            data = head + self.stdin.read(MAX_BYTES + 1 - len(head))
        except OSError as e:
            yield SourceError(STDIN_LOCATION, _os_reason(e))
            return
        if len(data) > MAX_BYTES:
            yield SourceError(STDIN_LOCATION, too_large_reason(len(data)) + " (or more)")
            return
        yield from self._read_bytes(kind, data, STDIN_LOCATION, stem(STDIN), text_format="stdin")

    # -- pages that feed items link to ----------------------------------------------------

    def _find_page(self, link: str, folder: str | None) -> Result | None:
        ref = self.pages.find(link)
        if ref is None and folder is not None:
            ref = self._find_in_folder(link, folder)
        if ref is None:
            return None
        if ref.offset is None:
            from .webpage import read_html

            try:
                return read_html(_read_bounded(ref.path), id=stem(ref.path), location=ref.path)
            except OSError as e:
                return SourceError(ref.path, _os_reason(e))
        from .warc import read_warc_page

        where = f"{ref.path}#offset={ref.offset}"
        try:
            with open(ref.path, "rb") as f:
                return read_warc_page(f, ref.offset, id=stem(ref.path), location=where, fmt="warc")
        except OSError as e:
            return SourceError(where, _os_reason(e))

    def _find_in_folder(self, link: str, folder: str) -> PageRef | None:
        """Pages in the feed's own folder, matched by canonical URL, then by file name: the
        link's last path segment equals the file's name, with or without .html/.htm."""
        from urllib.parse import unquote, urlsplit

        from .webpage import page_url

        key = folder or "."
        if key not in self.folders_indexed:
            self.folders_indexed.add(key)
            by_name: dict[str, str] = {}
            for entry in sorted(os.scandir(key), key=lambda e: e.name):
                if entry.is_file() and kind_by_name(entry.name) == "html" and entry.stat().st_size <= MAX_BYTES:
                    path = os.path.join(folder, entry.name) if folder else entry.name
                    by_name.setdefault(entry.name.lower(), path)
                    by_name.setdefault(Path(entry.name).stem.lower(), path)
                    try:
                        self.pages.add(page_url(_read_bounded(path)), PageRef(path))
                    except OSError:
                        pass
            self.page_files_by_name[key] = by_name
        ref = self.pages.find(link)
        if ref is not None:
            return ref
        segment = unquote(urlsplit(link).path.rstrip("/").rsplit("/", 1)[-1]).lower()
        path = self.page_files_by_name[key].get(segment) if segment else None
        return PageRef(path) if path else None


def _walk(folder: str) -> list[str]:
    root = Path(folder)
    return sorted(
        str(f) for f in root.rglob("*")
        if f.is_file() and not any(part.startswith(".") for part in f.relative_to(root).parts))


def _read_bounded(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read(MAX_BYTES + 1)  # a file that grew past the limit is refused by the reader


def _os_reason(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "no such file"
    if isinstance(e, PermissionError):
        return "cannot read it (permission denied)"
    return f"cannot read it ({e.strerror or e})"


class _Prefixed(io.RawIOBase):
    """stdin with its already-sniffed first bytes put back in front, for streamed readers."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        return n
