"""Scope containment: hard boundaries (tickable), scope-creep risks, the change process."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.blocks import BlockType, item, listed
from mkdocs_playbook.source.yamlread import JsonPath


@dataclass(frozen=True)
class ScopeContainment:
    text: str
    boundaries: tuple[m.Item, ...]
    creep_risks: tuple[m.RiskPair, ...]
    change_process: tuple[str, ...]


def build(data: dict[str, Any], phase: dict[str, Any]) -> ScopeContainment:
    return ScopeContainment(
        text=data.get("text", ""),
        boundaries=tuple(item(i, "scope") for i in data["boundaries"]),
        creep_risks=tuple(m.RiskPair(r["risk"], r["prevention"]) for r in data["creep_risks"]),
        change_process=tuple(data["change_process"]),
    )


def tickable(data: dict[str, Any]) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    return listed(data.get("boundaries", []), "boundaries")


BLOCK = BlockType(
    key="scope",
    position=100,
    build=build,
    items=lambda value: value.boundaries,
    tickable=tickable,
)
