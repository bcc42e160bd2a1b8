"""Discovery questions: what the team should answer before and during the phase.

Questions share the id namespace of tickable items: a progress file answers them by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.blocks import BlockType, listed


def build(data: list[dict[str, Any]], phase: dict[str, Any]) -> tuple[m.Question, ...]:
    return tuple(m.Question(q["id"], q["text"], q.get("group")) for q in data)


def questions(value: tuple[m.Question, ...]) -> Iterable[m.Question]:
    return value


BLOCK = BlockType(
    key="discovery_questions",
    position=20,
    build=build,
    questions=questions,
    tickable=lambda data: listed(data),
)
