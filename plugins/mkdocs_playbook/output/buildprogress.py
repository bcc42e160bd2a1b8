"""How `playbook build` shows its progress: a live bar on a terminal, one line a site in a log.

On a terminal, tqdm draws the bar (width, rate and time left, redrawn in place) and prints each
finished site above it; in a CI log, where a redrawn bar would be a page of carriage returns,
each site gets one plain line with its time. Site labels are paths, escaped like every other
text (`terminal.escape`); the bar itself is written to the raw stream, since its carriage
returns are the point.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType
from typing import Any, TextIO

from tqdm import tqdm

from mkdocs_playbook.output.terminal import escape, raw


class BuildProgress:
    """A context manager: `done(label, seconds, ok, where)` once a site, in the order they finish."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        target = stream if stream is not None else sys.stderr
        self._raw: TextIO = raw(target)
        self._total = total
        self._count = 0
        self._lock = threading.Lock()  # `playbook build -j N` reports from N threads
        self._bar: tqdm[Any] | None = None
        if self._raw.isatty():
            self._bar = tqdm(total=total, unit="site", file=self._raw, desc="building", leave=False, dynamic_ncols=True)

    def __enter__(self) -> BuildProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.close()

    def done(self, label: str, seconds: float, ok: bool, where: str) -> None:
        with self._lock:
            self._report(label, seconds, ok, where)

    def _report(self, label: str, seconds: float, ok: bool, where: str) -> None:
        self._count += 1
        outcome = f"built in {seconds:.1f} s -> {escape(where)}" if ok else f"FAILED after {seconds:.1f} s"
        line = f"[{self._count}/{self._total}] {escape(label)}: {outcome}"
        if self._bar is None:
            print(line, file=self._raw, flush=True)
            return
        self._bar.write(line, file=self._raw)
        self._bar.update(1)
