"""Focus areas such as planning, help desk, awareness, training and operations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_playbook.blocks import BlockType


@dataclass(frozen=True)
class FocusArea:
    id: str
    title: str
    text: str
    resources: tuple[str, ...] = ()


def build(data: list[dict[str, Any]], phase: dict[str, Any]) -> tuple[FocusArea, ...]:
    return tuple(FocusArea(f["id"], f["title"], f["text"], tuple(f.get("resources", []))) for f in data)


BLOCK = BlockType(key="focus_areas", position=40, build=build, unique_lists=(("focus_areas",),))
