"""Change management: one Markdown text."""

from __future__ import annotations

from typing import Any

from mkdocs_playbook.blocks import BlockType


def build(data: str, phase: dict[str, Any]) -> str:
    return data


BLOCK = BlockType(key="change_management", position=160, build=build)
