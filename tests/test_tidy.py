"""ruff (with bugbear, simplify, pyupgrade and complexity rules) and mypy --strict, as part of the suite.

They run here rather than as extra CI steps so that the README's one test command, which
is also what CI runs, is the whole bar a change has to clear.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import BIN, ROOT


def test_ruff_is_clean() -> None:
    done = subprocess.run(
        [str(BIN / "ruff"), "check", "--no-cache", "plugins", "tests", "benchmarks"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
