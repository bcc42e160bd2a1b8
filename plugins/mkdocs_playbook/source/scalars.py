"""The YAML 1.2 core schema: what an unquoted scalar means.

One definition for the reader (what a file says) and the editor (whether a value it writes
unquoted would read back as the same text), so the two cannot drift apart.
"""

from __future__ import annotations

import math
import re
import sys
from typing import Any

from mkdocs_playbook.source.diagnostics import quote
from mkdocs_playbook.source.limits import MAX_NUMBER, length_problem, number_problem

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^([-+]?)\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_MAYBE_NOT_TEXT = frozenset("~nNtTfF+-.0123456789")
_SURROGATE = re.compile("[\ud800-\udfff]")
"""The first characters of every null, boolean and number form above."""


def resolve_plain(value: str) -> Any:
    """The value of an unquoted scalar: None, a bool, an int, a float or the text itself.

    Raises ValueError for an integer longer than Python converts (4,300 digits by default);
    the reader turns that into a data error at the value's position.
    """
    if value and value[0] not in _MAYBE_NOT_TEXT:  # most values are words: skip eight regexes
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _OCT.match(value) or _HEX.match(value):
        return int(value, 0)
    if _FLOAT.match(value):
        return float(value)
    if match := _INF.match(value):
        return -math.inf if match.group(1) == "-" else math.inf
    if _NAN.match(value):
        return math.nan
    return value


def read_scalar(text: str, *, plain: bool) -> tuple[Any, str | None]:
    """What the reader makes of a scalar: its value, or None and why it is refused.

    Refused, so that nothing downstream (schema, regular expressions, comparisons, per
    cent, charts, JSON) ever sees it: a value longer than MAX_VALUE_LENGTH, an integer
    longer than Python converts, and a number that is NaN, infinite or beyond MAX_NUMBER.
    `plain`: written unquoted (quoted and block scalars are always text).
    """
    if problem := length_problem(text, "a value") or surrogate_problem(text):
        return None, problem
    if not plain:
        return text, None
    try:
        value = resolve_plain(text)
    except ValueError:
        limit = sys.get_int_max_str_digits()
        return None, f"a number {len(text)} characters long; expected at most {limit} digits (quote it if it is text)"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and (problem := number_problem(value)):
        digits = len(str(MAX_NUMBER)) - 1
        return None, (
            f"the number {quote(text)} is {problem}; expected a number of at most {digits} digits "
            "(quote it if it is text)"
        )
    return value, None


def surrogate_problem(text: str) -> str | None:
    """Why `text` cannot be written out, or None.

    A double-quoted escape such as `"\\ud800"` reads as half of a UTF-16 pair: Python holds
    it, but no UTF-8 file, page or terminal can, so the first write of it (MkDocs' search
    index, a page) would crash the build. Refused where it is read instead.
    """
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return (
        f"holds U+{ord(found.group()):04X}, half of a UTF-16 surrogate pair (an escape such as \\ud800); "
        "expected whole characters (write the character itself, or its \\U00XXXXXX escape)"
    )


def reads_as_text(value: str) -> bool:
    """Whether `value`, written unquoted, reads back as exactly that text."""
    try:
        resolved = resolve_plain(value)
    except ValueError:
        return False
    return isinstance(resolved, str) and resolved == value
