"""Reading plain-text inputs (files, directories, stdin), and refusing bad ones with a reason.

A batch must never stop because one input is bad: every problem found here becomes an
`InputError` naming the input and the reason, and the caller moves on to the next input.
Checks run on the raw bytes before any NLP, so that the (slow, multi-process) analysis only
ever sees text it can take.

What counts as the document's text (FORMAT.md: "the file's content unchanged"): the file's
bytes decoded as UTF-8, with nothing normalised (quotes, whitespace and newlines, `\\r\\n`
included, stay as they are). The one exception is a leading UTF-8 byte order mark, which is
dropped: it is an encoding marker, not text, and keeping it would shift nothing but would put an
invisible character at the start of `text`.

No NLP import here: this module is cheap to import (the CLI's `--help` stays fast).
"""

from __future__ import annotations

import codecs
import datetime
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from .model import Meta

STDIN = "-"
STDIN_ID = "stdin"
TEXT_SUFFIX = ".txt"
# Markdown articles may start with front matter (title, outlet, date, url: see
# sources/front_matter.py), which becomes the record's meta; the text after it is analysed.
MARKDOWN_SUFFIXES = (".md", ".markdown")

# A news article is a few kB; far above this limit is a dump or a wrong file, whose analysis
# would take hours. Splitting it into articles is the user's job, and the message says so.
MAX_BYTES = 50 * 1024 * 1024

# How much of the start of a file is inspected for binary content.
_SNIFF_BYTES = 64 * 1024
# Control characters that plain text legitimately holds: tab, newline, vertical tab, form feed,
# carriage return (and ESC, left by terminal colour codes in pasted text).
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
# Above this share of other control bytes, the file is not text.
_MAX_CONTROL_RATIO = 0.02

# Well-known binary formats that have no NUL byte near their start, to name them in the message.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.odt)"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)


@dataclass(frozen=True)
class TextInput:
    """One readable input: `id` is the file name without its extension (FORMAT.md)."""

    id: str
    name: str  # what to call it in messages: the path as given, or "<stdin>"
    text: str
    meta: "Meta | None" = None  # from a Markdown file's front matter


@dataclass(frozen=True)
class InputError:
    """An input that cannot be analysed, and why (a short phrase for a person to act on)."""

    name: str
    reason: str

    def message(self) -> str:
        return f"{self.name}: {self.reason}"


class RejectedInput(ValueError):
    """Raised by `decode_text` with the reason the bytes are not usable text."""


# -- bytes -> text -------------------------------------------------------------------------

def decode_text(data: bytes) -> str:
    """Return `data` as text, or raise `RejectedInput` saying why it is not UTF-8 text.

    The order matters for the message: an empty file, then binary content (a PDF is not
    "invalid UTF-8", it is not text at all), then the encoding."""
    if not data:
        raise RejectedInput("empty file")
    if len(data) > MAX_BYTES:
        raise RejectedInput(
            f"too large ({len(data) / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB): "
            "split it into articles")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(codecs.BOM_UTF8):
        raise RejectedInput("UTF-16 text, not UTF-8: convert it (iconv -f UTF-16 -t UTF-8)")
    _reject_binary(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise RejectedInput(_encoding_reason(data, e)) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise RejectedInput("no text (only whitespace)")
    return text


def _reject_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise RejectedInput(f"binary file, not text (looks like {what})")
    head = data[:_SNIFF_BYTES]
    nul = head.find(b"\x00")
    if nul == -1 and len(data) > _SNIFF_BYTES:
        nul = data.find(b"\x00")
    if nul != -1:
        raise RejectedInput(f"binary file, not text (NUL byte at byte {nul})")
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS)
    if controls > _MAX_CONTROL_RATIO * len(head):
        raise RejectedInput(f"binary file, not text ({controls} control bytes in the first {len(head)})")


def _encoding_reason(data: bytes, error: UnicodeDecodeError) -> str:
    reason = f"not valid UTF-8 at byte {error.start}"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return reason
    # Latin-1 / Windows-1252 is by far the commonest non-UTF-8 encoding of English news text.
    return reason + " (Latin-1/Windows-1252? convert it: iconv -f CP1252 -t UTF-8)"


# -- names -> inputs -----------------------------------------------------------------------

def expand(paths: Iterable[str]) -> list[str]:
    """The inputs named on a command line, with each directory replaced by the `.txt` and
    Markdown files under it (recursively, sorted, hidden files and folders skipped). Other names
    are kept as given, even when they do not exist: reading them reports the problem in order."""
    out: list[str] = []
    for p in paths:
        if p != STDIN and os.path.isdir(p):
            found = sorted(
                str(f) for f in Path(p).rglob("*")
                if f.suffix.lower() in (TEXT_SUFFIX, *MARKDOWN_SUFFIXES) and f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            # An empty directory is kept so that reading it says "no .txt files in it".
            out.extend(found or [p])
        else:
            out.append(p)
    return out


_NAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?!\d)")


def date_from_name(name: str) -> str | None:
    """The date a file name or id starts with ("2024-03-23-kyiv-denies" -> "2024-03-23"):
    `--published name` of extract and ingest."""
    m = _NAME_DATE.match(name)
    if m is None:
        return None
    try:
        datetime.date.fromisoformat(m.group(1))
    except ValueError:
        return None
    return m.group(1)


def document_id(name: str) -> str:
    return STDIN_ID if name == STDIN else Path(name).stem


def read_one(name: str, stdin: BinaryIO | None = None) -> TextInput | InputError:
    """Read and check one input (a path, or "-" for `stdin`)."""
    shown = "<stdin>" if name == STDIN else name
    try:
        if name == STDIN:
            if stdin is None:
                return InputError(shown, "no standard input")
            data = stdin.read(MAX_BYTES + 1)
        elif os.path.isdir(name):
            return InputError(shown, f"directory with no {TEXT_SUFFIX} or .md files in it")
        else:
            with open(name, "rb") as f:
                data = f.read(MAX_BYTES + 1)  # bounded: a huge file is refused, not loaded
    except FileNotFoundError:
        return InputError(shown, "no such file")
    except PermissionError:
        return InputError(shown, "cannot read it (permission denied)")
    except OSError as e:
        return InputError(shown, f"cannot read it ({e.strerror or e})")
    try:
        text = decode_text(data)
    except RejectedInput as e:
        return InputError(shown, str(e))
    if name != STDIN and Path(name).suffix.lower() in MARKDOWN_SUFFIXES:
        return _markdown_input(document_id(name), shown, text)
    return TextInput(document_id(name), shown, text)


def _markdown_input(id: str, shown: str, text: str) -> TextInput | InputError:
    from .model import Meta
    from .sources.dates import normalise_date
    from .sources.front_matter import parse_front_matter

    front = parse_front_matter(text)
    if front is None:
        return TextInput(id, shown, text)
    body = text[front.body_start:]
    if not body.strip():
        return InputError(shown, "front matter but no article text after it")
    f = front.fields
    published = normalise_date(f.get("date_publish"))
    meta = Meta(title=f.get("title"), url=f.get("url"), outlet=f.get("source_domain") or f.get("site_name"),
                published=published[:10] if published else None, language=f.get("language") or "en")
    return TextInput(id, shown, body, meta)


def read_inputs(names: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[TextInput | InputError]:
    """Read each input in turn (lazily: one file in memory at a time, plus what the caller
    keeps), yielding a `TextInput` or an `InputError` for every name."""
    stdin_used = False
    for name in names:
        if name == STDIN:
            if stdin_used:
                yield InputError("<stdin>", "standard input named twice; it is read once")
                continue
            stdin_used = True
        yield read_one(name, stdin)
