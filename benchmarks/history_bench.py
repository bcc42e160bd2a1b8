"""Benchmark: reading a phase's tick history against the raw ``git log`` it is built on.

Why this exists: the history module runs one ``git log -p -U0`` per progress
file and parses the patch text in Python. The git process is the floor; this
script measures how far above that floor the whole ``HistoryReader.read()``
(process start-up, decoding, parsing, building the report) lands, so a slow
parser shows up as a number rather than as a sluggish ``mkdocs serve``.

It builds a throw-away repository with ``git fast-import`` (one progress file,
``--items`` lines, ``--commits`` commits, each ticking or editing one or two
lines, a few authors, increasing dates), then times, best of ``--repeat``:

* ``HistoryReader().read(...)`` with a fresh reader each run (no cache), and
* ``git log --reverse -p -U0 -- FILE`` as a subprocess, output discarded.

Run: ``.venv/bin/python benchmarks/history_bench.py [--items 500] [--commits 10000]``.
Nothing is fetched from the network; the repository lives in a temporary
directory removed at the end (``--keep`` prints its path and keeps it).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from mkdocs_playbook.history import HistoryReader

TARGET_RATIO = 1.3
PROGRESS_PATH = "playbook/progress/pilot.yml"
AUTHORS = (
    ("Alice Martin", "alice@example.com"),
    ("Bob Chen", "bob@example.com"),
    ("Chloé Dubois", "chloe@example.com"),
    ("Dev Patel", "dev@example.com"),
)
START_EPOCH = 1_704_067_200  # 2024-01-01T00:00:00Z


def _git_env() -> dict[str, str]:
    """An environment that ignores the user's and the system's git configuration."""
    env = dict(os.environ)
    env.update(
        {
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
        }
    )
    return env


def _initial_line(index: int, item_id: str) -> str:
    """Mix the forms real files use, so both the regex fast path and its edge are exercised."""
    kind = index % 10
    if kind == 7:
        return f"'{item_id}': todo"
    if kind == 9:
        return f'{item_id}: {{answer: "we measure {index} things"}}'
    return f"{item_id}: todo"


def _next_line(rng: random.Random, item_id: str, current: str) -> str:
    """The next state of one line: tick, start, skip, edit a note, or reopen."""
    roll = rng.random()
    if "answer" in current:
        return f'{item_id}: {{answer: "revised answer {rng.randrange(1000)}"}}'
    if roll < 0.35:
        return f"{item_id}: done"
    if roll < 0.55:
        team = rng.choice(("service-desk", "comms-team", "platform"))
        return f"{item_id}: {{status: done, by: {team}, note: checked on site {rng.randrange(99)}}}"
    if roll < 0.70:
        return f"{item_id}: {{status: in-progress, owner: comms-team, due: 2026-12-05}}"
    if roll < 0.80:
        return f"{item_id}: {{status: skipped, reason: not applicable here}}"
    if roll < 0.90:
        return f"'{item_id}': \"in-progress\""
    return f"{item_id}: todo"


def build_repository(directory: Path, items: int, commits: int, seed: int = 7) -> Path:
    """Create a repository with one progress file and `commits` commits; return the file path."""
    env = _git_env()
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "init", "-q", str(directory)],
        check=True,
        env=env,
    )
    rng = random.Random(seed)
    ids = [f"item-{n:04d}-check" for n in range(items)]
    lines = ["# Pilot progress: one line an item, written by `playbook tick`."]
    lines += [_initial_line(n, item_id) for n, item_id in enumerate(ids)]

    process = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"],
        cwd=directory,
        stdin=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None
    write = process.stdin.write
    for number in range(commits):
        if number:
            for _ in range(rng.choice((1, 1, 2))):
                index = rng.randrange(items)
                lines[index + 1] = _next_line(rng, ids[index], lines[index + 1])
        name, email = AUTHORS[number % len(AUTHORS)] if number else AUTHORS[0]
        when = START_EPOCH + number * 900
        message = f"Update pilot progress ({number})\n".encode()
        content = ("\n".join(lines) + "\n").encode()
        write(b"commit refs/heads/main\n")
        write(f"author {name} <{email}> {when} +0100\n".encode())
        write(f"committer {name} <{email}> {when} +0100\n".encode())
        write(b"data %d\n%s" % (len(message), message))
        write(f"M 100644 inline {PROGRESS_PATH}\n".encode())
        write(b"data %d\n%s\n" % (len(content), content))
    write(b"done\n")
    process.stdin.close()
    if process.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=directory, check=True, env=env)
    return directory / PROGRESS_PATH


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of `repeat` runs: the least disturbed measurement of the same work."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "Time HistoryReader().read() on a generated repository against the raw "
            f"`git log --reverse -p -U0 -- FILE` it parses (target ratio <= {TARGET_RATIO})."
        )
    )
    parser.add_argument("--items", type=int, default=500, help="lines in the progress file")
    parser.add_argument("--commits", type=int, default=10_000, help="commits touching it")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument("--keep", action="store_true", help="keep the generated repository")
    args = parser.parse_args(argv)
    if args.items < 1 or args.commits < 1 or args.repeat < 1:
        parser.error("--items, --commits and --repeat must be positive")

    # Benchmarks must not depend on the machine's git configuration either.
    os.environ.update(_git_env())
    directory = Path(tempfile.mkdtemp(prefix="playbook-history-bench-"))
    try:
        start = time.perf_counter()
        progress = build_repository(directory, args.items, args.commits)
        print(f"built {args.commits} commits x {args.items} items in {time.perf_counter() - start:.1f} s ({directory})")
        known = {f"item-{n:04d}-check" for n in range(args.items) if n % 10 != 9}

        def run_history() -> object:
            report = HistoryReader(directory).read([progress], {progress: known})
            if not report.available:
                raise SystemExit(f"history not available: {report.notice}")
            return report

        def run_raw() -> object:
            return subprocess.run(
                ["git", "log", "--reverse", "-p", "-U0", "--", PROGRESS_PATH],
                cwd=directory,
                stdout=subprocess.DEVNULL,
                check=True,
            )

        run_history()  # warm the page cache and imports before measuring either side
        raw = best_of(args.repeat, run_raw)
        history = best_of(args.repeat, run_history)
        report = HistoryReader(directory).read([progress], {progress: known})
        file_history = report.files[str(progress)]
        ratio = history / raw
        print(f"changes: {len(file_history.changes)}, series points: {len(file_history.series)}")
        print(f"raw git log:        {raw:.3f} s (best of {args.repeat})")
        print(f"HistoryReader.read: {history:.3f} s (best of {args.repeat})")
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(f"ratio history / raw git log: {ratio:.2f} (target <= {TARGET_RATIO}: {verdict})")
        return 0 if ratio <= TARGET_RATIO else 1
    finally:
        if args.keep:
            print(f"kept {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
