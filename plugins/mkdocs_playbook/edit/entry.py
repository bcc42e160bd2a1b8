"""What a progress entry may hold, and how a value is written so it reads back unchanged.

The field names come from the model, the one place the rule lives. Values are written
the way people write them by hand: unquoted where the reader would read the text back as
the same text, quoted otherwise, dates in `due` bare. The caller still proves every edit by
reading the result again; this module only makes that proof succeed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import yaml

from mkdocs_playbook import model as m
from mkdocs_playbook.edit.errors import EditError
from mkdocs_playbook.source.diagnostics import quote
from mkdocs_playbook.source.scalars import reads_as_text
from mkdocs_playbook.source.yamlread import read_text

FIELDS: tuple[str, ...] = ("status", *m.DETAIL_FIELDS, "answer")
"""Every field an entry may have, in the order new flow mappings are written."""

ANY_BREAK = re.compile("[\r\n\x85\u2028\u2029]")
"""Every character some YAML reader, editor or git treats as a line break."""
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def normalise_changes(key: str, changes: Mapping[str, str | None], path: str) -> dict[str, str | None]:
    """Check the caller's request: known fields, one-line string values."""
    if not isinstance(key, str) or not key or ANY_BREAK.search(key):
        raise ValueError(f"an entry key must be a one-line, non-empty string, not {quote(key)}")
    result: dict[str, str | None] = {}
    for name, value in changes.items():
        if name not in FIELDS:
            raise ValueError(f"unknown progress field {quote(name)}; expected one of {', '.join(FIELDS)}")
        if value is not None and not isinstance(value, str):
            raise TypeError(f"value for {quote(name)} must be a string or None, not {type(value).__name__}")
        if value is not None and ANY_BREAK.search(value):
            raise EditError(f"the {name} for {quote(key)} must be one line: it contains a line break", path=path)
        result[name] = value
    return result


def emit_scalar(value: str, *, flow: bool) -> str:
    """A one-line YAML scalar for `value`, quoted only when needed where it goes.

    Inside `{...}` (`flow=True`) the value is dumped as an item of a flow
    sequence, so PyYAML also quotes what is special there (`,`, `[`, `]`, `{`,
    `}`, `:`); in block context it is dumped on its own, so a URL or `a, b`
    stays bare. PyYAML's emitter quotes what YAML 1.1 would read as something
    else (`yes`, `2026-01-01`); text that only YAML 1.2 reads as a number
    (`0o17`, `1e3`, `09`) is quoted too, so every reader sees the same text.
    """
    dumped = _dump(value, flow=flow, style=None)
    if dumped[:1] not in ("'", '"') and not reads_as_text(dumped):
        dumped = _dump(value, flow=flow, style="'")
    return dumped


def _dump(value: str, *, flow: bool, style: str | None) -> str:
    options: dict[str, Any] = {
        "default_flow_style": True,
        "width": 10**9,
        "allow_unicode": True,
        "default_style": style,
    }
    if flow:
        dumped = str(yaml.safe_dump([value], **options)).rstrip("\r\n")
        if not (dumped.startswith("[") and dumped.endswith("]")):
            raise ValueError(f"cannot write {quote(value)} as a one-line YAML scalar")
        dumped = dumped[1:-1]
    else:
        dumped = str(yaml.safe_dump(value, **options))
        dumped = dumped.removesuffix("\n...\n").rstrip("\r\n")
    if "\n" in dumped:
        raise ValueError(f"cannot write {quote(value)} as a one-line YAML scalar")
    return dumped


def is_iso_date(value: str) -> bool:
    """YYYY-MM-DD and a real day: what a `due` field must be."""
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def emit_value(name: str, value: str, *, flow: bool) -> str:
    """`due` dates are written bare (`due: 2026-12-05`), like hand-written files; all else quoted as needed."""
    if name == "due" and is_iso_date(value):
        return value
    return emit_scalar(value, flow=flow)


def flow_mapping(values: Mapping[str, str]) -> str:
    """`{status: done, by: x}` with fields in canonical order."""
    names = sorted(values, key=FIELDS.index)
    return "{" + ", ".join(f"{n}: {emit_value(n, values[n], flow=True)}" for n in names) + "}"


def entry_text(values: Mapping[str, str]) -> str:
    """The value written for a new or rewritten entry: a bare status, or a flow mapping."""
    if set(values) == {"status"}:
        return emit_value("status", values["status"], flow=False)
    return flow_mapping(values)


def newline(text: str) -> str:
    """The file's line-break convention, judged by its first line break."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def yaml_text(value: str) -> str:
    """`value` as one line of YAML that reads back as exactly `value`, whatever it holds.

    `emit_scalar` where it can (bare where safe, else quoted); text it cannot put on one line (a
    line break, U+2028, any character some reader breaks a line at) is written double-quoted, where
    YAML escapes each. It is read back before it is used: a value that would not read as itself is a
    ValueError. Every value `playbook new` writes into a YAML file (organization and product names)
    comes through here.
    """
    written = _dump(value, flow=False, style='"') if ANY_BREAK.search(value) else emit_scalar(value, flow=False)
    document = read_text(f"value: {written}\n", "value")
    if document.diagnostics or document.data != {"value": value}:  # the proof: it reads back as itself
        raise ValueError(f"cannot write {quote(value)} as a one-line YAML scalar")
    return written
