"""What one `mkdocs serve` remembers between rebuilds: the last build whose data was good.

A person editing a phase file while `mkdocs serve` runs passes through broken
states all the time (half a line typed, a bracket not yet closed). Serving an
empty or half site at those moments, or dying, throws away what they were
looking at; so while the data has problems, the plugin keeps serving the
playbook pages of the last build that had none, with a banner naming the
problems, until the next good rebuild replaces them.

This is carried between rebuilds on purpose, and only under `mkdocs serve`:
MkDocs keeps one plugin instance for a whole `serve` once the plugin has
`on_startup`/`on_shutdown` (MkDocs 1.4+), and that instance holds the
session. A `mkdocs build` never uses an earlier build's pages: it renders what
the data says now, and `--strict` fails on the problems. The instance is also
reused for any other config file loaded in the same process, hence the key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mkdocs_playbook.output.pages import Renderer


@dataclass(frozen=True)
class GoodBuild:
    """The rendering of a build whose data had no problems, and when it was made."""

    renderer: Renderer
    state: dict[str, Any]
    at: dt.datetime


class ServeSession:
    def __init__(self) -> None:
        self.serving = False
        self._good: dict[str, GoodBuild] = {}

    def start(self, command: str) -> None:
        """A new `mkdocs` invocation: forget everything, remember only under `serve`."""
        self.serving = command == "serve"
        self._good.clear()

    def remember(self, key: str, renderer: Renderer, state: dict[str, Any]) -> None:
        if self.serving:
            self._good[key] = GoodBuild(renderer, state, dt.datetime.now().astimezone())

    def last_good(self, key: str) -> GoodBuild | None:
        return self._good.get(key) if self.serving else None
