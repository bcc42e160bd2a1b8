"""Entry criteria: what must hold before the phase starts; tickable gate items of the phase.

A phase file may list them, and a plan (plans/<phase>.yml, `entry_criteria:`) adds its own:
the loader appends those to this block (see `source.plan.with_entry_criteria`), so ticking,
`playbook fmt`, `check`, `status` and the phase page treat both alike.
"""

from __future__ import annotations

from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.blocks import BlockType, item, listed

SECTION = "entry-criteria"


def build(data: list[dict[str, Any]], phase: dict[str, Any]) -> tuple[m.Item, ...]:
    return tuple(item(i, SECTION, gate=True) for i in data)


BLOCK = BlockType(
    key="entry_criteria",
    position=75,
    build=build,
    items=lambda value: value,
    tickable=lambda data: listed(data),
)
