"""organization.yml in, a checked `Organization` out: phases, dates and metrics cross-checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.source.diagnostics import Diagnostic, quote, unknown
from mkdocs_playbook.source.files import usable
from mkdocs_playbook.source.schema import validate
from mkdocs_playbook.source.sources import WORKING_TREE, Source
from mkdocs_playbook.source.textrules import blocking
from mkdocs_playbook.source.yamlread import Document


def load_organization(
    path: Path, known_phases: list[str], source: Source = WORKING_TREE
) -> tuple[m.Organization | None, list[Diagnostic]]:
    if not source.exists(path):  # a broken link is there: reading it says why it cannot be read
        missing = "organization file not found; expected name and product at least"
        return None, [Diagnostic(source.display(path), None, None, missing)]
    doc = source.read_yaml(path)
    if not usable(doc, "the organization") or validate(doc, "organization", "the organization"):
        return None, doc.diagnostics
    data = doc.data
    for i, phase_id in enumerate(data.get("phases", [])):
        if phase_id not in known_phases:
            doc.error(("phases", i), unknown("unknown phase", phase_id, known_phases))
    dates = _dates(doc, data.get("dates") or {}, known_phases)
    metrics = _metrics(doc, data.get("metrics", []), known_phases)
    if blocking(doc.diagnostics):  # a text-rule problem leaves the value to the output gate
        return None, doc.diagnostics
    palette = data.get("palette") or {}
    organization = m.Organization(
        name=data["name"],
        product=data["product"],
        contacts=tuple(m.Contact(c["name"], c["role"], c.get("email", "")) for c in data.get("contacts", [])),
        phases=tuple(data.get("phases", [])),
        dates=dates,
        logo=data.get("logo"),
        palette_primary=palette.get("primary"),
        palette_accent=palette.get("accent"),
        metrics=tuple(metrics),
        location=m.Location(doc.path, 1, 1),
    )
    return organization, doc.diagnostics


def _dates(doc: Document, spans: dict[str, Any], known_phases: list[str]) -> dict[str, m.PhaseDates]:
    dates: dict[str, m.PhaseDates] = {}
    for phase_id, span in spans.items():
        if phase_id not in known_phases:
            problem = unknown("dates for an unknown phase", phase_id, known_phases)
            doc.error(("dates", phase_id), problem, key=True)
            continue
        start, end = parse_date(span.get("start")), parse_date(span.get("end"))
        if start and end and end < start:
            doc.error(
                ("dates", phase_id, "end"),
                f"the {phase_id} phase ends ({end}) before it starts ({start}); expected end on or after start",
            )
        dates[phase_id] = m.PhaseDates(start, end)
    return dates


def _metrics(doc: Document, entries: list[dict[str, Any]], known_phases: list[str]) -> list[m.Metric]:
    metrics: list[m.Metric] = []
    seen: set[str] = set()
    for i, metric in enumerate(entries):
        if metric["id"] in seen:
            doc.error(("metrics", i, "id"), f"duplicate metric id {quote(metric['id'])}; ids must be unique")
        seen.add(metric["id"])
        if metric["phase"] not in known_phases:
            doc.error(("metrics", i, "phase"), unknown("unknown phase", metric["phase"], known_phases))
        comparison, number = _split_target(metric["target"])
        metrics.append(
            m.Metric(
                id=metric["id"],
                name=metric["name"],
                comparison=comparison,
                target=number,
                unit=metric.get("unit", ""),
                actual=metric.get("actual"),
                phase=metric["phase"],
            )
        )
    return metrics


def _split_target(target: str) -> tuple[str, float]:
    """'<= 0.5' -> ('<=', 0.5); the schema has already checked the shape."""
    number_start = next(i for i, c in enumerate(target) if c.isdigit() or c == "-")
    return target[:number_start].strip(), float(target[number_start:])


def parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
