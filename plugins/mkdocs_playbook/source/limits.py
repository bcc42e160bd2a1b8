"""How much data a file may hold, in one place: file size, value length, number range.

A pull request can put anything in any YAML file. These limits are far above what a real
playbook needs (the example's largest file is 25 KB; a progress file of 2,000 items with a
note each is about 250 KB), and low enough that a hostile or accidental file cannot make
`playbook check`, `mkdocs build` or `mkdocs serve` run for minutes, eat memory, or print a
megabyte into a message. Each is enforced before the work it protects: the file size before
the file is parsed, the value length and number range by the reader, before schema and
regular expressions see the value.
"""

from __future__ import annotations

import math

from mkdocs_playbook.source.diagnostics import quote

DEFAULT_MAX_FILE_MB = 2.0
"""The default of `max_file_size` (mkdocs.yml plugin option) and `--max-file-size` (CLI)."""

MAX_VALUE_LENGTH = 10_000
"""Characters in one scalar (text, a key, a number). Ids have their own, lower limit (80) in the schemas."""

MAX_NUMBER = 10**15
"""Largest magnitude of a number in the data. Beyond it a float no longer holds every whole
number exactly, and nothing a playbook measures or counts comes near it."""

MIN_YEAR, MAX_YEAR = 1, 9999
"""The years a date may name: what `datetime.date` and ISO 8601 without a sign can hold."""


def file_size_problem(size: int, max_mb: float) -> str | None:
    """Why a file of `size` bytes is refused, or None when it is within `max_mb`."""
    if size <= max_mb * 1_000_000:
        return None
    return (
        f"file is {_mb(size)} MB; the limit is {_mb(max_mb * 1_000_000)} MB "
        "(max_file_size in mkdocs.yml plugin options / --max-file-size)"
    )


def _mb(size: float) -> str:
    return f"{size / 1_000_000:.2f}".rstrip("0").rstrip(".")


def number_problem(value: int | float) -> str | None:
    """Why a number read from the data is refused, or None: NaN, infinity, or beyond MAX_NUMBER."""
    if isinstance(value, float) and math.isnan(value):
        return "not a number (NaN)"
    if isinstance(value, float) and math.isinf(value):
        return "infinite"
    if abs(value) > MAX_NUMBER:
        return "out of range"
    return None


def length_problem(text: str, what: str) -> str | None:
    """Why a scalar (`what`: a value, a key) is too long, or None."""
    if len(text) <= MAX_VALUE_LENGTH:
        return None
    return f"{what} {len(text)} characters long ({quote(text)}); expected at most {MAX_VALUE_LENGTH} characters"
