"""A phase file in, a checked `Phase` out: schema, unique ids, references between entries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.source.diagnostics import Diagnostic, did_you_mean
from mkdocs_playbook.source.files import usable
from mkdocs_playbook.source.schema import validate
from mkdocs_playbook.source.sources import WORKING_TREE, Source
from mkdocs_playbook.source.yamlread import Document, JsonPath


def load_phase(path: Path, source: Source = WORKING_TREE) -> tuple[m.Phase | None, list[Diagnostic]]:
    doc = source.read_yaml(path)
    if not usable(doc, "a phase"):
        return None, doc.diagnostics
    if validate(doc, "phase", "the phase"):
        return None, doc.diagnostics
    data = doc.data
    if data["id"] != path.stem:
        doc.error(("id",), f"phase id '{data['id']}' does not match the file name; expected '{path.stem}' (or rename the file)")
    _check_unique_ids(doc)
    _check_references(doc)
    if doc.diagnostics:
        return None, doc.diagnostics
    return _build_phase(data, m.Location(doc.path, 1, 1)), doc.diagnostics


def tickable_paths(data: dict[str, Any]) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Every item a team can tick or answer, with its place in the file, in page order."""
    for i, item in enumerate(data.get("checklist", [])):
        yield ("checklist", i), item
    for i, item in enumerate((data.get("scope") or {}).get("boundaries", [])):
        yield ("scope", "boundaries", i), item
    for s, stage in enumerate(data.get("stages", [])):
        for key in ("deliverables", "exit_criteria"):
            for i, item in enumerate(stage.get(key, [])):
                yield ("stages", s, key, i), item
    for g, group in enumerate(data.get("documentation", [])):
        for i, item in enumerate(group.get("items", [])):
            yield ("documentation", g, "items", i), item
    for i, question in enumerate(data.get("discovery_questions", [])):
        yield ("discovery_questions", i), question


_ID_LISTS: tuple[JsonPath, ...] = (
    ("focus_areas",), ("checklist_groups",), ("challenges",), ("comparison",), ("pilot_types",),
    ("stages",), ("ramps",), ("team",), ("cadence",), ("documentation",), ("plan", "elements"), ("plan", "steps"),
)


def _check_unique_ids(doc: Document) -> None:
    """Items and questions share one namespace (the keys of a progress file); other lists are unique in themselves."""
    seen: dict[str, JsonPath] = {}
    # in file order, so the later of two equal ids is the one reported (questions come last
    # in page order but may stand first in the file)
    in_file_order = sorted(tickable_paths(doc.data), key=lambda pair: doc.mark((*pair[0], "id")))
    for json_path, entry in in_file_order:
        _note_id(doc, seen, json_path, entry["id"], "an item or question")
    for list_path in _ID_LISTS:
        entries = _get(doc.data, list_path) or []
        local: dict[str, JsonPath] = {}
        for i, entry in enumerate(entries):
            _note_id(doc, local, (*list_path, i), entry["id"], f"an entry of {list_path[-1]}")


def _note_id(doc: Document, seen: dict[str, JsonPath], json_path: JsonPath, item_id: str, what: str) -> None:
    if item_id in seen:
        first_line = doc.mark((*seen[item_id], "id"))[0]
        doc.error((*json_path, "id"), f"duplicate id '{item_id}': already used by {what} on line {first_line}; ids must be unique in a phase")
    else:
        seen[item_id] = json_path


def _check_references(doc: Document) -> None:
    focus_ids = [f["id"] for f in doc.data.get("focus_areas", [])]
    group_ids = [g["id"] for g in doc.data.get("checklist_groups", [])]
    for i, item in enumerate(doc.data.get("checklist", [])):
        if "focus" in item and item["focus"] not in focus_ids:
            doc.error(("checklist", i, "focus"), f"unknown focus area '{item['focus']}'{did_you_mean(item['focus'], focus_ids)}; expected one of: {', '.join(focus_ids) or '(none defined)'}")
        if "group" in item and item["group"] not in group_ids:
            doc.error(("checklist", i, "group"), f"unknown checklist group '{item['group']}'{did_you_mean(item['group'], group_ids)}; expected one of: {', '.join(group_ids) or '(none defined)'}")


def _get(data: Any, json_path: JsonPath) -> Any:
    for part in json_path:
        if not isinstance(data, (dict, list)):
            return None
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError):
            return None
    return data


def _item(data: dict[str, Any], section: str, group: str | None = None, gate: bool = False) -> m.Item:
    return m.Item(
        id=data["id"], text=data["text"], section=section,
        group=data.get("group", group), focus=data.get("focus"), gate=bool(data.get("gate", gate)),
    )


def _build_phase(d: dict[str, Any], location: m.Location) -> m.Phase:
    scope = d.get("scope")
    risks = d.get("risks")
    plan = d.get("plan")
    return m.Phase(
        id=d["id"], order=d["order"], title=d["title"], summary=d["summary"], why=d["why"],
        sources=tuple(d.get("sources", [])),
        discovery_questions=tuple(m.Question(q["id"], q["text"], q.get("group")) for q in d["discovery_questions"]),
        focus_areas=tuple(m.FocusArea(f["id"], f["title"], f["text"], tuple(f.get("resources", []))) for f in d["focus_areas"]),
        checklist_groups=tuple(m.ChecklistGroup(g["id"], g["title"], g.get("text", "")) for g in d.get("checklist_groups", [])),
        checklist=tuple(_item(i, "checklist") for i in d["checklist"]),
        challenges=tuple(m.Challenge(c["id"], c["challenge"], c["mitigation"]) for c in d["challenges"]),
        comparison=tuple(m.Comparison(c["id"], c["title"], tuple(c["traits"])) for c in d.get("comparison", [])),
        best_practices=tuple(d.get("best_practices", [])),
        change_management=d.get("change_management", ""),
        pilot_types=tuple(
            m.PilotType(
                id=t["id"], title=t["title"], purpose=t["purpose"],
                duration=_range_label(t["duration"]["min_weeks"], t["duration"]["max_weeks"], " weeks"),
                min_weeks=t["duration"]["min_weeks"], max_weeks=t["duration"]["max_weeks"],
                traffic=t["traffic"]["label"],
                min_traffic_percent=t["traffic"]["min_percent"], max_traffic_percent=t["traffic"]["max_percent"],
                focus=tuple(t["focus"]), success=t["success"],
            )
            for t in d.get("pilot_types", [])
        ),
        stages=tuple(
            m.Stage(
                id=s["id"], number=s["number"], title=s["title"], when=s["when"],
                activities=tuple(s["activities"]),
                deliverables=tuple(_item(i, "deliverables", s["id"]) for i in s["deliverables"]),
                exit_criteria=tuple(_item(i, "exit-criteria", s["id"], gate=True) for i in s["exit_criteria"]),
            )
            for s in d.get("stages", [])
        ),
        ramps=tuple(
            m.Ramp(r["id"], r["title"], tuple(m.RampWeek(w["week"], w["percent"], w.get("note", "")) for w in r["weeks"]), tuple(r["use_when"]))
            for r in d.get("ramps", [])
        ),
        scope=m.ScopeContainment(
            text=scope.get("text", ""),
            boundaries=tuple(_item(i, "scope") for i in scope["boundaries"]),
            creep_risks=tuple(m.RiskPair(r["risk"], r["prevention"]) for r in scope["creep_risks"]),
            change_process=tuple(scope["change_process"]),
        ) if scope else None,
        team=tuple(
            m.TeamSide(t["id"], t["title"], tuple(m.Role(r["role"], r["responsibility"], r["time_commitment"]) for r in t["roles"]))
            for t in d.get("team", [])
        ),
        cadence=tuple(m.Cadence(c["id"], c["title"], tuple(c["activities"])) for c in d.get("cadence", [])),
        risks=m.RiskManagement(
            categories=tuple(m.RiskCategory(c["category"], tuple(c["examples"])) for c in risks["categories"]),
            mitigations=tuple(m.RiskPair(r["risk"], r["mitigation"]) for r in risks["mitigations"]),
            escalation=tuple(m.EscalationStep(e["step"], e.get("within_hours")) for e in risks["escalation"]),
        ) if risks else None,
        documentation=tuple(
            m.DocumentationGroup(g["id"], g["title"], tuple(_item(i, "documentation", g["id"]) for i in g["items"]))
            for g in d.get("documentation", [])
        ),
        plan=m.PilotPlan(
            definition=plan["definition"], purpose=plan["purpose"], key_points=tuple(plan["key_points"]),
            elements=tuple(m.PlanElement(e["id"], e["title"], e["text"], e.get("example", "")) for e in plan["elements"]),
            steps=tuple(m.PlanStep(s["id"], s["title"], s["text"]) for s in plan["steps"]),
            usage=plan["usage"], tips=tuple(m.RiskPair(t["risk"], t["tip"]) for t in plan["tips"]),
        ) if plan else None,
        location=location,
    )


def _range_label(low: int, high: int | None, unit: str) -> str:
    if high is None:
        return f"{low}+{unit}"
    return f"{low}{unit}" if low == high else f"{low}-{high}{unit}"
