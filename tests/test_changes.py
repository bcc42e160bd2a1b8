"""`playbook changes` against real git repositories, plus the CI workflow and the pre-commit hook.

Every comparison runs on a copy of the example project committed to a fresh
repository, with authors and dates set per commit, because what the command
reads (merge bases, files at a revision, shallow clones) only exists in git.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Project, copy_project, git
from mkdocs_playbook import gitrepo
from mkdocs_playbook import model as m
from mkdocs_playbook.commands import build_parser, main
from mkdocs_playbook.output.pr_markdown import escape_markdown
from mkdocs_playbook.status.changes import ChangeKind, classify

ANA = {
    "GIT_AUTHOR_NAME": "Ana Trujillo", "GIT_AUTHOR_EMAIL": "ana@northwind.example",
    "GIT_AUTHOR_DATE": "2026-11-20T10:00:00+01:00", "GIT_COMMITTER_DATE": "2026-11-20T10:00:00+01:00",
}
THOMAS = {
    "GIT_AUTHOR_NAME": "Thomas Hardy", "GIT_AUTHOR_EMAIL": "thomas@northwind.example",
    "GIT_AUTHOR_DATE": "2026-11-21T09:30:00+01:00", "GIT_COMMITTER_DATE": "2026-11-21T09:30:00+01:00",
}
HOSTILE = '<script>alert(1)</script> @everyone ![x](http://evil) [a](javascript:x)'


# --- helpers ------------------------------------------------------------------------


def set_entry(project: Project, phase: str, item_id: str, value: str | None) -> None:
    """Replace (or add, or with None remove) the one line of `item_id` in a progress file."""
    path = project.progress / f"{phase}.yml"
    lines = path.read_text("utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(f"{item_id}:")]
    if value is not None:
        kept.append(f"{item_id}: {value}")
    path.write_text("\n".join(kept) + "\n", "utf-8")


def commit(project: Project, message: str, env: dict[str, str]) -> str:
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", message, env=env)
    return git(project.root, "rev-parse", "HEAD").strip()


def short(project: Project, rev: str) -> str:
    return git(project.root, "rev-parse", "--short", rev).strip()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`playbook changes ARGV` through the CLI's own entry point."""
    code = main(["changes", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The example project, committed on main, as the current directory."""
    made = copy_project(tmp_path / "project")
    monkeypatch.chdir(made.root)
    return made


def golden_edits(project: Project) -> tuple[str, str]:
    """Two commits by two people on top of the example: the golden comparison's input."""
    set_entry(project, "pilot", "hold-kick-off", '{status: done, by: comms-team, note: "kick-off held on 19 Nov"}')
    set_entry(project, "pilot", "identify-pilot-users", "in-progress")
    set_entry(project, "pilot", "soft-launch-initial-learnings",
              "{status: in-progress, owner: christina, due: 2026-11-30}")
    set_entry(project, "pilot", "expanded-user-feedback-summary", "{status: in-progress, owner: business-lead}")
    set_entry(project, "pilot", "expanded-optimization-log", "{status: skipped, reason: no optimization planned}")
    set_entry(project, "pilot", "scope-languages", None)
    set_entry(project, "pilot", "during-pilot-meeting-notes", "todo")
    set_entry(project, "pilot", "success-goals", '{answer: "CSAT at least 4.5"}')
    set_entry(project, "pilot", "participant-support", '{answer: "Two weeks of hyper-care", by: hanna-moos}')
    set_entry(project, "pilot", "what-else-testing", None)
    first = commit(project, "Pilot: kick-off held, plans updated", ANA)
    set_entry(project, "enterprise-rollout", "identify-targeted-groups", "{status: done, by: comms-team}")
    second = commit(project, "Rollout: targeted groups identified", THOMAS)
    return first, second


# --- the golden comparison ------------------------------------------------------------


def test_two_commits_give_the_expected_markdown(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(project.root, "rev-parse", "HEAD").strip()
    _first, head = golden_edits(project)

    code, out, err = run(capsys, base, head)

    assert (code, err) == (0, "")
    assert out == f"""\
## Checklist changes

From `{short(project, base)}` (merge base with {base}) to `{short(project, head)}` ({head}).

### Go/no-go

| Phase | Before | After |
| --- | --- | --- |
| Proof of concept | 🟢 GO | 🟢 GO |
| Pilot | 🟡 NOT YET | 🟡 NOT YET |
| Enterprise rollout | 🟡 NOT YET | 🟡 NOT YET |

### Pilot

Progress: 29 of 54 (54%) → 29 of 54 (54%)

#### Verdict: 🟡 NOT YET

| Criterion | Actual | Target | Status |
| --- | --- | --- | --- |
| P2 defects per 1,000 sessions `p2-defects` | — | below 2 | ❔ no data |
| CSAT `csat` | 4\\.4 /5 at 2026\\-11\\-19T16\\:00\\+01\\:00 | at least 4\\.2 /5 | ❔ too few (2 of 3) |
| P1 defects `p1-defects` (critical) | 0 at 2026\\-11\\-20T10\\:00\\+01\\:00 | 0 | ✅ met |
| 95th percentile latency `p95-latency` | 248 ms at 2026\\-11\\-20T16\\:00\\+01\\:00 | below 300 ms \\(warning band to 350 ms\\) | ✅ met |
| Error rate `error-rate` | 0\\.3% at 2026\\-11\\-20T10\\:00\\+01\\:00 | at most 0\\.5% | ✅ met |

Reasons:

1. P2 defects per 1,000 sessions\\: no data \\(target below 2\\)
2. CSAT\\: 2 of 3 measurements
3. Exit criterion open\\: Metrics tracking working
4. Exit criterion open\\: Ready to expand
5. Exit criterion open\\: Success criteria trending positive
6. Exit criterion open\\: No major issues
7. Exit criterion open\\: User acceptance

#### Ticked

- Hold a pilot kick\\-off event and other awareness activities\\. `hold-kick-off` — by comms\\-team; note\
: kick\\-off held on 19 Nov

#### Unticked

- Identify users for inclusion in the pilot\\. `identify-pilot-users` (done → in-progress)

#### Started

- User feedback summary `expanded-user-feedback-summary` — owner business\\-lead

#### Skipped

- Optimization log `expanded-optimization-log` — reason: no optimization planned

#### Reopened

- Which languages `scope-languages`

#### Other status changes

- Meeting notes `during-pilot-meeting-notes` (in-progress → todo)

#### Details changed

- Initial learnings `soft-launch-initial-learnings` — owner: business\\-lead → christina; due: 2026-11-18 → 2026-11-30

#### Answers

- Besides the technical implementation, what else are you testing during this pilot phase? \
`what-else-testing` — answer removed (was: Communication plan, hyper\\-care, the self\\-service portal)
- What are your goals to indicate a successful pilot? `success-goals` — answer changed: CSAT at least 4\\.5 \
(was: Ticket volume below 5 per 100 users in week 2; CSAT at least 4\\.2)
- How will you prepare and provide support for pilot participants? `participant-support` — answer given \
by hanna\\-moos: Two weeks of hyper\\-care

### Enterprise rollout

Progress: 0 of 9 (0%) → 1 of 9 (11%)

#### Verdict: 🟡 NOT YET

Reasons:

1. Entry criterion open\\: The pilot is evaluated and the team has determined it is ready for the broad rollout\\.

#### Ticked

- Identify groups who may require targeted communications and training\\. `identify-targeted-groups` \
— by comms\\-team
"""


def test_nothing_changed_says_so(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "HEAD")
    assert code == 0
    assert out.endswith("\n\nNo checklist changes.\n")
    assert out.startswith("## Checklist changes\n\nFrom `")
    assert "to the working tree." in out


# --- which revisions are compared --------------------------------------------------------


def test_working_tree_against_head_includes_uncommitted_edits(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    set_entry(project, "pilot", "expanded-optimization-log", "done")

    code, out, _err = run(capsys, "HEAD", "--format", "json")

    document = json.loads(out)
    assert code == 0
    assert document["head"] == {"rev": None, "commit": git(project.root, "rev-parse", "HEAD").strip(), "worktree": True}
    [phase] = document["phases"]
    assert [(i["id"], i["change"]) for i in phase["items"]] == [("expanded-optimization-log", "ticked")]


def test_default_base_is_the_merge_base_with_main(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    branch_point = git(project.root, "rev-parse", "HEAD").strip()
    git(project.root, "checkout", "-q", "-b", "feature")
    set_entry(project, "pilot", "expanded-optimization-log", "done")
    commit(project, "Feature: optimization log kept", ANA)
    git(project.root, "checkout", "-q", "main")
    set_entry(project, "pilot", "expanded-user-feedback-summary", "done")  # on main after the branch point
    commit(project, "Main moves on", THOMAS)
    git(project.root, "checkout", "-q", "feature")

    code, out, _err = run(capsys, "--format", "json")

    document = json.loads(out)
    assert code == 0
    assert document["base"] == {"rev": "main", "commit": branch_point}
    ids = [i["id"] for p in document["phases"] for i in p["items"]]
    assert ids == ["expanded-optimization-log"]  # not main's later tick, shown as unticked


def test_origin_head_names_the_default_branch(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(project.root), str(clone))
    git(clone, "checkout", "-q", "-b", "feature")
    monkeypatch.chdir(clone)

    code, out, _err = run(capsys, "--format", "json")

    assert code == 0
    assert json.loads(out)["base"]["rev"] == "origin/main"


def test_head_revision_reads_phases_from_that_revision(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(project.root, "rev-parse", "HEAD").strip()
    set_entry(project, "pilot", "expanded-optimization-log", "done")
    head = commit(project, "Tick", ANA)
    phase_file = project.root / "phases" / "pilot.yml"
    phase_file.write_text(phase_file.read_text("utf-8").replace("Optimization log", "Changed in the working tree"))
    (project.progress / "pilot.yml").write_text("not: [valid", "utf-8")  # the working tree is not read

    code, out, _err = run(capsys, base, head)

    assert code == 0
    assert "- Optimization log `expanded-optimization-log`" in out


# --- files that appear, disappear or hold answers ---------------------------------------------


def test_progress_file_only_on_the_head_side(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    (project.progress / "proof-of-concept.yml").unlink()
    base = commit(project, "No proof of concept yet", ANA)
    git(project.root, "checkout", "-q", "HEAD~1", "--", "playbook/progress/proof-of-concept.yml")

    code, out, _err = run(capsys, base, "--format", "json")

    assert code == 0
    [phase] = json.loads(out)["phases"]
    assert phase["id"] == "proof-of-concept"
    assert phase["before"] == {"done": 0, "total": 22, "percent": 0}  # every item todo
    kinds = [i["change"] for i in phase["items"]]
    assert set(kinds) == {"ticked", "skipped"}
    assert phase["after"] == {"done": kinds.count("ticked"), "total": 22 - kinds.count("skipped"), "percent": 100}
    assert {a["change"] for a in phase["answers"]} == {"given"}
    assert len(phase["answers"]) == 5


def test_deleted_progress_file(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    (project.progress / "enterprise-rollout.yml").unlink()

    code, out, _err = run(capsys, "HEAD")

    assert code == 0
    assert "### Enterprise rollout" in out
    assert "#### Other status changes" in out
    assert "`establish-rollout-approach` (in-progress → todo)" in out
    assert "`rollout-approach` — answer removed (was: Phased by location" in out


def test_answers(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    set_entry(project, "pilot", "participant-support", '{answer: "Hyper-care", by: hanna-moos}')
    set_entry(project, "pilot", "success-goals", '{answer: "CSAT 4.5"}')
    set_entry(project, "pilot", "what-else-testing", None)

    code, out, _err = run(capsys, "HEAD", "--format", "json")

    assert code == 0
    [phase] = json.loads(out)["phases"]
    assert phase["items"] == []
    assert [(a["id"], a["change"], a["after"], a["by"]) for a in phase["answers"]] == [
        ("what-else-testing", "removed", None, None),
        ("success-goals", "changed", "CSAT 4.5", None),
        ("participant-support", "given", "Hyper-care", "hanna-moos"),
    ]
    assert phase["answers"][1]["before"].startswith("Ticket volume below 5")


# --- escaping ------------------------------------------------------------------------------


def test_hostile_notes_are_escaped(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    note = HOSTILE.replace('"', "")
    set_entry(project, "pilot", "expanded-optimization-log", f'{{status: done, by: "@org/team", note: "{note}"}}')
    set_entry(project, "pilot", "participant-support", '{answer: "line one\\n# heading\\n<img src=x onerror=alert(1)>"}')

    code, out, _err = run(capsys, "HEAD")

    assert code == 0
    assert not re.search(r"(?<!\\)[<>]", out)  # no tag can open
    assert not re.search(r"(?<!\\)[\[\]!]", out)  # nor a link or an image
    assert not re.search(r"(?<!\\)@", out)  # every @ escaped
    assert "@everyone" not in out  # and followed by a word joiner: GitHub links mentions after rendering
    assert "\n# heading" not in out  # a newline in a value cannot start a block
    assert "note: \\<script\\>alert\\(1\\)\\</script\\> \\@\u2060everyone \\!\\[x\\]\\(http\\://evil\\)" in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>bold</b>", "\\<b\\>bold\\</b\\>"),
        ("[a](javascript:x)", "\\[a\\]\\(javascript\\:x\\)"),
        ("![x](http://evil)", "\\!\\[x\\]\\(http\\://evil\\)"),
        ("@everyone", "\\@\u2060everyone"),
        ("*a* _b_ `c` ~d~ $e$ #1 | &amp;", "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\$e\\$ \\#1 \\| \\&amp;"),
        ("two\nlines\r\n\tand  tabs", "two lines and tabs"),
        ("bidi \u202eevil\u202c", "bidi evil"),
        ("back\\slash", "back\\\\slash"),
        ("plain words, fine", "plain words, fine"),
    ],
)
def test_escape_markdown(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


# --- classification ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        ("todo", "done", ChangeKind.TICKED),
        ("in-progress", "done", ChangeKind.TICKED),
        ("skipped", "done", ChangeKind.TICKED),
        ("done", "todo", ChangeKind.UNTICKED),
        ("done", "in-progress", ChangeKind.UNTICKED),
        ("done", "skipped", ChangeKind.UNTICKED),
        ("todo", "in-progress", ChangeKind.STARTED),
        ("skipped", "in-progress", ChangeKind.STARTED),
        ("todo", "skipped", ChangeKind.SKIPPED),
        ("in-progress", "skipped", ChangeKind.SKIPPED),
        ("skipped", "todo", ChangeKind.REOPENED),
        ("in-progress", "todo", ChangeKind.STATUS),
        ("todo", "todo", None),
    ],
)
def test_classify(before: str, after: str, kind: ChangeKind | None) -> None:
    assert classify(m.ItemState("x", m.Status(before)), m.ItemState("x", m.Status(after))) is kind


def test_classify_detail_changes_with_the_same_status() -> None:
    before = m.ItemState("x", m.Status.IN_PROGRESS, owner="a")
    assert classify(before, m.ItemState("x", m.Status.IN_PROGRESS, owner="b")) is ChangeKind.UPDATED
    assert classify(before, m.ItemState("x", m.Status.IN_PROGRESS, owner="a")) is None


# --- JSON ---------------------------------------------------------------------------------------


def test_json_shape(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(project.root, "rev-parse", "HEAD").strip()
    _first, head = golden_edits(project)

    code, out, _err = run(capsys, base, head, "--format", "json")

    document = json.loads(out)
    assert code == 0
    assert set(document) == {"base", "head", "ok", "errors", "changed", "phases", "verdicts", "other_files", "macro_opt_ins"}
    assert (document["other_files"], document["macro_opt_ins"]) == ([], [])  # only progress files changed
    assert document["base"] == {"rev": base, "commit": base}
    assert document["head"] == {"rev": head, "commit": head, "worktree": False}
    assert (document["ok"], document["errors"], document["changed"]) == (True, [], True)
    assert [p["id"] for p in document["phases"]] == ["pilot", "enterprise-rollout"]
    pilot = document["phases"][0]
    assert set(pilot) == {"id", "title", "before", "after", "items", "answers", "gate"}
    assert pilot["before"] == {"done": 29, "total": 54, "percent": 54}
    ticked = next(i for i in pilot["items"] if i["id"] == "hold-kick-off")
    assert ticked == {
        "id": "hold-kick-off",
        "text": "Hold a pilot kick-off event and other awareness activities.",
        "change": "ticked",
        "before": {"status": "in-progress", "by": None, "owner": "comms-team", "due": "2026-12-05",
                   "reason": None, "note": None, "evidence": None},
        "after": {"status": "done", "by": "comms-team", "owner": None, "due": None,
                  "reason": None, "note": "kick-off held on 19 Nov", "evidence": None},
    }
    assert {i["change"] for i in pilot["items"]} == {k.value for k in ChangeKind}
    assert set(pilot["answers"][0]) == {"id", "text", "change", "before", "after", "by"}


# --- what needs a reviewer beyond the checklist ------------------------------------------------


def write(project: Project, relative: str, text: str) -> None:
    path = project.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def test_files_other_than_playbook_data_are_flagged_at_the_top(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    git(project.root, "checkout", "-q", "-b", "feature")
    set_entry(project, "pilot", "expanded-optimization-log", "done")  # data
    write(project, "phases/pilot.yml", (project.root / "phases/pilot.yml").read_text("utf-8") + "\n")  # data
    write(project, "mkdocs.yml", (project.root / "mkdocs.yml").read_text("utf-8") + "extra: {x: 1}\n")
    write(project, ".github/workflows/build.yml", "on: push\n")
    write(project, "plugins/evil.py", "import os\n")
    write(project, "playbook/guides/new-page.md", "# A page\n")
    write(project, "playbook/progress/notes.yaml", "a: b\n")  # not read by the loader: not data
    commit(project, "Tick, and more", ANA)

    code, out, _err = run(capsys, "main")
    _code, json_out, _err = run(capsys, "main", "--format", "json")

    assert code == 0  # a flag for people, not a data problem
    assert out.startswith(
        "## Checklist changes\n\n**This pull request changes files other than playbook data.** Review them as code"
    )
    flagged = [".github/workflows/build.yml", "mkdocs.yml", "playbook/guides/new-page.md",
               "playbook/progress/notes.yaml", "plugins/evil.py"]
    block = out.split("\n\n")[2]
    assert block.splitlines() == [f"- {escape_markdown(path)}" for path in flagged]
    assert "- Optimization log `expanded-optimization-log`" in out  # the checklist is still there
    document = json.loads(json_out)
    assert document["other_files"] == flagged
    assert document["macro_opt_ins"] == []


def test_file_names_are_escaped(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "playbook/<img src=x onerror=alert(1)> @everyone [a](javascript:x).md", "x\n")
    write(project, "playbook/two\nlines.md", "x\n")
    commit(project, "Odd names", ANA)

    code, out, _err = run(capsys, "HEAD~1", "HEAD")

    assert code == 0
    assert not re.search(r"(?<!\\)[<>\[\]@]", out)
    assert "\\@\u2060everyone" in out
    assert "- playbook/two lines\\.md" in out  # a newline in a name cannot start a block


def test_untracked_files_are_not_flagged(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """CI writes the comment to changes.md before the command runs: that file is in no commit."""
    write(project, "changes.md", "")
    set_entry(project, "pilot", "expanded-optimization-log", "done")

    code, out, _err = run(capsys, "HEAD", "--format", "json")

    assert code == 0 and json.loads(out)["other_files"] == []


OPT_IN = "---\nrender_macros: true\n---\n\n# Page\n\n{{ 7 * 7 }}\n"


def test_pages_that_newly_opt_into_macros_are_flagged_first(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "playbook/guides/already.md", OPT_IN)
    write(project, "playbook/guides/later.md", "# Later\n")
    base = commit(project, "Pages", ANA)
    write(project, "playbook/guides/already.md", OPT_IN + "more\n")  # was opted in: not new
    write(project, "playbook/guides/later.md", "---\ntitle: Later\nrender_macros: yes\n---\n# Later\n")  # YAML 1.1 true
    write(project, "playbook/guides/new.md", OPT_IN.replace("\n", "\r\n"))
    write(project, "playbook/guides/off.md", "---\nrender_macros: false\n---\n")
    write(project, "playbook/guides/text.md", "render_macros: true\n\n# MultiMarkdown meta is text\n")
    write(project, "playbook/guides/broken.md", "---\nrender_macros: [true\n---\n")
    head = commit(project, "Opt in", THOMAS)

    code, out, _err = run(capsys, base, head)
    _code, json_out, _err = run(capsys, base, head, "--format", "json")

    assert code == 0
    opted = ["playbook/guides/later.md", "playbook/guides/new.md"]
    assert json.loads(json_out)["macro_opt_ins"] == opted
    lines = out.split("\n")
    assert lines[2].startswith("**This pull request makes pages run macros** (it adds `render_macros: true`")
    assert lines[4:6] == [f"- {escape_markdown(path)}" for path in opted]
    assert lines[7].startswith("**This pull request changes files other than playbook data.**")


def test_an_uncommitted_opt_in_is_flagged(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "playbook/guides/page.md", "# Page\n")
    commit(project, "A page", ANA)
    write(project, "playbook/guides/page.md", OPT_IN)

    code, out, _err = run(capsys, "HEAD", "--format", "json")

    document = json.loads(out)
    assert code == 0
    assert document["macro_opt_ins"] == ["playbook/guides/page.md"]
    assert document["other_files"] == ["playbook/guides/page.md"]


# --- data problems ------------------------------------------------------------------------------


def test_invalid_base_file_is_reported_and_exits_1(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    set_entry(project, "pilot", "identfy-pilot-users", "done")
    base = commit(project, "A typo", ANA)
    set_entry(project, "pilot", "identfy-pilot-users", None)
    set_entry(project, "enterprise-rollout", "implement-rollout-plan", "done")

    code, out, err = run(capsys, base)

    name = f"{short(project, base)}:playbook/progress/pilot.yml"
    assert code == 1
    assert "### Problems" in out
    assert escape_markdown(name) in out
    assert f"{name}:" in err and "did you mean 'identify-pilot-users'" in err
    assert "### Pilot" not in out  # not compared: its base file is broken
    assert "`implement-rollout-plan`" in out  # the rest still is


def test_invalid_head_file_is_reported_and_exits_1(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    set_entry(project, "pilot", "hold-kick-off", "finished")

    code, out, err = run(capsys, "HEAD", "--format", "json")

    document = json.loads(out)
    assert code == 1
    assert document["ok"] is False
    [error] = document["errors"]
    assert error["path"] == os.path.join("playbook", "progress", "pilot.yml")
    assert "pilot.yml:" in err


def test_symlinked_progress_file_at_the_base_is_refused(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    pilot = project.progress / "pilot.yml"
    kept = pilot.read_text("utf-8")
    pilot.unlink()
    pilot.symlink_to("/etc/passwd")
    base = commit(project, "A link to somewhere else", ANA)
    pilot.unlink()
    pilot.write_text(kept, "utf-8")

    code, out, err = run(capsys, base)

    assert code == 1
    assert "is a symbolic link; expected a regular file" in err
    assert "root:" not in out + err


def test_read_text_at_a_revision(project: Project) -> None:
    set_entry(project, "pilot", "expanded-optimization-log", "done")  # not committed: not read
    with gitrepo.open_repository(project.root / "playbook") as repo:
        head = gitrepo.resolve(repo, "HEAD")
        text = gitrepo.read_text(repo, head, "playbook/progress/pilot.yml")
        missing = gitrepo.read_text(repo, head, "playbook/progress/no-such-phase.yml")
    assert text == git(project.root, "show", "HEAD:playbook/progress/pilot.yml")
    assert "expanded-optimization-log: done" not in text
    assert missing is None


# --- git problems --------------------------------------------------------------------------------


def test_unknown_revision_exits_2_with_a_message(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "no-such-branch")
    assert (code, out) == (2, "")
    assert "unknown revision 'no-such-branch'" in err
    assert "Traceback" not in err


def test_option_like_revision_is_refused(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--", "--output=/tmp/x")
    assert code == 2
    assert "is not a revision" in err


def test_outside_a_repository_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    plain = copy_project(tmp_path / "plain", with_git=False)
    monkeypatch.chdir(plain.root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))

    code, out, err = run(capsys)

    assert (code, out) == (2, "")
    assert "is not inside a git repository" in err
    assert "Traceback" not in err


def test_shallow_clone_without_the_merge_base_exits_2(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    git(project.root, "checkout", "-q", "-b", "feature")
    set_entry(project, "pilot", "expanded-optimization-log", "done")
    commit(project, "Feature", ANA)
    git(project.root, "checkout", "-q", "main")
    set_entry(project, "pilot", "expanded-user-feedback-summary", "done")
    commit(project, "Main", THOMAS)
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-single-branch", project.root.as_uri(), str(clone))
    git(clone, "checkout", "-q", "feature")
    monkeypatch.chdir(clone)

    code, out, err = run(capsys, "origin/main")

    assert (code, out) == (2, "")
    assert "shallow" in err and "fetch-depth: 0" in err and "git fetch --unshallow" in err
    assert "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give the files away")
def test_dubious_ownership_says_how_to_mark_the_folder_safe(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in [project.root, *project.root.rglob("*")]:
        os.lchown(path, 54321, 54321)
    monkeypatch.setenv("HOME", str(tmp_path))  # no global safe.directory of this machine
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")

    code, _out, err = run(capsys, "HEAD")

    assert code == 2
    assert f"`git config --global --add safe.directory {project.root}`" in err


def test_git_missing_exits_2(project: Project, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    import git as gitpython

    monkeypatch.setattr(gitpython.Git, "GIT_PYTHON_GIT_EXECUTABLE", "/nonexistent/git")

    code, _out, err = run(capsys, "HEAD")

    assert code == 2
    assert "git is not installed" in err and "Traceback" not in err


def test_no_git_process_is_left_running(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    proc = Path("/proc")
    if not proc.is_dir():
        pytest.skip("needs /proc")
    set_entry(project, "pilot", "expanded-optimization-log", "done")
    base = git(project.root, "rev-parse", "HEAD").strip()
    head = commit(project, "Tick", ANA)

    run(capsys, base, head)

    me = str(os.getpid())
    children = []
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me and fields[0] != "Z":
            children.append(stat.parent.name)
    assert children == []


# --- the command's options ------------------------------------------------------------------------


def test_every_option_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["changes"]
    for action in sub._actions:
        assert action.help, action.dest
    defaults = sub.parse_args([])
    assert (defaults.base, defaults.head, defaults.format) == (None, None, "text")


# --- CI workflow and pre-commit hook ------------------------------------------------------------


def _steps(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


def test_workflow_parses_and_runs_the_commands() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "playbook.yml").read_text("utf-8"))
    triggers = workflow[True]  # `on` is a boolean key in YAML 1.1
    assert "pull_request" in triggers and "push" in triggers

    jobs = workflow["jobs"]
    pr = next(job for job in jobs.values() if "pull_request" in str(job.get("if", "")))
    checkout = next(step for step in pr["steps"] if str(step.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    python = next(step for step in pr["steps"] if str(step.get("uses", "")).startswith("actions/setup-python@"))
    assert str(python["with"]["python-version"]) == "3.11"
    assert pr["permissions"]["pull-requests"] == "write"
    runs = _steps(pr)
    for command in ("pip install -e .", "playbook check", "playbook changes", "--format text > changes.md",
                    "gh pr comment", "--edit-last", "mkdocs build --strict"):
        assert command in runs, command
    changes_step = next(step for step in pr["steps"] if "playbook changes" in str(step.get("run", "")))
    assert "github.base_ref" in str(changes_step.get("env", {})) + str(changes_step["run"])
    comment = next(step for step in pr["steps"] if "gh pr comment" in str(step.get("run", "")))
    assert "GH_TOKEN" in comment["env"]

    deploy = next(job for job in jobs.values() if "actions/deploy-pages" in _steps(job))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["group"]
    build = jobs[deploy["needs"]]
    assert "actions/upload-pages-artifact" in _steps(build)
    assert "mkdocs build --strict" in _steps(build)


def test_pre_commit_hook_names_an_existing_console_script() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    [hook] = [h for h in hooks if h["id"] == "playbook-check"]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("playbook check --all", "python", False)
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert hook["entry"].split()[0] in scripts
    files = re.compile(hook["files"])
    # where the data is comes from mkdocs.yml, so every YAML file (mkdocs.yml included) triggers it
    assert all(files.search(path) for path in ("playbook/progress/pilot.yml", "phases/pilot.yaml", "docs/x.yml"))
    assert files.search("mkdocs.yml") and not files.search("playbook/guides/intro.md")


def test_the_size_limit_applies_to_both_revisions(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """A pull request that grows a progress file past the limit is refused on its side, unless raised."""
    path = project.progress / "pilot.yml"
    path.write_text(("# " + "x" * 98 + "\n") * 25_000 + path.read_text("utf-8"), "utf-8")
    head = commit(project, "A huge pilot file", ANA)

    code, _out, err = run(capsys, "HEAD~1", head)
    assert code == 1
    assert err == (f"{short(project, head)}:playbook/progress/pilot.yml: file is 2.53 MB; the limit is 2 MB "
                   "(max_file_size in mkdocs.yml plugin options / --max-file-size)\n")

    code, out, err = run(capsys, "HEAD~1", head, "--max-file-size", "3")
    assert (code, err) == (0, "")
    assert out.endswith("No checklist changes.\n")
