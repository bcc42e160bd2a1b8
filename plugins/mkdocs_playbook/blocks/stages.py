"""Pilot stages (setup, soft launch, expanded, evaluation): activities, deliverables, exit criteria.

Deliverables and exit criteria are tickable; exit criteria are gate items, so the go/no-go
verdict waits for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.blocks import BlockType, item
from mkdocs_playbook.source.yamlread import JsonPath


@dataclass(frozen=True)
class Stage:
    id: str
    number: int
    title: str
    when: str
    activities: tuple[str, ...]
    deliverables: tuple[m.Item, ...]
    exit_criteria: tuple[m.Item, ...]
    business_days: int | None = None
    """How long the stage takes by default, in business days: a plan's stage dates start from it."""


def build(data: list[dict[str, Any]], phase: dict[str, Any]) -> tuple[Stage, ...]:
    return tuple(
        Stage(
            id=s["id"],
            number=s["number"],
            title=s["title"],
            when=s["when"],
            activities=tuple(s["activities"]),
            deliverables=tuple(item(i, "deliverables", s["id"]) for i in s["deliverables"]),
            exit_criteria=tuple(item(i, "exit-criteria", s["id"], gate=True) for i in s["exit_criteria"]),
            business_days=s.get("business_days"),
        )
        for s in data
    )


def items(value: tuple[Stage, ...]) -> Iterator[m.Item]:
    for stage in value:
        yield from stage.deliverables
        yield from stage.exit_criteria


def tickable(data: list[dict[str, Any]]) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    for s, stage in enumerate(data):
        for key in ("deliverables", "exit_criteria"):
            for i, entry in enumerate(stage.get(key, [])):
                yield (s, key, i), entry


BLOCK = BlockType(key="stages", position=80, build=build, items=items, tickable=tickable, unique_lists=(("stages",),))
