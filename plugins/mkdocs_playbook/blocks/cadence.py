"""Communication cadence: daily, weekly, per-stage activities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_playbook.blocks import BlockType


@dataclass(frozen=True)
class Cadence:
    id: str
    title: str
    activities: tuple[str, ...]


def build(data: list[dict[str, Any]], phase: dict[str, Any]) -> tuple[Cadence, ...]:
    return tuple(Cadence(c["id"], c["title"], tuple(c["activities"])) for c in data)


BLOCK = BlockType(key="cadence", position=120, build=build, unique_lists=(("cadence",),))
