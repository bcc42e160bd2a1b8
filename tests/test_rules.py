"""The rules the README states, each pinned by a test that fails when the rule changes.

Go / no-go from exit criteria through the loader (the verdict rule itself is
tests/test_verdict.py), the counts (done, total without skipped, per cent, todo / in progress / skipped),
due dates (overdue, due soon, both boundaries) and where "today" comes from.
The rules are exercised through the public ways in: the loader and the status
functions (fast, and what the mutation run leans on), the `playbook` command,
and a few real builds read back as HTML.

Dates are relative to the pinned clock (conftest's TODAY), so these tests say
the same thing under any fixed date; test_the_suite_passes_under_a_second_date
proves it by running them again a year and a month later.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, PHASES, ROOT, TEST_TODAY_VARIABLE, TODAY, write_site_config
from mkdocs_playbook import clock
from mkdocs_playbook import model as m
from mkdocs_playbook.commands import main
from mkdocs_playbook.source.loading import load_playbook
from mkdocs_playbook.status.progress import PhaseProgress, phase_progress, playbook_progress
from mkdocs_playbook.status.verdict import Verdict, evaluate

DAY = dt.timedelta(days=1)


# --- a small playbook written for each test ----------------------------------------------------


def phase_yaml(phase_id: str, items: Sequence[str], gates: Sequence[str] = (), order: int = 1) -> str:
    """A valid phase with the given checklist items; those in `gates` are exit criteria."""
    checklist = "".join(
        f"  - id: {item}\n    text: Do {item}.\n" + ("    gate: true\n" if item in gates else "") for item in items
    )
    return (
        f"id: {phase_id}\norder: {order}\ntitle: {phase_id.title()}\nsummary: S.\nwhy: W.\n"
        "discovery_questions:\n  - id: goals\n    text: What are the goals?\n"
        "focus_areas:\n  - id: planning\n    title: Planning\n    text: Plan.\n"
        f"checklist:\n{checklist}"
        "challenges:\n  - id: small\n    challenge: C.\n    mitigation: M.\n"
    )


def write_playbook(
    root: Path,
    items: Sequence[str] = ("a", "b", "c"),
    *,
    gates: Sequence[str] = (),
    progress: str = "",
    other: Mapping[str, str] | None = None,
    formatted: bool = True,
) -> Path:
    """Phase `demo` (and, with `other`, a second phase `other` with items a, b and that progress)."""
    (root / "phases").mkdir(parents=True)
    (root / "playbook" / "progress").mkdir(parents=True)
    (root / "phases" / "demo.yml").write_text(phase_yaml("demo", items, gates))
    (root / "playbook" / "progress" / "demo.yml").write_text(progress)
    if other is not None:
        (root / "phases" / "other.yml").write_text(phase_yaml("other", ["a", "b"], ["a"], order=2))
        (root / "playbook" / "progress" / "other.yml").write_text(other.get("progress", ""))
    organization = "name: Acme\nproduct: Widget\n"
    (root / "playbook" / "organization.yml").write_text(organization)
    write_site_config(root)
    # merge-safe, as `playbook check` wants it (a file that does not load is left as written);
    # `formatted=False` keeps the files exactly as given, for tests that pin their text
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        formatted and main(["fmt", "--phases", str(root / "phases"), "--playbook", str(root / "playbook")])
    return root


def load(root: Path) -> tuple[m.Playbook, tuple[PhaseProgress, ...]]:
    result = load_playbook(root / "phases", root / "playbook")
    assert result.ok, [str(d) for d in result.diagnostics]
    assert result.playbook is not None
    return result.playbook, playbook_progress(result.playbook)


def demo(root: Path) -> PhaseProgress:
    return load(root)[1][0]


# --- go / no-go from exit criteria, through the loader (the rule itself: tests/test_verdict.py) ----

GO, NOT_YET = Verdict.GO, Verdict.NOT_YET

GATE_CASES = {
    # name: (progress of demo [items a, b exit criteria; c an ordinary item], verdict, open criteria)
    "criteria-done": ("a: done\nb: done\n", GO, []),
    "done-or-skipped": ("a: done\nb: {status: skipped, reason: n/a}\n", GO, []),
    "all-skipped": ("a: {status: skipped, reason: x}\nb: {status: skipped, reason: y}\n", GO, []),
    "one-in-progress": ("a: done\nb: in-progress\n", NOT_YET, ["b"]),
    "one-todo": ("a: done\nb: todo\n", NOT_YET, ["b"]),
    "one-absent": ("a: done\n", NOT_YET, ["b"]),
    "none-started": ("", NOT_YET, ["a", "b"]),
    "ordinary-item-open": ("a: done\nb: done\nc: todo\n", GO, []),
}


@pytest.mark.parametrize("case", GATE_CASES.values(), ids=GATE_CASES.keys())
def test_go_no_go(tmp_path: Path, case: tuple[str, Verdict, list[str]]) -> None:
    progress, verdict, open_criteria = case
    playbook, _ = load(write_playbook(tmp_path, ["a", "b", "c"], gates=["a", "b"], progress=progress))
    result = evaluate(playbook, "demo", clock.now())
    assert result is not None
    assert result.verdict is verdict
    assert [i.id for i in result.open_items] == open_criteria


def test_no_exit_criteria_means_no_verdict(tmp_path: Path) -> None:
    playbook, _ = load(write_playbook(tmp_path, progress="a: done\nb: done\nc: done\n"))
    assert evaluate(playbook, "demo", clock.now()) is None


def test_verdict_and_reasons_in_the_json_and_on_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_playbook(tmp_path, ["a", "b"], gates=["a", "b"], progress="a: done\n")
    location = ["--phases", str(root / "phases"), "--playbook", str(root / "playbook")]
    assert main(["check", "--format", "json", *location]) == 0
    phase = json.loads(capsys.readouterr().out)["summary"]["phases"][0]
    gate = phase["gate"]
    assert (gate["verdict"], gate["open_items"], phase["stages"]) == (
        "not-yet", [{"id": "b", "text": "Do b.", "section": "checklist"}], []
    )
    assert gate["reasons"] == [{"severity": 5, "kind": "item", "subject": "b", "text": "Exit criterion open: Do b."}]
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["status", *location]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert next(line for line in lines if line.startswith("Demo ")).endswith("  NOT YET")
    assert lines[lines.index("Go / no-go for Demo: NOT YET") + 1] == "  - Exit criterion open: Do b."


# --- counts ---------------------------------------------------------------------------------------

COUNT_CASES = {
    # name: (items, progress, done, total, percent, todo, in-progress, skipped)
    "nothing-started": (3, "", 0, 3, 0, 3, 0, 0),
    "one-of-three": (3, "i1: done\n", 1, 3, 33, 2, 0, 0),
    "two-of-three-rounds-up": (3, "i1: done\ni2: done\n", 2, 3, 67, 1, 0, 0),
    "all-done": (3, "i1: done\ni2: done\ni3: done\n", 3, 3, 100, 0, 0, 0),
    "in-progress-is-not-done": (3, "i1: in-progress\ni2: {status: in-progress, owner: x}\n", 0, 3, 0, 1, 2, 0),
    "explicit-todo": (2, "i1: todo\n", 0, 2, 0, 2, 0, 0),
    "skipped-leaves-the-total": (4, "i1: done\ni2: done\ni3: {status: skipped, reason: n/a}\n", 2, 3, 67, 1, 0, 1),
    "all-skipped-is-complete": (2, "i1: {status: skipped, reason: x}\ni2: {status: skipped, reason: y}\n", 0, 0, 100, 0, 0, 2),
    "skipped-and-done-only": (2, "i1: done\ni2: {status: skipped, reason: x}\n", 1, 1, 100, 0, 0, 1),
    # round() halves to even: 12.5 -> 12, 37.5 -> 38, 62.5 -> 62
    "one-eighth-half-to-even": (8, "i1: done\n", 1, 8, 12, 7, 0, 0),
    "three-eighths-half-to-even": (8, "i1: done\ni2: done\ni3: done\n", 3, 8, 38, 5, 0, 0),
    "five-eighths-half-to-even": (8, "".join(f"i{n}: done\n" for n in range(1, 6)), 5, 8, 62, 3, 0, 0),
    "almost-done-rounds-to-100": (200, "".join(f"i{n}: done\n" for n in range(1, 200)), 199, 200, 100, 1, 0, 0),
    "one-done-of-201-rounds-to-0": (201, "i1: done\n", 1, 201, 0, 200, 0, 0),
    "answers-are-not-items": (2, "goals: {answer: more}\ni1: done\n", 1, 2, 50, 1, 0, 0),
}


@pytest.mark.parametrize("case", COUNT_CASES.values(), ids=COUNT_CASES.keys())
def test_counts(tmp_path: Path, case: tuple[int, str, int, int, int, int, int, int]) -> None:
    size, progress, done, total, percent, todo, in_progress, skipped = case
    root = write_playbook(tmp_path, [f"i{n}" for n in range(1, size + 1)], progress=progress)
    p = demo(root)
    assert (p.done, p.total, p.percent) == (done, total, percent)
    assert {s: p.count(s) for s in m.Status} == {
        m.Status.TODO: todo, m.Status.IN_PROGRESS: in_progress, m.Status.DONE: done, m.Status.SKIPPED: skipped,
    }
    assert [v.item.id for v in p.open_items()] == [
        v.item.id for v in p.items if v.status in (m.Status.TODO, m.Status.IN_PROGRESS)
    ]
    assert len(p.open_items()) == todo + in_progress


def test_an_absent_entry_is_todo_and_a_phase_without_progress_is_all_todo(tmp_path: Path) -> None:
    playbook, (p,) = load(write_playbook(tmp_path, ["a", "b"], progress="a: done\n"))
    view = p.view("b")
    assert view is not None and view.item.id == "b" and view.state == m.ItemState("b")
    assert p.view("nothing") is None
    assert playbook.phase("demo") is playbook.phases[0] and playbook.phase("dem") is None
    untouched = phase_progress(playbook.phases[0], None)
    assert [v.state for v in untouched.items] == [m.ItemState("a"), m.ItemState("b")]
    assert (untouched.done, untouched.total) == (0, 2)


def test_counts_reach_the_json_and_the_edit_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_playbook(
        tmp_path, ["a", "b", "c", "d"], progress="a: done\nb: in-progress\nc: {status: skipped, reason: n/a}\n"
    )
    location = ["--phases", str(root / "phases"), "--playbook", str(root / "playbook")]
    assert main(["check", "--format", "json", *location]) == 0
    counts = json.loads(capsys.readouterr().out)["summary"]["phases"][0]["counts"]
    assert counts == {"done": 1, "total": 3, "percent": 33, "todo": 1, "in-progress": 1, "skipped": 1}
    assert main(["tick", "demo/b", *location]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Demo: 2 of 3 done (67%)"


# --- due dates --------------------------------------------------------------------------------------

DUE_CASES = {
    # name: (status, due relative to today in days, overdue, due soon within 14 days)
    "due-yesterday": ("todo", -1, True, False),
    "due-today": ("todo", 0, False, True),
    "due-tomorrow": ("in-progress", 1, False, True),
    "due-in-exactly-14-days": ("in-progress", 14, False, True),
    "due-in-15-days": ("in-progress", 15, False, False),
    "long-overdue": ("in-progress", -400, True, False),
    "done-after-its-due-date": ("done", -1, False, False),
    "done-due-today": ("done", 0, False, False),
    "skipped-after-its-due-date": ("skipped", -1, False, False),
    "skipped-due-soon": ("skipped", 3, False, False),
}


@pytest.mark.parametrize("case", DUE_CASES.values(), ids=DUE_CASES.keys())
def test_overdue_and_due_soon(tmp_path: Path, case: tuple[str, int, bool, bool]) -> None:
    status, days, overdue, soon = case
    due = TODAY + days * DAY
    reason = ", reason: n/a" if status == "skipped" else ""
    p = demo(write_playbook(tmp_path, ["a"], progress=f"a: {{status: {status}, due: {due}{reason}}}\n"))
    view = p.items[0]
    today = clock.today()
    assert (view.overdue(today), view.due_soon(today)) == (overdue, soon)


def test_an_item_without_a_due_date_is_never_late(tmp_path: Path) -> None:
    view = demo(write_playbook(tmp_path, ["a"], progress="a: in-progress\n")).items[0]
    assert not view.overdue(TODAY) and not view.due_soon(TODAY) and not view.due_soon(TODAY, 10_000)


@pytest.mark.parametrize("days, soon", [(0, True), (2, True), (3, True), (4, False)])
def test_the_due_soon_window_follows_its_setting(tmp_path: Path, days: int, soon: bool) -> None:
    view = demo(write_playbook(tmp_path, ["a"], progress=f"a: {{status: todo, due: {TODAY + days * DAY}}}\n")).items[0]
    assert view.due_soon(TODAY, 3) is soon


def test_overdue_in_the_json_and_on_the_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Neither command is given --today: the pinned clock decides."""
    progress = f"a: {{status: in-progress, due: {TODAY - DAY}}}\nb: {{status: in-progress, due: {TODAY}}}\n"
    root = write_playbook(tmp_path, ["a", "b", "c"], progress=progress)
    location = ["--phases", str(root / "phases"), "--playbook", str(root / "playbook")]
    assert main(["check", "--format", "json", *location]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["generated"] == TODAY.isoformat()
    assert {i["id"]: i["overdue"] for i in document["summary"]["phases"][0]["items"]} == {"a": True, "b": False, "c": False}
    assert main(["status", *location]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(f" · {TODAY.isoformat()}")
    assert [line for line in lines if "OVERDUE" in line] == [next(line for line in lines if "demo/a" in line)]


@pytest.mark.subprocess
def test_due_table_on_the_dashboard(tmp_path: Path) -> None:
    """A real build with due_soon_days: 3: overdue from yesterday, due soon from today to today + 3, later after;
    next up holds the open items due today or later, overdue the rest, done ones neither."""
    due = {"late": -1, "today": 0, "edge": 3, "later": 4, "finished": -5}
    progress = "".join(
        f"{item}: {{status: {'done' if item == 'finished' else 'in-progress'}, due: {TODAY + days * DAY}}}\n"
        for item, days in due.items()
    )
    root = write_playbook(tmp_path, list(due), progress=progress)
    assert build(root, options={"due_soon_days": "3"}).returncode == 0
    shown = page(root, "index.html")
    rows = {kind: {tr["data-item"]: tr["data-due"] for tr in shown.select(f"table[data-pb={kind}] tr[data-item]")}
            for kind in ("next-up", "overdue")}
    assert rows == {"next-up": {"today": "soon", "edge": "soon", "later": "later"}, "overdue": {"late": "overdue"}}


# --- where "today" comes from -------------------------------------------------------------------


def test_the_suite_runs_on_the_pinned_date() -> None:
    assert clock.today() == TODAY
    if os.environ.get(TEST_TODAY_VARIABLE):
        assert TODAY.isoformat() == os.environ[TEST_TODAY_VARIABLE]


@pytest.mark.subprocess
def test_subprocesses_see_the_pinned_date_too() -> None:
    done = subprocess.run(
        [str(BIN / "playbook"), "check", "--format", "json"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert json.loads(done.stdout)["summary"]["generated"] == TODAY.isoformat()


def test_an_explicit_date_wins_over_source_date_epoch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_playbook(tmp_path)
    chosen = TODAY + 40 * DAY
    assert main(["check", "--format", "json", "--phases", str(root / "phases"), "--playbook", str(root / "playbook"),
                 "--today", chosen.isoformat()]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["generated"] == chosen.isoformat()
    assert clock.today(chosen) == chosen
    assert clock.today(chosen.isoformat()) == chosen
    assert clock.today(dt.datetime(2030, 1, 2, 23, 59)) == dt.date(2030, 1, 2)


@pytest.mark.parametrize(
    "epoch, date",
    [
        ("0", dt.date(1970, 1, 1)),
        ("1795219200", dt.date(2026, 11, 21)),  # 00:00:00 UTC
        ("1795305599", dt.date(2026, 11, 21)),  # 23:59:59 UTC
        ("1795305600", dt.date(2026, 11, 22)),
        (" 1795305600\n", dt.date(2026, 11, 22)),
    ],
)
@pytest.mark.parametrize("zone", ["UTC0", "XXX-14", "XXX+12"])  # POSIX TZ: UTC, UTC+14, UTC-12
def test_source_date_epoch_is_a_utc_date(epoch: str, date: dt.date, zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same date whatever the machine's time zone: CI runners and laptops must agree."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert clock.today(environ={"SOURCE_DATE_EPOCH": epoch}) == date
    finally:
        monkeypatch.undo()
        time.tzset()


def test_without_any_setting_the_local_date() -> None:
    before = dt.date.today()
    assert clock.today(environ={}) in {before, dt.date.today()}
    assert clock.today(environ={"SOURCE_DATE_EPOCH": ""}) in {before, dt.date.today()}


@pytest.mark.parametrize("epoch", ["yesterday", "-1", "1.5", "1e9", "0x10", "9" * 13, "9" * 5000])
def test_a_malformed_source_date_epoch_is_an_error(epoch: str) -> None:
    with pytest.raises(clock.ClockError) as error:
        clock.today(environ={"SOURCE_DATE_EPOCH": epoch})
    assert str(error.value) == (  # a huge value is cut to its first 40 characters
        f"SOURCE_DATE_EPOCH: '{epoch[:40]}' is not a time; expected whole seconds since "
        "1970-01-01 UTC (e.g. `date +%s`), or leave it unset"
    )


@pytest.mark.parametrize("text", ["soon", "2026-02-30", "21/11/2026"])
def test_a_malformed_chosen_date_is_an_error(text: str) -> None:
    with pytest.raises(clock.ClockError) as error:
        clock.today(text, environ={"SOURCE_DATE_EPOCH": "0"})
    assert str(error.value) == f"today: '{text}' is not a date; expected YYYY-MM-DD"


def test_a_malformed_source_date_epoch_is_a_usage_error_for_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_playbook(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "next week")
    with pytest.raises(SystemExit) as exit_info:
        main(["status", "--phases", str(root / "phases"), "--playbook", str(root / "playbook")])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == (
        "playbook: SOURCE_DATE_EPOCH: 'next week' is not a time; expected whole seconds since "
        "1970-01-01 UTC (e.g. `date +%s`), or leave it unset\n"
    )
    # --today does not need the clock at all
    assert main(["status", "--phases", str(root / "phases"), "--playbook", str(root / "playbook"),
                 "--today", "2026-01-01"]) == 0


@pytest.mark.subprocess
def test_the_plugin_option_wins_and_takes_an_unquoted_date(tmp_path: Path) -> None:
    root = write_playbook(tmp_path)
    chosen = TODAY - 100 * DAY
    done = build(root, options={"today": chosen.isoformat()})  # unquoted: YAML reads a date
    assert done.returncode == 0, done.stderr
    assert json.loads((root / "site" / "progress.json").read_text())["generated"] == chosen.isoformat()


@pytest.mark.subprocess
def test_without_the_option_the_plugin_uses_the_pinned_clock(tmp_path: Path) -> None:
    root = write_playbook(tmp_path)
    assert build(root).returncode == 0
    assert json.loads((root / "site" / "progress.json").read_text())["generated"] == TODAY.isoformat()


@pytest.mark.parametrize(
    "options, environ, message",
    [
        ({"today": "'soon'"}, {}, "playbook: today: 'soon' is not a date; expected YYYY-MM-DD"),
        ({}, {"SOURCE_DATE_EPOCH": "soon"}, "playbook: SOURCE_DATE_EPOCH: 'soon' is not a time"),
    ],
    ids=["option", "environment"],
)
@pytest.mark.subprocess
def test_a_bad_date_stops_the_build_with_a_message(
    tmp_path: Path, options: dict[str, str], environ: dict[str, str], message: str
) -> None:
    root = write_playbook(tmp_path)
    done = build(root, options=options, environ=environ)
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr


DATE_SENSITIVE = [
    *(f"tests/test_rules.py::{test.__name__}" for test in (
        test_overdue_and_due_soon, test_an_item_without_a_due_date_is_never_late,
        test_the_due_soon_window_follows_its_setting, test_overdue_in_the_json_and_on_the_terminal,
        test_due_table_on_the_dashboard, test_the_suite_runs_on_the_pinned_date,
        test_subprocesses_see_the_pinned_date_too, test_an_explicit_date_wins_over_source_date_epoch,
        test_the_plugin_option_wins_and_takes_an_unquoted_date, test_without_the_option_the_plugin_uses_the_pinned_clock,
    )),
    # the example's due dates lie before the pinned date: the dashboard must list them as overdue
    # (this one failed when the machine's clock was moved to an earlier month, before the clock was pinned)
    "tests/test_site.py::test_dashboard_next_up_and_overdue_are_progress_jsons_lists",
    "tests/test_tick_commands.py::test_status_of_one_phase_as_json",
]
"""Tests whose outcome depends on the date the clock gives (the whole suite also passes under
SECOND_DATE: `PLAYBOOK_TEST_TODAY=2027-12-01 python -m pytest -q`)."""
SECOND_DATE = dt.date(TODAY.year + 1, TODAY.month % 12 + 1, 1)
"""A year and a month after the pinned date, and the first of a month: yesterday is another month."""


@pytest.mark.subprocess
def test_the_suite_passes_under_a_second_date() -> None:
    """The tests that read the clock run again, in a subprocess pinned to SECOND_DATE."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *DATE_SENSITIVE],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, TEST_TODAY_VARIABLE: SECOND_DATE.isoformat()},
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert re.search(r"\b\d+ passed", done.stdout) and "failed" not in done.stdout and "skipped" not in done.stdout


# --- helpers for real builds --------------------------------------------------------------------


def build(root: Path, *, options: Mapping[str, str] | None = None, environ: Mapping[str, str] | None = None
          ) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the playbook under `root`, without git history (none exists here)."""
    settings = {"phases_dir": "phases", "history": "false", **(options or {})}
    plugin = "".join(f"      {key}: {value}\n" for key, value in settings.items())
    (root / "mkdocs.yml").write_text(
        "site_name: Rules\ndocs_dir: playbook\nexclude_docs: |\n  /organization.yml\n  /progress/\n"
        "theme:\n  name: material\n"
        f"plugins:\n  - playbook:\n{plugin}"
        "markdown_extensions:\n  - admonition\n  - attr_list\n  - md_in_html\n"
        "  - pymdownx.tasklist:\n      custom_checkbox: true\n"
    )
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-d", str(root / "site")],
        cwd=root, capture_output=True, text=True, env={**os.environ, **(environ or {})}, check=False,
    )


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / path).read_text("utf-8"), "html.parser")


def test_a_phase_finds_its_blocks_by_key() -> None:
    """Templates and macros reach a block through `Phase.block`; a missing block gives the default."""
    result = load_playbook(PHASES, ROOT / "playbook")
    assert result.playbook is not None
    pilot = result.playbook.phase("pilot")
    assert pilot is not None
    stages = pilot.block("stages")
    assert [s.id for s in stages][:1] == ["setup"] and len(stages) == 4
    assert pilot.block("no-such-block") is None
    assert pilot.block("no-such-block", ()) == ()
    assert pilot.block("challenges", ()) == next(b.value for b in pilot.blocks if b.key == "challenges")
