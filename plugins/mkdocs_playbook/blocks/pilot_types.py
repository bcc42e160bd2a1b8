"""Pilot types (technical validation, business validation, full pilot): duration, traffic, focus."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_playbook.blocks import BlockType


@dataclass(frozen=True)
class PilotType:
    id: str
    title: str
    purpose: str
    duration: str
    min_weeks: int
    max_weeks: int | None
    traffic: str
    min_traffic_percent: int
    max_traffic_percent: int | None
    focus: tuple[str, ...]
    success: str

    @property
    def traffic_share(self) -> str:
        """'Limited (10-20%)', 'Production-like (50%+)'."""
        if self.max_traffic_percent is None:
            share = f"{self.min_traffic_percent}%+"
        elif self.max_traffic_percent == self.min_traffic_percent:
            share = f"{self.min_traffic_percent}%"
        else:
            share = f"{self.min_traffic_percent}-{self.max_traffic_percent}%"
        return f"{self.traffic} ({share})"


def range_label(low: int, high: int | None, unit: str) -> str:
    """'2-4 weeks', '4 weeks', '8+ weeks' (a `None` maximum is open-ended)."""
    if high is None:
        return f"{low}+{unit}"
    return f"{low}{unit}" if low == high else f"{low}-{high}{unit}"


def build(data: list[dict[str, Any]], phase: dict[str, Any]) -> tuple[PilotType, ...]:
    return tuple(
        PilotType(
            id=t["id"],
            title=t["title"],
            purpose=t["purpose"],
            duration=range_label(t["duration"]["min_weeks"], t["duration"]["max_weeks"], " weeks"),
            min_weeks=t["duration"]["min_weeks"],
            max_weeks=t["duration"]["max_weeks"],
            traffic=t["traffic"]["label"],
            min_traffic_percent=t["traffic"]["min_percent"],
            max_traffic_percent=t["traffic"]["max_percent"],
            focus=tuple(t["focus"]),
            success=t["success"],
        )
        for t in data
    )


BLOCK = BlockType(key="pilot_types", position=70, build=build, unique_lists=(("pilot_types",),))
