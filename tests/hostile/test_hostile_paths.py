"""Ids and file names that try to leave their folder, and data files that are symbolic links.

- Every editing command refuses a target that looks like a path (`../x`, `/etc/passwd`,
  `..\\x`, `%2e%2e`...) with its message and exit 1, and creates or changes no file.
- Ids like that in a phase or a progress file, and phase or progress files named with dots,
  are data errors at their position, in `playbook check` and `mkdocs build --strict` alike.
- A phase, organization or progress file that is a symbolic link, to a file inside the
  repository or outside it, is refused as a whole ("is a symbolic link; expected a regular
  file"): the reader never opens it, so nothing of the target reaches a message or the site.

Covered elsewhere, not repeated: the editor refuses to write through a symlink
(tests/test_transitions.py::test_only_a_regular_file_is_edited,
tests/test_editing.py::test_write_atomic_refuses_a_symlink), a symlink in a git revision
(tests/test_sources.py::test_a_symbolic_link_in_a_revision_is_refused) or at the base of
`playbook changes` (tests/test_changes.py::test_symlinked_progress_file_at_the_base_is_refused),
a symlink loop (tests/test_cli_check.py, "unreadable-symlink-loop"), and a logo path that
leaves the docs folder (tests/test_output_gate.py::test_check_refuses_logo).
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hostile import kit

from conftest import DEMO_PHASE, Project, copy_project
from mkdocs_playbook.commands import main

# --- the editing commands -------------------------------------------------------------------

TARGETS = ["../x/item", "../../x/identify-pilot-users", "/etc/passwd", "..\\x/item", "%2e%2e/item",
           "..%2f..%2fx/item", "pilot/../../x", "pilot/..%2fx", "pilot/%2e%2e", "pilot/..", "./pilot/hold-kick-off",
           "/pilot/hold-kick-off", "pilot/hold-kick-off/../x", "pilot\\..\\x/hold-kick-off"]
COMMANDS = {"tick": [], "untick": [], "start": [], "skip": ["--reason", "r"], "answer": ["some answer"]}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(tmp_path_factory.mktemp("hostile-paths") / "project", with_git=False)


def edit(root: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        patch.chdir(root)
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("target", TARGETS)
def test_a_target_that_is_a_path_is_refused(example: Project, command: str, target: str) -> None:
    base = example.root.parent
    before = kit.snapshot(base, example.root / "site")
    code, out, err = edit(example.root, command, target, *COMMANDS[command])
    assert (code, out) == (1, "")
    assert err == f"playbook {command}: {REFUSALS[target]}\n"
    after = kit.snapshot(base, example.root / "site")
    # outside git, editing commands lock through this documented, empty dot-file (README: locking)
    after.pop("project/playbook/progress/.playbook.lock", None)
    before.pop("project/playbook/progress/.playbook.lock", None)
    assert after == before


def not_a_target(target: str) -> str:
    return f"'{target}' is not PHASE/ID; expected e.g. pilot/identify-pilot-users"


PHASES = "expected one of: enterprise-rollout, pilot, proof-of-concept"
REFUSALS = {
    "../x/item": not_a_target("../x/item"),
    "../../x/identify-pilot-users": not_a_target("../../x/identify-pilot-users"),
    "/etc/passwd": not_a_target("/etc/passwd"),
    "..\\x/item": f"unknown phase '..\\x'; {PHASES}",
    "%2e%2e/item": f"unknown phase '%2e%2e'; {PHASES}",
    "..%2f..%2fx/item": f"unknown phase '..%2f..%2fx'; {PHASES}",
    "pilot/../../x": not_a_target("pilot/../../x"),
    "pilot/..%2fx": "unknown item '..%2fx' in phase 'pilot'",
    "pilot/%2e%2e": "unknown item '%2e%2e' in phase 'pilot'",
    "pilot/..": "unknown item '..' in phase 'pilot'",
    "./pilot/hold-kick-off": not_a_target("./pilot/hold-kick-off"),
    "/pilot/hold-kick-off": not_a_target("/pilot/hold-kick-off"),
    "pilot/hold-kick-off/../x": not_a_target("pilot/hold-kick-off/../x"),
    "pilot\\..\\x/hold-kick-off": f"unknown phase 'pilot\\..\\x' (did you mean 'pilot'?); {PHASES}",
}


# --- ids and file names in the data ------------------------------------------------------------

BAD_IDS = ("../x", "/etc/passwd", "..\\x", "%2e%2e", "x/../../y", ".")
ORGANIZATION = b"name: Acme\nproduct: Widget\n"


def phase(phase_id: str, extra_items: tuple[str, ...] = ()) -> bytes:
    """The demo phase under another id, with more checklist items (at lines 19, 21, ...)."""
    items = "".join(f"  - id: {quote(i)}\n    text: Item.\n" for i in extra_items)
    text = DEMO_PHASE.replace("id: demo\n", f"id: {quote(phase_id)}\n").replace("challenges:", items + "challenges:")
    return text.encode()


def quote(value: str) -> str:
    return value if value.replace("-", "").isalnum() else f"'{value}'"


PHASE_NAMES = ("demo.v2", "..", ".hidden", "%2e%2e", "demo..", "demo.yml")
PROGRESS_NAMES = ("other.v2", ".", ".env", "%2e%2e%2fx")


def id_files() -> dict[str, bytes]:
    files = {"phases/demo.yml": phase("demo"), "playbook/organization.yml": ORGANIZATION,
             "phases/ids.yml": phase("ids", BAD_IDS), "phases/top.yml": phase("../top"),
             "playbook/progress/demo.yml": b"".join(f"{quote(i)}: done\n".encode() for i in BAD_IDS)}
    for name in PHASE_NAMES:
        files[f"phases/{name}.yml"] = phase("demo")
    for name in PROGRESS_NAMES:  # no phase file has these names, broken or not
        files[f"playbook/progress/{name}.yml"] = b"identify-users: done\n"
    return files


OUTSIDE_SECRET = "OUTSIDE-SECRET-f00d"


def symlink_projects(base: Path) -> dict[str, Path]:
    """Each file kind as a link to a file inside the repository, and to one outside it."""
    made: dict[str, Path] = {}
    outside = base / "outside"
    outside.mkdir()
    other = DEMO_PHASE.replace("id: demo", "id: other").replace("order: 1", "order: 2").encode()
    targets = {"phase": phase("demo"), "organization": ORGANIZATION, "progress": kit.DEMO_PROGRESS.encode()}
    for kind, content in targets.items():
        (outside / f"{kind}.yml").write_bytes(content.replace(b"Acme", OUTSIDE_SECRET.encode())
                                              + f"# {OUTSIDE_SECRET}\n".encode())
    links = {"phase": "phases/demo.yml", "organization": "playbook/organization.yml", "progress": "playbook/progress/demo.yml"}
    for where in ("inside", "outside"):
        for kind, link in links.items():
            root = base / f"{kind}-{where}" / "project"
            files = {"phases/demo.yml": phase("demo"), "phases/other.yml": other, "playbook/organization.yml": ORGANIZATION,
                     "playbook/progress/other.yml": kit.DEMO_PROGRESS.encode(), f"data/{kind}.yml": targets[kind]}
            files.pop(link, None)
            kit.write_project(root, files)
            target = Path(os.path.relpath(root / "data" / f"{kind}.yml", (root / link).parent)) if where == "inside" \
                else outside / f"{kind}.yml"
            (root / link).symlink_to(target)
            made[f"{kind}-{where}"] = root
    return made


class Result:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.before = kit.snapshot(root.parent, root / "site")
        self.check, self.check_code = kit.check_in_process(root)
        self.strict_log = ""
        self.strict_code = -1
        self.loose_code = -1
        self.loose_log = ""
        self.after: dict[str, str] = {}


@pytest.fixture(scope="module")
def data_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Result]]:
    base = tmp_path_factory.mktemp("hostile-data-paths")
    roots = symlink_projects(base)
    roots["ids"] = base / "ids" / "project"
    kit.write_project(roots["ids"], id_files())
    outside_before = kit.snapshot(base / "outside", base / "none")
    results = {name: Result(root) for name, root in roots.items()}

    def builds(result: Result) -> None:
        strict = kit.build(result.root, strict=True)
        result.strict_code, result.strict_log = strict.returncode, strict.stderr
        if not result.root.parent.name.endswith("-inside"):  # a site to look into; the strict build writes none
            loose = kit.build(result.root, strict=False)
            result.loose_code, result.loose_log = loose.returncode, loose.stderr
        result.after = kit.snapshot(result.root.parent, result.root / "site")

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(builds, results.values()))
    assert kit.snapshot(base / "outside", base / "none") == outside_before
    yield results


ID_RULE = "expected an id of lower-case words joined by hyphens, e.g. identify-pilot-users"
KEY_RULE = "expected lower-case words joined by hyphens, e.g. identify-pilot-users"
ID_PROBLEMS = sorted(
    [f"phases/{name}.yml:1:5: phase id 'demo' does not match the file name; expected '{name}' (or rename the file)"
     for name in PHASE_NAMES]
    + [f"phases/ids.yml:{19 + 2 * n}:9: 'id' is the text '{bad}'; {ID_RULE}" for n, bad in enumerate(BAD_IDS)]
    + ["phases/top.yml:1:5: 'id' is the text '../top'; " + ID_RULE]
    + [f"playbook/progress/demo.yml:{n + 1}:1: '{bad}' is not a valid id; {KEY_RULE}" for n, bad in enumerate(BAD_IDS)]
    + [f"playbook/progress/{name}.yml:1:1: progress file for an unknown phase '{name}'; expected one of: demo"
       for name in PROGRESS_NAMES]
)
LINKS = {"phase": "phases/demo.yml", "organization": "playbook/organization.yml", "progress": "playbook/progress/demo.yml"}
LINK_PROJECTS = [f"{kind}-{where}" for where in ("inside", "outside") for kind in LINKS]


def test_ids_and_file_names_that_look_like_paths_are_data_errors(data_runs: dict[str, Result]) -> None:
    result = data_runs["ids"]
    assert (result.check.splitlines(), result.check_code) == (ID_PROBLEMS, 1)
    warned = kit.warnings(result.strict_log)
    assert result.strict_code == 1 and "Traceback" not in result.strict_log
    # the same problems, and one about the commit that brought the bad progress ids in
    history = [w for w in warned if w.startswith("History skipped 6 line(s) in 1 past commit(s)")]
    assert sorted(set(warned) - set(history)) == ID_PROBLEMS and len(history) == 1, warned


def test_no_page_is_written_for_a_phase_with_a_bad_id(data_runs: dict[str, Result]) -> None:
    result = data_runs["ids"]
    assert result.loose_code == 0, result.loose_log
    assert sorted(kit.pages(result.root / "site")) == [
        "404.html", "demo/handout-blank/index.html", "demo/handout/index.html", "demo/index.html", "index.html"
    ]


@pytest.mark.parametrize("name", LINK_PROJECTS)
def test_a_symlinked_data_file_is_refused_whole(data_runs: dict[str, Result], name: str) -> None:
    result = data_runs[name]
    expected = [f"{LINKS[name.split('-')[0]]}: is a symbolic link; expected a regular file"]
    assert (result.check.splitlines(), result.check_code) == (expected, 1)
    assert (kit.warnings(result.strict_log), result.strict_code) == (expected, 1), result.strict_log
    assert "Traceback" not in result.strict_log + result.loose_log
    assert result.loose_code == (-1 if name.endswith("-inside") else 0)  # -1: not built without --strict
    assert result.after == result.before


@pytest.mark.parametrize("name", [name for name in LINK_PROJECTS if name.endswith("-outside")])
def test_nothing_of_a_link_target_reaches_the_site_and_nothing_is_written_outside_it(
    data_runs: dict[str, Result], name: str
) -> None:
    result = data_runs[name]
    site = result.root / "site"
    assert (site / "index.html").exists()
    leaked = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
              and (OUTSIDE_SECRET.encode() in p.read_bytes() or p.suffix == ".yml")]
    assert leaked == []
    assert OUTSIDE_SECRET not in result.check + result.strict_log + result.loose_log
    assert result.after == result.before
    assert kit.scan(site) == []
