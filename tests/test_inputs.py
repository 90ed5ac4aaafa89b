"""Reading text inputs: what is accepted unchanged, and the reason given for what is refused.

No NLP here: these checks run on bytes, before any model is loaded."""

from __future__ import annotations

import io
import os
import sys

import pytest

from claimgraph.inputs import (
    MAX_BYTES,
    InputError,
    RejectedInput,
    TextInput,
    decode_text,
    expand,
    read_inputs,
    read_one,
)


def reason(data: bytes) -> str:
    with pytest.raises(RejectedInput) as info:
        decode_text(data)
    return str(info.value)


def test_text_is_kept_unchanged():
    raw = "He said: \u201cNo.\u201d\r\n\r\n  Tabs\tand \u00e9 stay.\n"
    assert decode_text(raw.encode("utf-8")) == raw


def test_utf8_byte_order_mark_is_dropped():
    assert decode_text(b"\xef\xbb\xbfKyiv denied it.\n") == "Kyiv denied it.\n"


@pytest.mark.parametrize("data, expected", [
    (b"", "empty file"),
    (b" \n\t\r\n", "no text (only whitespace)"),
    (b"\xef\xbb\xbf\n", "no text (only whitespace)"),
    (b"abc\x00def", "binary file, not text (NUL byte at byte 3)"),
    (b"%PDF-1.7\n\xe2\xe3\xcf\xd3 stream", "binary file, not text (looks like a PDF document)"),
    (b"\x89PNG\r\n\x1a\n", "binary file, not text (looks like a PNG image)"),
    (bytes(range(1, 32)) * 4 + b"text", "binary file, not text (100 control bytes in the first 128)"),
    ("Caf\u00e9 said".encode("latin-1"), "not valid UTF-8 at byte 3 (Latin-1/Windows-1252? "
                                         "convert it: iconv -f CP1252 -t UTF-8)"),
    ("Sa\u00efd".encode("utf-16"), "UTF-16 text, not UTF-8: convert it (iconv -f UTF-16 -t UTF-8)"),
])
def test_bad_bytes_are_refused_with_a_reason(data, expected):
    assert reason(data) == expected


def test_invalid_utf8_reports_the_first_bad_byte():
    # 0x81 is undefined in Windows-1252 too, so no Latin-1 hint.
    assert reason("\u00e9t\u00e9 ".encode() + b"\x81\x81") == "not valid UTF-8 at byte 6"


def test_nul_byte_past_the_sniffed_head_is_found():
    assert reason(b"a" * 70_000 + b"\x00") == "binary file, not text (NUL byte at byte 70000)"


def test_too_large_is_refused_without_decoding():
    assert reason(b"a" * (MAX_BYTES + 1)).startswith("too large (")


def test_five_megabyte_single_line_is_text(tmp_path):
    line = ("The spokesman said the talks would go on. " * 120_000)[: 5 * 1024 * 1024]
    path = tmp_path / "long-line.txt"
    path.write_text(line, encoding="utf-8")
    got = read_one(str(path))
    assert isinstance(got, TextInput)
    assert got.id == "long-line" and got.text == line and "\n" not in got.text


def test_read_one_names_the_problem(tmp_path):
    (tmp_path / "sub").mkdir()
    assert read_one(str(tmp_path / "nope.txt")) == InputError(str(tmp_path / "nope.txt"), "no such file")
    assert read_one(str(tmp_path / "sub")).reason == "directory with no .txt or .md files in it"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("text")
    path.chmod(0)
    assert read_one(str(path)).reason == "cannot read it (permission denied)"


def test_expand_directories_to_their_text_files(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "notes.md").write_text("Markdown is read too")
    (tmp_path / "page.html").write_text("<p>not an input of extract</p>")
    (tmp_path / "deeper").mkdir()
    (tmp_path / "deeper" / "c.txt").write_text("c")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden")
    (tmp_path / "empty").mkdir()
    got = expand([str(tmp_path), "-", "explicit.html", str(tmp_path / "empty")])
    assert got == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                   str(tmp_path / "deeper" / "c.txt"), str(tmp_path / "notes.md"), "-", "explicit.html",
                   str(tmp_path / "empty")]


def test_stdin_is_read_once_with_id_stdin():
    stdin = io.BytesIO("Officials said so.\n".encode())
    first, second = list(read_inputs(["-", "-"], stdin))
    assert first == TextInput("stdin", "<stdin>", "Officials said so.\n")
    assert isinstance(second, InputError) and "named twice" in second.reason


def test_file_id_is_the_stem(tmp_path):
    path = tmp_path / "crocus-attribution.txt"
    path.write_text("Text.", encoding="utf-8")
    assert read_one(str(path)).id == "crocus-attribution"
