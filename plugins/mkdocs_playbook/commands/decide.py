"""`playbook decide PHASE scale|iterate|rollback --reason TEXT`: record the decision people made.

The computed verdict informs; people decide (the seeds: "Product Owner decision on exit").
The decision is a new file in `decisions/<phase>/`, so git history says who recorded it and
when, and it is written whatever the verdict says: when the two disagree (scaling while the
verdict is not GO, rolling back while it is GO) the command warns and the site flags it.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys

from mkdocs_playbook import model as m
from mkdocs_playbook.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    add_location_options,
    add_wait_option,
    argument_type,
    attributed,
    progress_locked,
    site,
)
from mkdocs_playbook.commands.recording import (
    checked,
    loaded,
    moment_now,
    playbook_folder,
    refuse_broken,
    report_created,
    schema_home,
    warn,
    write_all,
)
from mkdocs_playbook.edit import records
from mkdocs_playbook.edit.actions import ActionError
from mkdocs_playbook.edit.measuring import AT_EXAMPLE, InputError, localize, not_in_future, parse_moment, zone_of
from mkdocs_playbook.gitrepo.worktree import user_name
from mkdocs_playbook.output.terminal import VERDICT_LABELS
from mkdocs_playbook.source.diagnostics import did_you_mean, quote, unknown
from mkdocs_playbook.source.files import display_path
from mkdocs_playbook.status import verdict as v

NAME = "playbook decide"
SHOWN_REASONS = 5


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "decide",
        help="record the go/no-go decision of a phase (or a stage): scale, iterate or rollback",
        description="Record a decision in a new file playbook/decisions/PHASE/STAMP-OUTCOME-HASH.yml and print "
        "the computed verdict beside it; warns when they disagree (scale while not GO, rollback while GO) "
        "and records the decision anyway: people decide, the site flags it.",
    )
    parser.add_argument("phase", metavar="PHASE", help="e.g. pilot")
    parser.add_argument("outcome", choices=m.OUTCOMES, metavar="scale|iterate|rollback", help="what was decided")
    parser.add_argument("--reason", required=True, metavar="TEXT", help="why, in a sentence (required)")
    parser.add_argument("--stage", metavar="STAGE", help="a stage of the phase, e.g. soft-launch (default: the phase)")
    parser.add_argument("--by", metavar="NAME", help="who decided (default: git's user.name)")
    parser.add_argument(
        "--at",
        type=argument_type(parse_moment),
        default=None,
        metavar="DATETIME",
        help=f"when, ISO 8601: {AT_EXAMPLE} (default: now)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the file it would create and write nothing")
    add_wait_option(parser)
    add_location_options(parser, with_today=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        with progress_locked(args, NAME):
            with attributed("read"):
                now = moment_now()  # first: the loader judges recordings by the same clock
                playbook_dir = playbook_folder(args)
                playbook, diagnostics = loaded(args)
                decision = _decision(args, playbook, now)
                refuse_broken(playbook_dir, args.phase, diagnostics)
                home = schema_home(args, playbook_dir)
                made = records.decision_recording(playbook_dir, args.phase, decision, home)
                made = checked(made, playbook_dir, records.DECISION_SCHEMA, site(args).max_mb)
            if args.dry_run:
                print(f"--- would create {display_path(made.path)}")
                sys.stdout.write(made.text)
                return EXIT_OK
            with attributed("write", made.path.parent):
                copied = write_all([made], home)
    except (ActionError, InputError) as refusal:
        print(f"{NAME}: {refusal}", file=sys.stderr)
        return EXIT_PROBLEMS
    where = f"{args.phase}/{decision.stage}" if decision.stage else args.phase
    print(f"{where}: {decision.outcome}, decided by {decision.by} at {records.moment(decision.at)}: {decision.reason}")
    report_created(args, [made.path], copied)
    _verdict(playbook, decision, args.phase, now)
    return EXIT_OK


def _decision(args: argparse.Namespace, playbook: m.Playbook, now: dt.datetime) -> m.Decision:
    phase = playbook.phase(args.phase)
    if phase is None:
        raise ActionError(unknown("unknown phase", args.phase, [p.id for p in playbook.phases]))
    plan = playbook.plans.get(phase.id)
    if args.stage is not None:
        # the phase's stages, as the loader checks a decision's stage (a plan dates them, it adds none)
        stages = [stage.id for stage in phase.block("stages", ())]
        if not stages:
            raise ActionError(f"phase {phase.id} has no stages; decide on the phase (without --stage)")
        if args.stage not in stages:
            raise ActionError(
                f"unknown stage {quote(args.stage)} of {phase.id}{did_you_mean(args.stage, stages)}; "
                f"expected one of: {', '.join(stages)}"
            )
    reason = " ".join(args.reason.split())
    if not reason:
        raise ActionError("--reason is empty; say why, in a sentence")
    by = " ".join((args.by or "").split()) or user_name(playbook_folder(args))
    if not by:
        raise ActionError("who decided? git has no user.name here; pass --by NAME")
    timezone = plan.timezone if plan else "UTC"
    at = (
        localize(args.at, timezone) if args.at is not None else now.replace(microsecond=0).astimezone(zone_of(timezone))
    )
    not_in_future(at, now, "a decision")
    return m.Decision(args.outcome, reason, at, by, args.stage)


def _verdict(playbook: m.Playbook, decision: m.Decision, phase: str, now: dt.datetime) -> None:
    """The computed verdict next to the decision, and a warning when they disagree."""
    decisions = dict(playbook.decisions)
    decisions[phase] = (*decisions.get(phase, ()), decision)
    result = v.evaluate(dataclasses.replace(playbook, decisions=decisions), phase, now, decision.stage)
    if result is None:
        print("computed verdict: none (the plan has no criteria, triggers or exit criteria to judge)")
        return
    label = VERDICT_LABELS[result.verdict]
    print(f"computed verdict: {label}" + (f", {result.action}" if result.action else ""))
    for reason in result.reasons[:SHOWN_REASONS]:
        print(f"  - {reason.text}")
    if len(result.reasons) > SHOWN_REASONS:
        print(f"  - and {len(result.reasons) - SHOWN_REASONS} more (`playbook gate {phase}` lists them all)")
    if disagrees(decision.outcome, result.verdict):
        warn(
            NAME,
            f"the decision to {decision.outcome} goes against the computed verdict {label}; it is recorded "
            "anyway (people decide), and the site flags the disagreement",
        )


def disagrees(outcome: str, verdict: v.Verdict) -> bool:
    """The brief's rule: scaling while the verdict is not GO, or rolling back while it is GO."""
    return (outcome == "scale" and verdict is not v.Verdict.GO) or (outcome == "rollback" and verdict is v.Verdict.GO)
