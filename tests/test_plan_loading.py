"""Plans, measurements and decisions load from real files; every mistake is `path:line:col` with a hint."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import Project, copy_project, git
from mkdocs_playbook import clock, gitrepo
from mkdocs_playbook import model as m
from mkdocs_playbook.commands import main
from mkdocs_playbook.gitrepo.source import RevisionSource
from mkdocs_playbook.source.loading import LoadResult, load_playbook
from mkdocs_playbook.source.records import entries_hash, record_name

NOW = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
HEADER = "# yaml-language-server: $schema=../../plugins/mkdocs_playbook/schemas/plan.schema.json\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    made = copy_project(tmp_path / "project")
    monkeypatch.chdir(made.root)
    return made


def load() -> LoadResult:
    return load_playbook(Path("phases"), Path("playbook"), now=NOW)


def problems(result: LoadResult) -> list[str]:
    return [str(d) for d in result.diagnostics]


def write(path: str, text: str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, "utf-8")


# --- the example -------------------------------------------------------------------------------


def test_the_example_loads_with_no_problems(project: Project) -> None:
    result = load_playbook(Path("phases"), Path("playbook"))  # the pinned clock: 2026-11-21
    assert problems(result) == []
    assert result.playbook is not None
    plan = result.playbook.plans["pilot"]
    assert plan.pilot_type_title == "Business Validation Pilot"
    assert (plan.duration_weeks, plan.traffic) == ((4, 8), "Significant (30-50%)")
    assert plan.focus == ("Metrics", "ROI", "user adoption")
    assert plan.start == dt.date(2026, 10, 12) and plan.timezone == "Europe/Berlin"
    assert [(w.week, w.percent, w.start.isoformat()) for w in plan.ramp_weeks] == [
        (1, 10, "2026-10-12"), (2, 25, "2026-10-19"), (3, 40, "2026-10-26"), (4, 50, "2026-11-02"),
    ]
    assert [(s.id, s.start.isoformat(), s.end.isoformat()) for s in plan.stages] == [
        ("setup", "2026-10-12", "2026-10-16"),
        ("soft-launch", "2026-10-19", "2026-10-30"),
        ("expanded", "2026-11-02", "2026-11-27"),
        ("evaluation", "2026-11-30", "2026-12-11"),
    ]
    assert plan.checks is not None and plan.checks.text == "daily at 10:00 and 16:00"
    assert {c.metric: c.max_age for c in plan.criteria if c.stage is None} == {
        "p1-defects": dt.timedelta(hours=36),
        "p2-defects": dt.timedelta(hours=36),
        "p95-latency": dt.timedelta(hours=36),
        "csat": dt.timedelta(weeks=2),
        "error-rate": dt.timedelta(hours=36),
    }
    assert [(c.metric, c.stage) for c in plan.criteria if c.stage] == [("error-rate", "soft-launch"), ("p95-latency", "expanded")]
    assert [(t.id, t.sustained) for t in plan.triggers] == [("p1-defect", dt.timedelta(0)), ("slow", dt.timedelta(minutes=30))]
    assert (plan.decision_owner, plan.rollback_owner) == ("Thomas Hardy", "Ana Trujillo")
    assert plan.cohort == m.Cohort(200, "Internal users of the service desk", "Region A", True)
    measurements = result.playbook.measurements["pilot"]
    assert [x.at for x in measurements] == sorted(x.at for x in measurements)
    assert all(x.at.tzinfo is not None and x.at <= clock.now() for x in measurements)
    assert {x.metric for x in measurements} == {"p1-defects", "p95-latency", "csat", "error-rate"}  # p2: no data
    assert len([x for x in measurements if x.metric == "csat"]) == 2  # fewer than min_measurements 3
    [decision] = result.playbook.decisions["proof-of-concept"]
    assert (decision.outcome, decision.by, decision.at.date()) == ("scale", "Thomas Hardy", dt.date(2026, 9, 30))
    assert "proof-of-concept" not in result.playbook.plans  # a phase without a plan file has no plan


def test_the_example_record_files_are_named_by_their_entries(project: Project) -> None:
    """`<UTC stamp>-<slug>-<hash8>.yml`: the hash is of the entries, so the name says what is inside."""
    from mkdocs_playbook.source.yamlread import read_file

    for path in sorted(Path("playbook/measurements/pilot").glob("*.yml")):
        entries = read_file(path).data["measurements"]
        stamp, _, rest = path.name.partition("-")
        assert rest.endswith(f"-{entries_hash(entries)}.yml"), path.name
        assert dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ")


def test_record_names() -> None:
    entries = [{"metric": "p95-latency", "value": 240, "at": "2026-11-02T10:00:00+01:00"}]
    name = record_name(dt.datetime(2026, 11, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))), "p95-latency", entries)
    assert name == f"20261102T090000Z-p95-latency-{entries_hash(entries)}.yml"
    assert entries_hash(entries) == entries_hash([dict(reversed(entries[0].items()))])  # key order does not count
    assert entries_hash(entries) != entries_hash([{**entries[0], "value": 241}])


def test_entry_criteria_are_tickable_items_of_the_phase(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    result = load()
    assert result.playbook is not None
    pilot = result.playbook.phase("pilot")
    assert pilot is not None
    entries = [i for i in pilot.items() if i.section == "entry-criteria"]
    assert [(i.id, i.gate) for i in entries] == [
        ("entry-environment-ready", True), ("entry-service-desk-trained", True), ("entry-rollback-rehearsed", True),
    ]
    assert result.playbook.progress["pilot"].states["entry-rollback-rehearsed"].status is m.Status.DONE
    assert main(["untick", "pilot/entry-rollback-rehearsed"]) == 0
    after = load().playbook.progress["pilot"].states.get("entry-rollback-rehearsed")  # type: ignore[union-attr]
    assert after is None or after.status is m.Status.TODO
    assert main(["fmt", "--check"]) == 0
    assert main(["check"]) == 0
    capsys.readouterr()


def test_a_plan_entry_criterion_without_a_progress_slot_is_reported_by_check_and_added_by_fmt(project: Project) -> None:
    plan = Path("playbook/plans/pilot.yml")
    plan.write_text(plan.read_text("utf-8").replace(
        "entry_criteria:\n", "entry_criteria:\n  - {id: entry-budget-approved, text: Budget approved}\n"
    ), "utf-8")
    assert main(["check"]) == 1
    assert main(["fmt"]) == 0
    assert "entry-budget-approved:" in (project.progress / "pilot.yml").read_text("utf-8")
    assert main(["tick", "pilot/entry-budget-approved", "--by", "Thomas Hardy"]) == 0
    assert main(["check"]) == 0


# --- plan errors, one row a rule -------------------------------------------------------------

PLAN_ERRORS = [
    ("pilot_type: business-validaton\n", 1, 13, "unknown pilot type 'business-validaton' (did you mean 'business-validation'?)"),
    ("start: 2026-10-12\nstages: {setup: 5, softlaunch: 5}\n", 2, 20, "unknown stage 'softlaunch' (did you mean 'soft-launch'?)"),
    ("start: 2026-10-12\nramp: standart\n", 2, 7, "unknown ramp 'standart' (did you mean 'standard'?)"),
    ("ramp: standard\n", 1, 1, "a ramp needs the plan's start date"),
    ("start: 2026-10-12\nramp: {custom: [{week: 2, percent: 5}]}\n", 2, 16, "the custom ramp's weeks are 2; expected 1, 2, 3"),
    ("timezone: Mars/Olympus\n", 1, 11, "unknown time zone 'Mars/Olympus'"),
    ("owners: {decision: Tomas Hardy}\n", 1, 20, "unknown contact 'Tomas Hardy' (did you mean 'Thomas Hardy'?)"),
    ("owners: {rollback: Nobody}\n", 1, 20, "unknown contact 'Nobody'; expected one of: Maria Anders, Thomas Hardy"),
    (
        "criteria:\n  - {metric: csat, name: CSAT, comparison: '>=', threshold: 4}\n"
        "  - {metric: csat, name: CSAT again, comparison: '>=', threshold: 4}\n",
        3, 14, "metric 'csat' has a criterion for the phase already",
    ),
    (
        "criteria:\n  - {metric: lat, name: Latency, comparison: '<', threshold: 300, warning: 250}\n",
        2, 76, "the warning 250 is not above the threshold 300",
    ),
    (
        "criteria:\n  - {metric: csat, name: CSAT, comparison: '>=', threshold: 4.2, warning: 4.5}\n",
        2, 75, "the warning 4.5 is not below the threshold 4.2",
    ),
    ("criteria:\n  - {metric: p1, name: P1, comparison: '=', threshold: 0, warning: 1}\n", 2, 68, "needs a comparison other than '='"),
    (
        "criteria:\n  - {metric: e, name: E, comparison: '<', threshold: 1, stage: softlaunch}\n",
        2, 64, "unknown stage 'softlaunch' (did you mean 'soft-launch'?)",
    ),
    ("criteria:\n  - {metric: e, name: E, comparison: '<', threshold: 1, max_age: 0m}\n", 2, 66, "the duration '0m' is zero"),
    (
        "criteria:\n  - {metric: e, name: E, comparison: '<', trheshold: 1}\n",
        2, 43, "unknown field 'trheshold' in 'criteria' (did you mean 'threshold'?)",
    ),
    ("criteria:\n  - {metric: e, name: E, comparison: '==', threshold: 1}\n", 2, 38, "'comparison' is the text '==' (did you mean '='?)"),
    (
        "triggers:\n  - {id: t, text: T, metric: e, comparison: '>', threshold: 1}\n"
        "  - {id: t, text: T2, metric: e, comparison: '>', threshold: 2}\n",
        3, 10, "duplicate trigger id 't'",
    ),
    ("triggers:\n  - {id: t, text: T, metric: e, comparison: '>', threshold: 1, for: 30}\n", 2, 69, "'for' is the number 30; expected text"),
    (
        "entry_criteria:\n  - {id: identify-pilot-users, text: Again}\n",
        2, 10, "id 'identify-pilot-users' is already used in the pilot phase",
    ),
    ("monitoring:\n  checks: {days: daily, at: ['25:00']}\n", 2, 30, "'at' is the text '25:00'; expected a time of day, HH:MM"),
    ("monitoring:\n  dashboards: [{title: D, url: 'javascript:alert(1)'}]\n", 2, 32, "'url' is 'javascript:alert(1)' (a javascript: URL); expected an http:// or https:// link"),
]


@pytest.mark.parametrize(("text", "line", "column", "message"), PLAN_ERRORS, ids=[row[3][:40] for row in PLAN_ERRORS])
def test_plan_errors_point_at_the_line(project: Project, text: str, line: int, column: int, message: str) -> None:
    write("playbook/plans/pilot.yml", HEADER + text)
    found = problems(load())
    wanted = f"playbook/plans/pilot.yml:{line + 1}:{column}: "
    assert any(p.startswith(wanted) and message in p for p in found), found


def test_a_plan_with_errors_is_left_out_and_its_records_are_not_judged(project: Project) -> None:
    write("playbook/plans/pilot.yml", HEADER + "pilot_type: nope\n")
    result = load()
    assert result.playbook is not None and "pilot" not in result.playbook.plans
    assert [p for p in problems(result) if "measurements" in p] == []


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("pilto", "criteria: []\n", "1:1: plan for an unknown phase 'pilto' (did you mean 'pilot'?)"),
        ("proof-of-concept", "pilot_type: full\n", "2:1: 'pilot_type' needs a phase with pilot_types"),
        ("proof-of-concept", "start: 2026-09-01\nstages: {build: 5}\n", "3:1: 'stages' needs a phase with stages"),
        ("proof-of-concept", "", "1:1: the file is empty; expected a plan"),
    ],
)
def test_plan_files_must_fit_their_phase(project: Project, name: str, text: str, message: str) -> None:
    write(f"playbook/plans/{name}.yml", HEADER + text if text else "")
    found = problems(load())
    assert any(p.startswith(f"playbook/plans/{name}.yml:") and message in p for p in found), found


def test_a_proof_of_concept_plan_may_hold_only_criteria(project: Project) -> None:
    write("playbook/plans/proof-of-concept.yml", HEADER + "criteria:\n  - {metric: uptime, name: Uptime, comparison: '>=', threshold: 99}\n")
    result = load()
    assert problems(result) == []
    plan = result.playbook.plans["proof-of-concept"]  # type: ignore[union-attr]
    assert plan.stages == () and plan.ramp_weeks == () and plan.criteria[0].max_age is None  # no checks: never stale


# --- measurements and decisions ---------------------------------------------------------------

RECORD = "playbook/measurements/pilot/20261120T090000Z-test-00000000.yml"


@pytest.mark.parametrize(
    ("entry", "column", "message"),
    [
        ("{metric: p95-latncy, value: 1, at: '2026-11-20T10:00:00Z'}", 14, "unknown metric 'p95-latncy' (did you mean 'p95-latency'?); expected one of: p1-defects, p2-defects"),
        ("{metric: csat, value: .inf, at: '2026-11-20T10:00:00Z'}", 27, "the number '.inf' is infinite"),
        ("{metric: csat, value: '4', at: '2026-11-20T10:00:00Z'}", 27, "'value' is the text '4'; expected a number"),
        ("{metric: csat, value: 4, at: '2026-11-22T00:00:01Z'}", 34, "after now (2026-11-21T00:00:00+00:00)"),
        ("{metric: csat, value: 4, at: 'yesterday'}", 34, "expected an ISO 8601 date and time"),
        ("{metric: csat, value: 4}", 5, "missing required field 'at'"),
    ],
)
def test_measurement_errors_point_at_the_line(project: Project, entry: str, column: int, message: str) -> None:
    write(RECORD, f"measurements:\n  - {{metric: csat, value: 4.1, at: '2026-11-20T10:00:00Z'}}\n  - {entry}\n")
    found = problems(load())
    assert any(p.startswith(f"{RECORD}:3:{column}: ") and message in p for p in found), found


def test_a_measurement_without_an_offset_is_in_the_plans_time_zone(project: Project) -> None:
    write(RECORD, "measurements:\n  - {metric: p2-defects, value: 1.5, at: '2026-11-20T10:00:00'}\n")
    result = load()
    assert problems(result) == []
    [p2] = [x for x in result.playbook.measurements["pilot"] if x.metric == "p2-defects"]  # type: ignore[union-attr]
    assert p2.at == dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)  # Europe/Berlin is UTC+1 in November
    assert p2.location is not None and p2.location.line == 2


@pytest.mark.parametrize(
    ("path", "text", "message"),
    [
        (
            "playbook/measurements/proof-of-concept/x.yml",
            "measurements:\n  - {metric: uptime, value: 1, at: '2026-09-01T10:00:00Z'}\n",
            ":1:1: measurements for the proof-of-concept phase, which has no plan; expected plans/proof-of-concept.yml",
        ),
        ("playbook/measurements/pilto/x.yml", "measurements: []\n", ": measurements for an unknown phase 'pilto' (did you mean 'pilot'?)"),
        (
            "playbook/decisions/pilot/x.yml",
            "decision: {outcome: scale, reason: R, at: '2026-12-01T10:00:00Z'}\n",
            ":1:43: 'at' is 2026-12-01T10:00:00+00:00, after now",
        ),
        ("playbook/decisions/pilot/x.yml", "decision: {outcome: ship, reason: R, at: '2026-11-01T10:00:00Z'}\n", ":1:21: 'outcome' is the text 'ship'"),
        (
            "playbook/decisions/pilot/x.yml",
            "decision: {outcome: iterate, reason: R, at: '2026-11-01T10:00:00Z'}\nstage: softlaunch\n",
            ":2:8: unknown stage 'softlaunch' (did you mean 'soft-launch'?)",
        ),
        ("playbook/decisions/pilot/x.yml", "decision: {outcome: scale, at: '2026-11-01T10:00:00Z'}\n", ":1:11: missing required field 'reason'"),
    ],
)
def test_record_errors(project: Project, path: str, text: str, message: str) -> None:
    write(path, text)
    found = problems(load())
    shown = path.rsplit("/", 1)[0] if "unknown phase" in message else path
    assert any(p.startswith(shown) and message in p for p in found), found


def test_records_are_oldest_first_across_files_and_the_latest_decision_is_last(project: Project) -> None:
    write("playbook/decisions/pilot/b.yml", "decision: {outcome: iterate, reason: Early, by: Thomas Hardy, at: '2026-10-30T10:00:00+01:00'}\n")
    write("playbook/decisions/pilot/a.yml", "decision: {outcome: rollback, reason: Later, at: '2026-11-20T10:00:00'}\nstage: expanded\n")
    result = load()
    assert problems(result) == []
    decisions = result.playbook.decisions["pilot"]  # type: ignore[union-attr]
    assert [(d.outcome, d.stage, d.by) for d in decisions] == [("iterate", None, "Thomas Hardy"), ("rollback", "expanded", "")]


def test_records_load_from_a_git_revision(project: Project) -> None:
    write("playbook/decisions/pilot/x.yml", "decision: {outcome: iterate, reason: R, at: '2026-11-01T10:00:00Z'}\n")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "A decision")
    committed = load()
    for record in Path("playbook/measurements/pilot").glob("*.yml"):  # the working tree moves on
        record.unlink()
    Path("playbook/decisions/pilot/x.yml").unlink()
    with gitrepo.open_repository(project.root) as repo:
        head = gitrepo.resolve(repo, "HEAD")
        source = RevisionSource(repo, head, gitrepo.short(repo, head), ("phases", "playbook"))
        from_git = load_playbook(Path("phases"), Path("playbook"), source, now=NOW)
    assert problems(from_git) == []
    assert from_git.playbook is not None and committed.playbook is not None
    assert from_git.playbook.measurements == committed.playbook.measurements
    assert len(from_git.playbook.measurements["pilot"]) == 11
    assert from_git.playbook.decisions == committed.playbook.decisions
    assert from_git.playbook.plans == committed.playbook.plans
    assert load().playbook.measurements.get("pilot") == ()  # type: ignore[union-attr]


def test_problems_in_a_revision_record_are_named_as_git_names_the_file(project: Project) -> None:
    write("playbook/measurements/pilot/y.yml", "measurements:\n  - {metric: nope, value: 1, at: '2026-11-01T10:00:00Z'}\n")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "A typo")
    with gitrepo.open_repository(project.root) as repo:
        head = gitrepo.resolve(repo, "HEAD")
        short = gitrepo.short(repo, head)
        source = RevisionSource(repo, head, short, ("phases", "playbook"))
        found = problems(load_playbook(Path("phases"), Path("playbook"), source, now=NOW))
    assert any(p.startswith(f"{short}:playbook/measurements/pilot/y.yml:2:14: unknown metric 'nope'") for p in found), found


# --- moving metrics out of organization.yml ---------------------------------------------------


def test_metrics_in_organization_yml_say_how_to_move_them(project: Project) -> None:
    organization = Path("playbook/organization.yml")
    organization.write_text(
        organization.read_text("utf-8")
        + "\nmetrics:\n"
        "  - {id: p95-latency, name: 95th percentile latency, phase: pilot, target: '< 300', unit: ms, actual: 240}\n"
        "  - {id: p1-defects, name: P1 defects, phase: pilot, target: '== 0'}\n",
        "utf-8",
    )
    result = load()
    assert result.playbook is None
    [moved] = [p for p in problems(result) if "metrics" in p]
    line = organization.read_text("utf-8").splitlines().index("metrics:") + 1
    assert moved.startswith(f"playbook/organization.yml:{line}:1: 'metrics' moved out of organization.yml")
    assert (
        "add to plans/pilot.yml under 'criteria:' one line each: "
        "- {metric: 'p95-latency', name: '95th percentile latency', unit: 'ms', comparison: \"<\", threshold: 300} "
        "- {metric: 'p1-defects', name: 'P1 defects', comparison: \"=\", threshold: 0}"
    ) in moved
    assert "playbook measure pilot/p95-latency 240 --at YYYY-MM-DDTHH:MM" in moved
    assert "pilot/p1-defects" not in moved.split("then record")[1]  # no actual, nothing to record


# --- hostile text in every text field of a plan and a recording ------------------------------


@pytest.mark.parametrize("kind", ["plan", "measurements", "decision"])
def test_html_in_every_text_field_is_reported_where_it_stands(project: Project, kind: str) -> None:
    """Each text field of the schema gets a script tag in the example's data; each is reported at its spot."""
    import yaml
    from hostile import kit

    files = {
        "plan": "playbook/plans/pilot.yml",
        "measurements": next(str(p) for p in Path("playbook/measurements/pilot").glob("*import*.yml")),
        "decision": next(str(p) for p in Path("playbook/decisions/proof-of-concept").glob("*.yml")),
    }
    name = files[kind]
    data = yaml.safe_load(Path(name).read_text("utf-8"))
    chosen = []
    for pattern in kit.text_fields(kit.schema(kind)):
        if pattern[-1] in ("at", "timezone", "url", "by", "who", "region") or pattern == ("owners", "decision") or pattern == ("owners", "rollback"):
            continue  # times, zones and URLs have rules of their own; names must be contacts
        where = next(kit.instances(data, pattern), None)
        if where is None:
            continue
        kit.set_at(data, where, f"<script>alert({len(chosen)})</script>")
        chosen.append(where)
    assert chosen, kind
    text, marks = kit.emit(data)
    Path(name).write_text(text, "utf-8")
    found = problems(load())
    for where in chosen:
        line, column = marks[where]
        assert any(p.startswith(f"{name}:{line}:{column}: ") and "<script>" in p for p in found), (where, found)
