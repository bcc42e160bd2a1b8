"""`playbook measure` and `playbook decide`, run as a user would, in temporary copies of the example.

Every success and refusal path through the real command (a child process, exit code and words),
with the files it leaves checked by `playbook check`; the CSV import end to end; and the
promises the file format makes: two branches that record measurements and decisions merge
cleanly with `git merge` and with `git merge-tree` in a bare clone (what GitHub's merge button
runs, with no merge driver), and ten runs at once leave ten recordings.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BIN, Project, copy_project, git
from mkdocs_playbook.commands import main
from mkdocs_playbook.source.yamlread import read_text

MEASUREMENTS = Path("playbook") / "measurements"
DECISIONS = Path("playbook") / "decisions"
NAME = re.compile(r"[0-9]{8}T[0-9]{6}Z-[a-z0-9-]+-[0-9a-f]{8}\.yml")
ENTERPRISE_PLAN = """\
criteria:
  - {metric: error-rate, name: Error rate, unit: "%", comparison: "<=", threshold: 0.5}
"""


def environment(home: Path) -> dict[str, str]:
    """No colours, and git's settings from the repository alone: the machine's user.name must not leak in."""
    return {**os.environ, "NO_COLOR": "1", "HOME": str(home), "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def spawn(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    """`playbook` as a child process: the installed command, end to end."""
    return subprocess.run([str(BIN / "playbook"), *args], cwd=project.root, capture_output=True, text=True,
                          env=environment(project.root.parent), check=False)


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Run:
    """`playbook` in this process (a child process costs a second of start-up a call), from the
    project's folder, with git's settings from the repository alone."""
    for name, value in environment(tmp_path).items():
        monkeypatch.setenv(name, value)

    def call(project: Project, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        monkeypatch.chdir(cwd or project.root)
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exit_info:  # argparse's usage errors
            code = int(exit_info.code or 0)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["playbook", *args], code, out, err)

    return call


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """One copy of the example for the refusals, which must leave it as it is (each test checks)."""
    project = copy_project(tmp_path_factory.mktemp("refusals") / "project")
    git(project.root, "config", "user.name", "Ana Trujillo")
    return project


def records(project: Project, kind: Path = MEASUREMENTS) -> set[str]:
    folder = project.root / kind
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()


def check_ok(project: Project) -> None:
    document = project.check_json()
    assert document["ok"], document["errors"]


@pytest.fixture
def named(project: Project) -> Project:
    """The example, with a git user.name to default `--by` to."""
    git(project.root, "config", "user.name", "Ana Trujillo")
    return project


# --- measure ------------------------------------------------------------------------------


def test_measure_records_one_new_file_and_says_to_add_it(project: Project) -> None:
    before = records(project)
    done = spawn(project, "measure", "pilot/p95-latency", "240", "--at", "2026-11-20T11:00", "--note", "after the patch")
    assert done.returncode == 0, done.stderr
    [new] = records(project) - before
    assert new.startswith("pilot/20261120T100000Z-p95-latency-") and NAME.fullmatch(new.split("/")[1])
    path = f"playbook/measurements/{new}"
    assert done.stdout.splitlines() == [
        "pilot/p95-latency = 240 ms at 2026-11-20T11:00:00+01:00",
        "wrote playbook/.schemas/, the schema files the new file's first line points to",
        f"created {path}",
        f"new files are left out by `git commit -a`; run `git add {path} playbook/.schemas`",
    ]
    assert (project.root / path).read_text("utf-8").splitlines() == [
        "# yaml-language-server: $schema=../../.schemas/measurements.schema.json",
        "# Recorded with `playbook measure`; one file per recording, so pull requests never conflict.",
        "measurements:",
        '  - {metric: p95-latency, value: 240, at: "2026-11-20T11:00:00+01:00", note: "after the patch"}',
    ]
    check_ok(project)
    assert git(project.root, "status", "--porcelain", "--", "playbook/progress", "playbook/plans") == ""


@pytest.mark.parametrize(
    "args, line",
    [
        (["csat", "4.6"], "pilot/csat = 4.6 /5 at 2026-11-21T01:00:00+01:00"),  # now, on the plan's wall clock
        (["p1-defects", "0", "--at", "2026-11-20T08:00:00Z"], "pilot/p1-defects = 0 at 2026-11-20T08:00:00+00:00"),
        (["pilot/error-rate", "0.25", "--at", "2026-11-20 10:00"], "pilot/error-rate = 0.25% at 2026-11-20T10:00:00+01:00"),
        (["p95-latency", "-0", "--at", "2026-11-20T11:00+02:00"], "pilot/p95-latency = 0 ms at 2026-11-20T11:00:00+02:00"),
    ],
    ids=["bare-metric-default-now", "offset-given", "space-separated", "own-offset-kept"],
)
def test_measure_accepts(run: Run, project: Project, args: list[str], line: str) -> None:
    done = run(project, "measure", *args)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == line
    check_ok(project)


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["pilot/p95-latncy", "240"], 1, "unknown metric 'p95-latncy' in the plan of pilot (did you mean 'p95-latency'?); expected one of: "),
        (["p95-latncy", "240"], 1, "unknown metric 'p95-latncy' (did you mean 'p95-latency'?); expected one of: pilot/p1-defects"),
        (["enterprise-rollout/x", "1"], 1, "phase 'enterprise-rollout' has no plan; metrics are declared in plans/PHASE.yml"),
        (["pilott/csat", "1"], 1, "phase 'pilott' has no plan (did you mean 'pilot'?)"),
        (["csat", "1,5"], 2, "argument VALUE: '1,5' is not a number; write the decimal separator as a dot, e.g. 1.5"),
        (["csat", "nan"], 2, "argument VALUE: 'nan' is not a finite number"),
        (["csat", "inf"], 2, "argument VALUE: 'inf' is not a finite number"),
        (["csat", "4", "--at", "2026-11-21T02:00"], 1, "2026-11-21T02:00:00+01:00 is in the future (now is 2026-11-21T00:00:00+00:00)"),
        (["csat", "4", "--at", "2026-11-20"], 2, "argument --at: '2026-11-20' is not a date and time; expected e.g. 2026-11-02T10:00"),
        (["csat", "4", "--at", "2026-03-29T02:30"], 1, "2026-03-29T02:30:00 does not exist in Europe/Berlin (the clocks go forward); give the offset"),
        (["csat"], 2, "give METRIC and VALUE (e.g. `playbook measure pilot/p95-latency 240`), or --import FILE.csv"),
        (["csat", "4", "--phase", "pilot"], 2, "--phase goes with --import"),
        (["csat", "4", "--import", "x.csv"], 2, "--import reads metric, value, at and note from the file"),
        (["--import", "missing.csv"], 2, "missing.csv not found; --import names a CSV file"),
        (["csat", "4", "--playbook", "no-such-folder"], 1, "playbook folder no-such-folder not found"),
    ],
)
def test_measure_refuses_and_writes_nothing(run: Run, shared: Project, args: list[str], code: int, message: str) -> None:
    before = records(shared)
    done = run(shared, "measure", *args)
    assert (done.returncode, done.stdout) == (code, "")
    assert message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert records(shared) == before
    assert not (shared.root / "no-such-folder").exists()


def test_an_ambiguous_metric_names_its_candidates(run: Run, project: Project) -> None:
    (project.root / "playbook" / "plans" / "enterprise-rollout.yml").write_text(ENTERPRISE_PLAN, "utf-8")
    done = run(project, "measure", "error-rate", "0.3", "--at", "2026-11-20T10:00")
    assert done.returncode == 1
    assert done.stderr == ("playbook measure: metric 'error-rate' is in the plans of several phases; name one: "
                           "pilot/error-rate, enterprise-rollout/error-rate\n")
    done = run(project, "measure", "enterprise-rollout/error-rate", "0.3", "--at", "2026-11-20T10:00")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("enterprise-rollout/error-rate = 0.3% at 2026-11-20T10:00:00+00:00\n")  # UTC: no timezone
    check_ok(project)


def test_the_same_measurement_twice_is_refused(run: Run, project: Project) -> None:
    assert run(project, "measure", "csat", "4.5", "--at", "2026-11-20T10:00").returncode == 0
    before = records(project)
    for again in (["csat", "4.5", "--at", "2026-11-20T10:00"], ["csat", "4.5", "--at", "2026-11-20T09:00Z", "--note", "same instant"]):
        done = run(project, "measure", *again)
        assert done.returncode == 1
        assert done.stderr.endswith("is already recorded; nothing was written\n"), done.stderr
    assert records(project) == before


def test_a_broken_plan_is_refused_with_its_problems(run: Run, project: Project) -> None:
    plan = project.root / "playbook" / "plans" / "pilot.yml"
    plan.write_text(plan.read_text("utf-8").replace("comparison: \"<\", threshold: 300,", "comparison: \"<<\", threshold: 300,", 1), "utf-8")
    before = records(project)
    done = run(project, "measure", "pilot/csat", "4", "--at", "2026-11-20T10:00")
    assert done.returncode == 1
    assert "playbook/plans/pilot.yml:" in done.stderr and "nothing was" in done.stderr
    assert records(project) == before


def test_a_broken_recording_of_the_phase_is_refused(run: Run, project: Project) -> None:
    broken = project.root / MEASUREMENTS / "pilot" / "20261101T000000Z-csat-00000000.yml"
    broken.write_text("measurements:\n  - {metric: csat, value: x, at: '2026-11-01T10:00'}\n", "utf-8")
    done = run(project, "measure", "pilot/csat", "4", "--at", "2026-11-20T10:00")
    assert done.returncode == 1
    assert "the files of phase pilot have problems; fix them first (nothing was changed):" in done.stderr
    assert "20261101T000000Z-csat-00000000.yml:2:" in done.stderr


def test_dry_run_prints_the_file_and_writes_nothing(run: Run, project: Project) -> None:
    before = records(project)
    done = run(project, "measure", "csat", "4.5", "--at", "2026-11-20T10:00", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("--- would create playbook/measurements/pilot/20261120T090000Z-csat-")
    assert "  - {metric: csat, value: 4.5, at: \"2026-11-20T10:00:00+01:00\"}\n" in done.stdout
    assert records(project) == before and not (project.root / "playbook" / ".schemas").exists()


def test_a_note_that_playbook_check_would_refuse_is_not_written(run: Run, project: Project) -> None:
    before = records(project)
    done = run(project, "measure", "csat", "4.5", "--at", "2026-11-20T10:00", "--note", "fine \u202e\x1b[2J")
    assert done.returncode == 1
    assert "the new file would not pass `playbook check`, so nothing was written:" in done.stderr
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in done.stderr and "\x1b" not in done.stderr
    assert records(project) == before


def test_hostile_text_is_stored_as_text(run: Run, project: Project) -> None:
    note = "{{ cycler.__init__.__globals__.os.popen('id').read() }} 'single' \"double\" \\ # not a comment: {x}"
    before = records(project)
    done = run(project, "measure", "csat", "4.5", "--at", "2026-11-20T10:00", "--note", note)
    assert done.returncode == 0, done.stderr
    check_ok(project)
    [new] = records(project) - before
    data = read_text((project.root / MEASUREMENTS / new).read_text("utf-8"), "x").data
    assert data["measurements"][0]["note"] == note


def test_from_a_subfolder_it_still_writes_inside_the_playbook_folder(run: Run, project: Project) -> None:
    guides = project.root / "playbook" / "guides"
    done = run(project, "measure", "csat", "4.5", "--at", "2026-11-20T10:00", cwd=guides)
    assert done.returncode == 0, done.stderr
    assert "created ../measurements/pilot/20261120T090000Z-csat-" in done.stdout


# --- measure --import ---------------------------------------------------------------------------


def test_import_records_one_file_and_skips_what_is_recorded(run: Run, project: Project) -> None:
    csv_file = project.root / "export.csv"
    csv_file.write_bytes(
        "\ufeffTimestamp,Metric,Value,Note\r\n"
        "2026-11-20T10:00,p95-latency,251,\r\n"
        '2026-11-20T16:00,p95-latency,249,"after the cache, warm"\r\n'
        "2026-11-20T16:00,pilot/csat,4.5,\r\n"
        "2026-11-20T16:00,pilot/csat,4.5,the same row twice\r\n".encode()
    )
    before = records(project)
    done = run(project, "measure", "--import", "export.csv")
    assert done.returncode == 0, done.stderr
    [new] = records(project) - before
    assert re.fullmatch(r"pilot/20261120T090000Z-import-[0-9a-f]{8}\.yml", new)
    assert done.stdout.splitlines()[0] == "recorded 3 measurements, skipped 1 already recorded"
    assert len((project.root / MEASUREMENTS / new).read_text("utf-8").splitlines()) == 3 + 3
    check_ok(project)

    again = run(project, "measure", "--import", "export.csv")
    assert (again.returncode, again.stdout) == (0, "recorded 0 measurements, skipped 4 already recorded; nothing to write\n")
    assert records(project) - before == {new}


def test_import_with_a_bad_row_writes_nothing_and_names_every_problem(run: Run, project: Project) -> None:
    (project.root / "export.csv").write_text(
        "metric,value,at\ncsat,4.5,2026-11-20T10:00\ncsat,1,5,2026-11-20T10:00\ncsta,4,2026-11-20T10:00\n", "utf-8"
    )
    before = records(project)
    done = run(project, "measure", "--import", "export.csv")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "playbook measure: export.csv has 2 problem(s); nothing was written:",
        "export.csv:3:10: 4 fields where the header has 3; expected metric,value,at",
        "export.csv:4:1: unknown metric 'csta' (did you mean 'csat'?); expected one of: pilot/p1-defects, "
        "pilot/p2-defects, pilot/p95-latency, pilot/csat, pilot/error-rate",
    ]
    assert records(project) == before


def test_import_of_an_empty_file(run: Run, project: Project) -> None:
    (project.root / "empty.csv").write_bytes(b"")
    done = run(project, "measure", "--import", "empty.csv")
    assert done.returncode == 1
    assert "empty.csv: the file is empty; expected a header row such as metric,value,at,note" in done.stderr


def test_import_phase_option(run: Run, project: Project) -> None:
    (project.root / "playbook" / "plans" / "enterprise-rollout.yml").write_text(ENTERPRISE_PLAN, "utf-8")
    (project.root / "export.csv").write_text("metric,value,at\nerror-rate,0.2,2026-11-20T10:00\n", "utf-8")
    assert run(project, "measure", "--import", "export.csv").returncode == 1  # ambiguous without it
    done = run(project, "measure", "--import", "export.csv", "--phase", "enterprise-rollout")
    assert done.returncode == 0, done.stderr
    assert any(name.startswith("enterprise-rollout/") for name in records(project))
    check_ok(project)


# --- decide --------------------------------------------------------------------------------------


def test_decide_records_the_decision_beside_the_verdict_and_warns_when_they_disagree(run: Run, named: Project) -> None:
    done = run(named, "decide", "pilot", "scale", "--reason", "Looks good to the sponsor")
    assert done.returncode == 0, done.stderr
    [new] = [name for name in records(named, DECISIONS) if name.startswith("pilot/")]
    assert re.fullmatch(r"pilot/20261121T000000Z-scale-[0-9a-f]{8}\.yml", new)
    lines = done.stdout.splitlines()
    assert lines[0] == "pilot: scale, decided by Ana Trujillo at 2026-11-21T01:00:00+01:00: Looks good to the sponsor"
    assert f"created playbook/decisions/{new}" in lines
    assert "computed verdict: NOT YET" in lines
    assert done.stderr == ("playbook decide: warning: the decision to scale goes against the computed verdict NOT YET; "
                           "it is recorded anyway (people decide), and the site flags the disagreement\n")
    text = (named.root / DECISIONS / new).read_text("utf-8")
    assert text.splitlines()[2] == ('decision: {outcome: scale, reason: "Looks good to the sponsor", by: "Ana Trujillo", '
                                    'at: "2026-11-21T01:00:00+01:00"}')
    check_ok(named)


def test_a_decision_that_agrees_is_not_flagged(run: Run, named: Project) -> None:
    done = run(named, "decide", "pilot", "iterate", "--reason", "CSAT needs a third survey", "--by", "Thomas Hardy",
               "--at", "2026-11-20T16:30", "--stage", "expanded")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("pilot/expanded: iterate, decided by Thomas Hardy at 2026-11-20T16:30:00+01:00")
    [new] = [name for name in records(named, DECISIONS) if name.startswith("pilot/")]
    assert (named.root / DECISIONS / new).read_text("utf-8").endswith("\nstage: expanded\n")
    check_ok(named)


def test_rolling_back_a_phase_that_is_go_is_flagged(run: Run, named: Project) -> None:
    # the proof of concept is GO from its recorded decision to scale; a later stage of facts
    # is not needed: a plan with one criterion met makes it GO on its own
    (named.root / "playbook" / "plans" / "proof-of-concept.yml").write_text(
        "criteria:\n  - {metric: demo-score, name: Demo score, comparison: \">=\", threshold: 3}\n", "utf-8"
    )
    assert run(named, "measure", "proof-of-concept/demo-score", "4", "--at", "2026-11-20T10:00").returncode == 0
    done = run(named, "decide", "proof-of-concept", "rollback", "--reason", "Licence costs")
    assert done.returncode == 0, done.stderr
    assert "computed verdict: GO" in done.stdout
    assert "the decision to rollback goes against the computed verdict GO" in done.stderr


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["pilott", "scale", "--reason", "x"], 1, "unknown phase 'pilott' (did you mean 'pilot'?)"),
        (["pilot", "scale", "--reason", "x", "--stage", "soft-lanch"], 1, "unknown stage 'soft-lanch' of pilot (did you mean 'soft-launch'?); expected one of: setup, soft-launch, expanded, evaluation"),
        (["proof-of-concept", "scale", "--reason", "x", "--stage", "setup"], 1, "phase proof-of-concept has no stages; decide on the phase (without --stage)"),
        (["pilot", "scale", "--reason", "   "], 1, "--reason is empty; say why, in a sentence"),
        (["pilot", "scale", "--reason", "x", "--at", "2026-11-22T10:00"], 1, "is in the future"),
        (["pilot", "ship-it", "--reason", "x"], 2, "argument scale|iterate|rollback: invalid choice: 'ship-it'"),
        (["pilot", "scale"], 2, "the following arguments are required: --reason"),
        (["pilot", "scale", "--reason", "x", "--at", "soon"], 2, "argument --at: 'soon' is not a date and time"),
    ],
)
def test_decide_refuses_and_writes_nothing(run: Run, shared: Project, args: list[str], code: int, message: str) -> None:
    done = run(shared, "decide", *args)
    assert (done.returncode, done.stdout) == (code, "")
    assert message in done.stderr, done.stderr
    assert records(shared, DECISIONS) == {"proof-of-concept/" + p.name for p in (shared.root / DECISIONS / "proof-of-concept").iterdir()}


def test_decide_without_a_name_asks_for_by(run: Run, project: Project) -> None:
    done = run(project, "decide", "pilot", "iterate", "--reason", "x")
    assert (done.returncode, done.stderr) == (1, "playbook decide: who decided? git has no user.name here; pass --by NAME\n")
    done = run(project, "decide", "pilot", "iterate", "--reason", "x", "--by", "Thomas Hardy")
    assert done.returncode == 0, done.stderr


# --- merge safety and concurrency ----------------------------------------------------------------


def _branch(run: Run, project: Project, name: str, value: str, outcome: str) -> None:
    git(project.root, "switch", "-q", "-c", name, "main")
    assert run(project, "measure", "pilot/p95-latency", value, "--at", "2026-11-20T17:00").returncode == 0
    done = run(project, "decide", "pilot", outcome, "--reason", f"branch {name}", "--by", "Thomas Hardy", "--at", "2026-11-20T17:30")
    assert done.returncode == 0, done.stderr
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", f"Measure on {name}")


def test_two_branches_that_record_merge_cleanly_with_git_and_with_merge_tree(run: Run, project: Project, tmp_path: Path) -> None:
    git(project.root, "add", "-A")  # nothing new, but keep the example's state as main
    _branch(run, project, "team-a", "240", "iterate")
    _branch(run, project, "team-b", "250", "scale")

    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(project.root), str(bare))
    # what GitHub's merge button runs: a merge in the object database, no work tree, no merge driver
    done = subprocess.run(["git", "merge-tree", "--write-tree", "team-a", "team-b"], cwd=bare, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.fullmatch(r"[0-9a-f]{40}\n", done.stdout)

    git(project.root, "switch", "-q", "team-a")
    git(project.root, "merge", "-q", "--no-edit", "team-b")
    assert git(project.root, "status", "--porcelain") == ""
    names = records(project)
    assert sum(1 for n in names if "-p95-latency-" in n and n.startswith("pilot/20261120T160000Z")) == 2
    assert len([n for n in records(project, DECISIONS) if n.startswith("pilot/")]) == 2
    check_ok(project)


def test_the_same_recording_on_two_branches_is_one_file(run: Run, project: Project, tmp_path: Path) -> None:
    for name in ("one", "two"):
        git(project.root, "switch", "-q", "-c", name, "main")
        assert run(project, "measure", "pilot/csat", "4.5", "--at", "2026-11-20T10:00").returncode == 0
        git(project.root, "add", "-A")
        git(project.root, "commit", "-q", "-m", f"csat on {name}")
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(project.root), str(bare))
    done = subprocess.run(["git", "merge-tree", "--write-tree", "one", "two"], cwd=bare, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout
    git(project.root, "merge", "-q", "--no-edit", "one")
    assert len([n for n in records(project) if "-csat-" in n and "20261120T090000Z" in n]) == 1


def test_ten_runs_at_once_leave_ten_recordings(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = records(project)
    env = environment(tmp_path)
    runs = [
        subprocess.Popen([str(BIN / "playbook"), "measure", "pilot/p95-latency", str(200 + i), "--at", "2026-11-20T12:00"],
                         cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(10)
    ]
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in runs]
    for p in runs:
        for stream in (p.stdout, p.stderr):
            if stream:
                stream.close()
    assert [code for code, _ in results] == [0] * 10, results
    new = records(project) - before
    assert len(new) == 10
    check_ok(project)
    values = sorted(
        int(m.group(1)) for name in new for m in [re.search(r"value: ([0-9]+)", (project.root / MEASUREMENTS / name).read_text("utf-8"))] if m
    )
    assert values == list(range(200, 210))
    assert not [p for p in (project.root / MEASUREMENTS / "pilot").iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", [["measure", "csat", "4.5"], ["decide", "pilot", "iterate", "--reason", "x"]])
def test_a_malformed_clock_is_a_usage_error(run: Run, shared: Project, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "next week")
    done = run(shared, *command)
    assert (done.returncode, done.stdout) == (2, "")
    assert "SOURCE_DATE_EPOCH: 'next week' is not a time" in done.stderr
