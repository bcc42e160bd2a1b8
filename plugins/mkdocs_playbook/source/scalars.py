"""The YAML 1.2 core schema: what an unquoted scalar means.

One definition for the reader (what a file says) and the editor (whether a value it writes
unquoted would read back as the same text), so the two cannot drift apart.
"""

from __future__ import annotations

import math
import re
from typing import Any

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^([-+]?)\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


def resolve_plain(value: str) -> Any:
    """The value of an unquoted scalar: None, a bool, an int, a float or the text itself.

    Raises ValueError for an integer longer than Python converts (4,300 digits by default);
    the reader turns that into a data error at the value's position.
    """
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


def reads_as_text(value: str) -> bool:
    """Whether `value`, written unquoted, reads back as exactly that text."""
    try:
        resolved = resolve_plain(value)
    except ValueError:
        return False
    return isinstance(resolved, str) and resolved == value
