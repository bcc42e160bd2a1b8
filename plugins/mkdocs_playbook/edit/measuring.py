"""What `playbook measure` and `playbook decide` accept: metrics, values and times, checked.

Every rule refuses rather than guesses: a metric named in two plans must be named with its
phase, "1,5" is not read as 1.5 (or as 15), a time that does not exist on the plan's wall
clock (the hour skipped when summer time starts) or exists twice (the hour repeated when it
ends) needs an offset, and a time in the future is not a measurement yet.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zoneinfo
from dataclasses import dataclass
from typing import Final

from mkdocs_playbook import model as m
from mkdocs_playbook.source.diagnostics import did_you_mean, quote
from mkdocs_playbook.source.limits import MAX_NUMBER

_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DECIMAL_COMMA: Final = re.compile(r"[+-]?[0-9]+,[0-9]+")
_HAS_TIME: Final = re.compile(r"[0-9]{4}-?[0-9]{2}-?[0-9]{2}[T ][0-9]{2}")
AT_EXAMPLE: Final = "2026-11-02T10:00 (the plan's timezone) or 2026-11-02T10:00:00+01:00"


class InputError(ValueError):
    """A value the person typed that cannot be used; the text says what was expected."""


def parse_value(text: str) -> float:
    """A finite number written with a dot: 240, -3, 0.5, 1.5e3."""
    candidate = text.strip()
    if _DECIMAL_COMMA.fullmatch(candidate):
        raise InputError(
            f"{quote(text)} is not a number; write the decimal separator as a dot, e.g. {candidate.replace(',', '.')}"
        )
    if not _NUMBER.fullmatch(candidate):
        lowered = candidate.lower().lstrip("+-")
        if lowered in ("nan", "inf", "infinity"):
            raise InputError(f"{quote(text)} is not a finite number; expected a measured value such as 240 or 0.5")
        raise InputError(f"{quote(text)} is not a number; expected e.g. 240, 0.5 or -3")
    value = float(candidate)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise InputError(f"{quote(text)} is out of range; expected a number within ±{MAX_NUMBER:.0e}")
    return value + 0.0  # -0 is 0: a file that says -0 would read oddly, and it is the same number


def parse_moment(text: str) -> dt.datetime:
    """An ISO 8601 date and time, with or without an offset (naive: the plan's timezone)."""
    candidate = text.strip()
    if not _HAS_TIME.match(candidate):
        raise InputError(f"{quote(text)} is not a date and time; expected e.g. {AT_EXAMPLE}")
    try:
        return dt.datetime.fromisoformat(candidate)
    except ValueError:
        raise InputError(f"{quote(text)} is not a date and time; expected e.g. {AT_EXAMPLE}") from None


def localize(at: dt.datetime, timezone: str) -> dt.datetime:
    """`at` made aware: as given when it has an offset, else on the wall clock of `timezone`."""
    if at.tzinfo is not None:
        return at
    zone = zone_of(timezone)
    early, late = at.replace(tzinfo=zone, fold=0), at.replace(tzinfo=zone, fold=1)
    if early.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != at:
        raise InputError(f"{at.isoformat()} does not exist in {timezone} (the clocks go forward); give the offset")
    if early.utcoffset() != late.utcoffset():
        raise InputError(
            f"{at.isoformat()} happens twice in {timezone} (the clocks go back); give the offset, e.g. "
            f"{early.isoformat()} or {late.isoformat()}"
        )
    return early


def zone_of(timezone: str) -> dt.tzinfo:
    if timezone == "UTC":
        return dt.UTC
    try:
        return zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(f"the plan's timezone {quote(timezone)} is not an IANA timezone") from None


def not_in_future(at: dt.datetime, now: dt.datetime, what: str = "a measurement") -> None:
    if at > now:
        raise InputError(
            f"{at.isoformat()} is in the future (now is {now.isoformat(timespec='seconds')}); {what} records "
            "what has happened: give --at a time up to now"
        )


# --- metrics -------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricRef:
    """A metric of one phase's plan, with what a confirmation needs to show it."""

    phase: str
    metric: str
    name: str
    unit: str
    timezone: str

    @property
    def full(self) -> str:
        return f"{self.phase}/{self.metric}"


def catalogue(plans: dict[str, m.Plan]) -> list[MetricRef]:
    """Every metric of every plan (criteria first, then triggers), each once a phase."""
    found: dict[tuple[str, str], MetricRef] = {}
    for phase, plan in plans.items():
        for criterion in plan.criteria:
            key = (phase, criterion.metric)
            found.setdefault(key, MetricRef(phase, criterion.metric, criterion.name, criterion.unit, plan.timezone))
        for trigger in plan.triggers:
            key = (phase, trigger.metric)
            found.setdefault(key, MetricRef(phase, trigger.metric, trigger.metric, "", plan.timezone))
    return list(found.values())


def resolve(plans: dict[str, m.Plan], target: str, phase: str | None = None) -> MetricRef:
    """The metric `target` names: PHASE/METRIC, or a metric id unique across the plans (or of `phase`)."""
    metrics = catalogue(plans)
    named_phase, slash, metric = target.partition("/")
    if not slash:
        named_phase, metric = phase or "", target
    elif phase is not None and named_phase != phase:
        raise InputError(f"{quote(target)} names phase {quote(named_phase)}, but the phase is {quote(phase)}")
    if not metric or "/" in metric:
        raise InputError(f"{quote(target)} is not METRIC or PHASE/METRIC; expected e.g. pilot/p95-latency")
    if not plans:
        raise InputError("no phase has a plan with metrics yet; declare criteria or triggers in plans/PHASE.yml")
    if named_phase:
        if named_phase not in plans:
            raise InputError(
                f"phase {quote(named_phase)} has no plan{did_you_mean(named_phase, plans)}; metrics are declared in "
                f"plans/PHASE.yml; phases with a plan: {', '.join(plans)}"
            )
        own = [x for x in metrics if x.phase == named_phase]
        match = next((x for x in own if x.metric == metric), None)
        if match is None:
            names = [x.metric for x in own]
            raise InputError(
                f"unknown metric {quote(metric)} in the plan of {named_phase}{did_you_mean(metric, names)}; "
                f"expected one of: {', '.join(names) or '(the plan declares none)'}"
            )
        return match
    matches = [x for x in metrics if x.metric == metric]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise InputError(
            f"metric {quote(metric)} is in the plans of several phases; name one: {', '.join(x.full for x in matches)}"
        )
    names = [x.full for x in metrics]
    guess = did_you_mean(metric, [x.metric for x in metrics])
    raise InputError(f"unknown metric {quote(metric)}{guess}; expected one of: {', '.join(names)}")


def recorded(existing: tuple[m.Measurement, ...] | list[m.Measurement]) -> set[tuple[str, dt.datetime, float]]:
    """What makes a measurement "already recorded": its metric, time (the instant) and value."""
    return {(x.metric, x.at, x.value) for x in existing}


def key(measurement: m.Measurement) -> tuple[str, dt.datetime, float]:
    return (measurement.metric, measurement.at, measurement.value)
