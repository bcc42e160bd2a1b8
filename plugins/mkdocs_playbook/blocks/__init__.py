"""The block types a phase is made of: one module a block type, found by being here.

A phase file is a few core fields (id, order, title, summary, why, sources) and any number
of blocks: discovery questions, focus areas, the checklist, challenges, stages, ramps... Each
block type is one module in this package with three parts side by side:

* `<name>.py` defines `BLOCK`, a `BlockType`: the phase-file key it reads, where it stands on
  the page, how its checked data becomes frozen values, and which tickable items and
  discovery questions it contributes (they share one id namespace with every other block);
* `<name>.schema.json` is its JSON Schema fragment, merged into the phase schema;
* `<name>.md.j2` is its section of the phase page.

Adding a block type is adding those three files (and regenerating the editors' copy of the
phase schema, see `schema_for_editors`): no other module names block types.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.source.yamlread import Document, JsonPath

Data = Any
"""A block's value as read from YAML and checked against its schema fragment."""


def _nothing(_: Any) -> Iterator[Any]:
    return iter(())


@dataclass(frozen=True)
class BlockType:
    """One kind of block of a phase. Modules in this package define one each, as `BLOCK`."""

    key: str
    """The phase-file key the block reads (and the name of its template and schema fragment)."""

    position: int
    """Where the block stands on the phase page, ascending."""

    build: Callable[[Data, dict[str, Any]], Any]
    """The block's checked data (and the whole phase's, for a block that reads a second key)
    to the frozen value templates and status code read."""

    items: Callable[[Any], Iterable[m.Item]] = _nothing
    """The items of the built value a team can tick, in page order."""

    questions: Callable[[Any], Iterable[m.Question]] = _nothing
    """The discovery questions of the built value."""

    tickable: Callable[[Data], Iterable[tuple[JsonPath, dict[str, Any]]]] = _nothing
    """Where each item or question stands in the raw data, relative to the block's key:
    ids are checked unique across the whole phase with these positions."""

    unique_lists: tuple[JsonPath, ...] = ()
    """Lists (paths from the top of the phase file) whose entries' ids must be unique among themselves."""

    check: Callable[[Document], None] | None = None
    """Cross-references to other blocks, reported on the document (e.g. a checklist item's focus area)."""


@cache
def registry() -> tuple[BlockType, ...]:
    """Every block type, in page order. Cached: the set of modules does not change while running."""
    found: list[BlockType] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        block: BlockType = module.BLOCK
        if block.key != info.name:
            raise ImportError(f"{module.__name__}: BLOCK.key is '{block.key}'; expected the module name '{info.name}'")
        found.append(block)
    return tuple(sorted(found, key=lambda b: (b.position, b.key)))


def fragment(key: str) -> dict[str, Any]:
    """A block type's schema fragment: `{"properties": {...}, "required"?: [...], "$defs"?: {...}}`."""
    text = resources.files(__name__).joinpath(f"{key}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def phase_schema() -> dict[str, Any]:
    """The whole phase schema: the core fields and every block type's fragment, merged."""
    schema = fragment("core")
    schema = {
        **schema,
        "properties": dict(schema["properties"]),
        "required": list(schema.get("required", [])),
        "$defs": dict(schema.get("$defs", {})),
    }
    for block in registry():
        part = fragment(block.key)
        schema["properties"].update(part["properties"])
        schema["required"] += part.get("required", [])
        schema["$defs"].update(part.get("$defs", {}))
    return schema


def schema_for_editors() -> str:
    """The text of `schemas/phase.schema.json`, the copy editors read through the `$schema` line.

    It is generated from the fragments (`python -m mkdocs_playbook.blocks`) and a test checks
    that the shipped file is up to date.
    """
    return json.dumps(phase_schema(), indent=2, ensure_ascii=False) + "\n"


def build_blocks(data: dict[str, Any]) -> tuple[m.PhaseBlock, ...]:
    """The phase's blocks in page order, for the keys its file has."""
    built = []
    for block in registry():
        if block.key in data:
            value = block.build(data[block.key], data)
            built.append(m.PhaseBlock(block.key, value, tuple(block.items(value)), tuple(block.questions(value))))
    return tuple(built)


def tickable_paths(data: dict[str, Any]) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Every item and question in the raw phase data, with its place in the file."""
    for block in registry():
        if block.key in data:
            for relative, entry in block.tickable(data[block.key]):
                yield (block.key, *relative), entry


def unique_lists() -> Iterator[JsonPath]:
    for block in registry():
        yield from block.unique_lists


def item(data: dict[str, Any], section: str, group: str | None = None, gate: bool = False) -> m.Item:
    """A tickable item from its data; `section` says where it lives on the page."""
    return m.Item(
        id=data["id"],
        text=data["text"],
        section=section,
        group=data.get("group", group),
        focus=data.get("focus"),
        gate=bool(data.get("gate", gate)),
    )


def listed(entries: Iterable[dict[str, Any]], *path: str | int) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """(relative path, entry) for a list of entries that each carry an id."""
    for i, entry in enumerate(entries):
        yield (*path, i), entry
