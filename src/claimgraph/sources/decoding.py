"""Bytes -> text for every source, with the encoding found and how it was found.

Order of trust: a byte order mark, then an encoding the input itself declares (HTTP header,
HTML meta charset, XML declaration), then UTF-8, then a guess by charset-normalizer. Only a
guess is worth a note to the user: a declaration or valid UTF-8 is what the author meant.
Binary content is refused before any guessing, because a guesser will happily "decode" a JPEG.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# The binary sniffing and the size limit are those of the plain-text reader, so that
# `claimgraph extract` and `claimgraph ingest` refuse the same files for the same reasons.
from ..inputs import MAX_BYTES, RejectedInput, _reject_binary

__all__ = ["Decoded", "RejectedInput", "decode_bytes", "too_large_reason", "MAX_BYTES"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# WHATWG: browsers read these labels as windows-1252, and so do the pages that declare them
# (curly quotes in "ISO-8859-1" pages are cp1252 bytes 0x91-0x94).
_AS_CP1252 = frozenset({"latin-1", "latin1", "iso-8859-1", "iso8859-1", "iso_8859-1", "l1",
                        "us-ascii", "ascii", "ansi_x3.4-1968", "windows-1252", "cp1252"})


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python's canonical codec name: "utf-8", "cp1252", "utf-16-le"...
    notes: tuple[str, ...] = ()


def too_large_reason(size: int) -> str:
    return (f"too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB): "
            "split it into articles")


def canonical_encoding(label: str | None) -> str | None:
    """Python's name for an encoding label, or None when Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None, declared_in: str = "the file") -> Decoded:
    """Decode `data`, or raise `RejectedInput` saying why it is not text.

    `declared` is an encoding label the input states about itself and `declared_in` where it
    said so ("the HTTP header", "the page's meta charset"), for the note when it proves wrong."""
    if not data:
        raise RejectedInput("empty file")
    if len(data) > MAX_BYTES:
        raise RejectedInput(too_large_reason(len(data)))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as e:
                raise RejectedInput(f"starts with a {encoding} byte order mark but is not "
                                    f"{encoding} at byte {e.start + len(bom)}") from None
            notes = () if encoding == "utf-8" else (f"decoded from {encoding} (byte order mark)",)
            return Decoded(text, encoding, notes)
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    _reject_binary(data)

    notes: list[str] = []
    encoding = canonical_encoding(declared)
    if declared and encoding is None:
        notes.append(f"unknown encoding {declared!r} declared in {declared_in}; ignored")
    if encoding is not None:
        try:
            return Decoded(data.decode(encoding), encoding, tuple(notes))
        except UnicodeDecodeError as e:
            notes.append(f"declared encoding {encoding} in {declared_in} is wrong "
                         f"(invalid at byte {e.start})")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", tuple(notes))
    except UnicodeDecodeError:
        pass
    guessed = _guess(data)
    if guessed is None:
        raise RejectedInput("undecodable: not UTF-8, and no character encoding fits it")
    text, encoding = guessed
    notes.append(f"encoding guessed: {encoding}")
    return Decoded(text, encoding, tuple(notes))


def _guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    # Short Western texts fit cp1250, cp1252 and cp1257 equally well (same chaos, same
    # coherence); English and Western European news is by far the commonest case, so a tie
    # goes to cp1252 (otherwise "naïve" comes out as "naďve").
    for m in matches:
        if (m.encoding == "cp1252" and m.chaos <= best.chaos
                and m.coherence >= best.coherence - 1e-9):
            best = m
            break
    encoding = canonical_encoding(best.encoding) or best.encoding
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return str(best), encoding


def _bomless_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a byte order mark: text in the Latin range has a NUL in every other
    byte, which the binary check would take for a binary file."""
    head = data[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        others = even if zeros is odd else odd
        if zeros.count(0) >= 0.9 * len(zeros) and others.count(0) <= 0.05 * len(others):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return Decoded(text, encoding, (f"encoding guessed: {encoding} (no byte order mark)",))
    return None
