"""Remove the template lines that survive main-text extraction ("Exit mobile version", share
bars, cookie banners), using the patterns in data/boilerplate_lines.txt (data, reviewed like
code: one regular expression per line, comments with '#')."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

PATTERNS_FILE = Path(__file__).with_name("data") / "boilerplate_lines.txt"

# A banner is a line, not a paragraph: longer lines are never candidates.
_MAX_LINE_CHARS = 300


@cache
def _pattern() -> re.Pattern[str]:
    parts = []
    for raw in PATTERNS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            re.compile(line)  # a bad pattern fails here, naming itself
            parts.append(f"(?:{line})")
    return re.compile("|".join(parts), re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and len(stripped) <= _MAX_LINE_CHARS and _pattern().fullmatch(stripped) is not None


def remove_boilerplate_lines(text: str) -> tuple[str, int]:
    """`text` without its boilerplate lines, and how many were removed."""
    kept, removed = [], 0
    for line in text.split("\n"):
        if is_boilerplate(line):
            removed += 1
        else:
            kept.append(line)
    return "\n".join(kept).strip("\n"), removed
