"""What a phase's plan page shows, worked out before any template sees it.

The plan page (output/templates/planpage.md.j2) lists the plan, its ramp and
stage dates, and every criterion with its target, latest value, status and
trend. The wording and the charts are made here, from the model and the
verdicts, so the template only prints: plain strings (the template's gate
escapes them) and charts that charts.py already made safe. No HTML here
besides those charts, no files, no git.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from mkdocs_playbook import model as m
from mkdocs_playbook.blocks.pilot_types import PilotType
from mkdocs_playbook.output import verdictview as vv
from mkdocs_playbook.output.charts import trend_svg
from mkdocs_playbook.status import wording
from mkdocs_playbook.status.progress import ItemView, PhaseProgress
from mkdocs_playbook.status.verdict import CriterionResult, GateResult, TriggerResult

Judge = Callable[[str | None], GateResult | None]
"""The verdict of the phase (None) or of one of its stages, as the renderer computes it."""


@dataclass(frozen=True)
class CriterionRow:
    """One criterion as a table row: every cell as text, the trend as an inline SVG (None without data)."""

    result: CriterionResult
    target: str
    band: str
    latest: str
    measured_at: str
    measured: str
    status: vv.Label
    summary: str
    trend: Markup | None


@dataclass(frozen=True)
class TriggerRow:
    trigger: m.Trigger
    condition: str
    fired: bool
    fired_at: str
    value: str


@dataclass(frozen=True)
class StageRow:
    window: m.StageWindow
    result: GateResult | None
    criteria: tuple[CriterionRow, ...]


@dataclass(frozen=True)
class PlanView:
    phase: m.Phase
    plan: m.Plan
    pilot_type: PilotType | None
    result: GateResult | None
    criteria: tuple[CriterionRow, ...]
    """The phase's own criteria (those of no stage)."""
    stages: tuple[StageRow, ...]
    triggers: tuple[TriggerRow, ...]
    entry: tuple[ItemView, ...]
    end: dt.date | None
    """The last day of the plan: its last stage or ramp week."""


def plan_view(progress: PhaseProgress, plan: m.Plan, judge: Judge, states: m.Progress | None = None) -> PlanView:
    """The plan page of one phase; `judge(None)` is the phase's verdict, `judge(stage_id)` a stage's.

    `states`: the phase's progress file, for an entry criterion the phase's items do not list.
    """
    phase = progress.phase
    result = judge(None)
    stages = tuple(StageRow(w, r := judge(w.id), _rows(r, plan)) for w in plan.stages)
    fired = {t.trigger.id: t for t in result.triggers} if result else {}
    ends = [s.end for s in plan.stages] + [w.end for w in plan.ramp_weeks]
    return PlanView(
        phase=phase,
        plan=plan,
        pilot_type=_pilot_type(phase, plan.pilot_type),
        result=result,
        criteria=_rows(result, plan),
        stages=stages,
        triggers=tuple(_trigger_row(t, fired.get(t.id), plan.timezone) for t in plan.triggers),
        entry=tuple(progress.view(item.id) or _view(item, states) for item in plan.entry_criteria),
        end=max(ends) if ends else None,
    )


def _view(item: m.Item, states: m.Progress | None) -> ItemView:
    state = states.states.get(item.id) if states else None
    return ItemView(item, state or m.ItemState(item.id))


def _pilot_type(phase: m.Phase, type_id: str | None) -> PilotType | None:
    types: tuple[PilotType, ...] = phase.block("pilot_types", ())
    return next((t for t in types if t.id == type_id), None)


def _rows(result: GateResult | None, plan: m.Plan) -> tuple[CriterionRow, ...]:
    return tuple(criterion_row(c, plan.timezone) for c in result.criteria) if result else ()


def criterion_row(result: CriterionResult, timezone: str = "UTC") -> CriterionRow:
    """The cells of one criterion, and its trend with the threshold line and the warning band."""
    c = result.criterion
    status = vv.status_label(result)
    latest = vv.with_unit(result.actual, c.unit) if result.actual is not None else "no data"
    target = vv.target(c)
    band = vv.band(c)
    summary = f"{c.name}: "
    if result.series:
        first, last = result.series[0].at, result.series[-1].at
        summary += (
            f"{len(result.series)} measurement{'s' if len(result.series) != 1 else ''} from "
            f"{vv.when(first, timezone)} to {vv.when(last, timezone)}, latest {latest}"
        )
    else:
        summary += "no measurements"
    summary += f"; target {target}" + (f", warning band {band}" if band else "") + f"; {status.word}."

    def point(when: dt.datetime, value: float, note: str) -> str:
        return f"{vv.with_unit(value, c.unit)} on {vv.when(when, timezone)}" + (f": {note}" if note else "")

    trend = (
        trend_svg(
            [(x.at, x.value, x.note) for x in result.series],
            threshold=c.threshold,
            warning=c.warning,
            threshold_label=target,
            summary=summary,
            point_label=point,
        )
        if result.series
        else None
    )
    return CriterionRow(
        result=result,
        target=target,
        band=band,
        latest=latest,
        measured_at=vv.when(result.measured_at, timezone),
        measured=vv.measured(result.count, c),
        status=status,
        summary=summary,
        trend=trend,
    )


def _trigger_row(trigger: m.Trigger, result: TriggerResult | None, timezone: str) -> TriggerRow:
    limit = wording.bound(trigger.comparison, trigger.threshold, "")
    condition = f"{trigger.metric} {'is ' if trigger.comparison == '=' else ''}{limit}"
    if trigger.sustained:
        condition += f" for {_duration(trigger.sustained)}"
    fired = result is not None and result.fired_at is not None
    return TriggerRow(
        trigger=trigger,
        condition=condition,
        fired=fired,
        fired_at=vv.when(result.fired_at, timezone) if result and result.fired_at else "",
        value=vv.number(result.value) if result and result.value is not None else "",
    )


def _duration(span: dt.timedelta) -> str:
    """`30 minutes`, `36 hours`, `2 days`, `1 hour 30 minutes`: a sustained span as people say it."""
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n) or "0 minutes"
