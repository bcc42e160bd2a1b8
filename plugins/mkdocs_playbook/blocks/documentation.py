"""Documentation requirements before, during and after the pilot: tickable items in groups."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.blocks import BlockType, item
from mkdocs_playbook.source.yamlread import JsonPath


@dataclass(frozen=True)
class DocumentationGroup:
    id: str
    title: str
    items: tuple[m.Item, ...]


def build(data: list[dict[str, Any]], phase: dict[str, Any]) -> tuple[DocumentationGroup, ...]:
    return tuple(
        DocumentationGroup(g["id"], g["title"], tuple(item(i, "documentation", g["id"]) for i in g["items"]))
        for g in data
    )


def items(value: tuple[DocumentationGroup, ...]) -> Iterator[m.Item]:
    for group in value:
        yield from group.items


def tickable(data: list[dict[str, Any]]) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    for g, group in enumerate(data):
        for i, entry in enumerate(group.get("items", [])):
            yield (g, "items", i), entry


BLOCK = BlockType(
    key="documentation", position=140, build=build, items=items, tickable=tickable, unique_lists=(("documentation",),)
)
