"""organization.yml in, a checked `Organization` out: phases and dates cross-checked."""

from __future__ import annotations

import datetime as dt
import re
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
    if "metrics" in data:
        _moved_metrics(doc, data["metrics"])
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


def _moved_metrics(doc: Document, entries: Any) -> None:
    """`metrics:` moved out of organization.yml: say exactly what to write instead, as an error.

    The message holds the YAML for `criteria:` in plans/<phase>.yml and one `playbook measure`
    command per measured value, so moving is copying (one error, at the `metrics:` key).
    """
    if not isinstance(entries, list) or not entries:
        doc.error(("metrics",), MOVED + " Delete the empty 'metrics:' key.", key=True)
        return
    by_phase: dict[str, list[str]] = {}
    commands: list[str] = []
    for metric in entries:
        if not isinstance(metric, dict):
            continue
        phase = str(metric.get("phase", "pilot"))
        comparison, number = _split_target(str(metric.get("target", "")))
        fields = [f"metric: {quote(metric.get('id', 'METRIC'))}", f"name: {quote(metric.get('name', 'NAME'))}"]
        if metric.get("unit"):
            fields.append(f"unit: {quote(metric['unit'])}")
        fields += [f'comparison: "{comparison}"', f"threshold: {quote(number)[1:-1]}"]
        by_phase.setdefault(phase, []).append("- {" + ", ".join(fields) + "}")
        if metric.get("actual") is not None:
            name = f"{phase}/{metric.get('id', 'METRIC')}"
            commands.append(f"playbook measure {name} {metric['actual']} --at YYYY-MM-DDTHH:MM")
    steps = [
        f"add to plans/{phase}.yml under 'criteria:' one line each: " + " ".join(lines)
        for phase, lines in by_phase.items()
    ]
    if commands:
        steps.append("then record the measured values with their date: " + "; ".join(commands))
    doc.error(("metrics",), f"{MOVED} " + "; ".join(steps) + "; then delete 'metrics:' here.", key=True)


MOVED = (
    "'metrics' moved out of organization.yml: success criteria now live in plans/<phase>.yml "
    "(criteria:) and dated values in measurements/<phase>/ (playbook measure)."
)


def _split_target(target: str) -> tuple[str, str]:
    """'<= 0.5' -> ('<=', '0.5'); '==' becomes '=' (the plan's exact comparison)."""
    found = re.match(r"\s*(<=|>=|==|<|>|=)?\s*(.*)", target)
    comparison, number = (found.group(1) or "<=", found.group(2).strip()) if found else ("<=", target)
    return ("=" if comparison == "==" else comparison), (number or "0")


def parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
