"""Who ticked what, and when: checklist history read from git.

Progress lives in ``playbook/progress/<phase>.yml``, one line an item, and is
committed like code. So git already knows who set each status and when; this
package asks it (through `gitrepo`, the only code that runs git) once a file
and turns the answer into values the site can show ("done by Alice on 3 May",
a done-over-time chart, "not committed yet").

* `lines`: one progress line, read as the loader reads it (fast path + the
  project's one YAML reader and schema).
* `logparse`: ``git log -p -U0`` text into changes, series and skipped lines.
* `reader`: `HistoryReader`, which asks `gitrepo` and caches by ``HEAD``.

One git process a file: ``git log --follow -p -U0`` prints every change; parsing
that patch text costs little more than git itself, where one ``git blame`` an
item or GitPython walking commits and diffing each is 50 to 60 times slower
(see the field notes). An old commit with a line that is not a valid entry
never breaks a build: the line is skipped and listed in `HistoryReport.skipped`.

Nothing here imports MkDocs or GitPython, starts a process or touches the network.
"""

from __future__ import annotations

from mkdocs_playbook.history.lines import BrokenLine, ProgressLine, parse_progress_line
from mkdocs_playbook.history.logparse import Change, SeriesPoint
from mkdocs_playbook.history.reader import (
    FileHistory,
    HistoryReader,
    HistoryReport,
    SkippedRevision,
)

__all__ = [
    "BrokenLine",
    "Change",
    "FileHistory",
    "HistoryReader",
    "HistoryReport",
    "ProgressLine",
    "SeriesPoint",
    "SkippedRevision",
    "commit_url",
    "parse_progress_line",
]


def commit_url(repo_url: str | None, sha: str) -> str | None:
    """A link to a commit on a GitHub/GitLab/Gitea-style host: ``<repo_url>/commit/<sha>``.

    Takes MkDocs' ``repo_url`` as users write it (trailing slash, ``.git``
    suffix); returns None when there is no http(s) URL to build on.
    """
    if not repo_url or not sha:
        return None
    base = repo_url.strip().rstrip("/")
    if base.endswith(".git"):
        base = base[: -len(".git")].rstrip("/")
    if not base.startswith(("https://", "http://")):
        return None
    return f"{base}/commit/{sha}"
