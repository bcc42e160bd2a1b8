"""`playbook measure METRIC VALUE` and `playbook measure --import FILE.csv`: record measurements.

Each run creates one new file per phase in `measurements/<phase>/` (`edit.records`), never
edits one, so two pull requests that record measurements merge cleanly, with git and with
GitHub's button alike. Exit codes as every command: 0 recorded (or nothing new to record),
1 refused (nothing written), 2 usage, 3 the environment.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from mkdocs_playbook import model as m
from mkdocs_playbook.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    add_location_options,
    add_wait_option,
    argument_type,
    attributed,
    progress_locked,
    site,
)
from mkdocs_playbook.commands.recording import (
    broken_plans,
    checked,
    loaded,
    moment_now,
    playbook_folder,
    refuse_broken,
    report_created,
    schema_home,
    write_all,
)
from mkdocs_playbook.edit import records
from mkdocs_playbook.edit.actions import ActionError
from mkdocs_playbook.edit.csvimport import Row, read_rows
from mkdocs_playbook.edit.measuring import (
    AT_EXAMPLE,
    InputError,
    key,
    localize,
    not_in_future,
    parse_moment,
    parse_value,
    recorded,
    resolve,
    zone_of,
)
from mkdocs_playbook.source.files import display_path
from mkdocs_playbook.status.wording import quantity

NAME = "playbook measure"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "measure",
        help="record a measured value of a plan's metric (or import many from a CSV file)",
        description="Record METRIC = VALUE in a new file playbook/measurements/PHASE/STAMP-METRIC-HASH.yml "
        "(one file per recording, so pull requests never conflict). METRIC is PHASE/METRIC or a metric id "
        "unique across the plans. Refuses (exit 1, nothing written) an unknown metric, a time in the future "
        "or a recording already made.",
    )
    parser.add_argument("metric", nargs="?", metavar="METRIC", help="e.g. pilot/p95-latency, or p95-latency")
    parser.add_argument(
        "value",
        nargs="?",
        type=argument_type(parse_value),
        metavar="VALUE",
        help="a number with a dot, e.g. 240 or 0.5",
    )
    parser.add_argument(
        "--at",
        type=argument_type(parse_moment),
        default=None,
        metavar="DATETIME",
        help=f"when it was measured, ISO 8601: {AT_EXAMPLE} (default: now)",
    )
    parser.add_argument("--note", metavar="TEXT", help="a one-line note shown with the value")
    parser.add_argument(
        "--import",
        dest="import_file",
        type=Path,
        default=None,
        metavar="FILE.csv",
        help="record every row of a CSV file with a header row: metric, value, at (or time, timestamp), "
        "note and phase optional",
    )
    parser.add_argument("--phase", metavar="PHASE", help="with --import: the phase of rows that name none")
    parser.add_argument("--dry-run", action="store_true", help="print the file(s) it would create and write nothing")
    add_wait_option(parser)
    add_location_options(parser, with_today=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    _check_usage(args)
    try:
        with progress_locked(args, NAME):
            with attributed("read"):
                made = _recordings(args)
            if made is None:
                return EXIT_OK
            recordings, summary = made
            if args.dry_run:
                for item in recordings:
                    print(f"--- would create {display_path(item.path)}")
                    sys.stdout.write(item.text)
                return EXIT_OK
            with attributed("write", recordings[0].path.parent):
                copied = write_all(recordings, schema_home(args, site(args).playbook_dir))
    except (ActionError, InputError) as refusal:
        print(f"{NAME}: {refusal}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(summary)
    report_created(args, [item.path for item in recordings], copied)
    return EXIT_OK


def _check_usage(args: argparse.Namespace) -> None:
    if args.import_file is not None:
        if args.metric is not None or args.at is not None or args.note is not None:
            raise UsageError(
                "--import reads metric, value, at and note from the file; give no METRIC, VALUE, --at or --note"
            )
    elif args.metric is None or args.value is None:
        raise UsageError("give METRIC and VALUE (e.g. `playbook measure pilot/p95-latency 240`), or --import FILE.csv")
    elif args.phase is not None:
        raise UsageError("--phase goes with --import; name the phase in METRIC as PHASE/METRIC")


def _recordings(args: argparse.Namespace) -> tuple[list[records.Recording], str] | None:
    """The files to create and the line that says what they hold; None: nothing new to record."""
    now = moment_now()  # first: the loader judges recordings by the same clock
    playbook_dir = playbook_folder(args)
    playbook, diagnostics = loaded(args)
    where = site(args)
    plans = {p.id: playbook.plans[p.id] for p in playbook.phases if p.id in playbook.plans}  # in phase order
    try:
        rows = _rows(args, playbook, plans, now, where.max_mb)
    except (ActionError, InputError) as refusal:  # a plan that does not load declares no metric: say why
        raise ActionError(str(refusal) + broken_plans(playbook_dir, diagnostics)) from None
    by_phase: dict[str, list[m.Measurement]] = {}
    for row in rows:
        by_phase.setdefault(row.phase, []).append(row.measurement)
    made: list[records.Recording] = []
    skipped = 0
    for phase, measurements in by_phase.items():
        refuse_broken(playbook_dir, phase, diagnostics)
        seen = recorded(playbook.measurements.get(phase, ()))
        fresh = []
        for measurement in measurements:
            if key(measurement) in seen:
                skipped += 1
                continue
            seen.add(key(measurement))
            fresh.append(measurement)
        if fresh:
            text = records.measurements_recording(playbook_dir, phase, fresh, schema_home(args, playbook_dir))
            made.append(checked(text, playbook_dir, records.MEASUREMENTS_SCHEMA, where.max_mb))
    if args.import_file is None:
        if not made:
            raise ActionError(f"{_describe(rows[0], playbook)} is already recorded; nothing was written")
        return made, f"{_describe(rows[0], playbook)}"
    count = sum(item.entries for item in made)
    summary = f"recorded {count} measurement{'s' if count != 1 else ''}, skipped {skipped} already recorded"
    if not made:
        print(f"{summary}; nothing to write")
        return None
    return made, summary


def _rows(
    args: argparse.Namespace, playbook: m.Playbook, plans: dict[str, m.Plan], now: dt.datetime, max_mb: float
) -> list[Row]:
    """The measurements asked for: the CSV file's rows, or METRIC VALUE at --at (default now)."""
    if args.import_file is not None:
        return _import(args, playbook, plans, now, max_mb)
    ref = resolve(plans, args.metric)
    # by default now, to the second, on the plan's wall clock: the file reads as the team's time
    at = (
        localize(args.at, ref.timezone)
        if args.at is not None
        else now.replace(microsecond=0).astimezone(zone_of(ref.timezone))
    )
    not_in_future(at, now)
    note = " ".join((args.note or "").split())
    return [Row(ref.phase, m.Measurement(ref.metric, args.value, at, note))]


def _import(
    args: argparse.Namespace, playbook: m.Playbook, plans: dict[str, m.Plan], now: dt.datetime, max_mb: float
) -> list[Row]:
    path: Path = args.import_file
    if args.phase is not None and playbook.phase(args.phase) is None:
        raise ActionError(
            f"--phase {args.phase}: unknown phase; expected one of: {', '.join(p.id for p in playbook.phases)}"
        )
    if not path.is_file():
        raise UsageError(f"{display_path(path)} not found; --import names a CSV file")
    rows, problems = read_rows(path, display_path(path), plans, now, args.phase, max_mb)
    if problems:
        listing = "\n".join(str(p) for p in problems)
        raise ActionError(f"{display_path(path)} has {len(problems)} problem(s); nothing was written:\n{listing}")
    return rows


def _describe(row: Row, playbook: m.Playbook) -> str:
    x = row.measurement
    plan = playbook.plans.get(row.phase)
    unit = next((c.unit for c in plan.criteria if c.metric == x.metric and c.unit), "") if plan else ""
    return f"{row.phase}/{x.metric} = {quantity(x.value, unit)} at {records.moment(x.at)}"
