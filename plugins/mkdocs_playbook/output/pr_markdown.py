"""`playbook changes` output: the checklist diff as Markdown for a pull request, or as JSON.

The go/no-go part (verdicts before and after, measurements and decisions recorded) is
`pr_gate`'s; every quoted value goes through `mdescape.escape_markdown`.

The Markdown is posted to a pull request by CI, and the YAML it quotes comes from that
pull request, so every quoted value is escaped: a note cannot open HTML, a link, an
image or a mention. File names come from the pull request too, and are escaped the same way.

What needs a reviewer beyond the checklist (files other than playbook data, pages that
newly opt into macros) comes first, in plain words: a pull request that edits only YAML
can neither run code nor put script on the site; one that edits anything else can.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from mkdocs_playbook import model as m
from mkdocs_playbook.output import pr_gate
from mkdocs_playbook.output.mdescape import escape_markdown as escape_markdown  # re-exported
from mkdocs_playbook.status.changes import (
    AnswerChange,
    AnswerKind,
    ChangeKind,
    Comparison,
    ItemChange,
    PhaseChanges,
)
from mkdocs_playbook.status.progress import PhaseProgress

NO_CHANGES: Final = "No checklist changes."
HEADING: Final = "## Checklist changes"
OTHER_FILES: Final = (
    "**This pull request changes files other than playbook data.** Review them as code: they can "
    "change what the site runs and shows."
)
MACRO_OPT_INS: Final = (
    "**This pull request makes pages run macros** (it adds `render_macros: true` to their front "
    "matter): their Jinja runs at build time with the builder's rights."
)
SHOWN_PATHS: Final = 50
"""Paths listed in the comment per list; the JSON has them all."""
SECTION_TITLES: Final = {
    ChangeKind.TICKED: "Ticked",
    ChangeKind.UNTICKED: "Unticked",
    ChangeKind.STARTED: "Started",
    ChangeKind.SKIPPED: "Skipped",
    ChangeKind.REOPENED: "Reopened",
    ChangeKind.STATUS: "Other status changes",
    ChangeKind.UPDATED: "Details changed",
}

def render_markdown(comparison: Comparison) -> str:
    """The comparison as Markdown for a pull request: a heading, a line saying what was
    compared, problems if any, one section a changed phase."""
    lines = [HEADING, ""]
    lines += _review(MACRO_OPT_INS, comparison.macro_opt_ins)
    lines += _review(OTHER_FILES, comparison.other_files)
    lines += [_compared_line(comparison), ""]
    if comparison.diagnostics:
        lines += ["### Problems", "", "These files could not be read; their phases are not compared:", ""]
        lines += [f"- {escape_markdown(str(d))}" for d in comparison.diagnostics]
        lines.append("")
    lines += pr_gate.summary(comparison)
    changed = comparison.changed
    if not changed:
        lines += [NO_CHANGES, ""]
    for phase in changed:
        lines += _phase_markdown(phase)
    return "\n".join(lines).rstrip("\n") + "\n"


def _review(warning: str, paths: tuple[str, ...]) -> list[str]:
    if not paths:
        return []
    listed = [f"- {escape_markdown(path)}" for path in paths[:SHOWN_PATHS]]
    if len(paths) > SHOWN_PATHS:
        listed.append(f"- and {len(paths) - SHOWN_PATHS} more (`playbook changes --format json` lists them all)")
    return [warning, "", *listed, ""]


def _compared_line(comparison: Comparison) -> str:
    base, head = comparison.base, comparison.head
    start = f"From `{base.short}` (merge base with {escape_markdown(base.rev or '')})"
    end = "the working tree" if head.worktree else f"`{head.short}` ({escape_markdown(head.rev or '')})"
    return f"{start} to {end}."


def _phase_markdown(phase: PhaseChanges) -> list[str]:
    lines = [f"### {escape_markdown(phase.phase.title)}", ""]
    lines += [f"Progress: {_counts(phase.before)} → {_counts(phase.after)}", ""]
    lines += pr_gate.phase_section(phase)
    for kind in ChangeKind:
        changes = phase.of_kind(kind)
        if changes:
            lines += [f"#### {SECTION_TITLES[kind]}", ""]
            lines += [_item_bullet(change) for change in changes]
            lines.append("")
    if phase.answers:
        lines += ["#### Answers", ""]
        lines += [_answer_bullet(answer) for answer in phase.answers]
        lines.append("")
    return lines


def _counts(progress: PhaseProgress) -> str:
    return f"{progress.done} of {progress.total} ({progress.percent}%)"


def _item_bullet(change: ItemChange) -> str:
    bullet = f"- {escape_markdown(change.item.text)} `{change.item.id}`"
    if change.kind in (ChangeKind.UNTICKED, ChangeKind.STATUS):
        bullet += f" ({change.before.status.value} → {change.after.status.value})"
    if change.kind is ChangeKind.UPDATED:
        details = [_detail_change(name, change.before, change.after) for name in m.DETAIL_FIELDS]
        parts = [d for d in details if d]
    else:
        parts = list(_detail_parts(change.after))
    return bullet + (" — " + "; ".join(parts) if parts else "")


def _detail_parts(state: m.ItemState) -> Iterator[str]:
    for name in m.DETAIL_FIELDS:
        value = _detail_text(state, name)
        if value is not None:
            yield f"{name} {value}" if name in ("by", "owner", "due") else f"{name}: {value}"


def _detail_change(name: str, before: m.ItemState, after: m.ItemState) -> str | None:
    old, new = _detail_text(before, name), _detail_text(after, name)
    if old == new:
        return None
    return f"{name}: {old or '(none)'} → {new or '(none)'}"


def _detail_text(state: m.ItemState, name: str) -> str | None:
    value = getattr(state, name)
    if value is None:
        return None
    return value.isoformat() if name == "due" else escape_markdown(str(value))


def _answer_bullet(change: AnswerChange) -> str:
    bullet = f"- {escape_markdown(change.question.text)} `{change.question.id}` — answer {change.kind.value}"
    if change.by and change.kind is not AnswerKind.REMOVED:
        bullet += f" by {escape_markdown(change.by)}"
    if change.after is not None:
        bullet += f": {escape_markdown(change.after)}"
    if change.before is not None:
        bullet += f" (was: {escape_markdown(change.before)})"
    return bullet


# --- JSON ----------------------------------------------------------------------------------


def render_json(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready data; the shape is documented in the README.

    Text is not escaped here: a JSON consumer escapes for whatever it renders into.
    """
    return {
        "base": {"rev": comparison.base.rev, "commit": comparison.base.commit},
        "head": {"rev": comparison.head.rev, "commit": comparison.head.commit, "worktree": comparison.head.worktree},
        "ok": comparison.ok,
        "errors": [d.as_dict() for d in comparison.diagnostics],
        "changed": bool(comparison.changed),
        "phases": [_phase_json(p) for p in comparison.changed],
        "verdicts": [
            {
                "id": p.phase.id,
                "before": p.gate.before.verdict.value if p.gate.before else None,
                "after": p.gate.after.verdict.value if p.gate.after else None,
                "changed": p.gate.verdict_changed,
            }
            for p in comparison.judged
        ],
        "other_files": list(comparison.other_files),
        "macro_opt_ins": list(comparison.macro_opt_ins),
    }


def _phase_json(phase: PhaseChanges) -> dict[str, Any]:
    return {
        "id": phase.phase.id,
        "title": phase.phase.title,
        "before": _counts_json(phase.before),
        "after": _counts_json(phase.after),
        "items": [
            {
                "id": c.item.id,
                "text": c.item.text,
                "change": c.kind.value,
                "before": _state_json(c.before),
                "after": _state_json(c.after),
            }
            for c in phase.items
        ],
        "answers": [
            {
                "id": a.question.id,
                "text": a.question.text,
                "change": a.kind.value,
                "before": a.before,
                "after": a.after,
                "by": a.by,
            }
            for a in phase.answers
        ],
        "gate": pr_gate.gate_json(phase.gate),
    }


def _counts_json(progress: PhaseProgress) -> dict[str, int]:
    return {"done": progress.done, "total": progress.total, "percent": progress.percent}


def _state_json(state: m.ItemState) -> dict[str, Any]:
    return {
        "status": state.status.value,
        **{
            name: (state.due.isoformat() if name == "due" and state.due else getattr(state, name))
            for name in m.DETAIL_FIELDS
        },
    }
