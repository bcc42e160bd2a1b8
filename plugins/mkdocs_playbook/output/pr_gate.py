"""The go/no-go part of the pull-request comment: verdicts before and after, and why.

SonarQube puts a failed quality gate on the pull request with each failed condition and its
number; this does the same for a playbook: a table of every phase with a verdict (a change of
verdict in bold), and for each phase the pull request touches, every criterion with its
actual value, target and status (misses first), the reasons (fired rollback triggers and open
exit criteria among them, most severe first), the decision standing, and the measurements and
decisions it records. Every value from the data goes through
`escape_markdown`; the icons and labels are this module's own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from mkdocs_playbook import model as m
from mkdocs_playbook.output.mdescape import escape_markdown
from mkdocs_playbook.output.terminal import VERDICT_LABELS as LABELS
from mkdocs_playbook.status.changes import Comparison, PhaseChanges
from mkdocs_playbook.status.gatechanges import GateChanges
from mkdocs_playbook.status.verdict import CriterionResult, GateResult, Status, Verdict, document
from mkdocs_playbook.status.wording import bound, quantity

GATE_HEADING: Final = "### Go/no-go"
VERDICT_LABELS: Final = {
    verdict: f"{icon} {LABELS[verdict]}"
    for verdict, icon in ((Verdict.GO, "🟢"), (Verdict.NO_GO, "🔴"), (Verdict.NOT_YET, "🟡"))
}
"""The labels every output gives a verdict (output.terminal), with a colour a reviewer spots in a table."""
NO_VERDICT: Final = "none"
STATUS_LABELS: Final = {
    Status.MET: "✅ met",
    Status.WARNING: "⚠️ warning",
    Status.NOT_MET: "❌ not met",
    Status.NO_DATA: "❔ no data",
    Status.STALE: "⏳ stale",
}
_STATUS_ORDER: Final = (Status.NOT_MET, Status.NO_DATA, Status.STALE, Status.WARNING, Status.MET)
"""Failed conditions first, as a quality gate lists them."""


def verdict_label(result: GateResult | None) -> str:
    if result is None:
        return NO_VERDICT
    action = f", {result.action}" if result.action else ""
    return VERDICT_LABELS[result.verdict] + action


def summary(comparison: Comparison) -> list[str]:
    """The table of every phase with a verdict on either side; a change of verdict in bold."""
    judged = comparison.judged
    if not judged:
        return []
    lines = [GATE_HEADING, "", "| Phase | Before | After |", "| --- | --- | --- |"]
    for phase in judged:
        before, after = verdict_label(phase.gate.before), verdict_label(phase.gate.after)
        if phase.gate.verdict_changed:
            after = f"**{after}** (changed)"
        lines.append(f"| {escape_markdown(phase.phase.title)} | {before} | {after} |")
    return [*lines, ""]


def phase_section(phase: PhaseChanges) -> list[str]:
    """What the pull request does to one phase's go/no-go, under the phase's heading."""
    gate = phase.gate
    lines: list[str] = []
    if gate.judged:
        shown = verdict_label(gate.after)
        if gate.verdict_changed:
            shown = f"{verdict_label(gate.before)} → {shown}"
        lines += [f"#### Verdict: {shown}", ""]
    if gate.after is not None:
        lines += _result(gate.after)
    lines += _measurements("Measurements added", gate.measurements_added, gate)
    lines += _measurements("Measurements removed", gate.measurements_removed, gate)
    lines += _decisions("Decisions recorded", gate.decisions_added, gate)
    lines += _decisions("Decisions removed", gate.decisions_removed, gate)
    return lines


def _result(result: GateResult) -> list[str]:
    lines: list[str] = []
    if result.criteria:
        lines += ["| Criterion | Actual | Target | Status |", "| --- | --- | --- | --- |"]
        ordered = sorted(result.criteria, key=lambda c: (_STATUS_ORDER.index(c.status), not c.criterion.critical))
        lines += [_criterion_row(c) for c in ordered]
        lines.append("")
    if result.reasons:
        lines += ["Reasons:", ""]
        lines += [f"{i}. {escape_markdown(reason.text)}" for i, reason in enumerate(result.reasons, 1)]
        lines.append("")
    if result.decision is not None:
        flag = " — ⚠️ **disagrees with the verdict**" if result.disagrees else ""
        lines += [f"Decision standing: {_decision_text(result.decision)}{flag}", ""]
    return lines


def _criterion_row(result: CriterionResult) -> str:
    c = result.criterion
    name = escape_markdown(c.name) + f" `{c.metric}`" + (" (critical)" if c.critical else "")
    actual = "—"
    if result.actual is not None:
        actual = escape_markdown(quantity(result.actual, c.unit))
        if result.measured_at is not None:
            actual += f" at {escape_markdown(_moment(result.measured_at))}"
    target = escape_markdown(bound(c.comparison, c.threshold, c.unit))
    if c.warning is not None:
        target += " " + escape_markdown(f"(warning band to {quantity(c.warning, c.unit)})")
    return f"| {name} | {actual} | {target} | {status_label(result)} |"


def status_label(result: CriterionResult) -> str:
    """The status as read; too few measurements reads `too few (2 of 3)`, as `playbook gate` says it."""
    if result.status is Status.NO_DATA and result.count:
        return f"❔ too few ({result.count} of {result.criterion.min_measurements})"
    return STATUS_LABELS[result.status]


def _measurements(title: str, measurements: tuple[m.Measurement, ...], gate: GateChanges) -> list[str]:
    if not measurements:
        return []
    lines = [f"#### {title}", ""]
    for x in measurements:
        value = escape_markdown(quantity(x.value, gate.units.get(x.metric, "")))
        note = f" — {escape_markdown(x.note)}" if x.note else ""
        lines.append(f"- `{x.metric}` {value} at {escape_markdown(_moment(x.at))}{note}")
    return [*lines, ""]


def _decisions(title: str, decisions: tuple[m.Decision, ...], gate: GateChanges) -> list[str]:
    if not decisions:
        return []
    return [f"#### {title}", "", *(f"- {_decision_text(d)}" for d in decisions), ""]


def _decision_text(decision: m.Decision) -> str:
    by = f" by {escape_markdown(decision.by)}" if decision.by else ""
    stage = f" (stage {escape_markdown(decision.stage)})" if decision.stage else ""
    when = escape_markdown(_moment(decision.at))
    return f"**{decision.outcome}**{stage}{by} at {when}: {escape_markdown(decision.reason)}"


def _moment(at: dt.datetime | None) -> str:
    return at.isoformat(timespec="minutes") if at is not None else ""


# --- JSON ---------------------------------------------------------------------------


def gate_json(gate: GateChanges) -> dict[str, Any]:
    """The go/no-go of one phase for `playbook changes --format json`; verdicts as `playbook gate` prints them."""
    return {
        "verdict_changed": gate.verdict_changed,
        "before": document(gate.before) if gate.before is not None else None,
        "after": document(gate.after) if gate.after is not None else None,
        "measurements_added": [_measurement_json(x) for x in gate.measurements_added],
        "measurements_removed": [_measurement_json(x) for x in gate.measurements_removed],
        "decisions_added": [_decision_json(d) for d in gate.decisions_added],
        "decisions_removed": [_decision_json(d) for d in gate.decisions_removed],
    }


def _measurement_json(x: m.Measurement) -> dict[str, Any]:
    return {"metric": x.metric, "value": x.value, "at": x.at.isoformat(), "note": x.note}


def _decision_json(d: m.Decision) -> dict[str, Any]:
    return {"outcome": d.outcome, "reason": d.reason, "by": d.by, "at": d.at.isoformat(), "stage": d.stage}
