"""What a pull request changes: two revisions read through git, compared, and flagged for review.

`playbook changes [BASE [HEAD]]` compares the merge base of BASE (default: the
default branch) and HEAD (default: the working tree) with HEAD, as ``git diff
BASE...HEAD`` and a pull request's own diff do: commits that landed on the base
branch after the pull request branched off are not its changes.

* Both sides go through the same loaders as `playbook check`, each through a
  `Source`: the working tree, or the tree of a commit (`RevisionSource`),
  read through `gitrepo` without writing files anywhere.
* Phase definitions come from the head side, so both sides' progress is
  validated against the items the pull request will leave behind.
* With `now`, each phase's go/no-go is compared as well: the base's plans, measurements and
  decisions are read the same way (phase definitions still from the head), and both sides'
  verdicts are judged at that same moment.
* Every changed path that is not playbook data is listed, and every Markdown
  page whose front matter newly opts into macros: a pull request that edits only
  YAML can neither run code nor put script on the site, one that edits anything
  else needs a reviewer who reads it as code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_playbook import gitrepo
from mkdocs_playbook import model as m
from mkdocs_playbook.gitrepo.source import RevisionSource
from mkdocs_playbook.source.diagnostics import Diagnostic
from mkdocs_playbook.source.files import (
    DECISIONS_DIR,
    MEASUREMENTS_DIR,
    ORGANIZATION_FILE,
    OWN_PHASES_DIR,
    PLANS_DIR,
    PROGRESS_DIR,
    TAILORING_DIR,
)
from mkdocs_playbook.source.frontmatter import is_markdown, opts_into_macros
from mkdocs_playbook.source.limits import DEFAULT_MAX_FILE_MB
from mkdocs_playbook.source.loading import load_playbook
from mkdocs_playbook.source.progress import load_progress
from mkdocs_playbook.source.sources import WORKING_TREE, FolderFrom, Source, WorkingTree
from mkdocs_playbook.status.changes import Comparison, Side, compare_playbooks

if TYPE_CHECKING:
    from git import Repo

__all__ = ["compare"]


def compare(
    phases_dir: Path,
    playbook_dir: Path,
    base: str | None = None,
    head: str | None = None,
    max_mb: float = DEFAULT_MAX_FILE_MB,
    now: dt.datetime | None = None,
) -> Comparison:
    """Compare the checklist at the merge base of `base` and `head`, and flag what needs review.

    `max_mb`: data files larger than this, on either side, are refused unread. `now`: the moment
    both sides' verdicts are judged at; None leaves the go/no-go out.

    `head` None is the working tree, files as they are on disk, saved but not committed
    included (untracked files are in no commit, so they are not flagged). Raises GitError
    for anything git cannot answer.
    """
    with gitrepo.open_repository(playbook_dir) as repo:
        paths = _TreePaths.of(repo, phases_dir, playbook_dir)
        base_side, head_side = _sides(repo, base, head)
        head_source: Source = WorkingTree(max_mb)
        if not head_side.worktree:
            roots = [root for root in (paths.phases, paths.organization, *paths.data_folders) if root is not None]
            head_source = RevisionSource(repo, head_side.commit, head_side.short, roots, max_mb)
            if paths.phases is None:  # the package's own phases, outside the repository: as installed
                head_source = FolderFrom(head_source, phases_dir, WorkingTree(max_mb))
            else:
                phases_dir = Path(paths.phases)
            playbook_dir = Path(paths.playbook)
        result = load_playbook(phases_dir, playbook_dir, head_source)
        diagnostics = list(result.diagnostics)
        base_roots = [paths.organization, *paths.data_folders]
        base_source = RevisionSource(repo, base_side.commit, base_side.short, base_roots, max_mb)
        base_progress: dict[str, m.Progress] = {}
        base_playbook = None
        if result.playbook is not None:
            base_progress, problems = _base_progress(base_source, Path(paths.progress), result.playbook)
            diagnostics += problems
            if now is not None:  # the base's plans, measurements and decisions, read against the head's phases
                with_phases = FolderFrom(base_source, phases_dir, head_source)
                base_playbook = load_playbook(phases_dir, Path(paths.playbook), with_phases).playbook
        changed = gitrepo.changed_paths(repo, base_side.commit, None if head_side.worktree else head_side.commit)
        opt_ins = _macro_opt_ins(repo, base_side, head_side, [path for path in changed if is_markdown(path)])

    def files_of(phase_id: str) -> set[str]:
        return {
            head_source.display(phases_dir / f"{phase_id}.yml"),
            head_source.display(playbook_dir / PROGRESS_DIR / f"{phase_id}.yml"),
            head_source.display(playbook_dir / TAILORING_DIR / f"{phase_id}.yml"),
            head_source.display(playbook_dir / OWN_PHASES_DIR / f"{phase_id}.yml"),
            base_source.display(Path(paths.progress) / f"{phase_id}.yml"),
        }

    other = [path for path in changed if not paths.is_data(path)]
    return compare_playbooks(
        base_side, head_side, result.playbook, base_progress, diagnostics, files_of, other, opt_ins, base_playbook, now
    )


def _sides(repo: Repo, base: str | None, head: str | None) -> tuple[Side, Side]:
    """Both ends resolved to commits; the base moved to where the head branched off it."""
    head_commit = gitrepo.resolve(repo, head or "HEAD")
    base_name = base or gitrepo.default_branch(repo)
    base_commit = gitrepo.merge_base(repo, gitrepo.resolve(repo, base_name), head_commit, base_name)
    return (
        Side(base_name, base_commit, gitrepo.short(repo, base_commit)),
        Side(head, head_commit, gitrepo.short(repo, head_commit)),
    )


@dataclass(frozen=True)
class _TreePaths:
    """The playbook's folders as git names them, relative to the top of the repository."""

    phases: str | None
    """None: the phases are outside the repository (the package's own), the same on both sides."""
    playbook: str
    progress: str
    organization: str
    plans: str
    records: tuple[str, str]
    """The folders of measurements and decisions: one subfolder a phase."""
    tailoring: tuple[str, str] = ("", "")
    """The organization's own phases and its tailoring files (phases/, tailoring/ beside organization.yml)."""

    @classmethod
    def of(cls, repo: Repo, phases_dir: Path, playbook_dir: Path) -> _TreePaths:
        return cls(
            phases=gitrepo.relative_path(repo, phases_dir),
            playbook=gitrepo.inside(repo, playbook_dir),
            progress=gitrepo.inside(repo, playbook_dir / PROGRESS_DIR),
            organization=gitrepo.inside(repo, playbook_dir / ORGANIZATION_FILE),
            plans=gitrepo.inside(repo, playbook_dir / PLANS_DIR),
            records=(
                gitrepo.inside(repo, playbook_dir / MEASUREMENTS_DIR),
                gitrepo.inside(repo, playbook_dir / DECISIONS_DIR),
            ),
            tailoring=(
                gitrepo.inside(repo, playbook_dir / OWN_PHASES_DIR),
                gitrepo.inside(repo, playbook_dir / TAILORING_DIR),
            ),
        )

    @property
    def data_folders(self) -> tuple[str, ...]:
        """The folders of data files under the playbook folder, each read as a whole."""
        return (self.progress, self.plans, *self.records, *self.tailoring)

    def is_data(self, path: str) -> bool:
        """What the loader reads, and nothing else: phase files (shared and the organization's own),
        tailoring files, organization.yml, progress files, plans, and the measurement and decision
        records (`<folder>/<phase>/<name>.yml`)."""
        folder, _, name = path.rpartition("/")
        if path == self.organization:
            return True
        if not name.endswith(".yml"):
            return False
        flat = (self.phases, self.progress, self.plans, *self.tailoring)
        return (folder or ".") in flat or folder.rpartition("/")[0] in self.records


def _base_progress(
    source: Source, progress_dir: Path, playbook: m.Playbook
) -> tuple[dict[str, m.Progress], list[Diagnostic]]:
    """The base revision's progress files, validated against the head's phases.

    A file for a phase the head no longer has is left out: there is nothing to
    compare it with, and the head's own check reports the phase's removal, if wrong. So are
    entries of items the head's tailoring hides.
    """
    progress: dict[str, m.Progress] = {}
    diagnostics: list[Diagnostic] = []
    for path in source.glob(progress_dir, "*.yml"):
        phase = playbook.phase(path.stem)
        if phase is None:
            continue
        loaded, problems = load_progress(path, phase, source=source, skip_hidden=True)
        progress[phase.id] = loaded
        diagnostics += problems
    return progress, diagnostics


def _macro_opt_ins(repo: Repo, base: Side, head: Side, pages: list[str]) -> list[str]:
    """The Markdown pages that opt into macros on the head side and did not on the base side."""
    if not pages:
        return []
    before = RevisionSource(repo, base.commit, base.short, pages)
    if head.worktree:
        top = Path(gitrepo.top_of(repo))
        after: Source = WORKING_TREE
        located = [(page, top / page) for page in pages]
    else:
        after = RevisionSource(repo, head.commit, head.short, pages)
        located = [(page, Path(page)) for page in pages]
    return [
        page
        for page, path in located
        if opts_into_macros(after.read_text(path)) and not opts_into_macros(before.read_text(Path(page)))
    ]
