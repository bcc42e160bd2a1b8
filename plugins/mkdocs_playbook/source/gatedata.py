"""The go/no-go data of a playbook: plans, measurements and decisions, loaded and cross-checked.

Kept out of `loading` so that module stays about phases, organization and progress; this one
is called from it with what those gave (the phases, the contacts) and returns what the
`Playbook` holds. Everything is read through the `Source`, so a git revision loads alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_playbook import model as m
from mkdocs_playbook.source.diagnostics import Diagnostic, unknown
from mkdocs_playbook.source.files import DECISIONS_DIR, MEASUREMENTS_DIR, PLANS_DIR
from mkdocs_playbook.source.plan import load_plan, with_entry_criteria
from mkdocs_playbook.source.records import load_decision, load_measurements, record_files
from mkdocs_playbook.source.sources import Source


@dataclass
class GateData:
    plans: dict[str, m.Plan] = field(default_factory=dict)
    measurements: dict[str, tuple[m.Measurement, ...]] = field(default_factory=dict)
    decisions: dict[str, tuple[m.Decision, ...]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken_plans: set[str] = field(default_factory=set)
    """Phases whose plan file has problems: their records are not checked against nothing."""


def load_plans(
    playbook_dir: Path,
    phases: dict[str, m.Phase],
    broken: list[str],
    contacts: list[str] | None,
    source: Source,
    data: GateData,
) -> dict[str, m.Phase]:
    """Load plans/<phase>.yml into `data`; return the phases with their plans' entry criteria."""
    folder = playbook_dir / PLANS_DIR
    updated = dict(phases)
    for path in source.glob(folder, "*.yml") if source.is_dir(folder) else []:
        data.files.append(path)
        phase_id = path.stem
        if phase_id in broken:
            continue
        if phase_id not in phases:
            problem = unknown("plan for an unknown phase", phase_id, phases, none="(no phases loaded)")
            data.diagnostics.append(Diagnostic(source.display(path), 1, 1, problem))
            continue
        plan, problems = load_plan(path, phases[phase_id], contacts, source)
        data.diagnostics += problems
        if plan is None:
            data.broken_plans.add(phase_id)
        else:
            data.plans[phase_id] = plan
            updated[phase_id] = with_entry_criteria(phases[phase_id], plan.entry_criteria)
    return updated


def load_records(
    playbook_dir: Path,
    phases: dict[str, m.Phase],
    broken: list[str],
    now: dt.datetime | None,
    source: Source,
    data: GateData,
) -> None:
    """Load measurements/<phase>/*.yml and decisions/<phase>/*.yml into `data`, oldest first."""
    for folder_name in (MEASUREMENTS_DIR, DECISIONS_DIR):
        for phase_id, paths in record_files(playbook_dir / folder_name, source).items():
            data.files += paths
            if phase_id in broken or phase_id in data.broken_plans:
                continue
            if phase_id not in phases:
                problem = unknown(f"{folder_name} for an unknown phase", phase_id, phases, none="(no phases loaded)")
                where = source.display(playbook_dir / folder_name / phase_id)
                data.diagnostics.append(Diagnostic(where, None, None, problem))
                continue
            plan = data.plans.get(phase_id)
            if folder_name == MEASUREMENTS_DIR:
                found: list[m.Measurement] = []
                for path in paths:
                    values, problems = load_measurements(path, phase_id, plan, now, source)
                    found += values
                    data.diagnostics += problems
                data.measurements[phase_id] = tuple(sorted(found, key=lambda x: (x.at, x.metric)))
            else:
                decisions: list[m.Decision] = []
                for path in paths:
                    decision, problems = load_decision(path, phases[phase_id], plan, now, source)
                    data.diagnostics += problems
                    if decision is not None:
                        decisions.append(decision)
                data.decisions[phase_id] = tuple(sorted(decisions, key=lambda d: d.at))
