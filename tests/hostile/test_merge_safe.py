"""Two pull requests that change different entries of a progress file merge cleanly with plain git.

Each case is a real repository from the example playbook (formatted by `playbook fmt`), two
branches from one base, each changing one entry with the CLI and committing. Both
`git merge-tree --write-tree` (what a forge's merge button computes) and `git merge` must
succeed without a conflict, and the merged file must load with both changes.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import PHASES, ROOT, Project, copy_project, git
from mkdocs_playbook import model as m
from mkdocs_playbook.commands import main
from mkdocs_playbook.source.loading import load_playbook

PILOT = "playbook/progress/pilot.yml"
LEGACY = ROOT / "tests" / "fixtures" / "legacy-pilot-progress.yml"
"""The example's pilot file before the merge-safe format: entries on neighbouring lines, many missing."""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    project = copy_project(tmp_path_factory.mktemp("merge") / "base")
    yield project.root


@pytest.fixture
def repo(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(base, root, symlinks=True)
    monkeypatch.chdir(root)
    return root


def cli(*argv: str) -> None:
    assert main(list(argv)) == 0, argv


def loaded(root: Path) -> m.Playbook:
    result = load_playbook(root / "phases", root / "playbook")
    assert result.ok and result.playbook is not None, [str(d) for d in result.diagnostics]
    return result.playbook


def state(root: Path, entry_id: str) -> m.ItemState | None:
    return loaded(root).progress["pilot"].states.get(entry_id)


def entry_ids() -> list[str]:
    """The pilot's entries in file order: questions first, then items, as `playbook fmt` lists them."""
    text = (ROOT / PILOT).read_text("utf-8")
    return [line.split(":")[0] for line in text.splitlines() if line and line[0] not in "# "]


def questions() -> set[str]:
    playbook = load_playbook(PHASES, ROOT / "playbook").playbook
    assert playbook is not None
    phase = playbook.phase("pilot")
    assert phase is not None
    return {q.id for q in phase.discovery_questions}


def command(root: Path, entry_id: str, variant: int) -> list[str]:
    """An editing command that applies to the entry as it stands: every command is exercised."""
    target = f"pilot/{entry_id}"
    if entry_id in questions():
        return ["answer", target, f"answer {variant} for {entry_id}", "--replace", "--by", "ana"]
    current = state(root, entry_id)
    status = current.status if current else m.Status.TODO
    if status is m.Status.DONE:
        return ["untick", target]
    return [
        ["tick", target, "--by", "ana", "--note", f"note {variant}"],
        ["start", target, "--owner", "ops", "--due", "2026-12-24"],
        ["skip", target, "--reason", "not for us, this time"],
    ][variant] if status is not m.Status.IN_PROGRESS or variant == 0 else ["tick", target]


def change_on_branch(root: Path, branch: str, entry_id: str, variant: int) -> m.ItemState | None:
    git(root, "checkout", "-q", "-b", branch, "main")
    cli(*command(root, entry_id, variant))
    git(root, "commit", "-qam", f"{branch}: {entry_id}")
    return state(root, entry_id)


def merge_both(root: Path) -> None:
    tree = git(root, "merge-tree", "--write-tree", "one", "two")
    assert "CONFLICT" not in tree and len(tree.split()) == 1, tree  # only the tree id: no conflict
    git(root, "checkout", "-q", "one")
    git(root, "merge", "-q", "--no-edit", "two")


IDS = entry_ids()
MIDDLE = len(IDS) // 2
FIRST_ITEM = next(i for i, entry_id in enumerate(IDS) if entry_id not in questions())
PAIRS = {
    "first-and-second": (IDS[0], IDS[1]),
    "last-two": (IDS[-2], IDS[-1]),
    "adjacent-in-the-middle": (IDS[MIDDLE], IDS[MIDDLE + 1]),
    "far-apart": (IDS[2], IDS[-3]),
    "question-and-item": (IDS[FIRST_ITEM - 1], IDS[FIRST_ITEM]),
    "question-and-question": (IDS[1], IDS[2]),
}


@pytest.mark.parametrize("variant", [0, 1, 2], ids=["tick", "start", "skip"])
@pytest.mark.parametrize("pair", PAIRS.values(), ids=PAIRS.keys())
def test_two_pull_requests_on_different_entries_merge_cleanly(
    repo: Path, pair: tuple[str, str], variant: int
) -> None:
    first, second = pair
    before = (repo / PILOT).read_text("utf-8")
    one = change_on_branch(repo, "one", first, variant)
    two = change_on_branch(repo, "two", second, (variant + 1) % 3)
    merge_both(repo)
    assert state(repo, first) == one and state(repo, second) == two
    after = (repo / PILOT).read_text("utf-8")
    assert after != before
    # both edits changed one line each: the line count and every label are as they were
    assert len(after.splitlines()) == len(before.splitlines())
    assert [line for line in after.splitlines() if line.startswith("#")] == [
        line for line in before.splitlines() if line.startswith("#")
    ]


def test_every_command_keeps_the_entry_line_so_neighbours_never_touch(repo: Path) -> None:
    # untick of the entry right under the header and tick of its neighbour: one line each
    done = [entry_id for entry_id in IDS[FIRST_ITEM:] if (s := state(repo, entry_id)) and s.status is m.Status.DONE]
    first, second = done[0], IDS[IDS.index(done[0]) + 1]
    git(repo, "checkout", "-q", "-b", "one", "main")
    cli("untick", f"pilot/{first}")
    git(repo, "commit", "-qam", "untick")
    assert git(repo, "diff", "--numstat", "main", "one").split()[:2] == ["1", "1"]
    git(repo, "checkout", "-q", "-b", "two", "main")
    cli(*command(repo, second, 0))
    git(repo, "commit", "-qam", "other")
    merge_both(repo)
    assert state(repo, first) == m.ItemState(first)


def test_both_branches_formatting_the_same_old_file_merge_cleanly(repo: Path) -> None:
    (repo / PILOT).write_text(LEGACY.read_text("utf-8"), "utf-8")
    git(repo, "commit", "-qam", "the old format")
    for branch in ("one", "two"):
        git(repo, "checkout", "-q", "-b", branch, "main")
        cli("fmt", "pilot")
        git(repo, "commit", "-qam", f"{branch}: fmt")
    merge_both(repo)
    first = "\nwhat-else-testing: "  # the example's header was reworded by hand since
    example = (ROOT / PILOT).read_text("utf-8").replace(": {status: done, by: Ana Trujillo}", ": todo")  # entry criteria
    assert (repo / PILOT).read_text("utf-8").split(first)[1] == example.split(first)[1]


def test_a_phase_that_gains_an_item_then_fmt_merges_with_a_tick_beside_it(repo: Path) -> None:
    phase = repo / "phases" / "pilot.yml"
    anchor = "  - id: identify-pilot-risks\n"
    text = phase.read_text("utf-8")
    assert anchor in text
    git(repo, "checkout", "-q", "-b", "one", "main")
    phase.write_text(text.replace(anchor, "  - id: brand-new-item\n    text: A new item.\n" + anchor), "utf-8")
    cli("fmt")
    git(repo, "commit", "-qam", "a new item, listed")
    lines = (repo / PILOT).read_text("utf-8").splitlines()
    new = lines.index("brand-new-item: todo")
    assert lines[new - 1] == "# A new item." and lines[new + 2] == "identify-pilot-risks: done"
    # the entry after it and one far away change on the other branch. (The entry before it
    # cannot: the insertion touches that line, which is why fmt runs in a pull request of its own.)
    git(repo, "checkout", "-q", "-b", "two", "main")
    cli("untick", "pilot/identify-pilot-risks")
    cli("untick", "pilot/document-goals-and-success-metrics")
    git(repo, "commit", "-qam", "unticks beside it")
    merge_both(repo)
    playbook = loaded(repo)
    assert playbook.progress["pilot"].states["brand-new-item"] == m.ItemState("brand-new-item")
    assert playbook.progress["pilot"].states["identify-pilot-risks"] == m.ItemState("identify-pilot-risks")


def test_the_example_is_merge_safe(project: Project) -> None:
    assert project.check_json()["ok"]
    assert main(["fmt", "--check", "--phases", str(project.root / "phases"),
                 "--playbook", str(project.root / "playbook")]) == 0
