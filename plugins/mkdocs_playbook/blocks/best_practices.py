"""Best practices: a plain list of advice."""

from __future__ import annotations

from typing import Any

from mkdocs_playbook.blocks import BlockType


def build(data: list[str], phase: dict[str, Any]) -> tuple[str, ...]:
    return tuple(data)


BLOCK = BlockType(key="best_practices", position=30, build=build)
