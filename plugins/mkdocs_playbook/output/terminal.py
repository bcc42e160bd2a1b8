"""Everything a `playbook` command writes to a terminal, and the one gate it passes.

Plain text first: colour only on a terminal and never when NO_COLOR is set,
so the same output pastes cleanly into a chat or an issue.

Text from data (notes, owners, answers, item text, names, even a file name) can hold
escape sequences that clear the screen, retitle the window, plant a clickable OSC 8
link, or bidirectional overrides that make `rm -rf` read backwards. `main()` wraps
stdout and stderr in a `SafeWriter`, so no command, message or traceback can write
such a character raw: each comes out visibly escaped (`\\x1b`, `\\u202e`). The only
escape sequences that reach the terminal are the colours this module writes itself,
through `SafeWriter.styled`, around text that is escaped like the rest.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
from dataclasses import dataclass
from typing import Final, TextIO

from mkdocs_playbook import model as m
from mkdocs_playbook.output.people import PEOPLE, People
from mkdocs_playbook.status import outlook
from mkdocs_playbook.status.progress import ItemView, PhaseProgress
from mkdocs_playbook.status.verdict import GateResult, Verdict

BAR_WIDTH = 24

_UNSAFE: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 controls but tab and line feed; DEL; C1 controls (CSI is \x9b)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks, embeddings, overrides, isolates
    "\u2028\u2029]"  # line and paragraph separators
)
_SGR: Final = {"red": "31"}
VERDICT_LABELS: Final = {Verdict.GO: "GO", Verdict.NO_GO: "NO-GO", Verdict.NOT_YET: "NOT YET"}
"""How every output writes a verdict (output/verdict_text.py uses these too)."""
"""The only escape sequences a command writes: Select Graphic Rendition colours."""


def escape(text: str) -> str:
    r"""`text` with every control, bidirectional-control and separator character escaped.

    ASCII controls read `\x1b`; the others `\u202e`, which inside a JSON string is the
    same character again, so `--format json` output stays valid JSON meaning the same.
    """
    return _UNSAFE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


class SafeWriter(io.TextIOBase):
    """A text stream that escapes what `escape` escapes before it reaches `stream`.

    Characters the stream's encoding cannot hold (a lone surrogate from a file name
    that is not UTF-8, Arabic on a Latin-1 terminal) are written as backslash escapes
    instead of ending the command with UnicodeEncodeError.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        self._write(escape(text))
        return len(text)

    def styled(self, text: str, style: str) -> None:
        """`text`, escaped, in one of this module's colours (`_SGR`); plain when colour is off."""
        if not use_color(self):
            self.write(text)
            return
        self._write(f"\x1b[{_SGR[style]}m{escape(text)}\x1b[0m")

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
        except UnicodeEncodeError:
            encoding = getattr(self.stream, "encoding", None) or "utf-8"
            self.stream.write(text.encode(encoding, "backslashreplace").decode(encoding, "replace"))

    def flush(self) -> None:
        if not getattr(self.stream, "closed", False):
            self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"


def safe(stream: TextIO | SafeWriter) -> SafeWriter:
    """`stream` itself when it is already a SafeWriter, else one around it."""
    return stream if isinstance(stream, SafeWriter) else SafeWriter(stream)


def raw(stream: TextIO) -> TextIO:
    """The terminal under the escaping writer, for a progress bar: its carriage returns are the point."""
    return stream.stream if isinstance(stream, SafeWriter) else stream


@dataclass(frozen=True)
class _Styled:
    text: str
    style: str


_Piece = str | _Styled


def write_status(
    stream: TextIO | SafeWriter,
    playbook: m.Playbook,
    phases: list[PhaseProgress],
    today: dt.date,
    verdicts: dict[str, GateResult | None] | None = None,
    *,
    every_item: bool = False,
    limit: int | None = outlook.NEXT_UP_LIMIT,
    reasons: int = outlook.FIRST_REASONS,
) -> None:
    """`playbook status` as text, about a screen long: a bar and verdict per phase, each verdict's first
    `reasons` reasons, then next up and overdue (status/outlook.py, `limit` of each); with `every_item`,
    every open item of each phase after that.

    `verdicts` by phase id (status/verdict.py `evaluate`); a phase without one shows none.
    """
    out = safe(stream)
    for line in _status_lines(playbook, phases, today, out, verdicts or {}, every_item, limit, reasons):
        for piece in line:
            if isinstance(piece, _Styled):
                out.styled(piece.text, piece.style)
            else:
                out.write(piece)
        out.write("\n")


def _status_lines(
    playbook: m.Playbook,
    phases: list[PhaseProgress],
    today: dt.date,
    stream: SafeWriter,
    verdicts: dict[str, GateResult | None],
    every_item: bool,
    limit: int | None,
    shown_reasons: int,
) -> list[list[_Piece]]:
    fancy = (stream.encoding or "").lower().replace("-", "") in ("utf8", "utf8sig")
    width = shutil.get_terminal_size((100, 20)).columns
    org = playbook.organization
    people = People(PEOPLE[0], org.contacts)  # the team's own tool: names as the files hold them (README)
    lines: list[list[_Piece]] = [[f"{org.name} · {org.product} · {today.isoformat()}"], []]
    title_width = max(len(escape(p.phase.title)) for p in phases) if phases else 0
    for p in phases:
        result = verdicts.get(p.phase.id)
        line: list[_Piece] = [
            f"{escape(p.phase.title):<{title_width}}  {_bar(p.percent, fancy)} {p.percent:>3}%  "
            f"{p.done:>3}/{p.total:<3}"
        ]
        if result is not None:
            line += ["  ", _verdict_piece(result)]
        lines.append(line)
    for p in phases:
        result = verdicts.get(p.phase.id)
        if result is not None:
            lines += [[], [f"Go / no-go for {p.phase.title}: ", _verdict_piece(result)]]
            reasons = outlook.summary_reasons(result)
            lines += [[f"  - {reason.text}"] for reason in reasons[:shown_reasons]]
            if len(reasons) > shown_reasons:
                lines.append([f"  ... and {len(reasons) - shown_reasons} more: playbook gate {p.phase.id}"])
            if result.decision is not None:
                lines.append([_decision_text(result)])
    for title, entries in (
        ("Next up", outlook.next_up(phases, today, limit)),
        ("Overdue", outlook.overdue(phases, today, limit)),
    ):
        count = f"{entries.total}" + (f", first {len(entries.shown)}" if entries.more else "")
        lines += [[], [f"{title} ({count}):" if entries else f"{title}: nothing"]]
        lines += [_item_line(e.phase.phase, e.view, today, width, people) for e in entries.shown]
        if entries.more and not every_item:
            lines.append([f"  ... and {entries.more} more: playbook status --items"])
    for p in phases if every_item else ():
        open_items = sorted(
            p.open_items(), key=lambda v: (v.status is not m.Status.IN_PROGRESS, v.state.due or dt.date.max)
        )
        if not open_items:
            continue
        lines += [[], [f"Open in {p.phase.title} ({len(open_items)}):"]]
        lines += [_item_line(p.phase, v, today, width, people) for v in open_items]
    return lines


def _verdict_piece(result: GateResult) -> _Piece:
    label = VERDICT_LABELS[result.verdict] + (f" ({result.action})" if result.action else "")
    return _Styled(label, "red") if result.verdict is Verdict.NO_GO else label


def _decision_text(result: GateResult) -> str:
    d = result.decision
    assert d is not None
    who = f" by {d.by}" if d.by else ""
    flag = "  DISAGREES with the verdict" if result.disagrees else ""
    return f"  decision: {d.outcome}{who} on {d.at.strftime('%Y-%m-%d')}: {' '.join(d.reason.split())}{flag}"


def _bar(percent: int, fancy: bool) -> str:
    filled = round(BAR_WIDTH * percent / 100)
    full, empty = ("█", "░") if fancy else ("#", "-")
    return f"[{full * filled}{empty * (BAR_WIDTH - filled)}]"


def _item_line(phase: m.Phase, view: ItemView, today: dt.date, width: int, people: People) -> list[_Piece]:
    """`  2026-12-05  in progress  pilot/hold-kick-off  (owner)  text…`: the date and id line up in
    columns, the owner (by name and role) comes before the text, which is cut to the terminal's width."""
    state = view.state
    status = "in progress" if view.status is m.Status.IN_PROGRESS else "todo"
    late = view.overdue(today)
    due = state.due.isoformat() if state.due else "no date"
    pieces: list[_Piece] = ["  ", _Styled(due, "red") if late else due, f"{'':<{10 - len(due)}}"]
    pieces.append(f"  {status:<11}  {phase.id}/{view.item.id}")
    if late:
        pieces += ["  ", _Styled("OVERDUE", "red")]
    if state.owner:
        pieces.append(f"  ({escape(person(people, state.owner))})")
    used = sum(len(piece.text if isinstance(piece, _Styled) else piece) for piece in pieces)
    room = width - used - 3
    text = " ".join(escape(view.item.text).split())
    if room > 20:
        pieces.append("  " + (text if len(text) <= room else text[: room - 1] + "…"))
    return pieces


def person(people: People, who: str) -> str:
    """An owner as the site's `f.person` shows one: the contact's name with their role (People.contact's rule),
    anything else (a team) as written."""
    contact = people.contact(who)
    if contact is None:
        return who
    name = contact.name or who
    return f"{name}, {contact.role}" if contact.role and contact.role != who else name


def use_color(stream: TextIO | SafeWriter) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
