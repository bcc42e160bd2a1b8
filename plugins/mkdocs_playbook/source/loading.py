"""Phase, organization and progress files in; a checked, immutable Playbook out.

Loading never stops at the first problem: a person fixing a pull request wants
every mistake in one run. Files with errors are left out of the result (or,
for progress, just the broken entries), so `mkdocs serve` can keep showing
the rest while the errors are reported. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from mkdocs_playbook import clock
from mkdocs_playbook import model as m
from mkdocs_playbook.source.diagnostics import Diagnostic, quote, unknown
from mkdocs_playbook.source.files import ORGANIZATION_FILE, PROGRESS_DIR
from mkdocs_playbook.source.gatedata import GateData, load_plans, load_records
from mkdocs_playbook.source.organization import load_organization
from mkdocs_playbook.source.phases import build_phase, read_phase
from mkdocs_playbook.source.progress import load_progress
from mkdocs_playbook.source.sources import WORKING_TREE, Source
from mkdocs_playbook.source.tailoring import Loaded, tailor_phases
from mkdocs_playbook.source.yamlread import Document

PRODUCT_TOKEN = "{product}"

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


def load_playbook(
    phases_dir: Path, playbook_dir: Path, source: Source = WORKING_TREE, now: dt.datetime | None = None
) -> LoadResult:
    """Load from the working tree, or from any `Source` (a git revision: paths relative to its top).

    `now` (default `clock.now()` without a chosen date: the real present, or SOURCE_DATE_EPOCH): a
    measurement or decision dated after it is an error. A `--today` in the past does not make
    later records errors; the verdict leaves them out instead.
    """
    diagnostics: list[Diagnostic] = []
    files: list[Path] = []

    phases: dict[str, m.Phase] = {}
    shared: dict[str, Document] = {}
    broken: list[str] = []  # phase files with errors: reported there, so not 'unknown' elsewhere
    if not source.is_dir(phases_dir):
        # Without phases every organization and progress entry would be an 'unknown phase':
        # say the one thing that is wrong instead of burying it under those.
        found = "is a file, not a directory" if source.exists(phases_dir) else "not found"
        problem = f"phases directory {found}; expected a directory of phase files (*.yml), e.g. --phases phases"
        return LoadResult(None, (Diagnostic(source.display(phases_dir), None, None, problem),), ())
    phase_files = source.glob(phases_dir, "*.yml")
    for stray in source.glob(phases_dir, "*.yaml"):
        diagnostics.append(Diagnostic(source.display(stray), None, None, "ignored: phase files must end in .yml"))
    if not phase_files:
        diagnostics.append(Diagnostic(source.display(phases_dir), None, None, "no phase files (*.yml) found"))
    for path in phase_files:
        files.append(path)
        doc, problems = read_phase(path, source)
        diagnostics += problems
        if doc is None:
            broken.append(path.stem)
            continue
        phase = build_phase(doc)
        if phase.id in phases:
            diagnostics.append(
                Diagnostic(source.display(path), 1, 1, f"phase id {quote(phase.id)} is used by another phase file too")
            )
            continue
        phases[phase.id] = phase
        shared[phase.id] = doc
    tailoring = Loaded(phases, broken, shared)
    tailor_phases(playbook_dir, source, tailoring)  # own phases and tailored shared ones
    diagnostics += tailoring.diagnostics
    files += tailoring.files

    org_path = playbook_dir / ORGANIZATION_FILE
    files.append(org_path)
    organization, problems = load_organization(org_path, known_phases=[*phases, *broken], source=source)
    diagnostics += problems

    gate_data = GateData()
    contacts = [c.name for c in organization.contacts] if organization is not None else None
    phases = load_plans(playbook_dir, phases, broken, contacts, source, gate_data)
    load_records(playbook_dir, phases, broken, now or _clock_now(), source, gate_data)
    diagnostics += gate_data.diagnostics
    files += gate_data.files

    progress: dict[str, m.Progress] = {}
    progress_dir = playbook_dir / PROGRESS_DIR
    for path in source.glob(progress_dir, "*.yml") if source.is_dir(progress_dir) else []:
        files.append(path)
        phase_id = path.stem
        if phase_id in broken:
            continue
        if phase_id not in phases:
            diagnostics.append(
                Diagnostic(
                    source.display(path),
                    1,
                    1,
                    unknown("progress file for an unknown phase", phase_id, phases, none="(no phases loaded)"),
                )
            )
            continue
        loaded, problems = load_progress(path, phases[phase_id], source=source)
        diagnostics += problems
        progress[phase_id] = loaded

    if organization is None:
        return LoadResult(None, tuple(sorted(diagnostics)), tuple(files))
    chosen = organization.phases or tuple(sorted(phases, key=lambda pid: (phases[pid].order, pid)))
    ordered = tuple(substitute_product(phases[pid], organization.product) for pid in chosen if pid in phases)
    for phase in ordered:
        progress.setdefault(phase.id, m.Progress(phase.id, {}, None))
    playbook = m.Playbook(
        ordered,
        organization,
        progress,
        plans=gate_data.plans,
        measurements=gate_data.measurements,
        decisions=gate_data.decisions,
        not_run=tuple(sorted(set(phases) - set(chosen))),
    )
    return LoadResult(playbook, tuple(sorted(diagnostics)), tuple(files))


def _clock_now() -> dt.datetime | None:
    """The clock for the 'not in the future' check; None (no check) when the clock setting is
    malformed: the command or build that judges dates reports that itself, as a usage error."""
    try:
        return clock.now()
    except clock.ClockError:
        return None


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
