"""Traffic ramps: the share of users week by week, and when to use each ramp."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_playbook.blocks import BlockType


@dataclass(frozen=True)
class RampWeek:
    week: int
    percent: int
    note: str = ""


@dataclass(frozen=True)
class Ramp:
    id: str
    title: str
    weeks: tuple[RampWeek, ...]
    use_when: tuple[str, ...]


def build(data: list[dict[str, Any]], phase: dict[str, Any]) -> tuple[Ramp, ...]:
    return tuple(
        Ramp(
            r["id"],
            r["title"],
            tuple(RampWeek(w["week"], w["percent"], w.get("note", "")) for w in r["weeks"]),
            tuple(r["use_when"]),
        )
        for r in data
    )


BLOCK = BlockType(key="ramps", position=90, build=build, unique_lists=(("ramps",),))
