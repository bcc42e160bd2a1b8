"""`playbook mr-note FILE`: post FILE (the Markdown of `playbook changes`) on a GitLab merge request.

One note a merge request, kept up to date: the body carries a hidden marker, and a later
pipeline edits the note that has it (PUT) instead of adding another (POST), as the GitHub
workflow's `gh pr comment --edit-last` does. GitLab's CI_JOB_TOKEN cannot write notes, so the
job needs a project access token (scope `api`, role Reporter or above) in the masked CI/CD
variable `TOKEN_VARIABLE`. Where to post comes from GitLab's predefined variables.

Exit codes: 0 posted or updated, 2 not in a merge-request pipeline (a variable is missing),
3 the token is missing, FILE cannot be read, or GitLab cannot be reached or refuses.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any, Final

from mkdocs_playbook.commands.common import EXIT_ENVIRONMENT, EXIT_OK, EXIT_USAGE, attributed

TOKEN_VARIABLE: Final = "PLAYBOOK_GITLAB_TOKEN"
"""The CI/CD variable with the project access token: masked, and not protected (a protected
variable is withheld from the pipelines of unprotected branches, which is where merge requests
come from)."""
PLACE_VARIABLES: Final = ("CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID")
"""GitLab sets all three in a merge-request pipeline (`CI_PIPELINE_SOURCE == "merge_request_event"`)."""
MARKER: Final = "<!-- playbook changes -->"
"""The first line of the note, hidden when rendered; how a later run finds the note to update.
Only a note the token's own user wrote counts: anyone on the merge request can start a note with
the marker, and editing theirs would fail (or, with a maintainer's token, overwrite it)."""
PER_PAGE: Final = 100
MAX_PAGES: Final = 50
"""At most this many pages of notes are searched for the marker (5000 notes), then a new note is posted."""
TIMEOUT_SECONDS: Final = 30


class NoteError(Exception):
    """Why the note could not be posted, worded for the person reading the job log; and the exit code."""

    def __init__(self, message: str, code: int = EXIT_ENVIRONMENT) -> None:
        super().__init__(message)
        self.code = code


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `playbook mr-note` on the CLI's subcommands."""
    parser = commands.add_parser(
        "mr-note",
        help="post a Markdown file as a note on the GitLab merge request of this pipeline, updating "
        "the note of an earlier run",
        description=f"In a GitLab merge-request pipeline, post FILE (e.g. the output of `playbook changes`) as "
        f"a note on the merge request, or update the note an earlier run posted. The token comes from "
        f"{TOKEN_VARIABLE} (a project access token with the api scope); the merge request from "
        f"{', '.join(PLACE_VARIABLES)}. Exit 0 posted, 2 not a merge-request pipeline, 3 no token, an "
        "unreadable FILE, or GitLab refused.",
    )
    parser.add_argument("file", metavar="FILE", help="the Markdown to post")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """0 posted or updated; 2 or 3 with one line on stderr saying what to do."""
    try:
        with attributed("read", args.file), open(args.file, encoding="utf-8-sig") as handle:
            markdown = handle.read()
        url = post_note(markdown, os.environ)
    except NoteError as error:
        print(f"playbook mr-note: {error}", file=sys.stderr)
        return error.code
    print(f"playbook mr-note: {url}")
    return EXIT_OK


def post_note(markdown: str, env: Mapping[str, str]) -> str:
    """Post or update the merge request's playbook note; what was done, for the log."""
    missing = [name for name in PLACE_VARIABLES if not env.get(name, "").strip()]
    if missing:
        raise NoteError(
            f"{', '.join(missing)} not set: this is not a GitLab merge-request pipeline. Run it in a job with "
            'the rule `if: $CI_PIPELINE_SOURCE == "merge_request_event"`.',
            EXIT_USAGE,
        )
    token = env.get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise NoteError(
            f"{TOKEN_VARIABLE} is not set: GitLab's job token cannot post notes. Create a project access "
            f"token (Settings > Access tokens, role Reporter, scope api) and add it as the masked, "
            f"unprotected CI/CD variable {TOKEN_VARIABLE} (Settings > CI/CD > Variables)."
        )
    api, project, iid = (env[name].strip() for name in PLACE_VARIABLES)
    notes = f"{api.rstrip('/')}/projects/{urllib.parse.quote(project, safe='')}/merge_requests/{iid}/notes"
    body = json.dumps({"body": f"{MARKER}\n{markdown}"}).encode("utf-8")
    existing = _marked_note(notes, token, _own_user_id(api, token))
    if existing is None:
        _request("POST", notes, token, body)
        return f"posted a note on merge request !{iid}"
    _request("PUT", f"{notes}/{existing}", token, body)
    return f"updated note {existing} on merge request !{iid}"


def _own_user_id(api: str, token: str) -> object:
    """The id of the user the token acts as (a project access token's bot user)."""
    me = _request("GET", f"{api.rstrip('/')}/user", token)
    if not isinstance(me, dict) or "id" not in me:
        raise NoteError("GitLab's answer to GET /user names no user: check CI_API_V4_URL")
    return me["id"]


def _marked_note(notes: str, token: str, own_id: object) -> int | None:
    """The id of the first note of ours with the marker, oldest first; None when no earlier run posted one."""
    for page in range(1, MAX_PAGES + 1):
        listed = _request("GET", f"{notes}?sort=asc&order_by=created_at&per_page={PER_PAGE}&page={page}", token)
        if not isinstance(listed, list):
            raise NoteError(f"GitLab answered {notes} with something other than a list of notes")
        for note in listed:
            if not isinstance(note, dict) or note.get("system"):
                continue
            author = note.get("author")
            if isinstance(author, dict) and author.get("id") == own_id and str(note.get("body", "")).startswith(MARKER):
                note_id = note.get("id")
                if isinstance(note_id, int):
                    return note_id
        if len(listed) < PER_PAGE:
            return None
    return None


def _request(method: str, url: str, token: str, body: bytes | None = None) -> Any:
    """One API call; its JSON. Refusals and network failures become a NoteError that says what to check."""
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("PRIVATE-TOKEN", token)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return json.loads(response.read().decode("utf-8") or "null")
    except urllib.error.HTTPError as error:
        refused = f"GitLab refused {method} {_path(url)} (HTTP {error.code}: {_said(error)})"
        raise NoteError(f"{refused}. {_hint(error.code)}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise NoteError(
            f"cannot reach GitLab at {_path(url)} ({reason}). Check CI_API_V4_URL and the runner's network."
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise NoteError(f"GitLab's answer to {method} {_path(url)} is not JSON") from None


def _path(url: str) -> str:
    """The URL without its query, for messages."""
    return url.split("?", 1)[0]


def _said(error: urllib.error.HTTPError) -> str:
    """GitLab's own message (`{"message": ...}`), on one short line."""
    try:
        text = error.read().decode("utf-8", "replace")
        message = json.loads(text).get("message", text) if text.startswith("{") else text
    except (OSError, json.JSONDecodeError, AttributeError):
        message = error.reason
    line = " ".join(str(message).split())
    return (line[:200] + "…" if len(line) > 200 else line) or str(error.reason)


def _hint(status: int) -> str:
    if status == 401:
        return f"The token in {TOKEN_VARIABLE} is wrong, revoked or expired: create a new one."
    if status == 403:
        return f"The token in {TOKEN_VARIABLE} needs the api scope and at least the Reporter role."
    if status == 404:
        return "Check CI_PROJECT_ID and CI_MERGE_REQUEST_IID, and that the token's project is this one."
    return "Try again; if it persists, check GitLab's status."
