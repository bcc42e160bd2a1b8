"""Git history in the renderer's terms, without MkDocs: the one adapter from `history` to pages.

`playbook render` calls it directly; the plugin (plugin/sitehistory.py) calls it with its
long-lived reader and says the notice and the skipped lines through MkDocs' logger. So who
ticked what, the charts and the "not committed yet" marks are the same wherever pages are made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs_playbook import model as m
from mkdocs_playbook.output.historyview import Attribution, PhaseHistory
from mkdocs_playbook.output.pages import Renderer

if TYPE_CHECKING:
    from mkdocs_playbook.history import HistoryReader, SkippedRevision


@dataclass(frozen=True)
class HistoryResult:
    phases: dict[str, PhaseHistory] = field(default_factory=dict)
    """Phase id -> its history; empty when git cannot answer (then `notice` says why)."""
    notice: str | None = None
    """For the dashboard and the person running the command: history partial or missing."""
    skipped: tuple[SkippedRevision, ...] = ()
    """Lines of past commits that are not valid entries, read as if those commits had left them alone."""
    missing: bool = False
    """No history for want of a full clone (no git, shallow): the dashboard says how to get it."""


def read_history(playbook: m.Playbook, *, repo_url: str | None, reader: HistoryReader | None = None) -> HistoryResult:
    """Per-phase history of the progress files; `repo_url` (http(s)) makes commit links.

    `reader`: one kept by the caller, whose cache (keyed by HEAD) spares a rebuild the
    `git log`; without it, a reader for this one call. GitPython is imported here, on first
    use, so a run without history never loads it.
    """
    from mkdocs_playbook.history import HistoryReader, commit_url

    # absolute, as the plugin does: a symlinked progress file was refused by the loader, and
    # resolving the link itself would follow it out of the repository
    paths = {
        p.phase: str(Path(p.path).parent.resolve() / Path(p.path).name)
        for p in playbook.progress.values()
        if p.path and not Path(p.path).is_symlink()
    }
    known = {
        path: frozenset(i.id for i in phase.items())
        for phase in playbook.phases
        if (path := paths.get(phase.id)) is not None
    }
    own = reader or HistoryReader()
    report = own.read(list(paths.values()), known)
    if reader is None:
        own.clear()
    if not report.available or report.shallow:
        return HistoryResult({}, report.notice, report.skipped, report.missing)
    phases: dict[str, PhaseHistory] = {}
    for phase_id, path in paths.items():
        file_history = report.files.get(path)
        if file_history is None:
            continue
        phases[phase_id] = PhaseHistory(
            attributions={
                item_id: Attribution(
                    author=change.author,
                    date=change.date,
                    sha=change.commit,
                    url=commit_url(repo_url, change.commit) if repo_url else None,
                )
                for item_id, change in file_history.changes.items()
            },
            uncommitted=file_history.uncommitted,
            series=tuple((point.date, point.done) for point in file_history.series),
            committed=file_history.committed,
        )
    return HistoryResult(phases, report.notice, report.skipped, report.missing)


def annotate(state: dict[str, Any], renderer: Renderer) -> None:
    """Add who/when from git to each item of the progress.json document.

    An item changed since ``HEAD`` has `uncommitted: true` and no who/when: no
    commit holds its state yet. `uncommitted` is null without git history.
    """
    for phase in state["phases"]:
        for item in phase["items"]:
            who = renderer.attribution(phase["id"], item["id"])
            item["ticked_by"] = who.author if who else None
            item["ticked_at"] = who.date.isoformat() if who else None
            item["commit"] = who.sha if who else None
            item["uncommitted"] = renderer.uncommitted(phase["id"], item["id"])
