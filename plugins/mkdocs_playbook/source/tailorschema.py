"""The tailoring file's schema, derived from the phase schema: every block type's lists get tailoring.

A tailoring file (`tailoring/<phase>.yml`) may add entries to any list of id'd entries a phase
file may hold, wherever it stands (`checklist`, `stages.<stage id>.exit_criteria`,
`scope.boundaries`...). Which lists those are is read from the merged phase schema, so a new
block type is tailorable with no change here; `python -m mkdocs_playbook.blocks tailoring`
writes the editors' copy, `schemas/tailoring.schema.json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from mkdocs_playbook.blocks import phase_schema

ID_SLOT = None
"""In a list address, the place where the id of an entry of the enclosing list stands."""

Address = tuple[str | None, ...]


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return {**defs[ref.removeprefix("#/$defs/")], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def id_lists(schema: dict[str, Any] | None = None) -> Iterator[tuple[Address, dict[str, Any]]]:
    """(address, entry schema) of every list of entries that carry an id, in schema order."""
    schema = schema or phase_schema()
    defs = schema.get("$defs", {})

    def walk(properties: dict[str, Any], prefix: Address) -> Iterator[tuple[Address, dict[str, Any]]]:
        for key, sub in properties.items():
            sub = _resolve(sub, defs)
            if sub.get("type") == "array":
                entry = _resolve(sub.get("items", {}), defs)
                if entry.get("type") == "object" and "id" in entry.get("required", []):
                    yield (*prefix, key), entry
                    yield from walk(entry.get("properties", {}), (*prefix, key, ID_SLOT))
            elif sub.get("type") == "object":
                yield from walk(sub.get("properties", {}), (*prefix, key))

    yield from walk(schema["properties"], ())


@cache
def tailoring_schema() -> dict[str, Any]:
    phase = phase_schema()
    defs = phase.get("$defs", {})
    id_pattern = defs["id"]["pattern"].removeprefix("^").removesuffix("$")
    fixed: dict[str, Any] = {}
    patterns: dict[str, Any] = {}
    for address, entry in id_lists(phase):
        with_after = {
            **entry,
            "properties": {
                **entry.get("properties", {}),
                "after": {"$ref": "#/$defs/id", "description": "Put the entry after this one (default: last)."},
            },
        }
        lists = {"type": "array", "minItems": 1, "items": with_after, "description": entry.get("description", "")}
        if ID_SLOT in address:
            regex = r"\.".join(id_pattern if p is ID_SLOT else re.escape(p or "") for p in address)
            patterns[f"^{regex}$"] = lists
        else:
            fixed[".".join(p for p in address if p is not None)] = lists
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/mkdocs-playbook/schemas/tailoring.schema.json",
        "title": "Tailoring of a shared phase",
        "description": "An organization's changes to one shared phase (tailoring/<phase id>.yml): "
        "entries added, entries hidden, texts reworded. The shared phase file stays as it is.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "add": {
                "type": "object",
                "description": "New entries by list: a list of the phase (checklist, challenges...) or a list "
                "inside an entry, named by its id (stages.<stage id>.exit_criteria).",
                "additionalProperties": False,
                "properties": fixed,
                "patternProperties": patterns,
            },
            "hide": {
                "type": "array",
                "description": "Ids of entries that do not apply to this organization.",
                "items": {"$ref": "#/$defs/id"},
                "uniqueItems": True,
            },
            "reword": {
                "type": "object",
                "description": "Id -> the text fields to change, e.g. {text: ...}.",
                "propertyNames": {"$ref": "#/$defs/id"},
                "additionalProperties": {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"not": {"const": "id"}},
                    "additionalProperties": {"type": "string", "minLength": 1},
                },
            },
        },
        "$defs": defs,
    }


def schema_for_editors() -> str:
    """The text of `schemas/tailoring.schema.json` (a test checks the shipped copy is current)."""
    return json.dumps(tailoring_schema(), indent=2, ensure_ascii=False) + "\n"
