"""Phase, organization and progress files in; a checked, immutable Playbook out.

Loading never stops at the first problem: a person fixing a pull request wants
every mistake in one run. Files with errors are left out of the result (or,
for progress, just the broken entries), so `mkdocs serve` can keep showing
the rest while the errors are reported. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from mkdocs_playbook import model as m
from mkdocs_playbook.source.diagnostics import Diagnostic, did_you_mean
from mkdocs_playbook.source.schema import validate
from mkdocs_playbook.source.yamlread import Document, JsonPath, read_file, read_text

PRODUCT_TOKEN = "{product}"
ORGANIZATION_FILE = "organization.yml"
PROGRESS_DIR = "progress"

T = TypeVar("T")


@dataclass(frozen=True)
class LoadResult:
    """The playbook (None when the organization itself is unusable) and every problem found."""

    playbook: m.Playbook | None
    diagnostics: tuple[Diagnostic, ...]
    files: tuple[Path, ...]

    @property
    def ok(self) -> bool:
        return not self.diagnostics


def display_path(path: Path) -> str:
    """Paths relative to the working directory where possible: shorter, and clickable in terminals."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def load_playbook(phases_dir: Path, playbook_dir: Path) -> LoadResult:
    diagnostics: list[Diagnostic] = []
    files: list[Path] = []

    phases: dict[str, m.Phase] = {}
    broken: list[str] = []  # phase files with errors: reported there, so not 'unknown' elsewhere
    if not phases_dir.is_dir():
        # Without phases every organization and progress entry would be an 'unknown phase':
        # say the one thing that is wrong instead of burying it under those.
        found = "is a file, not a directory" if phases_dir.exists() else "not found"
        problem = f"phases directory {found}; expected a directory of phase files (*.yml), e.g. --phases phases"
        return LoadResult(None, (Diagnostic(display_path(phases_dir), None, None, problem),), ())
    phase_files = sorted(phases_dir.glob("*.yml"))
    for stray in sorted(phases_dir.glob("*.yaml")):
        diagnostics.append(Diagnostic(display_path(stray), None, None, "ignored: phase files must end in .yml"))
    if not phase_files:
        diagnostics.append(Diagnostic(display_path(phases_dir), None, None, "no phase files (*.yml) found"))
    for path in phase_files:
        files.append(path)
        phase, problems = load_phase(path)
        diagnostics += problems
        if phase is None:
            broken.append(path.stem)
            continue
        if phase.id in phases:
            diagnostics.append(
                Diagnostic(display_path(path), 1, 1, f"phase id '{phase.id}' is used by another phase file too")
            )
            continue
        phases[phase.id] = phase

    org_path = playbook_dir / ORGANIZATION_FILE
    files.append(org_path)
    organization, problems = load_organization(org_path, known_phases=[*phases, *broken])
    diagnostics += problems

    progress: dict[str, m.Progress] = {}
    progress_dir = playbook_dir / PROGRESS_DIR
    for path in sorted(progress_dir.glob("*.yml")) if progress_dir.is_dir() else []:
        files.append(path)
        phase_id = path.stem
        if phase_id in broken:
            continue
        if phase_id not in phases:
            diagnostics.append(
                Diagnostic(
                    display_path(path), 1, 1,
                    f"progress file for an unknown phase '{phase_id}'{did_you_mean(phase_id, phases)}; "
                    f"expected one of: {', '.join(phases) or '(no phases loaded)'}",
                )
            )
            continue
        loaded, problems = load_progress(path, phases[phase_id])
        diagnostics += problems
        progress[phase_id] = loaded

    if organization is None:
        return LoadResult(None, tuple(sorted(diagnostics)), tuple(files))
    chosen = organization.phases or tuple(sorted(phases, key=lambda pid: (phases[pid].order, pid)))
    ordered = tuple(substitute_product(phases[pid], organization.product) for pid in chosen if pid in phases)
    for phase in ordered:
        progress.setdefault(phase.id, m.Progress(phase.id, {}, None))
    playbook = m.Playbook(ordered, organization, progress)
    return LoadResult(playbook, tuple(sorted(diagnostics)), tuple(files))


def substitute_product(value: T, product: str) -> T:
    """Put the organization's product name wherever the content says `{product}`.

    Plain replacement, never a template engine: the text stays text.
    """
    if isinstance(value, str):
        return value.replace(PRODUCT_TOKEN, product)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(substitute_product(v, product) for v in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: substitute_product(getattr(value, f.name), product)
            for f in dataclasses.fields(value)
            if f.name != "location"
        }
        return dataclasses.replace(value, **changes)
    return value


# --- phases -------------------------------------------------------------------


def load_phase(path: Path) -> tuple[m.Phase | None, list[Diagnostic]]:
    doc = read_file(path, display_path(path))
    if not _usable(doc, "a phase"):
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


def _usable(doc: Document, what: str) -> bool:
    if doc.empty and not doc.diagnostics:
        doc.diagnostics.append(Diagnostic(doc.path, 1, 1, f"the file is empty; expected {what} (a mapping of fields)"))
    return not doc.diagnostics


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


# --- the organization -----------------------------------------------------------


def load_organization(path: Path, known_phases: list[str]) -> tuple[m.Organization | None, list[Diagnostic]]:
    if not path.exists() and not path.is_symlink():  # a broken link is there: say why it cannot be read
        return None, [Diagnostic(display_path(path), None, None, "organization file not found; expected name and product at least")]
    doc = read_file(path, display_path(path))
    if not _usable(doc, "the organization") or validate(doc, "organization", "the organization"):
        return None, doc.diagnostics
    data = doc.data
    for i, phase_id in enumerate(data.get("phases", [])):
        if phase_id not in known_phases:
            doc.error(("phases", i), f"unknown phase '{phase_id}'{did_you_mean(phase_id, known_phases)}; expected one of: {', '.join(known_phases)}")
    dates: dict[str, m.PhaseDates] = {}
    for phase_id, span in (data.get("dates") or {}).items():
        if phase_id not in known_phases:
            doc.error(("dates", phase_id), f"dates for an unknown phase '{phase_id}'{did_you_mean(phase_id, known_phases)}; expected one of: {', '.join(known_phases)}", key=True)
            continue
        start, end = _date(span.get("start")), _date(span.get("end"))
        if start and end and end < start:
            doc.error(("dates", phase_id, "end"), f"the {phase_id} phase ends ({end}) before it starts ({start}); expected end on or after start")
        dates[phase_id] = m.PhaseDates(start, end)
    metrics: list[m.Metric] = []
    seen: set[str] = set()
    for i, metric in enumerate(data.get("metrics", [])):
        if metric["id"] in seen:
            doc.error(("metrics", i, "id"), f"duplicate metric id '{metric['id']}'; ids must be unique")
        seen.add(metric["id"])
        if metric["phase"] not in known_phases:
            doc.error(("metrics", i, "phase"), f"unknown phase '{metric['phase']}'{did_you_mean(metric['phase'], known_phases)}; expected one of: {', '.join(known_phases)}")
        actual = metric.get("actual")
        if isinstance(actual, float) and not math.isfinite(actual):
            doc.error(("metrics", i, "actual"), f"'actual' is {actual}; expected a measured number (leave it out while unmeasured)")
        comparison, number = _split_target(metric["target"])
        metrics.append(m.Metric(
            id=metric["id"], name=metric["name"], comparison=comparison, target=number,
            unit=metric.get("unit", ""), actual=metric.get("actual"), phase=metric["phase"],
        ))
    if doc.diagnostics:
        return None, doc.diagnostics
    palette = data.get("palette") or {}
    organization = m.Organization(
        name=data["name"], product=data["product"],
        contacts=tuple(m.Contact(c["name"], c["role"], c.get("email", "")) for c in data.get("contacts", [])),
        phases=tuple(data.get("phases", [])), dates=dates, logo=data.get("logo"),
        palette_primary=palette.get("primary"), palette_accent=palette.get("accent"),
        metrics=tuple(metrics), location=m.Location(doc.path, 1, 1),
    )
    return organization, doc.diagnostics


def _split_target(target: str) -> tuple[str, float]:
    """'<= 0.5' -> ('<=', 0.5); the schema has already checked the shape."""
    number_start = next(i for i, c in enumerate(target) if c.isdigit() or c == "-")
    return target[:number_start].strip(), float(target[number_start:])


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# --- progress ---------------------------------------------------------------------

_ITEM_ONLY = ("status", "owner", "due", "note", "evidence", "reason")


def load_progress(path: Path, phase: m.Phase, text: str | None = None) -> tuple[m.Progress, list[Diagnostic]]:
    """Broken entries are reported and left out; the rest still counts.

    `text` checks an edit before it is written, with messages naming `path`.
    """
    doc = read_file(path, display_path(path)) if text is None else read_text(text, display_path(path))
    if doc.diagnostics and doc.data is None:
        return m.Progress(phase.id, {}, str(path)), doc.diagnostics
    if doc.empty or doc.data is None:
        return m.Progress(phase.id, {}, str(path)), doc.diagnostics
    problems = validate(doc, "progress", "the progress file")
    if not isinstance(doc.data, dict):
        return m.Progress(phase.id, {}, str(path)), doc.diagnostics
    broken = {p[0] for p in problems if p}
    items = {i.id for i in phase.items()}
    questions = {q.id for q in phase.discovery_questions}
    states: dict[str, m.ItemState] = {}
    for key, value in doc.data.items():
        if key in broken:
            continue
        line, column = doc.mark((key,), key=True)
        location = m.Location(doc.path, line or 1, column or 1)
        if key not in items and key not in questions:
            doc.error((key,), f"unknown item '{key}' in phase '{phase.id}'{did_you_mean(key, phase.ids())}", key=True)
            continue
        fields: dict[str, Any] = {"status": value} if isinstance(value, str) else dict(value)
        if key in questions:
            wrong = sorted(set(fields) - {"answer", "by"})
            if wrong or "answer" not in fields:
                doc.error((key,), f"'{key}' is a discovery question; expected {{answer: TEXT}} (optionally with by), found {', '.join(wrong) or 'no answer'}")
                continue
        elif "answer" in fields:
            doc.error((key, "answer"), f"'{key}' is a checklist item, not a question; expected status, by, owner, due, note, evidence or reason", key=True)
            continue
        states[key] = m.ItemState(
            id=key,
            status=m.Status(fields.get("status", "todo")),
            by=fields.get("by"), note=fields.get("note"), evidence=fields.get("evidence"),
            owner=fields.get("owner"), due=_date(fields.get("due")), reason=fields.get("reason"),
            answer=fields.get("answer"), location=location,
        )
    return m.Progress(phase.id, states, str(path)), doc.diagnostics
