"""Next steps: where to go after the phase, a list of Markdown lines (usually one link each)."""

from __future__ import annotations

from typing import Any

from mkdocs_playbook.blocks import BlockType


def build(data: list[str], phase: dict[str, Any]) -> tuple[str, ...]:
    return tuple(data)


BLOCK = BlockType(key="next_steps", position=170, build=build)
