"""The rules of the record writers, one by one: YAML scalars, values, times, metrics, file names, creation.

The commands are tested end to end in test_measure_decide.py; here each rule meets its edge
cases directly, table by table, and every written text is read back through the one reader.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from pathlib import Path

import pytest

from mkdocs_playbook import model as m
from mkdocs_playbook.edit import records
from mkdocs_playbook.edit.measuring import InputError, localize, not_in_future, parse_moment, parse_value, resolve
from mkdocs_playbook.edit.schemaline import SchemaHome
from mkdocs_playbook.source.yamlread import read_text

BERLIN_WINTER = dt.timezone(dt.timedelta(hours=1))


def read_back(scalar: str) -> object:
    document = read_text(f"x: {scalar}\n", "x.yml")
    assert not document.diagnostics, document.diagnostics
    return document.data["x"]


@pytest.mark.parametrize(
    "value, spelled",
    [
        (240, "240"),
        (240.0, "240"),
        (-3, "-3"),
        (0.5, "0.5"),
        (-0.25, "-0.25"),
        (1e-5, "1.0e-05"),  # `1e-05` would read back as a string in YAML 1.1
        (2.5e-7, "2.5e-07"),
        (999999999999999.0, "999999999999999"),
        (0.1 + 0.2, "0.30000000000000004"),
    ],
)
def test_numbers_read_back_as_the_same_number(value: float, spelled: str) -> None:
    assert records.yaml_number(value) == spelled
    back = read_back(spelled)
    assert isinstance(back, int | float) and not isinstance(back, bool)
    assert back == value


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_a_number_that_is_not_finite_is_never_written(value: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        records.yaml_number(value)


@pytest.mark.parametrize(
    "text",
    [
        "after the patch",
        'quotes " and \' and \\ backslash',
        "line\nbreak\r\nand\ttab",
        "NEL \x85 LS \u2028 PS \u2029",
        "C1 \x80 \x9f DEL \x7f NUL \x00 BOM \ufeff U+FFFE \ufffe",
        "é, 你好, 😀 astral",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "<script>alert(1)</script> [x](javascript:alert(1)) @someone :x:",
        "- not a list: not a mapping # not a comment",
        "yes",
        "",
    ],
)
def test_strings_read_back_exactly(text: str) -> None:
    assert read_back(records.yaml_string(text)) == text


def test_text_that_was_not_utf_8_is_refused() -> None:
    with pytest.raises(ValueError, match="not UTF-8"):
        records.yaml_string("caf\udce9")  # how Python hands over an argument that was not UTF-8


@pytest.mark.parametrize(
    "text, value",
    [("240", 240.0), ("0.5", 0.5), (".5", 0.5), ("-3", -3.0), ("-0", 0.0), ("+2", 2.0), ("1.5e3", 1500.0), (" 7 ", 7.0), ("5.", 5.0)],
)
def test_values_people_write(text: str, value: float) -> None:
    assert parse_value(text) == value


@pytest.mark.parametrize(
    "text, message",
    [
        ("1,5", "write the decimal separator as a dot, e.g. 1.5"),
        ("-0,25", "e.g. -0.25"),
        ("nan", "not a finite number"),
        ("NaN", "not a finite number"),
        ("inf", "not a finite number"),
        ("-Infinity", "not a finite number"),
        ("1e400", "out of range"),
        ("2e15", "out of range"),
        ("1_000", "is not a number"),
        ("1,000.5", "is not a number"),
        ("12ms", "is not a number"),
        ("0x10", "is not a number"),
        ("", "is not a number"),
        ("١٢", "is not a number"),  # Arabic-Indic digits: float() would take them
    ],
)
def test_values_refused(text: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_value(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-02T10:00", dt.datetime(2026, 11, 2, 10, 0)),
        ("2026-11-02 10:00:30", dt.datetime(2026, 11, 2, 10, 0, 30)),
        ("2026-11-02T10:00:00+01:00", dt.datetime(2026, 11, 2, 10, 0, tzinfo=BERLIN_WINTER)),
        ("2026-11-02T09:00:00Z", dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)),
    ],
)
def test_times_people_write(text: str, expected: dt.datetime) -> None:
    assert parse_moment(text) == expected
    assert (parse_moment(text).tzinfo is None) == (expected.tzinfo is None)


@pytest.mark.parametrize("text", ["2026-11-02", "10:00", "yesterday", "2026-13-02T10:00", "2026-11-02T25:00", "02.11.2026 10:00"])
def test_times_refused(text: str) -> None:
    with pytest.raises(InputError, match=re.escape("is not a date and time; expected e.g. 2026-11-02T10:00")):
        parse_moment(text)


def test_a_time_without_offset_is_on_the_plans_wall_clock() -> None:
    assert localize(dt.datetime(2026, 11, 2, 10), "Europe/Berlin").utcoffset() == dt.timedelta(hours=1)
    assert localize(dt.datetime(2026, 7, 2, 10), "Europe/Berlin").utcoffset() == dt.timedelta(hours=2)
    assert localize(dt.datetime(2026, 7, 2, 10), "UTC").utcoffset() == dt.timedelta(0)
    given = dt.datetime(2026, 7, 2, 10, tzinfo=dt.UTC)
    assert localize(given, "Europe/Berlin") is given  # an offset given is kept


@pytest.mark.parametrize(
    "wall, message",
    [
        (dt.datetime(2026, 3, 29, 2, 30), "does not exist in Europe/Berlin (the clocks go forward)"),
        (dt.datetime(2026, 10, 25, 2, 30), "happens twice in Europe/Berlin (the clocks go back)"),
    ],
)
def test_a_wall_time_that_summer_time_skips_or_repeats_needs_an_offset(wall: dt.datetime, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        localize(wall, "Europe/Berlin")


def test_a_time_in_the_future_is_refused_and_now_is_not() -> None:
    now = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
    not_in_future(now, now)
    with pytest.raises(InputError, match="is in the future"):
        not_in_future(now + dt.timedelta(seconds=1), now)


# --- metrics -----------------------------------------------------------------------------

PLANS = {
    "pilot": m.Plan(
        "pilot",
        timezone="Europe/Berlin",
        criteria=(
            m.Criterion("p95-latency", "95th percentile latency", "<", 300, unit="ms"),
            m.Criterion("error-rate", "Error rate", "<=", 1, unit="%"),
        ),
        triggers=(m.Trigger("p1-defect", "Any P1 defect", "p1-defects", ">", 0),),
    ),
    "enterprise-rollout": m.Plan("enterprise-rollout", criteria=(m.Criterion("error-rate", "Error rate", "<=", 0.5),)),
}


@pytest.mark.parametrize(
    "target, phase, metric, unit",
    [
        ("pilot/p95-latency", "pilot", "p95-latency", "ms"),
        ("p95-latency", "pilot", "p95-latency", "ms"),
        ("p1-defects", "pilot", "p1-defects", ""),  # a trigger's metric
        ("pilot/error-rate", "pilot", "error-rate", "%"),
        ("enterprise-rollout/error-rate", "enterprise-rollout", "error-rate", ""),
    ],
)
def test_metrics_resolve(target: str, phase: str, metric: str, unit: str) -> None:
    ref = resolve(PLANS, target)
    assert (ref.phase, ref.metric, ref.unit) == (phase, metric, unit)


@pytest.mark.parametrize(
    "target, message",
    [
        ("error-rate", "metric 'error-rate' is in the plans of several phases; name one: pilot/error-rate, enterprise-rollout/error-rate"),
        ("p95-latncy", "unknown metric 'p95-latncy' (did you mean 'p95-latency'?); expected one of: pilot/p95-latency"),
        ("pilot/p95-latncy", "unknown metric 'p95-latncy' in the plan of pilot (did you mean 'p95-latency'?); expected one of: p95-latency, error-rate, p1-defects"),
        ("pilott/p95-latency", "phase 'pilott' has no plan (did you mean 'pilot'?)"),
        ("proof-of-concept/x", "phase 'proof-of-concept' has no plan"),
        ("pilot/", "is not METRIC or PHASE/METRIC"),
        ("a/b/c", "is not METRIC or PHASE/METRIC"),
    ],
)
def test_metrics_refused_with_the_candidates(target: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        resolve(PLANS, target)


def test_without_plans_no_metric_resolves() -> None:
    with pytest.raises(InputError, match="no phase has a plan"):
        resolve({}, "p95-latency")


# --- file names and creation --------------------------------------------------------------------

AT = dt.datetime(2026, 11, 2, 10, 0, tzinfo=BERLIN_WINTER)
NAME = re.compile(r"20261102T090000Z-p95-latency-[0-9a-f]{8}\.yml")


def recording(folder: Path, value: float = 240, note: str = "") -> records.Recording:
    home = SchemaHome(folder / ".schemas", copy=True)
    return records.measurements_recording(folder, "pilot", [m.Measurement("p95-latency", value, AT, note)], home)


def test_the_name_comes_from_the_content(tmp_path: Path) -> None:
    first = recording(tmp_path)
    assert first.path.parent == tmp_path / "measurements" / "pilot"
    assert NAME.fullmatch(first.path.name)
    assert recording(tmp_path).path == first.path  # the same recording twice: the same file
    assert recording(tmp_path, 241).path != first.path
    assert recording(tmp_path, note="after the patch").path != first.path


def test_the_file_reads_back_as_written(tmp_path: Path) -> None:
    text = recording(tmp_path, 240.5, "after the patch").text
    assert text.splitlines()[:3] == [
        "# yaml-language-server: $schema=../../.schemas/measurements.schema.json",
        records.MEASUREMENTS_NOTE,
        "measurements:",
    ]
    document = read_text(text, "x.yml")
    assert document.data == {
        "measurements": [{"metric": "p95-latency", "value": 240.5, "at": "2026-11-02T10:00:00+01:00", "note": "after the patch"}]
    }


def test_an_import_of_several_metrics_is_named_after_its_earliest_time(tmp_path: Path) -> None:
    later = AT + dt.timedelta(hours=2)
    home = SchemaHome(tmp_path / ".schemas", copy=True)
    made = records.measurements_recording(
        tmp_path, "pilot", [m.Measurement("error-rate", 0.4, later), m.Measurement("p95-latency", 240, AT)], home
    )
    assert re.fullmatch(r"20261102T090000Z-import-[0-9a-f]{8}\.yml", made.path.name)
    assert made.entries == 2


def test_a_decision_file(tmp_path: Path) -> None:
    home = SchemaHome(tmp_path / ".schemas", copy=True)
    decision = m.Decision("scale", "All criteria met", AT, "Thomas Hardy", "soft-launch")
    made = records.decision_recording(tmp_path, "pilot", decision, home)
    assert re.fullmatch(r"20261102T090000Z-scale-[0-9a-f]{8}\.yml", made.path.name)
    assert made.path.parent == tmp_path / "decisions" / "pilot"
    assert read_text(made.text, "x.yml").data == {
        "decision": {"outcome": "scale", "reason": "All criteria met", "by": "Thomas Hardy", "at": "2026-11-02T10:00:00+01:00"},
        "stage": "soft-launch",
    }


def test_creation_is_exclusive_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    made = recording(tmp_path)
    records.write_new(made)
    assert made.path.read_text("utf-8") == made.text
    with pytest.raises(records.RecordExists) as same:
        records.write_new(made)
    assert same.value.same
    made.path.write_text("someone else's\n", "utf-8")
    with pytest.raises(records.RecordExists) as other:
        records.write_new(made)
    assert not other.value.same
    assert made.path.read_text("utf-8") == "someone else's\n"  # never overwritten
    assert sorted(os.listdir(made.path.parent)) == [made.path.name]


def test_a_symbolic_link_in_the_way_is_not_followed(tmp_path: Path) -> None:
    made = recording(tmp_path)
    made.path.parent.mkdir(parents=True)
    outside = tmp_path / "outside.txt"
    made.path.symlink_to(outside)
    with pytest.raises(records.RecordExists):
        records.write_new(made)
    assert not outside.exists()


def test_inside_the_playbook_folder(tmp_path: Path) -> None:
    (tmp_path / "playbook" / "measurements").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    assert records.inside(tmp_path / "playbook", tmp_path / "playbook" / "measurements" / "pilot" / "x.yml")
    (tmp_path / "playbook" / "measurements" / "pilot").symlink_to(tmp_path / "elsewhere")
    assert not records.inside(tmp_path / "playbook", tmp_path / "playbook" / "measurements" / "pilot" / "x.yml")


def test_minus_zero_is_zero() -> None:
    assert math.copysign(1, parse_value("-0")) == 1
    assert records.yaml_number(parse_value("-0.0")) == "0"
