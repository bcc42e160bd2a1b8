"""status/outlook.py's rules, a table each: next up, overdue, recent activity and the caps.

The clock is pinned (TODAY below), so "due today" and "due yesterday" mean the same on any day the
suite runs. Each row names the rule it pins; changing the rule breaks that row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pytest

from mkdocs_playbook import model as m
from mkdocs_playbook.status.outlook import activity, cap, left_out_by_phase, next_up, outlook, overdue
from mkdocs_playbook.status.progress import ItemView, PhaseProgress

TODAY = dt.date(2026, 11, 21)
S = m.Status


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def phase(phase_id: str, *rows: tuple[str, m.Status, int | None]) -> PhaseProgress:
    """A phase whose items are (id, status, due as days from TODAY or None), in that order."""
    model = m.Phase(id=phase_id, order=0, title=phase_id.title(), summary="", why="")
    views = tuple(
        ItemView(m.Item(item_id, f"Text of {item_id}"), m.ItemState(item_id, status, due=None if due is None else day(due)))
        for item_id, status, due in rows
    )
    return PhaseProgress(model, views, {})


def ids(capped: object) -> list[str]:
    return [f"{e.phase.phase.id}/{e.view.item.id}" for e in capped.shown]  # type: ignore[attr-defined]


NEXT_UP = [
    # (rule, items of phase a, expected next up)
    ("due today is next up", [("x", S.TODO, 0)], ["a/x"]),
    ("due later is next up", [("x", S.TODO, 30)], ["a/x"]),
    ("due yesterday is overdue, not next up", [("x", S.TODO, -1)], []),
    ("done is never next up", [("x", S.DONE, 1)], []),
    ("skipped is never next up", [("x", S.SKIPPED, 1)], []),
    ("in progress with a date is next up", [("x", S.IN_PROGRESS, 2)], ["a/x"]),
    ("todo without a date is not next up", [("x", S.TODO, None)], []),
    ("in progress without a date is next up", [("x", S.IN_PROGRESS, None)], ["a/x"]),
    ("soonest first", [("late", S.TODO, 9), ("soon", S.TODO, 1), ("mid", S.IN_PROGRESS, 5)], ["a/soon", "a/mid", "a/late"]),
    (
        "dated before undated in progress, whatever the item order",
        [("started", S.IN_PROGRESS, None), ("dated", S.TODO, 20)],
        ["a/dated", "a/started"],
    ),
    ("same date keeps item order", [("one", S.TODO, 3), ("two", S.IN_PROGRESS, 3)], ["a/one", "a/two"]),
]


@pytest.mark.parametrize(("rule", "rows", "expected"), NEXT_UP, ids=[row[0] for row in NEXT_UP])
def test_next_up(rule: str, rows: list[tuple[str, m.Status, int | None]], expected: list[str]) -> None:
    assert ids(next_up([phase("a", *rows)], TODAY)) == expected


OVERDUE = [
    ("due yesterday is overdue", [("x", S.TODO, -1)], ["a/x"]),
    ("due today is not overdue", [("x", S.TODO, 0)], []),
    ("in progress past its date is overdue", [("x", S.IN_PROGRESS, -3)], ["a/x"]),
    ("done past its date is not overdue", [("x", S.DONE, -3)], []),
    ("skipped past its date is not overdue", [("x", S.SKIPPED, -3)], []),
    ("no date is never overdue", [("x", S.IN_PROGRESS, None)], []),
    ("longest overdue first", [("recent", S.TODO, -1), ("oldest", S.TODO, -20), ("mid", S.TODO, -5)], ["a/oldest", "a/mid", "a/recent"]),
]


@pytest.mark.parametrize(("rule", "rows", "expected"), OVERDUE, ids=[row[0] for row in OVERDUE])
def test_overdue(rule: str, rows: list[tuple[str, m.Status, int | None]], expected: list[str]) -> None:
    assert ids(overdue([phase("a", *rows)], TODAY)) == expected


def test_ties_across_phases_keep_phase_order() -> None:
    phases = [phase("first", ("x", S.TODO, 4)), phase("second", ("y", S.TODO, 2), ("z", S.TODO, 4))]
    assert ids(next_up(phases, TODAY)) == ["second/y", "first/x", "second/z"]
    late = [phase("first", ("x", S.TODO, -4)), phase("second", ("y", S.TODO, -4))]
    assert ids(overdue(late, TODAY)) == ["first/x", "second/y"]


CAPS = [
    # (limit, of how many, shown, more)
    (3, 5, 3, 2),
    (5, 5, 5, 0),
    (10, 5, 5, 0),
    (0, 5, 0, 5),
    (-1, 5, 0, 5),
    (3, 0, 0, 0),
    (3, 1, 1, 0),  # one entry is a list worth showing
]


@pytest.mark.parametrize(("limit", "count", "shown", "more"), CAPS)
def test_cap(limit: int, count: int, shown: int, more: int) -> None:
    capped = cap(list(range(count)), limit)
    assert (len(capped.shown), capped.total, capped.more, bool(capped)) == (shown, count, more, count > 0)
    assert list(capped.shown) == list(range(shown))  # the first ones, in order


def test_lists_are_capped_and_say_how_many_more() -> None:
    many = phase("a", *[(f"i{n:03}", S.TODO, n % 7 - 3) for n in range(300)])
    soon, late = next_up([many], TODAY, limit=4), overdue([many], TODAY, limit=4)
    assert (len(soon.shown), soon.total, soon.more) == (4, 171, 167)
    assert (len(late.shown), late.total, late.more) == (4, 129, 125)
    assert [e.view.state.due for e in soon.shown] == [TODAY] * 4
    assert [e.view.state.due for e in late.shown] == [day(-3)] * 4


@dataclass(frozen=True)
class Credit:
    author: str
    date: dt.datetime
    sha: str = "0" * 40
    url: str | None = None


def at(hours: int) -> dt.datetime:
    return dt.datetime(2026, 11, 20, tzinfo=dt.UTC) + dt.timedelta(hours=hours)


ACTIVITY = [
    # (rule, items, credits by item id, expected (item, verb, author) newest first)
    ("done reads ticked", [("x", S.DONE, None)], {"x": ("ana", 1)}, [("x", "ticked", "ana")]),
    ("in progress reads started", [("x", S.IN_PROGRESS, None)], {"x": ("ana", 1)}, [("x", "started", "ana")]),
    ("skipped reads skipped", [("x", S.SKIPPED, None)], {"x": ("ana", 1)}, [("x", "skipped", "ana")]),
    ("todo is not activity", [("x", S.TODO, None)], {"x": ("ana", 1)}, []),
    ("no commit, no activity", [("x", S.DONE, None)], {}, []),
    (
        "newest first",
        [("old", S.DONE, None), ("new", S.IN_PROGRESS, None), ("mid", S.SKIPPED, None)],
        {"old": ("ana", 1), "new": ("bo", 9), "mid": ("cy", 5)},
        [("new", "started", "bo"), ("mid", "skipped", "cy"), ("old", "ticked", "ana")],
    ),
    (
        "one commit keeps item order",
        [("one", S.DONE, None), ("two", S.DONE, None)],
        {"one": ("ana", 2), "two": ("ana", 2)},
        [("one", "ticked", "ana"), ("two", "ticked", "ana")],
    ),
]


@pytest.mark.parametrize(("rule", "rows", "credits", "expected"), ACTIVITY, ids=[row[0] for row in ACTIVITY])
def test_activity(
    rule: str,
    rows: list[tuple[str, m.Status, int | None]],
    credits: dict[str, tuple[str, int]],
    expected: list[tuple[str, str, str]],
) -> None:
    def credit_of(phase_id: str, item_id: str) -> Credit | None:
        assert phase_id == "a"
        found = credits.get(item_id)
        return Credit(found[0], at(found[1])) if found else None

    found = activity([phase("a", *rows)], credit_of)
    assert [(a.view.item.id, a.verb, a.credit.author) for a in found.shown] == expected
    assert all(a.phase.phase.id == "a" for a in found.shown)  # each entry links to its own phase


def test_activity_is_capped() -> None:
    rows = [(f"i{n}", S.DONE, None) for n in range(30)]
    found = activity([phase("a", *rows)], lambda p, i: Credit("ana", at(int(i[1:]))), limit=5)
    assert [a.view.item.id for a in found.shown] == ["i29", "i28", "i27", "i26", "i25"]
    assert found.more == 25


def test_outlook_passes_each_limit_to_its_list() -> None:
    rows = [(f"s{n}", S.TODO, 1) for n in range(5)] + [(f"l{n}", S.TODO, -1) for n in range(5)]
    rows += [(f"d{n}", S.DONE, None) for n in range(5)]
    view = outlook([phase("a", *rows)], TODAY, lambda p, i: Credit("ana", at(1)), next_limit=1, overdue_limit=2, activity_limit=3)
    assert (len(view.next_up.shown), len(view.overdue.shown), len(view.activity.shown)) == (1, 2, 3)
    assert (view.next_up.more, view.overdue.more, view.activity.more) == (4, 3, 2)


def test_the_left_out_are_counted_by_phase_in_phase_order() -> None:
    second = phase("second", *[(f"s{n}", S.TODO, 1) for n in range(3)])
    first = phase("first", *[(f"f{n}", S.TODO, 5) for n in range(2)])
    first = PhaseProgress(dataclasses.replace(first.phase, order=1), first.items, {})
    second = PhaseProgress(dataclasses.replace(second.phase, order=2), second.items, {})
    soon = next_up([second, first], TODAY, limit=1)
    assert ids(soon) == ["second/s0"]
    assert [(p.phase.id, count) for p, count in left_out_by_phase(soon)] == [("first", 2), ("second", 2)]
