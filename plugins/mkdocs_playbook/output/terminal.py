"""`playbook status` for a terminal: a bar per phase and what is still open.

Plain text first: colour only on a terminal and never when NO_COLOR is set,
so the same output pastes cleanly into a chat or an issue.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from typing import TextIO

from mkdocs_playbook import model as m
from mkdocs_playbook.status.progress import ItemView, PhaseProgress

BAR_WIDTH = 24


def status_text(playbook: m.Playbook, phases: list[PhaseProgress], today: dt.date, stream: TextIO) -> str:
    color = _use_color(stream)
    fancy = (getattr(stream, "encoding", "") or "").lower().replace("-", "") in ("utf8", "utf8sig")
    width = shutil.get_terminal_size((100, 20)).columns
    org = playbook.organization
    lines = [f"{org.name} · {org.product} · {today.isoformat()}", ""]
    title_width = max(len(p.phase.title) for p in phases) if phases else 0
    for p in phases:
        verdict = f"  {p.gate.verdict.value}" if p.gate else ""
        lines.append(
            f"{p.phase.title:<{title_width}}  {_bar(p.percent, fancy)} {p.percent:>3}%  "
            f"{p.done:>3}/{p.total:<3}{verdict}"
        )
    for p in phases:
        open_items = sorted(
            p.open_items(), key=lambda v: (v.status is not m.Status.IN_PROGRESS, v.state.due or dt.date.max)
        )
        if not open_items:
            continue
        lines += ["", f"Open in {p.phase.title} ({len(open_items)}):"]
        lines += [_item_line(p.phase, v, today, width, color) for v in open_items]
    return "\n".join(lines) + "\n"


def _bar(percent: int, fancy: bool) -> str:
    filled = round(BAR_WIDTH * percent / 100)
    full, empty = ("█", "░") if fancy else ("#", "-")
    return f"[{full * filled}{empty * (BAR_WIDTH - filled)}]"


def _item_line(phase: m.Phase, view: ItemView, today: dt.date, width: int, color: bool) -> str:
    state = view.state
    status = "in progress" if view.status is m.Status.IN_PROGRESS else "todo"
    details = []
    if state.owner:
        details.append(f"owner {state.owner}")
    if state.due:
        late = view.overdue(today)
        due = f"due {state.due.isoformat()}" + (" OVERDUE" if late else "")
        details.append(_red(due) if late and color else due)
    head = f"  {status:<11}  {phase.id}/{view.item.id}"
    tail = f"  ({', '.join(details)})" if details else ""
    room = width - len(head) - len(tail) - 4
    text = " ".join(view.item.text.split())
    if room > 20:
        text = text if len(text) <= room else text[: room - 1] + "…"
        return f"{head}  {text}{tail}"
    return f"{head}{tail}"


def _use_color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _red(text: str) -> str:
    return f"\033[31m{text}\033[0m"
