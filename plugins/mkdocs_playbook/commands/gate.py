"""`playbook gate PHASE [--stage STAGE]`: the go/no-go verdict with its reasons, as an exit code.

Made for a release job: exit 0 only for GO. It fails closed: a data file that does not load is
listed and the exit is 1, never a verdict computed from what happened to load. The rule itself
is status/verdict.py (README "Go / no-go").
"""

from __future__ import annotations

import argparse
import json
import sys
from zoneinfo import ZoneInfo

from mkdocs_playbook import model as m
from mkdocs_playbook.commands.common import EXIT_PROBLEMS, UsageError, add_location_options, load, now
from mkdocs_playbook.output.pr_markdown import escape_markdown
from mkdocs_playbook.output.verdict_text import markdown, write_text
from mkdocs_playbook.source.diagnostics import unknown
from mkdocs_playbook.status.verdict import Verdict, document, evaluate

EXIT_CODES = {Verdict.GO: 0, Verdict.NO_GO: 1, Verdict.NOT_YET: 2}
"""GO 0, NO-GO 1, NOT YET 2 (README "Go / no-go"); nothing to judge is NOT YET."""
EXIT_NOTHING = EXIT_CODES[Verdict.NOT_YET]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    gate = commands.add_parser(
        "gate",
        help="the go/no-go verdict of a phase or stage; exit 0 GO, 1 NO-GO, 2 NOT YET",
        description="The go/no-go verdict of a phase (or one stage of its plan) from its success criteria, "
        "measurements, rollback triggers and open exit criteria, with every reason, most severe first. "
        "Exit 0 GO, 1 NO-GO or data that does not load, 2 NOT YET or nothing to judge (and usage errors).",
    )
    gate.add_argument("phase", metavar="PHASE", help="the phase id, e.g. pilot")
    gate.add_argument("--stage", metavar="STAGE", default=None, help="one stage of the phase's plan, e.g. soft-launch")
    gate.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text for people (default), json for machines, markdown for a pull request comment",
    )
    add_location_options(gate)
    gate.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    result = load(args)
    for diagnostic in result.diagnostics:
        print(diagnostic, file=sys.stderr)
    if result.playbook is None or not result.ok:
        print("playbook gate: the data has problems (above); no verdict until they are fixed", file=sys.stderr)
        return EXIT_PROBLEMS
    playbook = result.playbook
    phase = check_scope(playbook, args.phase, args.stage)
    when = now(args)
    verdict = evaluate(playbook, phase.id, when, args.stage)
    plan = playbook.plans.get(phase.id)
    zone = ZoneInfo(plan.timezone if plan else "UTC")
    scope = phase.title + (f", stage {args.stage}" if args.stage else "")
    if verdict is None:
        nothing = f"{scope}: nothing to judge (no criteria, rollback triggers, exit criteria or decision)"
        if args.format == "json":
            print(json.dumps({"phase": phase.id, "stage": args.stage, "verdict": None, "reasons": []}, indent=2))
        elif args.format == "markdown":
            print(f"## Go / no-go: {escape_markdown(nothing)}")
        else:
            print(nothing)
        return EXIT_NOTHING
    if args.format == "json":
        print(json.dumps(document(verdict), indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        sys.stdout.write(markdown(phase.title, verdict, zone))
    else:
        write_text(sys.stdout, phase.title, verdict, zone)
    return EXIT_CODES[verdict.verdict]


def check_scope(playbook: m.Playbook, phase_id: str, stage: str | None) -> m.Phase:
    """The phase, after checking it and the stage exist: a usage error with did-you-mean if not."""
    phase = playbook.phase(phase_id)
    if phase is None:
        raise UsageError(unknown("unknown phase", phase_id, [p.id for p in playbook.phases]))
    if stage is not None:
        plan = playbook.plans.get(phase_id)
        stages = [s.id for s in plan.stages] if plan else []
        if stage not in stages:
            raise UsageError(unknown("unknown stage", stage, stages, none=f"(no plan with stages for {phase_id})"))
    return phase
