"""Risk management: risk categories, mitigations and the escalation path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.blocks import BlockType


@dataclass(frozen=True)
class RiskCategory:
    category: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class EscalationStep:
    step: str
    within_hours: int | None = None
    """Hours after detection."""


@dataclass(frozen=True)
class RiskManagement:
    categories: tuple[RiskCategory, ...]
    mitigations: tuple[m.RiskPair, ...]
    escalation: tuple[EscalationStep, ...]


def build(data: dict[str, Any], phase: dict[str, Any]) -> RiskManagement:
    return RiskManagement(
        categories=tuple(RiskCategory(c["category"], tuple(c["examples"])) for c in data["categories"]),
        mitigations=tuple(m.RiskPair(r["risk"], r["mitigation"]) for r in data["mitigations"]),
        escalation=tuple(EscalationStep(e["step"], e.get("within_hours")) for e in data["escalation"]),
    )


BLOCK = BlockType(key="risks", position=130, build=build)
