"""plans/<phase>.yml in, a checked, dated `Plan` out.

The plan names things other files define (the phase's pilot types, ramps and stages, the
organization's contacts), so every name is checked here with a 'did you mean', and every
date a page or the verdict needs (the ramp's weeks, the stages' windows) is computed once,
here, from the start date in business days. A plan is optional: a phase without a file
has no plan, and its verdict comes from its gate items and decisions alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mkdocs_playbook import blocks
from mkdocs_playbook import model as m
from mkdocs_playbook.source import schedule
from mkdocs_playbook.source.diagnostics import Diagnostic, quote, unknown
from mkdocs_playbook.source.files import PLANS_DIR, usable
from mkdocs_playbook.source.schema import validate
from mkdocs_playbook.source.sources import WORKING_TREE, Source
from mkdocs_playbook.source.textrules import blocking
from mkdocs_playbook.source.yamlread import Document

ENTRY_SECTION = "entry-criteria"
"""The section of the phase page (and `Item.section`) of a plan's entry criteria."""
PILOT_KEYS: dict[str, str] = {"pilot_type": "pilot_types", "ramp": "ramps", "stages": "stages"}
"""Plan keys that only make sense for a phase with that block (the pilot's)."""


def load_plan(
    path: Path, phase: m.Phase, contacts: Sequence[str] | None, source: Source = WORKING_TREE
) -> tuple[m.Plan | None, list[Diagnostic]]:
    """The plan of `phase`; None (with the problems) when the file cannot be used.

    `contacts`: the organization's contact names, which the owners must be (None: unknown, as the
    organization file is broken; not checked).
    """
    doc = source.read_yaml(path)
    if not usable(doc, "a plan") or validate(doc, "plan", "the plan"):
        return None, doc.diagnostics
    data: dict[str, Any] = doc.data
    plan = _build(doc, data, phase, contacts, str(path))
    if blocking(doc.diagnostics):
        return None, doc.diagnostics
    return plan, doc.diagnostics


def _build(doc: Document, data: dict[str, Any], phase: m.Phase, contacts: Sequence[str] | None, path: str) -> m.Plan:
    for key, block in PILOT_KEYS.items():
        if key in data and not phase.block(block):
            doc.error((key,), f"{quote(key)} needs a phase with {block}; the {phase.id} phase has none", key=True)
    timezone = data.get("timezone", "UTC")
    try:
        zone = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        doc.error(("timezone",), f"unknown time zone {quote(timezone)}; expected an IANA name such as Europe/Berlin")
        zone = None
    holidays = tuple(sorted(dt.date.fromisoformat(d) for d in data.get("holidays", [])))
    start = schedule.next_business_day(dt.date.fromisoformat(data["start"]), holidays) if "start" in data else None
    checks = _checks(data.get("monitoring", {}).get("checks"))
    default_age = schedule.default_max_age(checks)
    pilot = _pilot_type(doc, data, phase)
    owners = data.get("owners", {})
    for role in ("decision", "rollback"):
        if contacts is not None and role in owners and owners[role] not in contacts:
            doc.error(("owners", role), unknown("unknown contact", owners[role], contacts, none="(no contacts)"))
    cohort = data.get("cohort")
    scope = data.get("scope", {})
    monitoring = data.get("monitoring", {})
    return m.Plan(
        phase=phase.id,
        pilot_type=data.get("pilot_type"),
        pilot_type_title=pilot.title if pilot else "",
        duration_weeks=(pilot.min_weeks, pilot.max_weeks) if pilot else None,
        traffic=pilot.traffic_share if pilot else "",
        focus=tuple(pilot.focus) if pilot else (),
        start=start,
        timezone=timezone if zone else "UTC",
        ramp=_ramp_name(data.get("ramp")),
        ramp_weeks=_ramp(doc, data.get("ramp"), phase, start),
        stages=_stages(doc, data, phase, start, holidays),
        holidays=holidays,
        scope_in=tuple(scope.get("in", [])),
        scope_out=tuple(scope.get("out", [])),
        cohort=m.Cohort(cohort.get("size"), cohort.get("who", ""), cohort.get("region", ""), cohort.get("opt_in"))
        if cohort is not None
        else None,
        environment=data.get("environment", ""),
        data_constraints=tuple(data.get("data_constraints", [])),
        dashboards=tuple(m.Link(d["title"], d.get("url", "")) for d in monitoring.get("dashboards", [])),
        checks=checks,
        decision_owner=owners.get("decision", ""),
        rollback_owner=owners.get("rollback", ""),
        rollback_steps=tuple(data.get("rollback_steps", [])),
        entry_criteria=_entry_criteria(doc, data, phase),
        criteria=_criteria(doc, data, phase, default_age),
        triggers=_triggers(doc, data),
        path=path,
    )


def _pilot_type(doc: Document, data: dict[str, Any], phase: m.Phase) -> Any:
    if "pilot_type" not in data or not phase.block("pilot_types"):
        return None
    types = {t.id: t for t in phase.block("pilot_types")}
    if data["pilot_type"] not in types:
        doc.error(("pilot_type",), unknown("unknown pilot type", data["pilot_type"], types))
        return None
    return types[data["pilot_type"]]


def _checks(data: dict[str, Any] | None) -> m.CheckCadence | None:
    if data is None:
        return None
    times = [dt.time.fromisoformat(t) for t in data["at"]]
    return schedule.cadence(data["days"], times)


def _ramp_name(ramp: Any) -> str | None:
    return "custom" if isinstance(ramp, dict) else ramp


def _ramp(doc: Document, ramp: Any, phase: m.Phase, start: dt.date | None) -> tuple[m.RampWeek, ...]:
    if ramp is None:
        return ()
    if isinstance(ramp, dict):
        weeks = [(w["week"], w["percent"], w.get("note", "")) for w in ramp["custom"]]
        numbers = [w for w, _, _ in weeks]
        if numbers != list(range(1, len(numbers) + 1)):
            shown = ", ".join(str(n) for n in numbers)
            doc.error(("ramp", "custom"), f"the custom ramp's weeks are {shown}; expected 1, 2, 3... in order")
    else:
        ramps = {r.id: r for r in phase.block("ramps", ())}
        if not ramps:
            return ()  # reported: the phase has no ramps
        if ramp not in ramps:
            doc.error(("ramp",), unknown("unknown ramp", ramp, [*ramps, "{custom: [...]}"]))
            return ()
        weeks = [(w.week, w.percent, w.note) for w in ramps[ramp].weeks]
    if start is None:
        problem = "a ramp needs the plan's start date to date its weeks; expected start: YYYY-MM-DD"
        doc.error(("ramp",), problem, key=True)
        return ()
    return schedule.ramp_weeks(start, weeks)


def _stages(
    doc: Document, data: dict[str, Any], phase: m.Phase, start: dt.date | None, holidays: tuple[dt.date, ...]
) -> tuple[m.StageWindow, ...]:
    phase_stages = phase.block("stages", ())
    known = [s.id for s in phase_stages]
    chosen: dict[str, int] = data.get("stages", {})
    for stage_id in chosen:
        if known and stage_id not in known:
            doc.error(("stages", stage_id), unknown("unknown stage", stage_id, known), key=True)
    if start is None or not phase_stages:
        return ()
    spans = []
    for stage in phase_stages:
        days = chosen.get(stage.id, stage.business_days)
        if days is None:
            doc.error(
                ("stages",) if "stages" in data else ("start",),
                f"no business days for stage {quote(stage.id)}; expected stages: {{{stage.id}: DAYS}}",
                key=True,
            )
            return ()
        spans.append((stage.id, stage.title, days))
    return schedule.stage_windows(start, spans, holidays)


def _entry_criteria(doc: Document, data: dict[str, Any], phase: m.Phase) -> tuple[m.Item, ...]:
    taken = set(phase.ids())
    items = []
    for i, entry in enumerate(data.get("entry_criteria", [])):
        if entry["id"] in taken:
            doc.error(
                ("entry_criteria", i, "id"),
                f"id {quote(entry['id'])} is already used in the {phase.id} phase or this plan; "
                "expected an id of its own (progress files name items by id)",
            )
            continue
        taken.add(entry["id"])
        items.append(entry_item(entry))
    return tuple(items)


def entry_item(entry: dict[str, Any]) -> m.Item:
    """An entry criterion as a tickable gate item of the phase."""
    return m.Item(id=entry["id"], text=entry["text"], section=ENTRY_SECTION, gate=True)


def _stage_of(doc: Document, where: tuple[str | int, ...], stage: str | None, phase: m.Phase) -> bool:
    known = [s.id for s in phase.block("stages", ())]
    if stage is not None and stage not in known:
        doc.error(where, unknown("unknown stage", stage, known, none="(the phase has no stages)"))
        return False
    return True


def _criteria(
    doc: Document, data: dict[str, Any], phase: m.Phase, default_age: dt.timedelta | None
) -> tuple[m.Criterion, ...]:
    criteria = []
    seen: set[tuple[str, str | None]] = set()
    for i, entry in enumerate(data.get("criteria", [])):
        stage = entry.get("stage")
        if not _stage_of(doc, ("criteria", i, "stage"), stage, phase):
            continue
        key = (entry["metric"], stage)
        if key in seen:
            scope = f"stage {quote(stage)}" if stage else "the phase"
            doc.error(
                ("criteria", i, "metric"),
                f"metric {quote(entry['metric'])} has a criterion for {scope} already; expected one per metric",
            )
            continue
        seen.add(key)
        warning = entry.get("warning")
        if warning is not None and (problem := warning_problem(entry["comparison"], entry["threshold"], warning)):
            doc.error(("criteria", i, "warning"), problem)
        max_age = _duration(doc, ("criteria", i, "max_age"), entry.get("max_age"))
        criteria.append(
            m.Criterion(
                metric=entry["metric"],
                name=entry["name"],
                comparison=entry["comparison"],
                threshold=float(entry["threshold"]),
                unit=entry.get("unit", ""),
                warning=float(warning) if warning is not None else None,
                critical=entry.get("critical", False),
                min_measurements=entry.get("min_measurements", 1),
                max_age=max_age if "max_age" in entry else default_age,
                stage=stage,
                location=_location(doc, ("criteria", i)),
            )
        )
    return tuple(criteria)


def warning_problem(comparison: str, threshold: float, warning: float) -> str | None:
    """Why a warning band is on the wrong side, or None.

    The band is where a value misses the threshold but only just: above it for `<` and `<=`,
    below it for `>` and `>=`. An exact target (`=`) has no band.
    """
    if comparison == "=":
        return "a warning band needs a comparison other than '='; expected no warning for an exact target"
    above = comparison in ("<", "<=")
    if (warning > threshold) if above else (warning < threshold):
        return None
    side = "above" if above else "below"
    return (
        f"the warning {warning:g} is not {side} the threshold {threshold:g}; expected a value {side} it "
        f"(for '{comparison}' the band lies where the value misses the threshold)"
    )


def _triggers(doc: Document, data: dict[str, Any]) -> tuple[m.Trigger, ...]:
    triggers = []
    seen: set[str] = set()
    for i, entry in enumerate(data.get("triggers", [])):
        if entry["id"] in seen:
            doc.error(("triggers", i, "id"), f"duplicate trigger id {quote(entry['id'])}; ids must be unique")
            continue
        seen.add(entry["id"])
        sustained = _duration(doc, ("triggers", i, "for"), entry.get("for"))
        triggers.append(
            m.Trigger(
                id=entry["id"],
                text=entry["text"],
                metric=entry["metric"],
                comparison=entry["comparison"],
                threshold=float(entry["threshold"]),
                sustained=sustained or dt.timedelta(0),
                location=_location(doc, ("triggers", i)),
            )
        )
    return tuple(triggers)


def _duration(doc: Document, where: tuple[str | int, ...], text: str | None) -> dt.timedelta | None:
    if text is None:
        return None
    span = schedule.parse_duration(text)
    if span is None:
        doc.error(where, f"the duration {quote(text)} is zero; expected more, such as 30m, 36h, 2d or 1w")
    return span


def _location(doc: Document, where: tuple[str | int, ...]) -> m.Location:
    line, column = doc.mark(where)
    return m.Location(doc.path, line or 1, column or 1)


def metrics_of(plan: m.Plan) -> list[str]:
    """Every metric the plan's criteria and triggers name, in file order, each once."""
    names = [c.metric for c in plan.criteria] + [t.metric for t in plan.triggers]
    return list(dict.fromkeys(names))


def with_entry_criteria(phase: m.Phase, entries: Sequence[m.Item]) -> m.Phase:
    """The phase with a plan's entry criteria as items of its entry_criteria block.

    Appended to the phase's own entry criteria, or a new block at the block type's place on
    the page: every command that ticks, formats or counts items then sees them.
    """
    if not entries:
        return phase
    key = "entry_criteria"
    existing = phase.block(key)
    if existing is not None:
        merged = (*existing, *entries)
        built = tuple(m.PhaseBlock(key, merged, merged) if b.key == key else b for b in phase.blocks)
    else:
        position = {b.key: b.position for b in blocks.registry()}
        mine = position[key]
        added = m.PhaseBlock(key, tuple(entries), tuple(entries))
        before = [b for b in phase.blocks if position.get(b.key, 0) <= mine]
        after = [b for b in phase.blocks if position.get(b.key, 0) > mine]
        built = (*before, added, *after)
    return dataclasses.replace(phase, blocks=built)


def plan_entry_criteria(playbook_dir: Path, phase: m.Phase, source: Source = WORKING_TREE) -> tuple[m.Item, ...]:
    """A plan's entry criteria as far as they can be read, for commands that edit progress files.

    An edit must not fail on an unrelated problem of the plan (`playbook check` reports those),
    so entries that are not well-formed, or whose id the phase already uses, are left out.
    """
    path = playbook_dir / PLANS_DIR / f"{phase.id}.yml"
    if not source.exists(path):
        return ()
    data = source.read_yaml(path).data
    entries = data.get("entry_criteria") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return ()
    taken = set(phase.ids())
    found = []
    for entry in entries:
        well_formed = isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("id", "text"))
        if well_formed and entry["id"] not in taken:
            taken.add(entry["id"])
            found.append(entry_item(entry))
    return tuple(found)
