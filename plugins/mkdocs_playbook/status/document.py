"""The organization's whole state as JSON-ready data: the shape of progress.json.

The site writes it as progress.json and hands it to mkdocs-macros;
`playbook check --format json` and `playbook status --format json` print it.
One function for all three, so the machine-readable figures can never
disagree with each other or with the pages. The shape is documented in the
README; changing a key is a change of a public format.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.status import outlook
from mkdocs_playbook.status.progress import ItemView, PhaseProgress, playbook_progress
from mkdocs_playbook.status.verdict import document, evaluate


def summary(playbook: m.Playbook, today: dt.date, now: dt.datetime) -> dict[str, Any]:
    """progress.json as of `today` (which decides `generated` and every item's `overdue`) and `now`
    (the moment the verdicts judge staleness by and after which no measurement counts)."""
    org = playbook.organization
    progress = playbook_progress(playbook)
    return {
        "organization": {"name": org.name, "product": org.product},
        "generated": today.isoformat(),
        "phases": [_phase_summary(p, playbook, today, now) for p in progress],
        # status/outlook.py's lists, uncapped, as references into `phases`: scripts need not repeat the rules
        "next_up": _references(outlook.next_up(progress, today, limit=None)),
        "overdue": _references(outlook.overdue(progress, today, limit=None)),
    }


def _references(entries: outlook.Capped[outlook.Entry]) -> list[dict[str, str]]:
    """`{"phase": "pilot", "item": "hold-kick-off"}` for each entry, in the list's order."""
    return [{"phase": e.phase.phase.id, "item": e.view.item.id} for e in entries.shown]


def only_phases(document: dict[str, Any], phase_ids: set[str]) -> dict[str, Any]:
    """The document narrowed to some phases (`playbook status PHASE`): their entries and lists, nothing else."""
    return {
        **document,
        "phases": [d for d in document["phases"] if d["id"] in phase_ids],
        "next_up": [r for r in document["next_up"] if r["phase"] in phase_ids],
        "overdue": [r for r in document["overdue"] if r["phase"] in phase_ids],
    }


def _phase_summary(p: PhaseProgress, playbook: m.Playbook, today: dt.date, now: dt.datetime) -> dict[str, Any]:
    dates = playbook.organization.dates.get(p.phase.id)
    return {
        "id": p.phase.id,
        "title": p.phase.title,
        "start": dates.start.isoformat() if dates and dates.start else None,
        "end": dates.end.isoformat() if dates and dates.end else None,
        "counts": {
            "done": p.done,
            "total": p.total,
            "percent": p.percent,
            **{s.value: p.count(s) for s in m.Status},
        },
        "gate": _verdict(playbook, p.phase.id, now),
        "stages": _stages(playbook, p.phase.id, now),
        "items": [_item_summary(v, today) for v in p.items],
        "answers": {qid: state.answer for qid, state in p.answers.items()},
    }


def _verdict(playbook: m.Playbook, phase_id: str, now: dt.datetime, stage: str | None = None) -> Any:
    """The verdict's JSON (status/verdict.py `document`), or None when there is nothing to judge."""
    result = evaluate(playbook, phase_id, now, stage)
    return None if result is None else document(result)


def _stages(playbook: m.Playbook, phase_id: str, now: dt.datetime) -> list[dict[str, Any]]:
    """Each stage of the phase's plan with its dates and its own verdict; empty without a plan."""
    plan = playbook.plans.get(phase_id)
    return [
        {
            "id": s.id,
            "title": s.title,
            "start": s.start.isoformat(),
            "end": s.end.isoformat(),
            "gate": _verdict(playbook, phase_id, now, s.id),
        }
        for s in (plan.stages if plan else ())
    ]


def _item_summary(view: ItemView, today: dt.date) -> dict[str, Any]:
    state = view.state
    return {
        "id": view.item.id,
        "text": view.item.text,
        "section": view.item.section,
        "group": view.item.group,
        "gate": view.item.gate,
        "status": state.status.value,
        "by": state.by,
        "owner": state.owner,
        "due": state.due.isoformat() if state.due else None,
        "overdue": view.overdue(today),
        "note": state.note,
        "evidence": state.evidence,
        "reason": state.reason,
    }
