"""Who did what, and when, in the demo's rollout: a proof of concept done, a pilot midway, a rollout ahead.

Every date is counted from the day the demo is made (`Calendar`), so the demo always looks alive:
the pilot started five weeks before this week's Monday, some of its open items are overdue and
some due within days, and the last steps were made in the days before today. The times of day
come from a seeded random generator: the same day gives the same history, byte for byte.

A phase's script lists its entries in the order the work happened, each with its final state,
who did it and the weeks (counted from the phase's start) it was done in. Nothing here writes a
file: `commands.demo` turns each `Step` into the edit `playbook tick/start/skip/answer/measure/
decide` would make.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

SEED = 14
TIMEZONE = "Europe/Berlin"
ORGANIZATION = "Northwind Traders"
PRODUCT = "Contoso Endpoint Manager"


@dataclass(frozen=True)
class Person:
    name: str
    email: str

    @property
    def slug(self) -> str:
        return self.email.split("@")[0].replace(".", "-")


PEOPLE = {
    "maria": Person("Maria Anders", "maria.anders@northwind.example"),
    "thomas": Person("Thomas Hardy", "thomas.hardy@northwind.example"),
    "ana": Person("Ana Trujillo", "ana.trujillo@northwind.example"),
    "christina": Person("Christina Berglund", "christina.berglund@northwind.example"),
    "hanna": Person("Hanna Moos", "hanna.moos@northwind.example"),
    "frederique": Person("Frédérique Citeaux", "frederique.citeaux@northwind.example"),
}
"""The contacts of the demo's organization.yml (scaffold/demo-organization.yml): the git authors."""
FOUNDER = "thomas"
"""Who ran `playbook new` for the first commit."""


@dataclass(frozen=True)
class Calendar:
    """The phases' dates, counted from the Monday of the week the demo is made in."""

    today: dt.date

    @property
    def monday(self) -> dt.date:
        return self.today - dt.timedelta(days=self.today.weekday())

    def week(self, weeks: int, weekday: int = 0) -> dt.date:
        return self.monday + dt.timedelta(weeks=weeks, days=weekday)

    @property
    def dates(self) -> dict[str, tuple[dt.date, dt.date]]:
        """Each phase's start (a Monday) and end (a Friday)."""
        return {
            "proof-of-concept": (self.week(-14), self.week(-10, 4)),
            # the plan's stages (5 + 10 + 20 + 10 business days) fill these nine weeks
            "pilot": (self.week(-5), self.week(3, 4)),
            "enterprise-rollout": (self.week(6), self.week(22, 4)),
        }

    @property
    def founded(self) -> dt.date:
        return self.week(-15, 3)


@dataclass(frozen=True)
class Step:
    """One thing a person did: an edit the playbook's commands make, at a moment, by an author."""

    at: dt.datetime
    author: str
    kind: str
    """tick, start, skip, answer, measure or decide."""
    phase: str
    entry: str = ""
    options: dict[str, str] = field(default_factory=dict)
    """by, note, evidence, owner, due, reason, answer; or outcome and reason for a decision."""
    measurements: tuple[tuple[str, float, str], ...] = ()
    """(metric, value, note) recorded together at `at`."""


@dataclass(frozen=True)
class Entry:
    """One line of a phase's script: its final state and the work that led to it."""

    id: str
    final: str
    """done, skipped, open (in progress today), answered."""
    who: str
    weeks: tuple[float, float]
    """When it was done (or started, when still open), in weeks from the phase's start."""
    options: dict[str, Any] = field(default_factory=dict)
    started: float | None = None
    """A week it was started in before it was done; open entries are started at `weeks`."""


def _e(entry: str, final: str, who: str, first: float, last: float, started: float | None = None, **options: Any) -> Entry:
    return Entry(entry, final, who, (first, last), options, started)


PROOF_OF_CONCEPT = [
    _e("good-technical-plan", "answered", "thomas", 0, 0.4, answer="Yes: the project lead and the technical lead sign off"),
    _e("assurance-without-poc", "answered", "ana", 0, 0.4, answer="No: co-management must be shown on our own devices"),
    _e("switch-to-pilot", "answered", "maria", 0.2, 0.6, answer="Not yet: a four-week PoC in the lab first, then a pilot"),
    _e("scope-and-decision-criteria", "answered", "thomas", 0.4, 0.9, answer="20 lab devices, 3 policies, 1 app; go if all succeed"),
    _e("buy-or-deploy-if-criteria-met", "answered", "maria", 0.6, 1, answer="Yes: the pilot budget is approved on a go"),
    _e("analyze-risk", "done", "ana", 0.2, 0.8),
    _e("evaluate-setting", "done", "ana", 0.4, 1),
    _e("consider-workloads-and-resources", "done", "thomas", 0.8, 1.2),
    _e("do-preparation", "done", "thomas", 1, 1.6, started=0.2),
    _e("fulfill-technical-prerequisites", "done", "ana", 1, 1.8, started=0.3, note="lab tenant and 20 devices"),
    _e("define-go-no-go-decision", "done", "maria", 1.2, 1.8),
    _e("create-final-project-plan", "done", "thomas", 1.4, 2),
    _e("involve-team", "done", "hanna", 1.8, 2.4),
    _e("present-health-status", "done", "thomas", 2, 2.8),
    _e("determine-presenter", "done", "christina", 2.2, 2.8),
    _e("schedule-morning-meeting", "skipped", "frederique", 2.4, 3, reason="Demo shared with the Singapore office"),
    _e("prepare-demos-and-slides", "done", "frederique", 3, 3.6, started=2.2),
    _e("conduct-dry-run", "done", "ana", 3.4, 3.8),
    _e("get-feedback", "done", "christina", 3.6, 4),
    _e("complete-win-lose-statement", "done", "christina", 4, 4.2, evidence="https://wiki.northwind.example/poc/win-lose"),
    _e("debrief-criteria-met", "done", "maria", 4.2, 4.4, note="all five criteria met"),
    _e("debrief-stakeholder-investment", "done", "maria", 4.2, 4.5),
    _e("debrief-initiating-deployment", "done", "thomas", 4.3, 4.6),
    _e("debrief-partner-and-training", "skipped", "hanna", 4.3, 4.6, reason="No partner; our service desk trains"),
    _e("debrief-lessons-learned", "done", "thomas", 4.4, 4.6),
    _e("debrief-guidance-corrections", "done", "ana", 4.4, 4.6),
    _e("debrief-archive-deliverables", "done", "frederique", 4.5, 4.7),
]
POC_DECISION = ("scale", "Every success criterion of the proof of concept was met; the sponsor approved the pilot")

PILOT = [
    _e("assemble-rollout-planning-team", "done", "thomas", 0, 0.3),
    _e("what-else-testing", "answered", "thomas", 0, 0.4, answer="Communication plan, hyper-care, the self-service portal"),
    _e("success-goals", "answered", "christina", 0, 0.4, answer="Ticket volume below 5 per 100 users in week 2; CSAT at least 4.2"),
    _e("timeline-and-milestones", "answered", "thomas", 0.1, 0.5, answer="TIMELINE"),
    _e("measure-success-metrics", "answered", "ana", 0.2, 0.8, answer="Service desk tickets, weekly survey, dashboard P-01"),
    _e("hold-project-meetings", "open", "thomas", 0, 0.3, owner="thomas-hardy"),
    _e("pre-pilot-scope-document", "done", "christina", 0, 0.5, evidence="https://wiki.northwind.example/pilot/scope"),
    _e("scope-use-cases", "done", "christina", 0, 0.6),
    _e("scope-channels", "done", "christina", 0.2, 0.6),
    _e("scope-users-customers", "done", "christina", 0.2, 0.7),
    _e("scope-geographies", "done", "thomas", 0.3, 0.8, note="Region A only"),
    _e("scope-languages", "skipped", "christina", 0.3, 0.8, reason="English only; every pilot user works in English"),
    _e("pre-pilot-technical-requirements", "done", "ana", 0.2, 0.7),
    _e("pre-pilot-success-criteria", "done", "christina", 0.3, 0.8),
    _e("pre-pilot-communication-plan", "done", "frederique", 0.4, 0.9),
    _e("pre-pilot-risk-register", "done", "ana", 0.4, 0.9),
    _e("document-goals-and-success-metrics", "done", "christina", 0.5, 0.9),
    _e("entry-environment-ready", "done", "ana", 0.1, 0.5),
    _e("entry-rollback-rehearsed", "done", "ana", 0.5, 0.8, started=0.2),
    _e("entry-service-desk-trained", "done", "hanna", 0.6, 0.9, started=0.1),
    _e("identify-pilot-users", "done", "christina", 0.3, 0.7),
    _e("identify-pilot-risks", "done", "ana", 1.4, 2),
    _e("setup-working-integration", "done", "ana", 0.4, 0.8, started=0.1),
    _e("setup-test-cases-passing", "done", "ana", 0.6, 0.9, evidence="https://ci.northwind.example/pilot/412"),
    _e("setup-users-trained", "done", "hanna", 0.6, 0.9),
    _e("setup-exit-technical-setup-complete", "done", "ana", 0.8, 0.95),
    _e("setup-exit-test-environment-validated", "done", "ana", 0.8, 0.95),
    _e("setup-exit-ready-for-live-traffic", "done", "thomas", 0.85, 0.95),
    _e("communicate-timelines-and-goals", "done", "frederique", 2, 2.6),
    _e("define-support-process", "done", "hanna", 0.6, 1.2, note="two weeks of hyper-care"),
    _e("during-pilot-weekly-metrics-reports", "open", "ana", 1, 1.2, owner="ana-trujillo"),
    _e("during-pilot-issue-log", "open", "hanna", 1, 1.2, owner="hanna-moos"),
    _e("during-pilot-change-log", "done", "ana", 4.4, 5.2, started=1.2, note="kept in the pilot wiki from now on"),
    _e("during-pilot-meeting-notes", "skipped", "thomas", 1.2, 1.6, reason="Decisions go to the change log; the weekly meeting keeps no other notes"),
    _e("soft-launch-baseline-metrics", "done", "ana", 1.1, 1.5),
    _e("hold-kick-off", "done", "frederique", 1, 1.3, note="40 pilot users in the room, the rest online"),
    _e("participant-support", "answered", "hanna", 1.2, 1.8, answer="A hyper-care line at the service desk for two weeks, then the usual queue"),
    _e("soft-launch-issue-log", "done", "hanna", 1.3, 1.9),
    _e("define-training-plan", "done", "hanna", 3.4, 4.2, started=1.4),
    _e("define-awareness-plan", "done", "frederique", 4.8, 5.9, started=1.8),
    _e("distribute-end-user-documentation", "open", "frederique", 2, 2.5, owner="frederique-citeaux", due=-8),
    _e("soft-launch-exit-no-critical-issues", "done", "hanna", 2.4, 2.9),
    _e("soft-launch-exit-metrics-tracking-working", "done", "ana", 2.5, 2.9, started=1.8),
    _e("soft-launch-exit-ready-to-expand", "done", "thomas", 2.8, 3, note="the sponsor agreed to go to the whole cohort"),
    _e("soft-launch-initial-learnings", "open", "christina", 2.6, 3.2, owner="christina-berglund", due=-3),
    _e("expanded-weekly-metrics-reports", "open", "ana", 3, 3.4, owner="ana-trujillo", due=4),
    _e("customize-feedback-surveys", "open", "christina", 3.2, 3.8, owner="christina-berglund", due=2),
    _e("expanded-optimization-log", "open", "ana", 3.6, 4.4, owner="ana-trujillo", due=11),
    _e("expanded-user-feedback-summary", "open", "christina", 4.6, 5.2, owner="christina-berglund", due=9),
    _e("end-user-experience", "answered", "christina", 5, 5.8, answer="Enrolment takes 12 minutes; the software catalogue is what people like most"),
]

ENTERPRISE_ROLLOUT = [
    _e("rollout-approach", "answered", "thomas", -1.2, -0.6, answer="Phased by location: head office, then four regional offices"),
    _e("establish-rollout-approach", "open", "thomas", -0.6, 0.4, owner="thomas-hardy", due=-10),
    _e("identify-targeted-groups", "open", "frederique", 0, 0.9, owner="frederique-citeaux", due=11),
]
"""The rollout lies ahead: its weeks count from this week's Monday, its due dates from its start."""

SCRIPTS = {"proof-of-concept": PROOF_OF_CONCEPT, "pilot": PILOT, "enterprise-rollout": ENTERPRISE_ROLLOUT}

DASHBOARD = "Export from Dashboard P-01"
LATENCY = (255, 262, 318, 248, 240, 236, 231, 228, 226)
ERRORS = (0.6, 0.5, 0.4, 0.4, 0.3, 0.3, 0.3, 0.2, 0.2)
P2_DEFECTS = (2.6, 1.9, 1.6, 1.3, 1.1, 1.0, 0.9, 0.9, 0.8)
CSAT = (4.1, 4.3, 4.4, 4.4, 4.5, 4.5, 4.6, 4.6, 4.6)
SURVEY_ANSWERS = (38, 61, 74, 83, 90, 96, 101, 104, 106)


def steps(today: dt.date) -> list[Step]:
    """Every step of the demo's history before `today`, oldest first; the same for the same day."""
    calendar = Calendar(today)
    rng = random.Random(f"{SEED}:{today.isoformat()}")
    made: list[Step] = []
    for phase, script in SCRIPTS.items():
        start, end = calendar.dates[phase]
        base = start if phase != "enterprise-rollout" else calendar.monday
        for entry in script:
            made.extend(_entry_steps(phase, entry, base, min(end, today - dt.timedelta(days=1)), today, calendar, rng))
    made.append(_decision(calendar))
    made.extend(_measurements(calendar, today, rng))
    return sorted((s for s in made if s.at.date() < today), key=lambda s: s.at)


def _entry_steps(
    phase: str, entry: Entry, base: dt.date, last: dt.date, today: dt.date, calendar: Calendar, rng: random.Random
) -> list[Step]:
    when = _moment(base, entry.weeks, last, rng)
    options = {k: str(v) for k, v in entry.options.items() if k not in ("due", "answer", "owner")}
    if entry.final == "answered":
        answer = _timeline(calendar) if entry.options["answer"] == "TIMELINE" else str(entry.options["answer"])
        return [Step(when, entry.who, "answer", phase, entry.id, {"answer": answer})]
    if entry.final == "skipped":
        return [Step(when, entry.who, "skip", phase, entry.id, options)]
    if entry.final == "open":
        options = {"owner": str(entry.options["owner"])}
        due = entry.options.get("due")
        if due is not None:
            anchor = calendar.dates[phase][0] if phase == "enterprise-rollout" else today
            options["due"] = _weekday(anchor + dt.timedelta(days=int(due))).isoformat()
        return [Step(when, entry.who, "start", phase, entry.id, options)]
    found = []
    if entry.started is not None:
        began = _moment(base, (entry.started, entry.started + 0.2), last, rng)
        found.append(Step(min(began, when - dt.timedelta(hours=3)), entry.who, "start", phase, entry.id, {}))
    found.append(Step(when, entry.who, "tick", phase, entry.id, options))
    return found


def _moment(base: dt.date, weeks: tuple[float, float], last: dt.date, rng: random.Random) -> dt.datetime:
    """A working day within `weeks` of `base` (never after `last`), at a working hour in Berlin."""
    first_day = base + dt.timedelta(days=round(weeks[0] * 7))
    last_day = base + dt.timedelta(days=round(weeks[1] * 7))
    day = first_day + dt.timedelta(days=rng.randint(0, max(0, (last_day - first_day).days)))
    day = _weekday(day) if _weekday(day) <= last else _weekday(last, backwards=True)
    minutes = rng.randrange(8 * 60 + 30, 17 * 60 + 45, 5)
    return _at(day, minutes // 60, minutes % 60)


def _weekday(day: dt.date, *, backwards: bool = False) -> dt.date:
    """`day`, or the nearest working day after it (before it, `backwards`)."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=-1 if backwards else 1)
    return day


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    from mkdocs_playbook.edit.measuring import zone_of

    return dt.datetime.combine(day, dt.time(hour, minute), zone_of(TIMEZONE))


def _timeline(calendar: Calendar) -> str:
    start, end = calendar.dates["pilot"]
    marks = [(start, "setup"), (start + dt.timedelta(weeks=1), "soft launch"), (start + dt.timedelta(weeks=3), "expand")]
    shown = "; ".join(f"{day.day} {day:%b} {what}" for day, what in marks)
    return f"{shown}; {end.day} {end:%b} go/no-go"


def _decision(calendar: Calendar) -> Step:
    outcome, reason = POC_DECISION
    end = calendar.dates["proof-of-concept"][1]
    options = {"outcome": outcome, "reason": reason, "by": PEOPLE["thomas"].name}
    return Step(_at(end, 16), "thomas", "decide", "proof-of-concept", options=options)


def _measurements(calendar: Calendar, today: dt.date, rng: random.Random) -> list[Step]:
    """From the soft launch on, weekly: the dashboard's export (Tuesday), the survey (Thursday), the
    service desk's P2 count (Friday); a little noise so the charts do not look drawn with a ruler."""
    start = calendar.dates["pilot"][0]
    made: list[Step] = []
    export: tuple[tuple[str, float, str], ...] = ()
    for week in range(len(LATENCY)):
        monday = start + dt.timedelta(weeks=week + 1)
        if monday >= today:
            break
        latency = LATENCY[week] + rng.randint(-4, 4)
        note = "before the cache patch" if LATENCY[week] > 300 else DASHBOARD
        export = (("p95-latency", float(latency), note), ("error-rate", ERRORS[week], DASHBOARD), ("p1-defects", 0.0, DASHBOARD))
        made.append(Step(_at(monday + dt.timedelta(days=1), 10), "ana", "measure", "pilot", measurements=export))
        if week >= 1:
            survey = f"Survey of week {week + 1}, {SURVEY_ANSWERS[week - 1]} answers"
            made.append(Step(_at(monday + dt.timedelta(days=3), 16), "christina", "measure", "pilot",
                             measurements=(("csat", CSAT[week - 1], survey),)))
        made.append(Step(_at(monday + dt.timedelta(days=4), 11, 30), "hanna", "measure", "pilot",
                         measurements=(("p2-defects", P2_DEFECTS[week], "from the service desk's queue"),)))
    # the daily check of yesterday afternoon: the verdict judges by fresh values (a criterion's max_age)
    daily = tuple((metric, value, "daily check") for metric, value, _ in export)
    made.append(Step(_at(today - dt.timedelta(days=1), 16), "ana", "measure", "pilot", measurements=daily))
    return made
