"""Record folders in: measurements/<phase>/*.yml and decisions/<phase>/*.yml, oldest first.

One file per recording (written by `playbook measure` and `playbook decide`, never edited),
so two pull requests that record different things add different files and never conflict.
The loader reads every file of a phase's folder through the `Source`, so a git revision's
records read exactly like the working tree's, and checks each value against the plan: a
measurement names a metric of the phase's criteria or triggers, holds a finite number, and
was not taken after `now` (a time without an offset is in the plan's time zone).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import zoneinfo
from pathlib import Path
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.source.diagnostics import Diagnostic, quote, unknown
from mkdocs_playbook.source.files import usable
from mkdocs_playbook.source.plan import metrics_of
from mkdocs_playbook.source.schema import validate
from mkdocs_playbook.source.sources import WORKING_TREE, Source
from mkdocs_playbook.source.yamlread import Document


def entries_hash(entries: Any) -> str:
    """The first 8 hex digits of the sha256 of the entries as canonical JSON (sorted keys, no spaces).

    The same recording made twice names the same file, which git merges as one identical add.
    """
    text = json.dumps(entries, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def record_name(recorded: dt.datetime, slug: str, entries: Any) -> str:
    """`<UTC stamp>-<slug>-<hash8>.yml`, e.g. 20261102T090000Z-p95-latency-1a2b3c4d.yml.

    The stamp first, so a folder listing is in recording order; `slug` is the metric (one value),
    `import` (many) or the decision's outcome.
    """
    stamp = recorded.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    clean = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")[:40] or "record"
    return f"{stamp}-{clean}-{entries_hash(entries)}.yml"


def record_files(folder: Path, source: Source = WORKING_TREE) -> dict[str, list[Path]]:
    """The record files of every phase folder under `folder` (`measurements/`), by phase id."""
    if not source.is_dir(folder):
        return {}
    found: dict[str, list[Path]] = {}
    for sub in source.glob(folder, "*"):
        if source.is_dir(sub):
            found[sub.name] = source.glob(sub, "*.yml")
    return found


def parse_at(text: str, zone: dt.tzinfo) -> dt.datetime | None:
    """An ISO 8601 date and time, aware: without an offset it is in `zone`. None if unreadable."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def plan_zone(plan: m.Plan | None) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(plan.timezone) if plan is not None else dt.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _at(
    doc: Document, where: tuple[str | int, ...], text: str, zone: dt.tzinfo, now: dt.datetime | None
) -> dt.datetime | None:
    moment = parse_at(text, zone)
    if moment is None:
        doc.error(where, f"'at' is {quote(text)}; expected an ISO 8601 date and time such as 2026-11-02T10:00:00+01:00")
        return None
    if now is not None and moment > now:
        doc.error(where, f"'at' is {moment.isoformat()}, after now ({now.isoformat()}); expected a past time")
        return None
    return moment


def load_measurements(
    path: Path, phase_id: str, plan: m.Plan | None, now: dt.datetime | None, source: Source = WORKING_TREE
) -> tuple[list[m.Measurement], list[Diagnostic]]:
    """The measurements of one recording; broken entries are reported and left out."""
    doc = source.read_yaml(path)
    if not usable(doc, "measurements") or validate(doc, "measurements", "the recording"):
        return [], doc.diagnostics
    if plan is None:
        doc.error((), f"measurements for the {phase_id} phase, which has no plan; expected plans/{phase_id}.yml first")
        return [], doc.diagnostics
    known = metrics_of(plan)
    zone = plan_zone(plan)
    found = []
    for i, entry in enumerate(doc.data["measurements"]):
        if entry["metric"] not in known:
            doc.error(
                ("measurements", i, "metric"),
                unknown("unknown metric", entry["metric"], known, none="(the plan has no criteria or triggers)"),
            )
            continue
        value = entry["value"]
        if isinstance(value, bool) or not math.isfinite(value):
            doc.error(("measurements", i, "value"), f"the value {quote(value)} is not a finite number; expected one")
            continue
        moment = _at(doc, ("measurements", i, "at"), entry["at"], zone, now)
        if moment is None:
            continue
        line, column = doc.mark(("measurements", i))
        found.append(
            m.Measurement(
                entry["metric"],
                float(value),
                moment,
                entry.get("note", ""),
                m.Location(doc.path, line or 1, column or 1),
            )
        )
    return found, doc.diagnostics


def load_decision(
    path: Path, phase: m.Phase, plan: m.Plan | None, now: dt.datetime | None, source: Source = WORKING_TREE
) -> tuple[m.Decision | None, list[Diagnostic]]:
    """The decision of one recording, or None (with the problems)."""
    doc = source.read_yaml(path)
    if not usable(doc, "a decision") or validate(doc, "decision", "the decision"):
        return None, doc.diagnostics
    data: dict[str, Any] = doc.data
    stage = data.get("stage")
    stages = [s.id for s in phase.block("stages", ())]
    if stage is not None and stage not in stages:
        doc.error(("stage",), unknown("unknown stage", stage, stages, none="(the phase has no stages)"))
        return None, doc.diagnostics
    decision = data["decision"]
    moment = _at(doc, ("decision", "at"), decision["at"], plan_zone(plan), now)
    if moment is None:
        return None, doc.diagnostics
    line, column = doc.mark(("decision",))
    return (
        m.Decision(
            outcome=decision["outcome"],
            reason=decision["reason"],
            at=moment,
            by=decision.get("by", ""),
            stage=stage,
            location=m.Location(doc.path, line or 1, column or 1),
        ),
        doc.diagnostics,
    )
