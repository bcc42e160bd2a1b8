"""Limits on what a data file may hold: size, value length, numbers, dates, and short quotes.

A pull request can put anything into any YAML file. Each case goes through a public
interface (`playbook check`, `playbook status`, `load_playbook`, a real `mkdocs build`) and
asserts the exact message and position, and that no traceback escapes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import BIN, DEMO_PHASE, Project, copy_project, demo_progress, write_site_config
from mkdocs_playbook.commands import main
from mkdocs_playbook.source.diagnostics import quote
from mkdocs_playbook.source.limits import DEFAULT_MAX_FILE_MB, MAX_VALUE_LENGTH
from mkdocs_playbook.source.loading import load_playbook

PROGRESS = "playbook/progress/demo.yml"
ORGANIZATION = "playbook/organization.yml"
ORG = "name: Acme\nproduct: Widget\n"
METRIC = "metrics:\n  - {{id: m1, name: M1, phase: demo, target: '{target}', actual: {actual}}}\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A demo project that checks clean; each test writes the file it is about over one of its files."""
    (tmp_path / "phases").mkdir()
    (tmp_path / "phases" / "demo.yml").write_text(DEMO_PHASE, encoding="utf-8")
    (tmp_path / "playbook" / "progress").mkdir(parents=True)
    (tmp_path / "playbook" / "organization.yml").write_text(ORG, encoding="utf-8")
    (tmp_path / PROGRESS).write_text(demo_progress("todo"), encoding="utf-8")
    write_site_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, list[str]]:
    code = main(["check", "--format", "json", *options])
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return code, [_where(e) + f": {e['message']}" for e in document["errors"]]


def _where(error: dict[str, Any]) -> str:
    """`path:line:col` as the text format prints it: a problem of the whole file has no position."""
    return ":".join(str(part) for part in (error["path"], error["line"], error["column"]) if part is not None)


# --- file size -------------------------------------------------------------------------------


def big_progress(size: int) -> str:
    """A valid, merge-safe progress file of about `size` bytes: comments carry the bulk."""
    filler = "# " + "x" * 98 + "\n"
    return filler * (size // len(filler)) + demo_progress("done")


def test_a_file_above_the_limit_is_refused_unread_and_the_rest_still_loads(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / PROGRESS).write_text(big_progress(2_500_000), encoding="utf-8")
    code, errors = check(capsys)
    assert code == 1
    assert errors == [
        f"{PROGRESS}: file is 2.5 MB; the limit is 2 MB (max_file_size in mkdocs.yml plugin options / --max-file-size)"
    ]
    result = load_playbook(Path("phases"), Path("playbook"))
    assert result.playbook is not None
    assert [p.id for p in result.playbook.phases] == ["demo"]
    assert result.playbook.progress["demo"].states == {}


def test_the_limit_is_configurable_on_the_command_line(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / PROGRESS).write_text(big_progress(2_500_000), encoding="utf-8")
    assert check(capsys, "--max-file-size", "3") == (0, [])
    # an edit reads the file, and its own result, under the same limit
    assert main(["tick", "demo/hold-kick-off", "--max-file-size", "3"]) == 0
    assert capsys.readouterr().out.startswith("demo/hold-kick-off: done in playbook/progress/demo.yml\n")
    text = (tree / PROGRESS).read_text(encoding="utf-8")
    (tree / PROGRESS).write_text(text.replace("# Hold a kick-off.\n", ""), encoding="utf-8")  # touching now
    assert main(["fmt", "--max-file-size", "3"]) == 0
    assert capsys.readouterr().out == "playbook/progress/demo.yml: added 0 entries, 1 label\nformatted 1 file of 1\n"
    assert check(capsys, "--max-file-size", "3") == (0, [])
    assert (tree / PROGRESS).read_text(encoding="utf-8") == text.replace("hold-kick-off: todo", "hold-kick-off: done")
    assert check(capsys, "--max-file-size", "0.5")[1][0].endswith("the limit is 0.5 MB " + _HINT)


_HINT = "(max_file_size in mkdocs.yml plugin options / --max-file-size)"


def test_a_realistic_large_progress_file_is_well_under_the_default(tree: Path) -> None:
    """2,000 items with a note each: the size the default must comfortably allow."""
    line = "an-item-id-of-ordinary-length-{}: {{status: done, by: service-desk, note: {}}}\n"
    text = "".join(line.format(i, "two weeks of hyper-care and a review meeting") for i in range(2000))
    assert len(text.encode()) * 4 < DEFAULT_MAX_FILE_MB * 1_000_000


@pytest.mark.parametrize("size", ["0", "-1", "nan", "inf", "big"])
def test_a_bad_size_option_is_a_usage_error(tree: Path, capsys: pytest.CaptureFixture[str], size: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", "--max-file-size", size])
    assert exited.value.code == 2
    assert f"'{size}' is not a size; expected a positive number of megabytes" in capsys.readouterr().err


@pytest.mark.subprocess
def test_the_plugin_option_sets_the_limit_for_the_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", with_git=False)
    (project.progress / "pilot.yml").write_text(big_progress(300_000), encoding="utf-8")
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("      phases_dir: phases\n", "      phases_dir: phases\n      max_file_size: 0.2\n"))
    done = project.build()
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "playbook/progress/pilot.yml: file is 0.3 MB; the limit is 0.2 MB" in done.stderr


# --- value length and short quotes ------------------------------------------------------------


def test_a_long_value_is_refused_at_its_position_and_quoted_short(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long = "a" * 1_000_000
    (tree / PROGRESS).write_text(f"identify-users: {{status: done, note: {long}}}\n", encoding="utf-8")
    code, errors = check(capsys)
    assert code == 1
    assert errors == [
        f"{PROGRESS}:1:38: a value 1000000 characters long ('{'a' * 60}…'); "
        f"expected at most {MAX_VALUE_LENGTH} characters"
    ]


def test_a_value_at_the_limit_is_accepted(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / PROGRESS).write_text(demo_progress(f"{{status: done, note: {'a' * MAX_VALUE_LENGTH}}}"), encoding="utf-8")
    assert check(capsys) == (0, [])


def test_a_long_key_is_refused_and_never_echoed_whole(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = "k" * 20_000  # longer than 1024 characters: only an explicit key (`? key`) can be
    (tree / PROGRESS).write_text(f"? {key}\n: done\n", encoding="utf-8")
    code, errors = check(capsys)
    assert code == 1
    assert errors == [
        f"{PROGRESS}:1:3: '{'k' * 60}…' is not a valid id; expected lower-case words joined by hyphens, "
        "e.g. identify-pilot-users",
        f"{PROGRESS}:1:3: a key 20000 characters long ('{'k' * 60}…'); expected at most {MAX_VALUE_LENGTH} characters",
    ]
    assert all(len(error) < 300 for error in errors)


def test_a_long_unknown_field_is_quoted_short(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = "p" * 1000
    (tree / ORGANIZATION).write_text(ORG + f"{name}: 1\n", encoding="utf-8")
    code, errors = check(capsys)
    assert code == 1
    assert len(errors) == 1
    assert errors[0].startswith(f"{ORGANIZATION}:3:1: unknown field '{'p' * 60}…' in the organization; expected one of:")


def test_quote_escapes_controls_and_cuts_long_values() -> None:
    assert quote("done") == "'done'"
    assert quote("a\x1b[31mb\nc\u202ed") == "'a\\x1b[31mb\\nc\\u202ed'"
    assert quote("x" * 61) == f"'{'x' * 60}…'"
    assert quote("x" * 60) == f"'{'x' * 60}'"


# --- numbers and dates out of range -----------------------------------------------------------

NUMBERS = [
    ("9" * 4000, "'" + "9" * 60 + "…' is out of range"),
    ("1000000000000001", "'1000000000000001' is out of range"),
    ("-1e16", "'-1e16' is out of range"),
    ("1e999", "'1e999' is infinite"),
    ("-.inf", "'-.inf' is infinite"),
    (".nan", "'.nan' is not a number (NaN)"),
]


@pytest.mark.parametrize(("actual", "problem"), NUMBERS, ids=[n[1][:20] for n in NUMBERS])
def test_a_number_out_of_range_is_a_located_data_error(
    tree: Path, capsys: pytest.CaptureFixture[str], actual: str, problem: str
) -> None:
    (tree / ORGANIZATION).write_text(ORG + METRIC.format(target="< 2", actual=actual), encoding="utf-8")
    code, errors = check(capsys)
    assert code == 1
    assert errors == [
        f"{ORGANIZATION}:4:60: the number {problem}; expected a number of at most 15 digits (quote it if it is text)"
    ]


PLAN = "playbook/plans/demo.yml"
RECORD = "playbook/measurements/demo/20261101T100000Z-m1-00000000.yml"
CRITERION = "criteria:\n  - {{metric: m1, name: M1, comparison: '<', threshold: {threshold}}}\n"


def test_the_largest_number_is_accepted(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "playbook" / "plans").mkdir()
    (tree / PLAN).write_text(CRITERION.format(threshold="999999999999999"), encoding="utf-8")
    (tree / RECORD).parent.mkdir(parents=True)
    (tree / RECORD).write_text(
        "measurements:\n  - {metric: m1, value: -1000000000000000, at: '2026-11-01T10:00:00Z'}\n", encoding="utf-8"
    )
    assert check(capsys) == (0, [])


def test_a_threshold_with_too_many_digits_is_a_data_error(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "playbook" / "plans").mkdir()
    text = CRITERION.format(threshold="9" * 5000)
    (tree / PLAN).write_text(text, encoding="utf-8")
    code, errors = check(capsys)
    assert code == 1
    column = text.splitlines()[1].index("9") + 1
    assert errors == [
        f"{PLAN}:2:{column}: a number 5000 characters long; expected at most {sys.get_int_max_str_digits()} digits "
        "(quote it if it is text)"
    ]


@pytest.mark.parametrize("date", ["10000-01-01", "0000-01-01", "-0001-01-01", "99999999999999999999-01-01"])
def test_a_year_out_of_range_is_a_located_data_error(tree: Path, capsys: pytest.CaptureFixture[str], date: str) -> None:
    (tree / PROGRESS).write_text(f"identify-users: {{status: in-progress, due: {date}}}\n", encoding="utf-8")
    code, errors = check(capsys)
    assert code == 1
    assert errors == [f"{PROGRESS}:1:44: 'due' is the text '{date}', not a real date; expected YYYY-MM-DD"]


@pytest.mark.subprocess
def test_out_of_range_numbers_reach_no_command_and_no_build_as_a_traceback(tmp_path: Path) -> None:
    project: Project = copy_project(tmp_path / "project", with_git=False)
    record = project.root / "playbook" / "measurements" / "pilot" / "20261120T090000Z-import-c5ee726d.yml"
    text = record.read_text("utf-8")
    text = text.replace("value: 0.3,", f"value: {'9' * 4000},").replace("p1-defects, value: 0,", "p1-defects, value: 1e999,")
    record.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    big = next(i for i, line in enumerate(lines) if "9" * 100 in line)
    infinite = next(i for i, line in enumerate(lines) if "1e999" in line)
    name = "playbook/measurements/pilot/20261120T090000Z-import-c5ee726d.yml"
    expected = [
        f"{name}:{big + 1}:{lines[big].index('9' * 100) + 1}: the number '" + "9" * 60 + "…' is out of range; "
        "expected a number of at most 15 digits (quote it if it is text)",
        f"{name}:{infinite + 1}:{lines[infinite].index('1e999') + 1}: the number '1e999' is infinite; "
        "expected a number of at most 15 digits (quote it if it is text)",
    ]
    for command in (["check"], ["status"], ["check", "--format", "json"], ["status", "--format", "json"]):
        done = subprocess.run(
            [str(BIN / "playbook"), *command], cwd=project.root, capture_output=True, text=True, check=False
        )
        assert done.returncode == 1, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout
        if command == ["check", "--format", "json"]:
            document = json.loads(done.stdout)
            reported = [f"{e['path']}:{e['line']}:{e['column']}: {e['message']}" for e in document["errors"]]
            assert reported == expected, command
        else:
            assert all(line in done.stdout + done.stderr for line in expected), command
    built = project.build()
    # the build fails on the data errors (how it stops is the served-site work of issue 9),
    # and never on the numbers themselves
    assert built.returncode != 0
    assert "OverflowError" not in built.stderr
    assert all(line in built.stderr for line in expected)


def test_file_size_problem_at_and_past_the_limit() -> None:
    from mkdocs_playbook.source.limits import file_size_problem

    where = "(max_file_size in mkdocs.yml plugin options / --max-file-size)"
    assert file_size_problem(1_000_000, 1) is None
    assert file_size_problem(1_000_001, 1) == f"file is 1 MB; the limit is 1 MB {where}"
    assert file_size_problem(20_000_000_000, 10_000) == f"file is 20000 MB; the limit is 10000 MB {where}"


def test_an_edit_honours_max_file_size_for_the_phase_and_the_organization(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_rules import write_playbook

    root = write_playbook(tmp_path, ["a", "b", "c"], formatted=False)
    padding = ("# " + "x" * 98 + "\n") * 25_000  # 2.5 MB: over the default limit, under 3 MB
    phase = root / "phases" / "demo.yml"
    phase.write_text(padding + phase.read_text().replace("text: Do b.", "text: Roll {product} out."))
    organization = root / "playbook" / "organization.yml"
    organization.write_text(padding + organization.read_text())
    progress = root / "playbook" / "progress" / "demo.yml"
    entries = "# Q: What are the goals?\ngoals:\n# Do a.\na: todo\n{}\n# Do c.\nc: todo\n"
    progress.write_text(entries.format(""))
    monkeypatch.chdir(root)
    assert main(["tick", "demo/b", "--max-file-size", "3"]) == 0
    assert capsys.readouterr() == ("demo/b: done in playbook/progress/demo.yml\nDemo: 1 of 3 done (33%)\n", "")
    assert progress.read_text() == entries.format("# Roll Widget out.\nb: done\n")
