"""An organization's own phases and its tailoring of the shared ones, read beside organization.yml.

`phases/<id>.yml` in the playbook folder holds a phase of the organization's own (the format of a
shared phase file); `tailoring/<phase>.yml` adds, hides and rewords entries of a shared phase
without copying it (see `tailormerge`). Both go through the phase file's schema and rules, and
the tailored phase replaces the shared one for everything that loads the playbook: the site,
handouts, status, gate, changes. Read through a `Source`, so a git revision sees its own tailoring.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_playbook import model as m
from mkdocs_playbook.source.diagnostics import Diagnostic, quote, unknown
from mkdocs_playbook.source.files import OWN_PHASES_DIR, TAILORING_DIR, usable
from mkdocs_playbook.source.phases import build_phase, check_rules, read_phase
from mkdocs_playbook.source.schema import validate
from mkdocs_playbook.source.sources import Source
from mkdocs_playbook.source.tailormerge import apply
from mkdocs_playbook.source.textrules import blocking
from mkdocs_playbook.source.yamlread import Document


@dataclass
class Loaded:
    """The phases as the loader keeps them, changed in place by `tailor_phases`."""

    phases: dict[str, m.Phase]
    broken: list[str]
    shared: dict[str, Document]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def tailor_phases(playbook_dir: Path, source: Source, loaded: Loaded) -> None:
    """Add the organization's own phases, then replace each tailored shared phase by its tailored form."""
    own: set[str] = set()
    for path in _files(source, playbook_dir / OWN_PHASES_DIR):
        loaded.files.append(path)
        doc, problems = read_phase(path, source)
        loaded.diagnostics += problems
        if doc is None:
            if path.stem not in loaded.shared:
                loaded.broken.append(path.stem)
            continue
        phase_id = doc.data["id"]
        if phase_id in loaded.shared or phase_id in loaded.broken:
            line, column = doc.mark(("id",))
            loaded.diagnostics.append(
                Diagnostic(
                    doc.path,
                    line,
                    column,
                    f"phase {quote(phase_id)} is a shared phase; tailor it in {TAILORING_DIR}/{phase_id}.yml "
                    "instead, or choose another id",
                )
            )
            continue
        loaded.phases[phase_id] = build_phase(doc)
        own.add(phase_id)
    for path in _files(source, playbook_dir / TAILORING_DIR):
        loaded.files.append(path)
        _tailor_one(path, source, loaded, own)


def _files(source: Source, folder: Path) -> list[Path]:
    return source.glob(folder, "*.yml") if source.is_dir(folder) else []


def _tailor_one(path: Path, source: Source, loaded: Loaded, own: set[str]) -> None:
    phase_id = path.stem
    if phase_id in loaded.broken:
        return  # the phase file's own errors are reported there
    if phase_id not in loaded.shared:
        if phase_id in own:
            problem = (
                f"phase {quote(phase_id)} is the organization's own; change {OWN_PHASES_DIR}/{phase_id}.yml itself"
            )
        else:
            problem = unknown("tailoring file for an unknown phase", phase_id, loaded.shared, none="(no shared phases)")
        loaded.diagnostics.append(Diagnostic(source.display(path), 1, 1, problem))
        return
    doc = source.read_yaml(path)
    if doc.empty and not doc.diagnostics:
        return  # an empty tailoring file changes nothing
    if usable(doc, "a tailoring (add, hide, reword)"):
        validate(doc, "tailoring", "the tailoring")
    if doc.diagnostics:
        loaded.diagnostics += doc.diagnostics
        if blocking(doc.diagnostics):
            _drop(loaded, phase_id)
            return
    shared = loaded.shared[phase_id]
    tailored = apply(shared, doc)
    if not blocking(doc.diagnostics):
        validate(tailored, "phase", "the tailored phase")
        check_rules(tailored)
        tailored.finish()
    loaded.diagnostics += [d for d in doc.diagnostics + tailored.diagnostics if d not in loaded.diagnostics]
    if blocking(doc.diagnostics + tailored.diagnostics):
        _drop(loaded, phase_id)
        return
    before = set(loaded.phases[phase_id].ids())
    phase = build_phase(tailored, tailoring=doc.path)
    hidden = tuple(sorted(before - set(phase.ids())))
    loaded.phases[phase_id] = dataclasses.replace(phase, hidden=hidden, location=m.Location(shared.path, 1, 1))


def _drop(loaded: Loaded, phase_id: str) -> None:
    """A phase whose tailoring is wrong is left out, like a phase file with errors: the site shows
    the rest, and its progress is not reported as belonging to an unknown phase."""
    loaded.phases.pop(phase_id, None)
    loaded.broken.append(phase_id)


def load_tailored_phase(
    phases_dir: Path, playbook_dir: Path, phase_id: str, source: Source
) -> tuple[m.Phase | None, list[Diagnostic]]:
    """One phase as the playbook uses it, tailored or the organization's own (None when it has
    errors): for the commands that edit one progress file without loading the whole playbook."""
    shared_path = phases_dir / f"{phase_id}.yml"
    if not source.exists(shared_path):
        doc, problems = read_phase(playbook_dir / OWN_PHASES_DIR / f"{phase_id}.yml", source)
        return (None if doc is None else build_phase(doc)), problems
    doc, problems = read_phase(shared_path, source)
    if doc is None:
        return None, problems
    loaded = Loaded({phase_id: build_phase(doc)}, [], {phase_id: doc}, list(problems))
    tailoring = playbook_dir / TAILORING_DIR / f"{phase_id}.yml"
    if source.exists(tailoring):
        _tailor_one(tailoring, source, loaded, set())
    return loaded.phases.get(phase_id), loaded.diagnostics


def phase_files(phases_dir: Path, playbook_dir: Path) -> list[str]:
    """The ids of the shared phases and the organization's own, for 'unknown phase' messages."""
    own = playbook_dir / OWN_PHASES_DIR
    return sorted({p.stem for p in phases_dir.glob("*.yml")} | {p.stem for p in own.glob("*.yml")})
