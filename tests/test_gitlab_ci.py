"""The GitLab recipe (.gitlab-ci.yml) read and RUN: its jobs' script lines in a fake GitLab CI job.

The fake job is what a GitLab runner gives a script: a fresh repository whose only refs are the
ones the pipeline fetched (a merge request's head, or the default branch), the predefined
variables, and an API at CI_API_V4_URL, here a local HTTP server that keeps notes in memory. The
install lines (`before_script`) are not run: `playbook` and `mkdocs` come from the test venv.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BIN, ROOT, copy_project, git
from mkdocs_playbook.commands import main
from mkdocs_playbook.commands.mrnote import MARKER, PLACE_VARIABLES, TOKEN_VARIABLE

CI_FILE = ROOT / ".gitlab-ci.yml"
TOKEN = "glpat-test-token"
PROJECT_ID, MR_IID = "42", "7"
BOT = 900
"""The user id of the project access token's bot user, which wrote the notes the job may edit."""
TICKED = "expanded-optimization-log"
MR_EVENT = '$CI_PIPELINE_SOURCE == "merge_request_event"'
DEFAULT_BRANCH = "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"


@pytest.fixture(scope="module")
def ci() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(CI_FILE.read_text("utf-8"))
    return document


# --- the file ----------------------------------------------------------------------------


def test_jobs_rules_and_variables(ci: dict[str, Any]) -> None:
    assert str(ci["variables"]["GIT_DEPTH"]) == "0", "who ticked what and when comes from the whole history"
    assert [rule["if"] for rule in ci["workflow"]["rules"]] == [MR_EVENT, DEFAULT_BRANCH]
    jobs = {name: job for name, job in ci.items() if isinstance(job, dict) and "script" in job}
    assert set(jobs) == {"merge-request", "pages"}
    assert [rule["if"] for rule in jobs["merge-request"]["rules"]] == [MR_EVENT]
    assert [rule["if"] for rule in jobs["pages"]["rules"]] == [DEFAULT_BRANCH]
    assert jobs["pages"]["artifacts"]["paths"] == ["public"]
    assert "mkdocs build --strict --site-dir public" in jobs["pages"]["script"]
    script = jobs["merge-request"]["script"]
    assert script.index("playbook check") < script.index("playbook changes --format text > changes.md")
    fetch = (
        'git fetch origin "+refs/heads/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME:'
        'refs/remotes/origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"'
    )
    assert script.index(fetch) < script.index("playbook changes --format text > changes.md")
    assert "playbook mr-note changes.md" in script and "mkdocs build --strict" in script
    assert TOKEN_VARIABLE in CI_FILE.read_text("utf-8"), "the file names the token variable it needs"


# --- a fake GitLab: the notes API ---------------------------------------------------------


@dataclass
class FakeGitLab:
    """The notes of one merge request, and every request made, with its token."""

    notes: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)
    url: str = ""

    def path(self) -> str:
        return f"/api/v4/projects/{PROJECT_ID}/merge_requests/{MR_IID}/notes"


def _handler(gitlab: FakeGitLab) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, document: Any) -> None:
            data = json.dumps(document).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self, method: str) -> None:
            path = self.path.split("?", 1)[0]
            gitlab.requests.append((method, path, self.headers.get("PRIVATE-TOKEN")))
            if self.headers.get("PRIVATE-TOKEN") != TOKEN:
                self._answer(401, {"message": "401 Unauthorized"})
                return
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"null")
            if method == "GET" and path == "/api/v4/user":
                self._answer(200, {"id": BOT, "username": "project_42_bot"})
            elif method == "GET" and path == gitlab.path():
                # paged as GitLab pages it: ?page=N&per_page=M, the first page without them
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                page, per_page = int(query.get("page", ["1"])[0]), int(query.get("per_page", ["20"])[0])
                self._answer(200, gitlab.notes[(page - 1) * per_page : page * per_page])
            elif method == "POST" and path == gitlab.path():
                note = {"id": 100 + len(gitlab.notes), "body": body["body"], "system": False, "author": {"id": BOT}}
                gitlab.notes.append(note)
                self._answer(201, note)
            elif method == "PUT" and path.startswith(gitlab.path() + "/"):
                note_id = int(path.rsplit("/", 1)[1])
                [note] = [n for n in gitlab.notes if n["id"] == note_id]
                note["body"] = body["body"]
                self._answer(200, note)
            else:
                self._answer(404, {"message": "404 Not found"})

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def do_PUT(self) -> None:
            self._handle("PUT")

    return Handler


@pytest.fixture(scope="module")
def gitlab() -> Iterator[FakeGitLab]:
    fake = FakeGitLab()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/api/v4"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


# --- a fake GitLab job ---------------------------------------------------------------------


@dataclass
class Origin:
    bare: Path
    mr_head: str
    main: str


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Origin:
    """A bare "origin" with main (the example) and a merge request that ticks one item."""
    root = tmp_path_factory.mktemp("gitlab")
    work = copy_project(root / "work")
    git(root, "clone", "-q", "--bare", str(work.root), "origin.git")
    main_commit = git(work.root, "rev-parse", "HEAD").strip()
    git(work.root, "checkout", "-q", "-b", "feature")
    progress = work.progress / "pilot.yml"
    text = progress.read_text("utf-8")
    assert f"\n{TICKED}: todo\n" in text
    progress.write_text(text.replace(f"\n{TICKED}: todo\n", f"\n{TICKED}: done\n"), "utf-8")
    work.commit_all("Pilot: optimization log kept", date="2026-11-20T10:00:00+00:00")
    head = git(work.root, "rev-parse", "HEAD").strip()
    # GitLab keeps a merge request's head under refs/merge-requests/IID/head
    git(work.root, "push", "-q", str(root / "origin.git"), f"HEAD:refs/merge-requests/{MR_IID}/head")
    return Origin(root / "origin.git", head, main_commit)


def runner_checkout(where: Path, origin: Origin, refspec: str, commit: str) -> Path:
    """What the runner does with GIT_DEPTH 0: init, add origin, fetch the pipeline's refspec, detach."""
    where.mkdir()
    git(where, "init", "-q")
    git(where, "remote", "add", "origin", str(origin.bare))
    git(where, "fetch", "-q", "origin", refspec)
    # no fetch refspec of its own: the job's fetch line must say where the branch goes
    git(where, "config", "--unset-all", "remote.origin.fetch")
    git(where, "checkout", "-q", "--detach", commit)
    return where


def merge_request_checkout(where: Path, origin: Origin) -> Path:
    """A merge-request pipeline's checkout: GitLab fetches the request's head ref, not its target branch."""
    refspec = f"+refs/merge-requests/{MR_IID}/head:refs/merge-requests/{MR_IID}/head"
    return runner_checkout(where, origin, refspec, origin.mr_head)


def job_env(ci: dict[str, Any], job: str, extra: dict[str, str]) -> dict[str, str]:
    """The job's environment: ours (PATH with the test venv first), the file's variables, GitLab's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CI_", "GITLAB_"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    for variables in (ci.get("variables", {}), ci[job].get("variables", {})):
        env.update({name: str(value) for name, value in variables.items()})
    env.update({"CI": "true", "GITLAB_CI": "true", "CI_DEFAULT_BRANCH": "main", **extra})
    return env


def run_script(lines: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The lines as the runner runs them: one bash, stopping at the first line that fails."""
    script = "set -eo pipefail\n" + "\n".join(lines) + "\n"
    return subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.mark.subprocess  # the job's lines run playbook and mkdocs as child processes
def test_the_merge_request_job_posts_the_changes_once_and_updates_them(
    ci: dict[str, Any], origin: Origin, gitlab: FakeGitLab, tmp_path: Path
) -> None:
    build = merge_request_checkout(tmp_path / "build", origin)
    env = job_env(ci, "merge-request", {
        "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_MERGE_REQUEST_IID": MR_IID, "CI_PROJECT_ID": PROJECT_ID, "CI_API_V4_URL": gitlab.url,
        "CI_PROJECT_DIR": str(build), "CI_COMMIT_SHA": origin.mr_head, TOKEN_VARIABLE: TOKEN,
    })
    # someone else's notes (one quoting the marker, one starting with it) and a system note are left alone
    someone = {"id": 7}
    gitlab.notes[:] = [
        {"id": 1, "body": "Looks good", "system": False, "author": someone},
        {"id": 2, "body": f"{MARKER}\nadded 1 commit", "system": True, "author": {"id": BOT}},
        {"id": 3, "body": f"{MARKER}\nnot the bot's", "system": False, "author": someone},
    ]
    script: list[str] = ci["merge-request"]["script"]

    first = run_script(script, build, env)

    assert first.returncode == 0, first.stderr
    changes = (build / "changes.md").read_text("utf-8")
    assert f"`{TICKED}`" in changes and "origin/main" in changes
    assert [n["id"] for n in gitlab.notes] == [1, 2, 3, 103]
    assert gitlab.notes[3]["body"] == f"{MARKER}\n{changes}"
    assert {token for _method, _path, token in gitlab.requests} == {TOKEN}
    assert (build / "site" / "index.html").is_file()

    # a later pipeline of the same merge request: the note is edited, not repeated (no second build)
    (build / "changes.md").unlink()
    before = len(gitlab.requests)
    second = run_script([line for line in script if not line.startswith("mkdocs ")], build, env)

    assert second.returncode == 0, second.stderr
    assert [n["id"] for n in gitlab.notes] == [1, 2, 3, 103]
    assert [(m, p.rsplit("/", 1)[-1]) for m, p, _t in gitlab.requests[before:]] == [
        ("GET", "user"), ("GET", "notes"), ("PUT", "103")
    ]
    assert gitlab.requests[-1][1].endswith("/notes/103")
    assert gitlab.notes[3]["body"] == f"{MARKER}\n{(build / 'changes.md').read_text('utf-8')}"
    assert "updated note 103" in second.stdout


@pytest.mark.subprocess  # the job's lines run playbook and mkdocs as child processes
def test_without_the_fetch_line_the_job_says_which_variable_named_the_missing_branch(
    ci: dict[str, Any], origin: Origin, gitlab: FakeGitLab, tmp_path: Path
) -> None:
    build = merge_request_checkout(tmp_path / "build", origin)
    env = job_env(ci, "merge-request", {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"})
    changes = [line for line in ci["merge-request"]["script"] if line.startswith("playbook changes")]

    done = run_script(changes, build, env)

    assert done.returncode == 2
    assert "CI_MERGE_REQUEST_TARGET_BRANCH_NAME names the base branch 'main'" in done.stderr
    assert "git fetch origin main" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.subprocess  # the job's lines run playbook and mkdocs as child processes
def test_the_pages_job_publishes_public(ci: dict[str, Any], origin: Origin, tmp_path: Path) -> None:
    build = runner_checkout(tmp_path / "build", origin, "+refs/heads/main:refs/remotes/origin/main", origin.main)
    env = job_env(ci, "pages", {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_PROJECT_DIR": str(build)})

    done = run_script(ci["pages"]["script"], build, env)

    assert done.returncode == 0, done.stderr
    index = build / "public" / "index.html"
    soup = BeautifulSoup(index.read_text("utf-8"), "html.parser")
    assert soup.select("svg"), "the dashboard's charts are there: the job has the history"
    assert not soup.select(".pb-history-notice"), "no missing-history notice with GIT_DEPTH 0"


# --- playbook mr-note's errors, for people ------------------------------------------------

PLACE = {"CI_API_V4_URL": "", "CI_PROJECT_ID": PROJECT_ID, "CI_MERGE_REQUEST_IID": MR_IID}
ERRORS = [
    # (environment, exit code, what stderr says)
    ({TOKEN_VARIABLE: TOKEN}, 2, "not a GitLab merge-request pipeline"),
    ({**PLACE}, 3, f"{TOKEN_VARIABLE} is not set: GitLab's job token cannot post notes"),
    ({**PLACE, TOKEN_VARIABLE: "revoked"}, 3, f"HTTP 401: 401 Unauthorized). The token in {TOKEN_VARIABLE} is wrong"),
    ({**PLACE, "CI_MERGE_REQUEST_IID": "999", TOKEN_VARIABLE: TOKEN}, 3, "HTTP 404: 404 Not found). Check CI_PROJECT_ID"),
]


@pytest.mark.parametrize(("env", "code", "said"), ERRORS, ids=["no-mr", "no-token", "refused", "no-such-mr"])
def test_mr_note_errors(
    gitlab: FakeGitLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    env: dict[str, str], code: int, said: str,
) -> None:
    note = tmp_path / "changes.md"
    note.write_text("## Checklist changes\n", "utf-8")
    for name in (*PLACE_VARIABLES, TOKEN_VARIABLE):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value or gitlab.url)
    posted = len(gitlab.notes)

    assert main(["mr-note", str(note)]) == code

    _out, err = capsys.readouterr()
    assert said in err and "Traceback" not in err
    assert len(gitlab.notes) == posted


def test_mr_note_cannot_reach_gitlab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "changes.md"
    note.write_text("x\n", "utf-8")
    for name, value in {**PLACE, "CI_API_V4_URL": "http://127.0.0.1:9/api/v4", TOKEN_VARIABLE: TOKEN}.items():
        monkeypatch.setenv(name, value)

    assert main(["mr-note", str(note)]) == 3

    assert "cannot reach GitLab at http://127.0.0.1:9/api/v4/user" in capsys.readouterr().err


# --- which note a later run edits: in process, so a mutation of the rule is seen -------------

OURS = {"id": BOT}
THEIRS = {"id": 7}
WHICH_NOTE = [
    # (the notes already on the merge request, the note edited: None = a new one is posted)
    ([], None),
    ([{"id": 1, "body": f"{MARKER}\nold", "system": False, "author": OURS}], 1),
    ([{"id": 1, "body": f"{MARKER}\nfake", "system": False, "author": THEIRS}], None),
    ([{"id": 1, "body": f"{MARKER}\nevent", "system": True, "author": OURS}], None),
    ([{"id": 1, "body": f"quoted {MARKER}", "system": False, "author": OURS}], None),
    ([{"id": 1, "body": f"{MARKER}\nx", "system": False}], None),
    (
        [
            {"id": 1, "body": "added 1 commit", "system": True, "author": THEIRS},
            {"id": 2, "body": f"{MARKER}\nold", "system": False, "author": OURS},
        ],
        2,
    ),
    # past the first page of notes
    ([{"id": n, "body": "+1", "system": False, "author": THEIRS} for n in range(1, 131)]
     + [{"id": 131, "body": f"{MARKER}\nold", "system": False, "author": OURS}], 131),
    (
        [
            {"id": 1, "body": f"{MARKER}\nfake", "system": False, "author": THEIRS},
            {"id": 2, "body": f"{MARKER}\nfirst", "system": False, "author": OURS},
            {"id": 3, "body": f"{MARKER}\nsecond", "system": False, "author": OURS},
        ],
        2,
    ),
]


@pytest.mark.parametrize(
    ("notes", "edited"), WHICH_NOTE,
    ids=["none", "ours", "theirs", "system", "quoted", "no-author", "after-a-system-note", "on-page-2", "oldest-of-ours"],
)
def test_a_later_run_edits_only_its_own_marked_note(
    gitlab: FakeGitLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    notes: list[dict[str, Any]], edited: int | None,
) -> None:
    note = tmp_path / "changes.md"
    note.write_text("## Checklist changes\n", "utf-8")
    # a trailing slash, as a hand-set CI_API_V4_URL may have, is not doubled
    for name, value in {**PLACE, "CI_API_V4_URL": gitlab.url + "/", TOKEN_VARIABLE: TOKEN}.items():
        monkeypatch.setenv(name, value)
    gitlab.notes[:] = [dict(n) for n in notes]
    before = len(gitlab.requests)

    assert main(["mr-note", str(note)]) == 0

    method, path, _token = gitlab.requests[-1]
    if edited is None:
        assert (method, len(gitlab.notes)) == ("POST", len(notes) + 1)
        assert gitlab.notes[-1]["body"] == f"{MARKER}\n## Checklist changes\n"
    else:
        assert (method, path.rsplit("/", 1)[-1]) == ("PUT", str(edited))
        assert [n["id"] for n in gitlab.notes] == [n["id"] for n in notes]
    pages = 1 + len(notes) // 100  # mr-note asks for 100 notes a page
    assert len(gitlab.requests) - before == 1 + pages + 1  # who am I, the pages of notes, the write
