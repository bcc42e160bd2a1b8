"""Git history in the pages' terms: who gave an item its status and when, a phase at a time.

Its own module so that output/people.py (which publishes it) and output/pages.py (which shows
it) both use it without importing each other; pages.py re-exports both names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attribution:
    """Who gave an item its current status, and when (from git)."""

    author: str
    date: dt.datetime
    sha: str
    url: str | None = None


@dataclass(frozen=True)
class PhaseHistory:
    """What git says about one phase's progress file, in the renderer's terms.

    `attributions` are as of ``HEAD``; `uncommitted` holds the items whose line in
    the working tree differs from ``HEAD`` (every item when `committed` is False).
    The renderer credits no commit for those: their state is nobody's commit yet.
    """

    attributions: Mapping[str, Attribution] = field(default_factory=dict)
    uncommitted: frozenset[str] = frozenset()
    series: tuple[tuple[dt.datetime, int], ...] = ()
    committed: bool = True
