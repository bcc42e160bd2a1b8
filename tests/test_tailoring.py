"""Tailoring without forking (source/tailoring.py, source/tailormerge.py): an organization's own
phases and `tailoring/<phase>.yml` (add, hide, reword) over the shared phases, loaded in-process.

Every rule is a row: the tailoring text, the line its problem must be reported at (in the
tailoring file, never the shared phase file) and what the message must say.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from conftest import PHASES, ROOT, copy_project
from mkdocs_playbook import model as m
from mkdocs_playbook.commands import main
from mkdocs_playbook.source import tailorschema
from mkdocs_playbook.source.diagnostics import Diagnostic
from mkdocs_playbook.source.loading import LoadResult, load_playbook
from mkdocs_playbook.source.sources import WorkingTree
from mkdocs_playbook.source.tailormerge import Tailored, apply
from mkdocs_playbook.source.yamlread import read_file, read_text

TAILORING = """\
# yaml-language-server: $schema=../../plugins/mkdocs_playbook/schemas/tailoring.schema.json
add:
  checklist:
    - id: brief-works-council
      text: Brief the works council about {product}.
      focus: planning
      after: identify-pilot-users
  stages.setup.exit_criteria:
    - {id: works-council-agreed, text: The works council agreed.}
  challenges:
    - id: works-council-veto
      challenge: The works council vetoes monitoring.
      mitigation: Involve it from the start.
hide: [hold-kick-off, unrepresentative-cohort, setup-exit-ready-for-live-traffic]
reword:
  define-support-process:
    text: Define the support process with our hyper-care rota for {product}.
"""

OWN_PHASE = """\
id: works-council
order: 2
title: Works council
summary: Agree monitoring with the works council.
why: Nothing is rolled out without its agreement.
discovery_questions:
  - {id: who-sits-on-it, text: Who sits on the works council?}
focus_areas:
  - {id: agreement, title: Agreement, text: What the works council agrees to.}
checklist:
  - {id: send-the-proposal, text: Send the proposal., focus: agreement}
challenges:
  - {id: late-agreement, challenge: The agreement comes late., mitigation: Start early.}
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example without progress entries for what the tailoring hides."""
    project = copy_project(tmp_path_factory.mktemp("tailoring") / "project", with_git=False)
    progress = project.root / "playbook" / "progress" / "pilot.yml"
    hidden = ("hold-kick-off:", "setup-exit-ready-for-live-traffic:")
    kept = [line for line in progress.read_text("utf-8").splitlines(keepends=True) if not line.startswith(hidden)]
    progress.write_text("".join(kept), "utf-8")
    return project.root


def load(root: Path, tailoring: str | None = TAILORING, own: str | None = None, name: str = "pilot") -> LoadResult:
    for folder, file, text in (("tailoring", f"{name}.yml", tailoring), ("phases", "works-council.yml", own)):
        path = root / "playbook" / folder / file
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, "utf-8")
    try:
        return load_playbook(root / "phases", root / "playbook", WorkingTree())
    finally:
        for folder in ("tailoring", "phases"):
            for path in (root / "playbook" / folder).glob("*.yml"):
                path.unlink()


def pilot_of(result: LoadResult) -> m.Phase:
    assert result.ok, result.diagnostics
    assert result.playbook is not None
    phase = result.playbook.phase("pilot")
    assert phase is not None
    return phase


def test_every_override_kind_changes_the_loaded_phase(root: Path) -> None:
    untailored = pilot_of(load(root, None))
    pilot = pilot_of(load(root))
    ids = [i.id for i in pilot.items()]
    assert ids.index("brief-works-council") == ids.index("identify-pilot-users") + 1
    added = pilot.item("brief-works-council")
    assert added is not None and added.text == "Brief the works council about Contoso Endpoint Manager."
    assert (added.focus, added.section) == ("planning", "checklist")
    criterion = pilot.item("works-council-agreed")
    assert criterion is not None and criterion.gate and criterion.group == "setup"
    assert "works-council-veto" in [c.id for c in pilot.block("challenges")]
    assert "unrepresentative-cohort" not in [c.id for c in pilot.block("challenges")]
    assert pilot.item("hold-kick-off") is None and untailored.item("hold-kick-off") is not None
    reworded = pilot.item("define-support-process")
    assert reworded is not None and reworded.text.endswith("hyper-care rota for Contoso Endpoint Manager.")
    assert pilot.hidden == ("hold-kick-off", "setup-exit-ready-for-live-traffic")
    assert pilot.tailoring is not None and pilot.tailoring.endswith("tailoring/pilot.yml")
    assert len(ids) == len(list(untailored.items())) + 2 - 2


BAD = [
    # (tailoring file, line:column, what the message says)
    ("reword:\n  define-suport-process: {text: x}\n", "2:3", "no entry of shared phase 'pilot' has the id 'define-suport-process' (did you mean 'define-support-process'?)"),
    ("hide:\n  - hold-kickoff\n", "2:5", "has the id 'hold-kickoff' (did you mean 'hold-kick-off'?)"),
    ("add:\n  checklist:\n    - {id: hold-kick-off, text: again}\n", "3:12", "id 'hold-kick-off' already exists in the shared phase (checklist, line"),
    ("add:\n  checklist:\n    - {id: a-new-one, text: a}\n    - {id: a-new-one, text: b}\n", "4:12", "'a-new-one' is added twice"),
    ("add:\n  checklis:\n    - {id: a-new-one, text: a}\n", "2:3", "unknown field 'checklis' in 'add' (did you mean 'checklist'?)"),
    ("add:\n  stages.set-up.exit_criteria:\n    - {id: a-new-one, text: a}\n", "2:3", "no entry of stages has the id 'set-up' (did you mean 'setup'?)"),
    ("hide: [setup]\nadd:\n  stages.setup.exit_criteria:\n    - {id: a-new-one, text: a}\n", "3:3", "'setup' is hidden"),
    ("add:\n  checklist:\n    - {id: a-new-one}\n", "3:7", "missing required field 'text'"),
    ("add:\n  checklist:\n    - {id: a-new-one, text: a, focus: plannin}\n", "3:39", "unknown focus area 'plannin' (did you mean 'planning'?)"),
    ("add:\n  checklist:\n    - {id: a-new-one, text: a, after: hold-kickoff}\n", "3:39", "'after' names no entry of checklist: 'hold-kickoff' (did you mean 'hold-kick-off'?)"),
    ("hide:\n  - hold-kick-off\n  - help-desk\n", "3:5", "cannot hide 'help-desk': checklist entry 'define-support-process' (focus) still names it; hide or reword that too"),
    ("reword:\n  define-support-process: {txt: x}\n", "2:28", "unknown field 'txt'"),
    ("reword:\n  define-support-process: {focus: nowhere}\n", "2:35", "unknown focus area 'nowhere'"),
    ("reword:\n  define-support-process: {text: '<script>x</script>'}\n", "2:34", "'text'"),
    ("hide: [hold-kick-off]\nreword:\n  hold-kick-off: {text: x}\n", "1:8", "'hold-kick-off' is both hidden and reworded"),
    ("add:\n  documentation.nowhere.items:\n    - {id: a-new-one, text: a}\n", "2:3", "no entry of documentation has the id 'nowhere'"),
    ("hid: [hold-kick-off]\n", "1:1", "unknown field 'hid' in the tailoring (did you mean 'hide'?); expected one of: add, hide, reword"),
    ("hide: [no-pilot-success-criteria, unrepresentative-cohort]\n", "", None),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD, ids=[str(i) for i in range(len(BAD))])
def test_a_bad_tailoring_is_reported_at_its_line_in_the_tailoring_file(
    root: Path, text: str, line: str, message: str | None
) -> None:
    result = load(root, text)
    if message is None:  # the control row: a valid tailoring loads
        assert result.ok, result.diagnostics
        return
    problems = [d for d in result.diagnostics if message in d.message]
    assert problems, result.diagnostics
    assert all(str(d.path).endswith("tailoring/pilot.yml") for d in result.diagnostics), result.diagnostics
    assert f"{problems[0].line}:{problems[0].column}" == line, problems[0]


def test_a_broken_tailoring_leaves_the_phase_out_and_its_files_are_read(root: Path) -> None:
    result = load(root, "hide: [hold-kickoff]\n", OWN_PHASE)
    assert result.playbook is not None
    assert result.playbook.phase("pilot") is None  # left out, like a phase file with errors
    assert len(result.diagnostics) == 1  # its progress, plans and measurements are not 'an unknown phase'
    names = {(p.parent.name, p.name) for p in result.files}
    assert {("tailoring", "pilot.yml"), ("phases", "works-council.yml")} <= names
    tailored = pilot_of(load(root))
    assert tailored.location is not None and tailored.location.path.endswith("phases/pilot.yml")
    assert (tailored.location.line, tailored.location.column) == (1, 1)


def test_an_empty_tailoring_changes_nothing_and_an_own_phase_is_not_tailored(root: Path) -> None:
    assert pilot_of(load(root, "# nothing yet\n")) == pilot_of(load(root, None))
    result = load(root, "hide: [send-the-proposal]\n", OWN_PHASE, name="works-council")
    assert [str(d) for d in result.diagnostics] == [
        f"{result.diagnostics[0].path}:1:1: phase 'works-council' is the organization's own; "
        "change phases/works-council.yml itself"
    ]


def test_the_hidden_focus_area_names_every_entry_still_naming_it(root: Path) -> None:
    [problem] = load(root, "hide: [planning]\n").diagnostics
    for item in ("document-goals-and-success-metrics", "identify-pilot-users", "identify-pilot-risks"):
        assert f"'{item}' (focus)" in problem.message
    assert problem.message.endswith("hide or reword those too")


def test_a_tailoring_file_for_an_unknown_phase(root: Path) -> None:
    result = load(root, "hide: [x]\n", name="pilto")
    assert [d.message for d in result.diagnostics] == [
        "tailoring file for an unknown phase 'pilto' (did you mean 'pilot'?); expected one of: "
        "enterprise-rollout, pilot, proof-of-concept"
    ]


def with_phases(root: Path, line: str | None) -> str:
    """Set (or with None drop) organization.yml's `phases:` line; returns the text before."""
    org = root / "playbook" / "organization.yml"
    before = org.read_text("utf-8")
    old = "phases: [proof-of-concept, pilot, enterprise-rollout]\n"
    assert old in before
    org.write_text(before.replace(old, f"phases: {line}\n" if line else ""), "utf-8")
    return before


@pytest.mark.parametrize(
    ("phases", "order"),
    [
        (None, ["proof-of-concept", "pilot", "works-council", "enterprise-rollout"]),  # by order, then id
        ("[works-council, pilot]", ["works-council", "pilot"]),
        ("[pilot, works-council, proof-of-concept]", ["pilot", "works-council", "proof-of-concept"]),
        ("[pilot]", ["pilot"]),
    ],
)
def test_own_phases_are_added_and_ordered_like_shared_ones(root: Path, phases: str | None, order: list[str]) -> None:
    before = with_phases(root, phases)
    try:
        result = load(root, None, OWN_PHASE)
    finally:
        (root / "playbook" / "organization.yml").write_text(before, "utf-8")
    assert result.playbook is not None, result.diagnostics
    assert [p.id for p in result.playbook.phases] == order
    assert not [d for d in result.diagnostics if "works-council" in d.path], result.diagnostics


def test_an_own_phase_may_not_take_a_shared_id(root: Path) -> None:
    shared = OWN_PHASE.replace("id: works-council", "id: pilot")
    (root / "playbook" / "phases").mkdir(exist_ok=True)
    (root / "playbook" / "phases" / "pilot.yml").write_text(shared, "utf-8")
    try:
        result = load_playbook(root / "phases", root / "playbook", WorkingTree())
    finally:
        (root / "playbook" / "phases" / "pilot.yml").unlink()
    assert [str(d) for d in result.diagnostics] == [
        f"{result.diagnostics[0].path}:1:5: phase 'pilot' is a shared phase; tailor it in tailoring/pilot.yml "
        "instead, or choose another id"
    ]
    assert result.diagnostics[0].path.endswith("playbook/phases/pilot.yml")


def test_progress_of_a_hidden_item_names_the_tailoring_file(root: Path) -> None:
    progress = root / "playbook" / "progress" / "pilot.yml"
    before = progress.read_text("utf-8")
    progress.write_text(before + "hold-kick-off: done\n", "utf-8")
    try:
        result = load(root)
    finally:
        progress.write_text(before, "utf-8")
    [problem] = result.diagnostics
    assert problem.line == len(before.splitlines()) + 1
    assert problem.message == (
        f"'hold-kick-off' is hidden by {Path(problem.path).parent.parent}/tailoring/pilot.yml; "
        "remove its entry here, or stop hiding it there"
    )


@pytest.mark.parametrize(
    ("entry", "reported"),
    [
        ("hold-kick-off:", False),  # what `playbook new` and `fmt` write for a question, and `id:` alone
        ("hold-kick-off: todo", False),  # ... and for an item: hiding it must not mean editing progress by hand
        ("hold-kick-off: in-progress", True),
        ("hold-kick-off: skipped", True),
        ("hold-kick-off: {status: todo, note: asked the works council}", True),
        ("hold-kick-off: {owner: thomas-hardy}", True),
    ],
)
def test_an_entry_of_a_hidden_item_is_reported_only_when_it_records_something(
    entry: str, reported: bool, root: Path
) -> None:
    progress = root / "playbook" / "progress" / "pilot.yml"
    before = progress.read_text("utf-8")
    progress.write_text(before + entry + "\n", "utf-8")
    try:
        result = load(root)
    finally:
        progress.write_text(before, "utf-8")
    assert [("is hidden by" in d.message) for d in result.diagnostics] == ([True] if reported else [])


def test_a_shared_item_renamed_leaves_progress_pointing_nowhere_with_a_suggestion(root: Path) -> None:
    phase = root / "phases" / "pilot.yml"
    before = phase.read_text("utf-8")
    phase.write_text(before.replace("id: hold-kick-off", "id: hold-the-kick-off"), "utf-8")
    progress = root / "playbook" / "progress" / "pilot.yml"
    progress_before = progress.read_text("utf-8")
    progress.write_text(progress_before + "hold-kick-off: done\n", "utf-8")
    try:
        result = load(root, None)
    finally:
        phase.write_text(before, "utf-8")
        progress.write_text(progress_before, "utf-8")
    [problem] = result.diagnostics
    assert (problem.line, problem.message) == (
        len(progress_before.splitlines()) + 1,
        "unknown item 'hold-kick-off' in phase 'pilot' (did you mean 'hold-the-kick-off'?)",
    )


def test_fmt_adds_added_items_never_hidden_ones(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(root)
    tailoring = root / "playbook" / "tailoring" / "pilot.yml"
    tailoring.parent.mkdir(exist_ok=True)
    tailoring.write_text(TAILORING, "utf-8")
    progress = root / "playbook" / "progress" / "pilot.yml"
    before = progress.read_text("utf-8")
    try:
        assert main(["fmt", "pilot"]) == 0, capsys.readouterr()
        after = progress.read_text("utf-8")
    finally:
        progress.write_text(before, "utf-8")
        tailoring.unlink()
    keys = [line.split(":")[0] for line in after.splitlines() if line and not line.startswith("#")]
    assert "brief-works-council" in keys and "works-council-agreed" in keys
    assert "hold-kick-off" not in keys and "setup-exit-ready-for-live-traffic" not in keys
    assert "# Brief the works council about Contoso Endpoint Manager.\nbrief-works-council: todo\n" in after


def test_the_shipped_tailoring_schema_is_current() -> None:
    shipped = (ROOT / "plugins" / "mkdocs_playbook" / "schemas" / "tailoring.schema.json").read_text("utf-8")
    assert shipped == tailorschema.schema_for_editors(), (
        "schemas/tailoring.schema.json is out of date: run `python -m mkdocs_playbook.blocks tailoring "
        "> plugins/mkdocs_playbook/schemas/tailoring.schema.json`"
    )


def test_a_new_block_type_is_tailorable_with_no_change() -> None:
    """The lists are read from the phase schema, so a block's fragment is all tailoring needs."""
    schema = json.loads(json.dumps(tailorschema.phase_schema()))
    schema["properties"]["glossary"] = {
        "type": "array",
        "items": {"type": "object", "required": ["id", "term"], "properties": {"id": {"$ref": "#/$defs/id"},
                  "terms": {"type": "array", "items": {"type": "object", "required": ["id"]}}}},
    }
    addresses = [a for a, _ in tailorschema.id_lists(schema)]
    assert ("glossary",) in addresses and ("glossary", None, "terms") in addresses
    assert ("checklist",) in addresses and ("stages", None, "exit_criteria") in addresses


def test_diagnostics_are_plain(root: Path) -> None:
    """Every problem is a `Diagnostic` with a line: `path:line:col: message`, never a traceback."""
    for text, _, message in BAD:
        if message:
            assert all(isinstance(d, Diagnostic) and d.line for d in load(root, text).diagnostics), text


def test_the_example_has_no_tailoring() -> None:
    """Other tests count the example's items: its tailoring lives in tests and the README only."""
    assert not (ROOT / "playbook" / "tailoring").exists() and not (ROOT / "playbook" / "phases").exists()
    assert load_playbook(PHASES, ROOT / "playbook").ok


def test_an_add_into_a_part_the_phase_lacks(root: Path) -> None:
    text = "add:\n  scope.boundaries:\n    - {id: a-new-one, text: a}\n"
    [problem] = load(root, text, name="enterprise-rollout").diagnostics
    assert (problem.line, problem.column) == (2, 3)
    assert problem.message == "the shared phase has no 'scope' to add to"
    assert problem.path.endswith("tailoring/enterprise-rollout.yml")


def test_an_id_two_entries_share_cannot_be_tailored(root: Path) -> None:
    phase = root / "phases" / "pilot.yml"
    before = phase.read_text("utf-8")
    phase.write_text(before.replace("id: unrepresentative-cohort", "id: planning"), "utf-8")
    try:
        [problem] = load(root, "hide: [hold-kick-off, planning]\n").diagnostics
    finally:
        phase.write_text(before, "utf-8")
    assert (problem.line, problem.column) == (1, 23)
    assert problem.message == (
        "'planning' names several entries of the shared phase (focus_areas, challenges); it cannot be tailored"
    )


def test_a_rule_the_shared_content_breaks_is_reported_at_hide_naming_where() -> None:
    """A safety net for block rules to come (say, 'at least one entry'): no shipped rule reaches it."""
    tailoring = read_text("reword: {}\nhide: [a]\n", "t.yml")
    data = {"stages": [{"id": "setup", "exit_criteria": []}]}
    tailored = Tailored(path="t.yml", data=data, tailoring=tailoring)
    tailored.error(("stages", 0, "exit_criteria"), "'exit_criteria' is an empty list")
    assert [str(d) for d in tailored.diagnostics] == [
        "t.yml:2:1: the tailored phase breaks a rule at stages.setup.exit_criteria: 'exit_criteria' is an empty list"
    ]


SHARED_LINE = re.compile(r"line (\d+) of (\S+)\)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "add:\n  checklist:\n    - {id: hold-kick-off, text: again}\n",
            "3:12: id 'hold-kick-off' already exists in the shared phase (checklist, line {line} of {path}); "
            "choose another id",
        ),
        (
            "add:\n  stages.setup.exit_criteria:\n    - {id: setup-users-trained, text: a}\n",
            "3:12: id 'setup-users-trained' already exists in the shared phase (stages.setup.deliverables, "
            "line {line} of {path}); choose another id",
        ),
        (
            "hide:\n  - help-desk\n",
            "2:5: cannot hide 'help-desk': checklist entry 'define-support-process' (focus) still names it; "
            "hide or reword that too",
        ),
        (
            "hide:\n  - training\n",
            "2:5: cannot hide 'training': checklist entry 'define-training-plan' (focus), checklist entry "
            "'distribute-end-user-documentation' (focus) still name it; hide or reword those too",
        ),
    ],
)
def test_the_whole_message_names_the_list_the_line_and_the_referrers(root: Path, text: str, expected: str) -> None:
    [problem] = load(root, text).diagnostics
    found = SHARED_LINE.search(problem.message)
    if found:  # the line of the shared entry that holds the id, in the shared phase file
        added = text.split("id: ")[1].split(",")[0]
        lines = Path(found.group(2)).read_text("utf-8").splitlines()  # display paths are from the current folder
        line = next(n for n, shown in enumerate(lines, 1) if shown.strip().endswith(f"id: {added}"))
        expected = expected.format(line=line, path=found.group(2))
    assert str(problem).split("tailoring/pilot.yml:", 1)[1] == expected


def test_tailoring_leaves_the_shared_phase_as_it_was_read() -> None:
    """The shared data is every organization's: tailoring works on a copy, nested lists included
    (a shared document read once and tailored twice must not carry the first one's changes)."""
    shared = read_file(PHASES / "pilot.yml")
    before = copy.deepcopy(shared.data)
    tailored = apply(shared, read_text(TAILORING, "tailoring/pilot.yml"))
    assert shared.data == before
    assert tailored.data != before
