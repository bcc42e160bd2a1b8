"""`playbook handout PHASE` / `playbook handout --all`: a phase's printed handout as a PDF.

The same document the site's handout page shows (output/handout.py), with the date and commit
its state comes from (gitrepo/stateof.py), made into a PDF by WeasyPrint, an optional extra
(output/pdf.py). Each file is written at once: a failed render leaves no half PDF behind.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mkdocs_playbook import model as m
from mkdocs_playbook.commands.common import (
    EXIT_ENVIRONMENT,
    EXIT_OK,
    EXIT_PROBLEMS,
    Site,
    UsageError,
    add_location_options,
    attributed,
    load,
    now,
    people,
    site,
    today,
)
from mkdocs_playbook.edit.atomic import write_atomic_bytes
from mkdocs_playbook.edit.errors import EditError
from mkdocs_playbook.gitrepo.stateof import as_of
from mkdocs_playbook.output import pdf
from mkdocs_playbook.output.handout import PAPERS, handout_document, pdf_name
from mkdocs_playbook.output.pages import Renderer
from mkdocs_playbook.source.diagnostics import unknown
from mkdocs_playbook.source.files import display_path

NAME = "playbook handout"
STDOUT = Path("-")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    handout = commands.add_parser(
        "handout",
        help="a phase's printable handout as a PDF (needs the pdf extra)",
        description="Write a phase's handout as a PDF: organization, phase, the date and commit its state comes "
        "from, the discovery questions with their answers, the checklist with marks that survive a "
        "black-and-white printer, focus areas, challenges and, for a phase with a plan, the plan and its "
        "verdict. Needs WeasyPrint: pip install 'mkdocs-playbook[pdf]'. Exit 1 when the data has problems, "
        "3 when WeasyPrint is missing or a file cannot be written.",
    )
    handout.add_argument("phase", nargs="?", metavar="PHASE", help="the phase id, e.g. pilot (or --all)")
    handout.add_argument(
        "--all", action="store_true", help="one PDF for every phase, into the folder -o names (created if missing)"
    )
    handout.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="PATH",
        help="the PDF to write (default: PHASE-handout.pdf, or PHASE-handout-blank.pdf with --blank, in the current "
        "folder; an existing folder gets that name inside it; - writes to standard output); with --all, the "
        "folder (default: the current folder)",
    )
    handout.add_argument(
        "--paper",
        choices=PAPERS,
        default=None,
        help=f"the paper size (default: the plugin's handout_paper in mkdocs.yml, else {PAPERS[0]})",
    )
    handout.add_argument(
        "--blank",
        action="store_true",
        help="the workshop handout: no team state, every box open and every answer a ruled space",
    )
    add_location_options(handout)
    handout.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.all == bool(args.phase):
        raise UsageError("name one PHASE, or --all for every phase")
    if args.all and args.output == STDOUT:
        raise UsageError("--all writes a file for each phase into a folder; -o - (standard output) takes one PHASE")
    result = load(args)
    for diagnostic in result.diagnostics:
        print(diagnostic, file=sys.stderr)
    if result.playbook is None or not result.ok:
        print(f"{NAME}: the data has problems (above); no handout until they are fixed", file=sys.stderr)
        return EXIT_PROBLEMS
    playbook = result.playbook
    phases = list(playbook.phases) if args.all else [_phase(playbook, args.phase)]
    if args.output == STDOUT and sys.stdout.isatty():
        raise UsageError("a PDF on the terminal is unreadable; redirect it (> FILE) or pipe it (| lp -)")
    if (missing := pdf.unavailable()) is not None:
        print(f"{NAME}: {missing}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    targets = _targets(args, phases)

    where, day = site(args), today(args)
    args.paper = args.paper or _site_paper(where)
    # no git history: a handout shows no tick authors; people as mkdocs.yml publishes them (the plugin's `people`)
    renderer = Renderer(playbook, today=day, now=now(args), people=people(args))
    state = as_of(where.playbook_dir, where.phases_dir, day)
    for phase, target in zip(phases, targets, strict=True):
        document = handout_document(renderer, phase.id, as_of=state, blank=args.blank, paper=args.paper)
        try:
            made = _write(document, target)
        except EditError as error:  # e.g. -o names a symbolic link
            print(f"{NAME}: {error}; nothing was written", file=sys.stderr)
            return EXIT_PROBLEMS
        where_to = "standard output" if target == STDOUT else str(target)  # as the person named it (-o)
        kind = "blank handout" if args.blank else "handout"
        pages = f"{made.pages} page{'s' if made.pages != 1 else ''}"
        # what was written is output (stdout), unless stdout carries the PDF itself
        said = sys.stderr if target == STDOUT else sys.stdout
        print(f"{NAME}: {phase.id}: {kind}, {pages} {args.paper} -> {where_to}", file=said)
        for note in made.notes:
            print(f"{NAME}: {phase.id}: WeasyPrint: {note}", file=sys.stderr)
    return EXIT_OK


def _site_paper(where: Site) -> str:
    """The plugin's `handout_paper`, so the command prints on the paper the site's PDFs use."""
    chosen = where.config.options.get("handout_paper", PAPERS[0]) if where.config else PAPERS[0]
    if chosen not in PAPERS:
        raise UsageError(f"the plugin option handout_paper is {chosen!r} in mkdocs.yml; expected one of: "
                         + ", ".join(PAPERS))
    return str(chosen)


def _phase(playbook: m.Playbook, phase_id: str) -> m.Phase:
    phase = playbook.phase(phase_id)
    if phase is None:
        raise UsageError(unknown("unknown phase", phase_id, [p.id for p in playbook.phases], none="(no phases)"))
    return phase


def _targets(args: argparse.Namespace, phases: list[m.Phase]) -> list[Path]:
    """The file each phase goes to; with --all, the folder is created here (a Fault if it cannot be)."""
    output: Path | None = args.output
    if args.all:
        folder = output or Path()
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"-o {display_path(folder)} is a file; with --all it names a folder for the PDFs")
        with attributed("create", folder):
            folder.mkdir(parents=True, exist_ok=True)
        return [folder / pdf_name(phase.id, blank=args.blank) for phase in phases]
    if output is None or output.is_dir():
        return [(output or Path()) / pdf_name(phases[0].id, blank=args.blank)]
    return [output]


def _write(document: str, target: Path) -> pdf.Pdf:
    made = pdf.render(document)
    if target == STDOUT:
        sys.stdout.flush()
        with attributed("write", "standard output"), open(sys.stdout.fileno(), "wb", closefd=False) as out:
            out.write(made.data)
    else:
        with attributed("write", target):
            write_atomic_bytes(target, made.data)
    return made
