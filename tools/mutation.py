"""Mutation testing of the rules: `python tools/mutation.py [MUTMUT ARGS]` (default: `run`).

Runs mutmut (configured by [tool.mutmut] in pyproject.toml) over the status
rules and the editing actions. mutmut 3 names each mutant after its file's
path and strips only a leading `src/`; this package lives under `plugins/`,
so mutants named `plugins.mkdocs_playbook...` would never match the module
the tests import and every one would survive unnoticed. The run therefore
happens in build/mutation/, where `src` links to plugins/ and the files the
tests need link to the checkout; mutmut's own `mutants/` copy lands there too.

    python tools/mutation.py                # mutate and test (a few minutes)
    python tools/mutation.py results        # the survivors
    python tools/mutation.py show NAME      # one mutant as a diff
    python tools/mutation.py browse         # the interactive browser
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "mutation"
LINKS = {
    "src": "plugins",
    "plugins": "plugins",  # for the copy of the editors' schemas the test projects carry
    "tests": "tests",
    "playbook": "playbook",
    "mkdocs.yml": "mkdocs.yml",
    ".gitlab-ci.yml": ".gitlab-ci.yml",  # tests/test_gitlab_ci.py reads the recipe
    "README.md": "README.md",  # the test that every option is documented reads it
    "pyproject.toml": "pyproject.toml",
}


def main(argv: list[str]) -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    for name, target in LINKS.items():
        link = WORK / name
        if not link.is_symlink():
            link.symlink_to(ROOT / target)
    mutmut = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or shutil.which("mutmut")
    if mutmut is None:
        print("mutmut is not installed; pip install -e '.[dev]'", file=sys.stderr)
        return 2
    argv = argv or ["run"]
    if argv[0] == "run":
        # mutmut keeps a mutant's result until the mutated function changes, so a run after
        # a test was added would still report the old survivors: start from scratch
        shutil.rmtree(WORK / "mutants", ignore_errors=True)
    return subprocess.call([mutmut, *argv], cwd=WORK)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
