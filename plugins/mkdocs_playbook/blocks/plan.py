"""The pilot plan document: what it is, what it holds, how to write it and use it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.blocks import BlockType


@dataclass(frozen=True)
class PlanElement:
    id: str
    title: str
    text: str
    example: str = ""


@dataclass(frozen=True)
class PlanStep:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class PilotPlan:
    definition: str
    purpose: str
    key_points: tuple[str, ...]
    elements: tuple[PlanElement, ...]
    steps: tuple[PlanStep, ...]
    usage: str
    tips: tuple[m.RiskPair, ...]


def build(data: dict[str, Any], phase: dict[str, Any]) -> PilotPlan:
    return PilotPlan(
        definition=data["definition"],
        purpose=data["purpose"],
        key_points=tuple(data["key_points"]),
        elements=tuple(PlanElement(e["id"], e["title"], e["text"], e.get("example", "")) for e in data["elements"]),
        steps=tuple(PlanStep(s["id"], s["title"], s["text"]) for s in data["steps"]),
        usage=data["usage"],
        tips=tuple(m.RiskPair(t["risk"], t["tip"]) for t in data["tips"]),
    )


BLOCK = BlockType(key="plan", position=150, build=build, unique_lists=(("plan", "elements"), ("plan", "steps")))
