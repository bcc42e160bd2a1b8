"""A corpus of bad inputs: each must be reported at the exact `path:line:col` with a useful message.

A pull request is untrusted input and its author has to fix it from the message
alone, so every case pins down the position (line and column) and the words that
say what was found and what was expected. Every input is a small file next to a
minimal valid phase and organization, loaded through `load_playbook`, the same
path `playbook check` and the MkDocs plugin take.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import DEMO_PHASE
from mkdocs_playbook import model as m
from mkdocs_playbook.source.diagnostics import Diagnostic, unknown
from mkdocs_playbook.source.loading import LoadResult, load_playbook
from mkdocs_playbook.source.yamlread import read_text

# Line numbers matter: the cases below point into this text.
PHASE = DEMO_PHASE

ORGANIZATION = """\
name: Acme
product: Widget
"""

PHASE_FILE = "phases/demo.yml"
ORG_FILE = "playbook/organization.yml"
PROGRESS_FILE = "playbook/progress/demo.yml"


def phase_with(old: str, new: str) -> str:
    """PHASE with one piece replaced; fails loudly if the piece is not there."""
    assert PHASE.count(old) == 1, old
    return PHASE.replace(old, new)


def org_with(extra: str) -> str:
    return ORGANIZATION + extra


def write_tree(
    root: Path,
    *,
    phase: str | bytes = PHASE,
    organization: str | bytes = ORGANIZATION,
    progress: str | bytes | None = None,
    progress_name: str = "demo.yml",
) -> None:
    """A minimal playbook in `root`: phases/demo.yml, playbook/organization.yml, maybe a progress file."""
    files: dict[str, str | bytes] = {PHASE_FILE: phase, ORG_FILE: organization}
    if progress is not None:
        files[f"playbook/progress/{progress_name}"] = progress
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work inside tmp_path so diagnostics name files as `phases/demo.yml`."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def load(root: Path) -> LoadResult:
    return load_playbook(root / "phases", root / "playbook")


def lines_of(result: LoadResult) -> list[str]:
    return [str(d) for d in result.diagnostics]


@dataclass(frozen=True)
class Case:
    """One bad input and what must be said about it.

    `where` is the exact `path:line:col` of the (first) diagnostic, `words` must all be in
    its message, and `count` is how many diagnostics the input causes in total, so a
    cascade of follow-on errors is caught too.
    """

    id: str
    where: str
    words: tuple[str, ...]
    phase: str | bytes = PHASE
    organization: str | bytes = ORGANIZATION
    progress: str | bytes | None = None
    progress_name: str = "demo.yml"
    count: int = 1


CASES = [
    # --- YAML syntax -------------------------------------------------------------------------
    Case(
        "malformed-unclosed-flow-sequence",
        f"{PROGRESS_FILE}:2:14",
        ("invalid YAML", "expected ',' or ']'", "flow sequence at line 1"),
        progress="identify-users: [done\nhold-kick-off: done\n",
    ),
    Case(
        "malformed-unclosed-flow-mapping-in-phase",
        f"{PHASE_FILE}:4:8",
        ("invalid YAML", "flow mapping at line 3"),
        phase=phase_with("title: Demo", "title: {Demo"),
    ),
    Case(
        "tab-indent",
        f"{PROGRESS_FILE}:2:1",
        ("a tab character", "must use spaces"),
        progress="identify-users:\n\tstatus: done\n",
    ),
    Case(
        "control-character",
        f"{PROGRESS_FILE}:2:31",
        ("control character (U+0007)", "not allowed"),
        progress="identify-users: done\nhold-kick-off: {note: ring the\x07bell}\n",
    ),
    Case(
        "duplicate-key-names-first-line",
        f"{PROGRESS_FILE}:3:1",
        ("duplicate key 'identify-users'", "first defined on line 1", "keep one"),
        progress="identify-users: done\nhold-kick-off: done\nidentify-users: todo\n",
    ),
    Case(
        "second-document",
        f"{PROGRESS_FILE}:2:1",
        ("second YAML document", "expected one document"),
        progress="identify-users: done\n---\nhold-kick-off: done\n",
    ),
    Case(
        "mapping-used-as-key",
        f"{PROGRESS_FILE}:1:3",
        ("mapping or list used as a key", "expected a plain text key"),
        progress="? {a: b}\n: done\nidentify-users: done\n",
    ),
    Case(
        "nesting-too-deep",
        f"{PHASE_FILE}:3:47",
        ("nested more than 40 deep", "expected a flatter structure"),
        phase=phase_with("title: Demo", "title: " + "[" * 5000 + "]" * 5000),
    ),
    # --- untrusted YAML features --------------------------------------------------------------
    Case(
        "python-name-tag",
        f"{PROGRESS_FILE}:1:17",
        ("YAML tag", "python/name:os.system", "tags are not allowed"),
        progress="identify-users: !!python/name:os.system\n",
    ),
    Case(
        "python-tag-on-phase-field",
        f"{PHASE_FILE}:3:8",
        ("YAML tag", "python/object:builtins.dict", "tags are not allowed"),
        phase=phase_with("title: Demo", "title: !!python/object:builtins.dict {}"),
    ),
    Case(
        "binary-tag",
        f"{PROGRESS_FILE}:1:24",
        ("YAML tag", "binary", "expected plain values"),
        progress="identify-users: {note: !!binary aGVsbG8=}\n",
    ),
    Case(
        "anchor-and-alias",
        f"{PROGRESS_FILE}:1:36",
        ("an anchor (&who)", "not allowed", "write the value out"),
        progress="identify-users: {status: done, by: &who ops}\nhold-kick-off: {status: done, by: *who}\n",
    ),
    Case(
        "alias-without-anchor",
        f"{PROGRESS_FILE}:1:36",
        ("an alias (*nobody)", "not allowed"),
        progress="identify-users: {status: done, by: *nobody}\n",
    ),
    # --- the shape of a file -----------------------------------------------------------------
    Case(
        "empty-phase",
        f"{PHASE_FILE}:1:1",
        ("the file is empty", "expected a phase"),
        phase="",
    ),
    Case(
        "comments-only-phase",
        f"{PHASE_FILE}:1:1",
        ("the file is empty", "expected a phase"),
        phase="# yaml-language-server: $schema=../schemas/phase.schema.json\n# nothing yet\n",
    ),
    Case(
        "empty-organization",
        f"{ORG_FILE}:1:1",
        ("the file is empty", "expected the organization"),
        organization="",
    ),
    Case(
        "phase-top-level-list",
        f"{PHASE_FILE}:1:1",
        ("the phase is a list", "expected a mapping"),
        phase="- id: demo\n- title: Demo\n",
    ),
    Case(
        "progress-top-level-text",
        f"{PROGRESS_FILE}:1:1",
        ("the progress file is the text 'done'", "expected a mapping"),
        progress="done\n",
    ),
    Case(
        "non-utf8-byte-position-in-characters",
        f"{PROGRESS_FILE}:2:28",
        ("byte 0xff is not valid UTF-8", "save the file as UTF-8"),
        progress=b"identify-users: done\nhold-kick-off: {note: caf\xc3\xa9 \xff}\n",
    ),
    Case(
        "utf16-file",
        f"{ORG_FILE}:1:1",
        ("byte 0xff is not valid UTF-8",),
        organization=ORGANIZATION.encode("utf-16"),
    ),
    # --- wrong types and fields --------------------------------------------------------------
    Case(
        "list-where-text-expected",
        f"{PHASE_FILE}:3:8",
        ("'title' is a list", "expected text"),
        phase=phase_with("title: Demo", "title: [Demo]"),
    ),
    Case(
        "number-where-text-expected",
        f"{PROGRESS_FILE}:1:36",
        ("'by' is the number 12", "expected text"),
        progress="identify-users: {status: done, by: 12}\n",
    ),
    Case(
        "list-where-text-expected-in-progress-entry",
        f"{PROGRESS_FILE}:1:38",
        ("'note' is a list", "expected text"),
        progress="identify-users: {status: done, note: [a, b]}\n",
    ),
    Case(
        "mapping-where-text-expected",
        f"{ORG_FILE}:2:10",
        ("'product' is a mapping", "expected text"),
        organization="name: Acme\nproduct: {name: Widget}\n",
    ),
    Case(
        "missing-required-field",
        f"{PHASE_FILE}:1:1",
        ("missing required field 'why'", "the phase"),
        phase=phase_with("why: Because it matters.\n", ""),
    ),
    Case(
        "missing-required-field-in-item",
        f"{PHASE_FILE}:17:5",
        ("missing required field 'text'", "'checklist'"),
        phase=phase_with("    text: Hold a kick-off.\n", ""),
    ),
    Case(
        "unknown-field-suggests-nearest",
        f"{PROGRESS_FILE}:1:32",
        ("unknown field 'bye'", "did you mean 'by'?", "expected one of: status, by,"),
        progress="identify-users: {status: done, bye: ops}\n",
    ),
    Case(
        "unknown-field-in-phase",
        f"{PHASE_FILE}:16:5",
        ("unknown field 'focuss'", "did you mean 'focus'?", "expected one of: id, text, focus"),
        phase=phase_with("    focus: planning", "    focuss: planning"),
    ),
    Case(
        "unknown-field-in-organization",
        f"{ORG_FILE}:3:1",
        ("unknown field 'contact'", "did you mean 'contacts'?"),
        organization=org_with("contact: []\n"),
    ),
    # --- ids --------------------------------------------------------------------------------
    Case(
        "duplicate-id-item-and-question-share-namespace",
        f"{PHASE_FILE}:17:9",
        ("duplicate id 'success-goals'", "on line 7", "unique in a phase"),
        phase=phase_with("  - id: hold-kick-off", "  - id: success-goals"),
    ),
    Case(
        "duplicate-id-two-items",
        f"{PHASE_FILE}:17:9",
        ("duplicate id 'identify-users'", "on line 14", "unique in a phase"),
        phase=phase_with("  - id: hold-kick-off", "  - id: identify-users"),
    ),
    Case(
        "id-with-spaces-in-phase",
        f"{PHASE_FILE}:17:9",
        ("'id' is the text 'hold kick-off'", "lower-case words joined by hyphens"),
        phase=phase_with("  - id: hold-kick-off", "  - id: hold kick-off"),
    ),
    Case(
        "id-with-spaces-in-progress",
        f"{PROGRESS_FILE}:1:1",
        ("'identify users' is not a valid id", "lower-case words joined by hyphens"),
        progress="identify users: done\n",
    ),
    Case(
        "id-with-slash",
        f"{PROGRESS_FILE}:1:1",
        ("'identify/users' is not a valid id", "lower-case words joined by hyphens"),
        progress="identify/users: done\n",
    ),
    Case(
        "id-with-trailing-newline-stays-one-line",
        f"{PHASE_FILE}:17:9",
        ("'id' is the text 'hold-kick-off\\n'", "lower-case words joined by hyphens"),
        phase=phase_with("  - id: hold-kick-off\n", "  - id: |\n      hold-kick-off\n"),
    ),
    Case(
        "phase-id-not-matching-file-name",
        f"{PHASE_FILE}:1:5",
        ("phase id 'demo-phase' does not match the file name", "expected 'demo'"),
        phase=phase_with("id: demo\n", "id: demo-phase\n"),
    ),
    Case(
        "unknown-focus-area",
        f"{PHASE_FILE}:16:12",
        ("unknown focus area 'planing'", "did you mean 'planning'?", "expected one of: planning"),
        phase=phase_with("    focus: planning", "    focus: planing"),
    ),
    # --- progress entries ----------------------------------------------------------------------
    Case(
        "unknown-item-suggests-nearest",
        f"{PROGRESS_FILE}:2:1",
        ("unknown item 'identify-user'", "phase 'demo'", "did you mean 'identify-users'?"),
        progress="hold-kick-off: done\nidentify-user: done\n",
    ),
    Case(
        "bad-status-finished",
        f"{PROGRESS_FILE}:1:17",
        ("the text 'finished'", "expected one of: todo, in-progress, done, skipped"),
        progress="identify-users: finished\n",
    ),
    Case(
        "bad-status-capitalised-suggests-lower-case",
        f"{PROGRESS_FILE}:1:17",
        ("the text 'Done'", "did you mean 'done'?", "expected one of: todo, in-progress, done, skipped"),
        progress="identify-users: Done\n",
    ),
    Case(
        "bad-status-in-mapping",
        f"{PROGRESS_FILE}:1:26",
        ("'status' is the text 'finished'", "expected one of: todo, in-progress, done, skipped"),
        progress="identify-users: {status: finished, by: ops}\n",
    ),
    Case(
        "bad-date-month-13",
        f"{PROGRESS_FILE}:1:37",
        ("'due' is the text '2026-13-45'", "not a real date", "YYYY-MM-DD"),
        progress="identify-users: {status: todo, due: 2026-13-45}\n",
    ),
    Case(
        "bad-date-february-30",
        f"{ORG_FILE}:4:17",
        ("'start' is the text '2026-02-30'", "not a real date", "YYYY-MM-DD"),
        organization=org_with("dates:\n  demo: {start: 2026-02-30}\n"),
    ),
    Case(
        "end-before-start",
        f"{ORG_FILE}:4:34",
        ("ends (2026-09-01) before it starts (2026-10-12)", "expected end on or after start"),
        organization=org_with("dates:\n  demo: {start: 2026-10-12, end: 2026-09-01}\n"),
    ),
    Case(
        "answer-on-checklist-item",
        f"{PROGRESS_FILE}:1:32",
        ("'identify-users' is a checklist item, not a question", "expected status, by"),
        progress="identify-users: {status: done, answer: all of them}\n",
    ),
    Case(
        "status-on-discovery-question",
        f"{PROGRESS_FILE}:1:16",
        ("'success-goals' is a discovery question", "expected {answer: TEXT}", "found status"),
        progress="success-goals: done\n",
    ),
    Case(
        "evidence-not-http",
        f"{PROGRESS_FILE}:1:42",
        ("'evidence' is the text 'javascript:alert(1)'", "http(s) link"),
        progress='identify-users: {status: done, evidence: "javascript:alert(1)"}\n',
    ),
    Case(
        "progress-for-unknown-phase",
        "playbook/progress/dem.yml:1:1",
        ("progress file for an unknown phase 'dem'", "did you mean 'demo'?", "expected one of: demo"),
        progress="identify-users: done\n",
        progress_name="dem.yml",
    ),
    # --- the organization --------------------------------------------------------------------
    Case(
        "unknown-palette-colour",
        f"{ORG_FILE}:3:20",
        ("'primary' is the text 'magenta'", "expected one of: red,"),
        organization=org_with("palette: {primary: magenta}\n"),
    ),
    Case(
        "palette-colour-capitalised",
        f"{ORG_FILE}:3:19",
        ("'accent' is the text 'Amber'", "did you mean 'amber'?"),
        organization=org_with("palette: {accent: Amber}\n"),
    ),
    Case(
        "metrics-moved-to-plans",
        f"{ORG_FILE}:3:1",
        ("'metrics' moved out of organization.yml", "add to plans/demo.yml under 'criteria:'",
         "comparison: \">=\", threshold: 4", "playbook measure demo/csat 4.4 --at"),
        organization=org_with("metrics:\n  - {id: csat, name: CSAT, phase: demo, target: '>= 4', actual: 4.4}\n"),
    ),
    Case(
        "organization-lists-unknown-phase",
        f"{ORG_FILE}:3:16",
        ("unknown phase 'pilot'", "expected one of: demo"),
        organization=org_with("phases: [demo, pilot]\n"),
    ),
    Case(
        "yaml-1.1-boolean-key-stays-text",
        f"{ORG_FILE}:3:1",
        ("unknown field 'on'", "expected one of: name, product"),
        organization=org_with("on: yes\n"),
    ),
    Case(
        "bom-then-error-keeps-columns",
        f"{ORG_FILE}:1:7",
        ("'name' is a list", "expected text"),
        organization="\ufeffname: [Acme]\nproduct: Widget\n",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_reported_at_its_position(tree: Path, case: Case) -> None:
    write_tree(
        tree, phase=case.phase, organization=case.organization,
        progress=case.progress, progress_name=case.progress_name,
    )
    result = load(tree)
    lines = lines_of(result)
    assert len(lines) == case.count, lines
    first = lines[0]
    assert first.startswith(f"{case.where}: "), lines
    for word in case.words:
        assert word in first, (word, first)
    assert "\n" not in first


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 24
    assert len({c.id for c in CASES}) == len(CASES)


# --- untrusted input must never run ------------------------------------------------------------


@pytest.mark.parametrize("target", ["progress", "phase", "organization"])
def test_python_object_apply_is_refused_and_never_runs(tree: Path, target: str) -> None:
    marker = tree / "PWNED"
    hostile = '!!python/object/apply:os.system ["touch PWNED"]'
    if target == "progress":
        write_tree(tree, progress=f"identify-users: {hostile}\nhold-kick-off: done\n")
        where = f"{PROGRESS_FILE}:1:17"
    elif target == "phase":
        write_tree(tree, phase=phase_with("title: Demo", f"title: {hostile}"))
        where = f"{PHASE_FILE}:3:8"
    else:
        write_tree(tree, organization=f"{hostile}\n")
        where = f"{ORG_FILE}:1:1"
    result = load(tree)
    assert not marker.exists()
    assert lines_of(result) == [
        f"{where}: a YAML tag (tag:yaml.org,2002:python/object/apply:os.system); tags are not allowed, "
        + "expected plain values"
    ]
    if target == "progress":  # the valid entry next to it still counts
        assert result.playbook is not None
        assert list(result.playbook.progress["demo"].states) == ["hold-kick-off"]


BOMB_LEVELS = 9


def alias_bomb() -> str:
    """Billion laughs: nine levels of nine aliases, 9**9 'lol's when expanded."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, BOMB_LEVELS):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("target", ["progress", "phase"])
def test_alias_bomb_is_refused_fast_at_the_anchor(tree: Path, target: str) -> None:
    bomb = alias_bomb()
    if target == "progress":
        write_tree(tree, progress=bomb)
        path = PROGRESS_FILE
    else:
        write_tree(tree, phase=bomb)
        path = PHASE_FILE
    started = time.monotonic()
    result = load(tree)
    assert time.monotonic() - started < 5
    lines = lines_of(result)
    assert lines[0] == f"{path}:1:5: an anchor (&a0); anchors and aliases are not allowed, write the value out"
    # one error an anchor; the aliases of a refused anchor add nothing, nothing is expanded
    assert lines == [
        f"{path}:{n + 1}:5: an anchor (&a{n}); anchors and aliases are not allowed, write the value out"
        for n in range(BOMB_LEVELS)
    ]


def test_deep_nesting_is_refused_fast(tree: Path) -> None:
    # libyaml slows down quadratically with flow depth, so reading must stop at the limit
    write_tree(tree, progress="identify-users: " + "[" * 200_000 + "]" * 200_000 + "\n")
    started = time.monotonic()
    result = load(tree)
    assert time.monotonic() - started < 5
    assert lines_of(result) == [
        f"{PROGRESS_FILE}:1:56: lists and mappings nested more than 40 deep; expected a flatter structure"
    ]
    assert result.playbook is not None


# --- what is NOT an error ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    ["", "\n\n", "# yaml-language-server: $schema=../../schemas/progress.schema.json\n# nothing ticked yet\n", "---\n", "~\n"],
    ids=["empty", "blank-lines", "comments-only", "bare-document-marker", "explicit-null"],
)
def test_empty_progress_file_is_not_an_error(tree: Path, content: str) -> None:
    write_tree(tree, progress=content)
    result = load(tree)
    assert lines_of(result) == []
    assert result.playbook is not None
    assert result.playbook.progress["demo"].states == {}


def test_bom_prefixed_files_are_accepted(tree: Path) -> None:
    write_tree(
        tree,
        phase="\ufeff" + PHASE,
        organization="\ufeff" + ORGANIZATION,
        progress="\ufeffidentify-users: {status: done, by: ops}\n",
    )
    result = load(tree)
    assert lines_of(result) == []
    assert result.playbook is not None
    state = result.playbook.progress["demo"].states["identify-users"]
    assert state.status is m.Status.DONE
    assert str(state.location) == f"{PROGRESS_FILE}:1:1"


def test_yaml_11_booleans_stay_text(tree: Path) -> None:
    write_tree(
        tree,
        phase=phase_with("title: Demo", "title: no"),
        organization="name: yes\nproduct: off\n",
        progress="identify-users: {status: done, note: yes, by: on}\nhold-kick-off: {status: todo, note: No}\n",
    )
    result = load(tree)
    assert lines_of(result) == []
    assert result.playbook is not None
    assert result.playbook.phases[0].title == "no"
    assert (result.playbook.organization.name, result.playbook.organization.product) == ("yes", "off")
    states = result.playbook.progress["demo"].states
    assert states["identify-users"].note == "yes"
    assert states["identify-users"].by == "on"
    assert states["hold-kick-off"].note == "No"


def test_yaml_11_boolean_as_key_is_text() -> None:
    doc = read_text("on: 1\noff: 2\nyes: 3\nno: true\n", "x.yml")
    assert doc.diagnostics == []
    assert doc.data == {"on": 1, "off": 2, "yes": 3, "no": True}


# --- best-effort loading -------------------------------------------------------------------------


def test_errors_in_one_progress_entry_leave_the_others_loaded(tree: Path) -> None:
    write_tree(
        tree,
        progress=(
            "identify-users: finished\n"
            "hold-kick-off: {status: in-progress, owner: ops, due: 2026-12-05}\n"
            "success-goals: {answer: Fewer tickets}\n"
            "unknown-thing: done\n"
            "small-cohort: {status: done, by: [a]}\n"
        ),
    )
    result = load(tree)
    assert [(d.line, d.column) for d in result.diagnostics] == [(1, 17), (4, 1), (5, 34)]
    assert result.playbook is not None
    states = result.playbook.progress["demo"].states
    assert list(states) == ["hold-kick-off", "success-goals"]
    assert states["hold-kick-off"].status is m.Status.IN_PROGRESS
    assert str(states["hold-kick-off"].due) == "2026-12-05"
    assert states["success-goals"].answer == "Fewer tickets"


def test_entry_holding_a_refused_value_is_left_out(tree: Path) -> None:
    write_tree(tree, progress="identify-users: {status: done, by: &who ops}\nhold-kick-off: {status: done, by: *who}\n")
    result = load(tree)
    assert lines_of(result) == [
        f"{PROGRESS_FILE}:1:36: an anchor (&who); anchors and aliases are not allowed, write the value out"
    ]
    assert result.playbook is not None
    assert result.playbook.progress["demo"].states == {}


def test_file_level_and_positioned_problems_of_one_file_sort_together() -> None:
    positioned = Diagnostic("a.yml", 2, 1, "second")
    whole_file = Diagnostic("a.yml", None, None, "cannot read")
    earlier = Diagnostic("a.yml", 1, 9, "first")
    assert sorted([positioned, whole_file, earlier]) == [whole_file, earlier, positioned]


def test_several_bad_files_are_all_reported_sorted(tree: Path) -> None:
    write_tree(
        tree,
        phase=phase_with("    focus: planning", "    focus: planing"),
        organization=org_with("palette: {primary: magenta}\nphases: [demo]\n"),
        progress="identify-users: done\n",
    )
    lines = lines_of(load(tree))
    # the broken phase is reported once: its organization entry and progress file are not
    # 'unknown' on top of that
    assert [line.split(": ")[0] for line in lines] == [f"{PHASE_FILE}:16:12", f"{ORG_FILE}:3:20"]


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "unknown item 'x'; expected one of: (none)"),
        (3, "unknown item 'x'; expected one of: id-0, id-1, id-2"),
        (12, "unknown item 'x'; expected one of: " + ", ".join(f"id-{i}" for i in range(12))),
        (13, "unknown item 'x'; expected one of: " + ", ".join(f"id-{i}" for i in range(12)) + " and 1 more"),
        (117, "unknown item 'x'; expected one of: " + ", ".join(f"id-{i}" for i in range(12)) + " and 105 more"),
    ],
)
def test_an_unknown_name_lists_twelve_choices_at_most(count: int, expected: str) -> None:
    """A phase has over a hundred ids: the message stays a line, the nearest id still named."""
    assert unknown("unknown item", "x", [f"id-{i}" for i in range(count)], none="(none)") == expected
    many = [f"id-{i}" for i in range(117)]
    assert "(did you mean 'id-116'?)" in unknown("unknown item", "id-116x", many)
