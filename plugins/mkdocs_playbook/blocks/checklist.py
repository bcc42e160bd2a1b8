"""The get-started checklist, optionally split by the phase's `checklist_groups`.

The one block that reads two keys: groups only make sense with the checklist, and the
checklist's items name their group and focus area, which this block checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.blocks import BlockType, item, listed
from mkdocs_playbook.source.diagnostics import unknown
from mkdocs_playbook.source.yamlread import Document


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    text: str = ""


@dataclass(frozen=True)
class Checklist:
    items: tuple[m.Item, ...]
    groups: tuple[Group, ...] = ()


def build(data: list[dict[str, Any]], phase: dict[str, Any]) -> Checklist:
    groups = tuple(Group(g["id"], g["title"], g.get("text", "")) for g in phase.get("checklist_groups", []))
    return Checklist(tuple(item(i, "checklist") for i in data), groups)


def check(doc: Document) -> None:
    """An item's `focus` and `group` must name a focus area and a checklist group of the phase."""
    focus_ids = [f["id"] for f in doc.data.get("focus_areas", [])]
    group_ids = [g["id"] for g in doc.data.get("checklist_groups", [])]
    for i, entry in enumerate(doc.data.get("checklist", [])):
        for field, known, what in (("focus", focus_ids, "focus area"), ("group", group_ids, "checklist group")):
            if field in entry and entry[field] not in known:
                doc.error(
                    ("checklist", i, field),
                    unknown(f"unknown {what}", entry[field], known, none="(none defined)"),
                )


BLOCK = BlockType(
    key="checklist",
    position=50,
    build=build,
    items=lambda value: value.items,
    tickable=lambda data: listed(data),
    check=check,
    unique_lists=(("checklist_groups",),),
)
