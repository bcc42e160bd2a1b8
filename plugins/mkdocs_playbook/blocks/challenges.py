"""Common challenges, each with its mitigation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_playbook.blocks import BlockType


@dataclass(frozen=True)
class Challenge:
    id: str
    challenge: str
    mitigation: str


def build(data: list[dict[str, Any]], phase: dict[str, Any]) -> tuple[Challenge, ...]:
    return tuple(Challenge(c["id"], c["challenge"], c["mitigation"]) for c in data)


BLOCK = BlockType(key="challenges", position=60, build=build, unique_lists=(("challenges",),))
