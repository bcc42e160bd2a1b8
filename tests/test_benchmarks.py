"""The benchmark scripts still run: each prints its ratio (the numbers themselves are not tested).

A benchmark nobody runs rots: the output gate's Markup titles once broke the build benchmark's
plain copy of the site without any test noticing.
"""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=600)


def test_the_history_benchmark_prints_its_ratio() -> None:
    done = _run("history_bench.py", "--items", "20", "--commits", "40", "--repeat", "1")
    assert done.returncode in (0, 1), done.stderr  # 1: over the target, which tiny sizes always are
    assert re.search(r"^ratio history / raw git log: \d+\.\d\d ", done.stdout, re.MULTILINE), done.stdout


def test_the_build_benchmark_prints_its_ratio() -> None:
    done = _run("build_bench.py", "--repeat", "1")
    assert done.returncode == 0, done.stderr
    assert re.search(r"^ratio playbook/plain = \d+\.\d\d$", done.stdout, re.MULTILINE), done.stdout
    assert "identical HTML in both sites" in done.stdout
