"""Git history for a MkDocs build: output/phasehistory.py shapes it, this says it through MkDocs.

The reader lives at module level on purpose: its cache (keyed
by HEAD) is what keeps a rebuild from running `git log` again, whichever plugin
instance does the build (MkDocs keeps one for a whole `mkdocs serve`, but every
config loaded by other means gets a new one).

Lines of past commits that are not valid progress entries are skipped by the
reader, and said here once a build: a warning, so a `--strict` build notices a
bad commit the day it lands, and at info level for the commits listed in
`known_broken_commits`, because git history cannot be fixed and a warning
about it would fail every later strict build.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig

from mkdocs_playbook import model as m
from mkdocs_playbook.output.phasehistory import HistoryResult, read_history

if TYPE_CHECKING:
    from mkdocs_playbook.history import HistoryReader, SkippedRevision

SHOWN_SKIPPED = 5
"""How many skipped lines the one message lists; the rest are counted."""

_reader: HistoryReader | None = None


def _shared_reader() -> HistoryReader:
    """Imported on first use: a build with `history: false` never loads GitPython."""
    global _reader
    if _reader is None:
        from mkdocs_playbook.history import HistoryReader

        _reader = HistoryReader()
    return _reader


class SiteHistory:
    def __init__(self, log: logging.LoggerAdapter[logging.Logger] | logging.Logger) -> None:
        self.log = log

    def read(
        self,
        playbook: m.Playbook,
        config: MkDocsConfig,
        *,
        enabled: bool,
        known_broken: Sequence[str] = (),
        repo_url: str | None = None,
    ) -> HistoryResult:
        """Per-phase history, and a notice when history is partial or missing.

        The notice, with git's specifics, goes to the build log; the dashboard words a
        missing history for its readers (`HistoryResult.missing`, dashboard.md.j2).
        Commit links go to `repo_url` (the plugin's option: the data may live in
        another repository than the site's), else to MkDocs' own `repo_url`.
        """
        if not enabled:
            return HistoryResult()
        result = read_history(playbook, repo_url=repo_url or config.repo_url, reader=_shared_reader())
        if result.notice:
            # once a build, through the plugin logger: --strict counts it
            self.log.warning(result.notice)
        self._say_skipped(result.skipped, known_broken)
        return result

    def _say_skipped(self, skipped: Sequence[SkippedRevision], known_broken: Sequence[str]) -> None:
        """One message for the lines of past commits history could not use (and one for known ones)."""
        # at least 4 characters, as git itself asks of an abbreviated commit id
        prefixes = [k.strip().lower() for k in known_broken if len(k.strip()) >= 4]
        known = [s for s in skipped if any(s.commit.startswith(p) for p in prefixes)]
        new = [s for s in skipped if s not in known]
        if new:
            self.log.warning(
                _skipped_text(new)
                + " To accept these commits once you have checked them, list them under the playbook "
                "plugin's known_broken_commits option in mkdocs.yml."
            )
        if known:
            self.log.info(_skipped_text(known) + " (listed in known_broken_commits)")

    def close(self) -> None:
        if _reader is not None:
            _reader.clear()


def _skipped_text(skipped: Sequence[SkippedRevision]) -> str:
    # one log line whatever the old YAML held: no line breaks or control characters from it
    lines = "; ".join("".join(c for c in " ".join(str(s).split()) if c.isprintable()) for s in skipped[:SHOWN_SKIPPED])
    more = f"; and {len(skipped) - SHOWN_SKIPPED} more" if len(skipped) > SHOWN_SKIPPED else ""
    commits = len({s.commit for s in skipped})
    return (
        f"History skipped {len(skipped)} line(s) in {commits} past commit(s) that are not valid progress "
        f"entries (read as if those commits had left the lines alone): {lines}{more}."
    )
