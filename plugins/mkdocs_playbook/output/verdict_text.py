"""A verdict as text for a terminal and as Markdown for a pull request comment (`playbook gate`).

Both list the same things in the same order: the verdict, the action, the reasons most
severe first, every criterion with its target, actual value, time and status, every trigger,
and the decision people recorded. The text goes out through output/terminal.py's writer,
which escapes control and bidirectional characters; every data string in the Markdown passes
`escape_markdown`, so a metric name or a decision reason cannot open HTML, a link or a mention.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, TextIO

from mkdocs_playbook import model as m
from mkdocs_playbook.output.pr_markdown import escape_markdown
from mkdocs_playbook.output.terminal import VERDICT_LABELS as LABELS
from mkdocs_playbook.output.terminal import SafeWriter, safe
from mkdocs_playbook.status import verdict as v
from mkdocs_playbook.status import wording as words

STATUS_LABELS: Final = {
    v.Status.MET: "met",
    v.Status.WARNING: "warning",
    v.Status.NOT_MET: "not met",
    v.Status.NO_DATA: "no data",
    v.Status.STALE: "stale",
}


def heading(title: str, result: v.GateResult) -> str:
    """`Pilot: NOT YET`, `Pilot, stage soft-launch: GO` (plain text; escape it for its medium)."""
    scope = f"{title}, stage {result.stage}" if result.stage else title
    return f"{scope}: {LABELS[result.verdict]}"


def status_label(result: v.CriterionResult) -> str:
    """The criterion's status as read: too few measurements reads `too few (2 of 3)`."""
    if result.status is v.Status.NO_DATA and result.count:
        return f"too few ({result.count} of {result.criterion.min_measurements})"
    return STATUS_LABELS[result.status]


def target(criterion: m.Criterion) -> str:
    """`below 300 ms`: the same words as the verdict's reasons and the site."""
    return words.bound(criterion.comparison, criterion.threshold, criterion.unit)


def actual(result: v.CriterionResult, zone: dt.tzinfo) -> str:
    if result.actual is None or result.measured_at is None:
        return "—"
    when = result.measured_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return f"{words.quantity(result.actual, result.criterion.unit)} at {when}"


def trigger_state(result: v.TriggerResult, zone: dt.tzinfo) -> str:
    if result.fired_at is None or result.value is None:
        return "not fired"
    when = result.fired_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return f"FIRED at {when} ({words.number(result.value)})"


def decision_line(result: v.GateResult, zone: dt.tzinfo) -> str | None:
    d = result.decision
    if d is None:
        return None
    who = f" by {d.by}" if d.by else ""
    line = f"Decision: {d.outcome}{who} on {d.at.astimezone(zone).strftime('%Y-%m-%d %H:%M')}: {d.reason}"
    return line + (" (disagrees with the verdict)" if result.disagrees else "")


# --- text ----------------------------------------------------------------------------------


def text_lines(title: str, result: v.GateResult, zone: dt.tzinfo) -> list[str]:
    """The verdict as plain lines; the writer escapes them on the way out."""
    lines = [heading(title, result)]
    if result.action:
        lines.append(f"Action: {result.action}")
    if result.reasons:
        lines += ["", "Reasons, most severe first:"]
        lines += [f"  - {r.text}" for r in result.reasons]
    else:
        lines += ["", "Every criterion is met, no rollback trigger fired and every exit criterion is closed."]
    if result.criteria:
        lines += ["", "Criteria:"]
        lines += [
            f"  {status_label(c):<16} {c.criterion.name}: {actual(c, zone)}, target {target(c.criterion)}"
            for c in result.criteria
        ]
    if result.triggers:
        lines += ["", "Rollback triggers:"]
        lines += [f"  {trigger_state(t, zone):<16} {t.trigger.text}" for t in result.triggers]
    line = decision_line(result, zone)
    if line:
        lines += ["", line]
    return lines


def write_text(stream: TextIO | SafeWriter, title: str, result: v.GateResult, zone: dt.tzinfo) -> None:
    out = safe(stream)
    for line in text_lines(title, result, zone):
        out.write(line + "\n")


# --- Markdown ------------------------------------------------------------------------------


def markdown(title: str, result: v.GateResult, zone: dt.tzinfo) -> str:
    """The verdict as Markdown for a pull request comment; every data string escaped."""
    lines = [f"## Go / no-go: {escape_markdown(heading(title, result))}", ""]
    if result.action:
        lines += [f"**Action: {escape_markdown(result.action)}**", ""]
    if result.reasons:
        lines += [f"- {escape_markdown(r.text)}" for r in result.reasons]
        lines.append("")
    if result.criteria:
        lines += ["| Criterion | Target | Actual | Status |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {escape_markdown(c.criterion.name)} | {escape_markdown(target(c.criterion))} | "
            f"{escape_markdown(actual(c, zone))} | {escape_markdown(status_label(c))} |"
            for c in result.criteria
        ]
        lines.append("")
    if result.triggers:
        lines += ["| Rollback trigger | State |", "| --- | --- |"]
        lines += [
            f"| {escape_markdown(t.trigger.text)} | {escape_markdown(trigger_state(t, zone))} |"
            for t in result.triggers
        ]
        lines.append("")
    line = decision_line(result, zone)
    if line:
        lines += [escape_markdown(line), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
