"""`playbook demo DIR` (README "Quick start", "`playbook demo DIR`"): the example organization as a
git repository whose history is a believable rollout, built for real.

One demo and one `mkdocs build --strict` for the module; what they show is read back from git
and from the built pages and progress.json, never from the story module the demo is made from.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, ROOT, TODAY, git, outside_env
from mkdocs_playbook.commands import main
from mkdocs_playbook.source.yamlread import read_file

pytestmark = pytest.mark.subprocess


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def playbook_demo(*args: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["demo", *args])
    return Run(code, out.getvalue(), err.getvalue())


@dataclass(frozen=True)
class Commit:
    author: str
    email: str
    at: dt.datetime
    files: tuple[str, ...]


def history(root: Path) -> list[Commit]:
    """Every commit, oldest first, with the files it touched."""
    text = git(root, "log", "--reverse", "--format=%x00%an%x01%ae%x01%aI", "--name-only")
    commits = []
    for chunk in text.split("\x00")[1:]:
        head, _, names = chunk.partition("\n")
        author, email, at = head.split("\x01")
        commits.append(Commit(author, email, dt.datetime.fromisoformat(at), tuple(n for n in names.split("\n") if n)))
    return commits


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "demo"
    made = playbook_demo(str(root))
    assert made.code == 0, made.err
    assert "commits by 6 people" in made.out and "mkdocs serve -f" in made.out
    done = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-d", str(root / "site")],
        cwd=root, capture_output=True, text=True, env=os.environ, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return root


@pytest.fixture(scope="module")
def organization(demo: Path) -> dict:
    data = read_file(demo / "playbook" / "organization.yml").data
    assert isinstance(data, dict)
    return data


def test_the_demo_is_a_clean_repository_with_many_commits(demo: Path) -> None:
    assert git(demo, "status", "--porcelain") == "", "the work tree is the last commit, and the index too"
    assert git(demo, "branch", "--show-current").strip() == "main"
    assert len(history(demo)) >= 80
    config = (demo / "mkdocs.yml").read_text("utf-8")
    assert re.search(r"^site_url: http://127\.0\.0\.1:8000/", config, re.MULTILINE), "sitemap and instant navigation"
    sitemap = (demo / "site" / "sitemap.xml").read_text("utf-8")
    assert "<loc>http://127.0.0.1:8000/pilot/</loc>" in sitemap


def test_the_files_are_the_ones_the_commands_write(demo: Path) -> None:
    """`playbook check` finds nothing, and `fmt --check` would change nothing: merge-safe files."""
    for command in (["check"], ["fmt", "--check"]):
        done = subprocess.run([str(BIN / "playbook"), *command], cwd=demo, capture_output=True, text=True, check=False)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    poc = (demo / "playbook" / "progress" / "proof-of-concept.yml").read_text("utf-8")
    assert "\nschedule-morning-meeting: {status: skipped, reason: Demo shared with the Singapore office}\n" in poc
    assert "\nfulfill-technical-prerequisites: {status: done, note: lab tenant and 20 devices}\n" in poc
    decisions = list((demo / "playbook" / "decisions" / "proof-of-concept").glob("*-scale-*.yml"))
    assert len(decisions) == 1


def test_several_contacts_commit_over_the_weeks_of_each_phase(demo: Path, organization: dict) -> None:
    commits = history(demo)
    contacts = {c["email"]: c["name"] for c in organization["contacts"]}
    assert {(c.author, c.email) for c in commits} <= {(name, email) for email, name in contacts.items()}
    assert len({c.email for c in commits}) == len(contacts) == 6
    now = dt.datetime.combine(TODAY, dt.time(), dt.UTC)
    assert all(c.at < now for c in commits), "nothing is dated after today"
    for phase in ("proof-of-concept", "pilot"):
        start = dt.date.fromisoformat(str(organization["dates"][phase]["start"]))
        end = min(dt.date.fromisoformat(str(organization["dates"][phase]["end"])), TODAY)
        # after the first commit, `playbook new`'s files before the proof of concept began
        touching = [c for c in commits[1:] if f"playbook/progress/{phase}.yml" in c.files]
        assert len(touching) >= 15, phase
        assert all(start <= c.at.date() <= end for c in touching), phase
        weeks = {c.at.isocalendar()[:2] for c in touching}
        assert len(weeks) >= 4, f"{phase}: commits in {len(weeks)} weeks, not spread over the phase"
        assert len({c.email for c in touching}) >= 5, phase
    measured = [c for c in commits if any(f.startswith("playbook/measurements/pilot/") for f in c.files)]
    assert len(measured) >= 8 and len({c.email for c in measured}) >= 3
    assert max(c.at.date() for c in commits) >= TODAY - dt.timedelta(days=4), "activity in the last days"


def test_the_proof_of_concept_is_done_the_pilot_midway_the_rollout_ahead(demo: Path, organization: dict) -> None:
    phases = {p["id"]: p for p in json.loads((demo / "site" / "progress.json").read_text("utf-8"))["phases"]}
    poc, pilot, rollout = phases["proof-of-concept"], phases["pilot"], phases["enterprise-rollout"]
    assert poc["counts"]["percent"] == 100 and poc["gate"]["verdict"] == "go" and poc["gate"]["decision"]
    assert 30 <= pilot["counts"]["percent"] <= 80
    assert dt.date.fromisoformat(pilot["start"]) < TODAY < dt.date.fromisoformat(pilot["end"])
    open_items = [i for i in pilot["items"] if i["status"] == "in-progress" and i["due"]]
    assert any(i["overdue"] for i in open_items), "some items are overdue"
    soon = [i for i in open_items if TODAY <= dt.date.fromisoformat(i["due"]) <= TODAY + dt.timedelta(days=7)]
    assert soon, "some items are due within the week"
    assert rollout["counts"]["done"] == 0 and dt.date.fromisoformat(rollout["start"]) > TODAY
    ticked = [i for i in pilot["items"] if i["status"] == "done"]
    assert all(i["ticked_by"] and i["ticked_at"] for i in ticked)
    done_days = sorted({i["ticked_at"][:10] for i in ticked})
    assert len({dt.date.fromisoformat(d).isocalendar()[1] for d in done_days}) >= 4, "burn-up steps over weeks"


def test_the_dashboard_shows_several_people_ticking_on_several_days(demo: Path, organization: dict) -> None:
    """The dashboard is the demo's home page, and its recent activity is a team's: several people, several days."""
    page = BeautifulSoup((demo / "site" / "index.html").read_text("utf-8"), "html.parser")
    ticked = []
    for entry in page.select("ul.pb-recent > li[data-verb=ticked]"):
        person = entry.select_one(".pb-author .pb-person")
        assert person is not None, entry
        for role in person.select(".pb-role"):
            role.decompose()
        ticked.append((person.get_text(strip=True), entry.select_one("time")["datetime"][:10]))
    names = {c["name"] for c in organization["contacts"]}
    people = {who for who, _ in ticked}
    assert people <= names and len(people) >= 4, ticked
    assert len({day for _, day in ticked}) >= 4, ticked


def test_a_second_run_leaves_the_demo_alone(demo: Path) -> None:
    head = git(demo, "rev-parse", "HEAD")
    again = playbook_demo(str(demo))
    assert again.code == 0, again.err
    assert "already holds a demo made by `playbook demo`; left as it is" in again.out
    assert git(demo, "rev-parse", "HEAD") == head and git(demo, "status", "--porcelain") == ""


def test_the_same_day_makes_the_same_history(demo: Path, tmp_path: Path) -> None:
    """Seeded: commit for commit the same hashes (content, authors, dates); an existing empty folder is used."""
    (tmp_path / "again").mkdir()
    assert playbook_demo(str(tmp_path / "again")).code == 0
    assert git(tmp_path / "again", "rev-parse", "HEAD") == git(demo, "rev-parse", "HEAD")


@pytest.mark.parametrize(
    ("files", "code", "said"),
    [
        ({"notes.txt": "mine"}, 1, "is not empty and holds no demo made by `playbook demo`"),
        ({"mkdocs.yml": "site_name: Mine\n"}, 1, "is not empty and holds no demo made by `playbook demo`"),
        # the demo's first line without its repository: someone's copy, not a demo this command made
        ({"mkdocs.yml": "# A demo made by `playbook demo`: copied\n"}, 1, "holds no demo"),
    ],
)
def test_a_folder_with_something_else_is_refused(tmp_path: Path, files: dict[str, str], code: int, said: str) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    refused = playbook_demo(str(folder))
    assert refused.code == code and said in refused.err and "taken" in refused.err and "(nothing was written)" in refused.err
    assert sorted(p.name for p in folder.iterdir()) == sorted(files)
    assert [(folder / n).read_text("utf-8") for n in files] == list(files.values())


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    refused = playbook_demo(str(tmp_path / "file"))
    assert refused.code == 2 and "is not a folder" in refused.err and "Traceback" not in refused.err


def test_without_git_it_says_so_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "no-git").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "no-git"))
    failed = playbook_demo(str(tmp_path / "made"))
    assert failed.code == 3 and "git was not found; install git" in failed.err and "Traceback" not in failed.err
    assert not (tmp_path / "made").exists(), "the folder it created is taken away again"


def test_help_says_what_it_makes_and_when_it_refuses() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as leaving:
        main(["demo", "--help"])
    text = " ".join(out.getvalue().split())
    assert leaving.value.code == 0
    for words in ("git repository", "mkdocs serve -f DIR/mkdocs.yml", "refused (exit 1)", "already holds a demo"):
        assert words in text


def test_the_quick_start_makes_and_serves_the_demo() -> None:
    quick_start = (ROOT / "README.md").read_text("utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    first = re.findall(r"```sh\n(.*?)\n```", quick_start, re.DOTALL)[0]
    assert "playbook demo demo && .venv/bin/mkdocs serve -f demo/mkdocs.yml" in first
    assert git(ROOT, "check-ignore", "demo/mkdocs.yml").strip() == "demo/mkdocs.yml", ".gitignore keeps the demo out"


@pytest.mark.slow
def test_the_installed_wheel_makes_the_same_demo_outside_the_repository(
    installed_wheel: Path, demo: Path, tmp_path: Path
) -> None:
    done = subprocess.run(
        [str(installed_wheel / "playbook"), "demo", "made"], cwd=tmp_path, capture_output=True, text=True,
        env=outside_env(), check=False,
    )
    assert done.returncode == 0, done.stderr
    assert ROOT not in tmp_path.parents
    assert git(tmp_path / "made", "rev-parse", "HEAD") == git(demo, "rev-parse", "HEAD"), "the package data is all there"

