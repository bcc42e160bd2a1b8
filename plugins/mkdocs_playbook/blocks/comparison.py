"""Side by side, e.g. proof of concept versus pilot: what characterises each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_playbook.blocks import BlockType


@dataclass(frozen=True)
class Side:
    id: str
    title: str
    traits: tuple[str, ...]


def build(data: list[dict[str, Any]], phase: dict[str, Any]) -> tuple[Side, ...]:
    return tuple(Side(c["id"], c["title"], tuple(c["traits"])) for c in data)


BLOCK = BlockType(key="comparison", position=10, build=build, unique_lists=(("comparison",),))
