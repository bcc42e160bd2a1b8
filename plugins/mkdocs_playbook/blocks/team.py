"""Team structure: the roles on each side (customer, vendor), their responsibilities and time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_playbook.blocks import BlockType


@dataclass(frozen=True)
class Role:
    role: str
    responsibility: str
    time_commitment: str


@dataclass(frozen=True)
class TeamSide:
    id: str
    title: str
    roles: tuple[Role, ...]


def build(data: list[dict[str, Any]], phase: dict[str, Any]) -> tuple[TeamSide, ...]:
    return tuple(
        TeamSide(
            t["id"], t["title"], tuple(Role(r["role"], r["responsibility"], r["time_commitment"]) for r in t["roles"])
        )
        for t in data
    )


BLOCK = BlockType(key="team", position=110, build=build, unique_lists=(("team",),))
