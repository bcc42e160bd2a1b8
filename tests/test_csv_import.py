"""`playbook measure --import FILE.csv`: the reading of an export, edge case by edge case.

Each case is a real file on disk read by `csvimport.read_rows`; a bad row must be named as
`FILE.csv:LINE:COL` (COL counting characters, as an editor does). The command's all-or-nothing
writing and the skipping of rows already recorded are tested in test_measure_decide.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mkdocs_playbook import model as m
from mkdocs_playbook.edit.csvimport import read_rows

NOW = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
PLANS = {
    "pilot": m.Plan(
        "pilot",
        timezone="Europe/Berlin",
        criteria=(
            m.Criterion("p95-latency", "95th percentile latency", "<", 300, unit="ms"),
            m.Criterion("error-rate", "Error rate", "<=", 1, unit="%"),
            m.Criterion("csat", "Customer satisfaction", ">=", 4.2),
        ),
    ),
    "enterprise-rollout": m.Plan("enterprise-rollout", criteria=(m.Criterion("error-rate", "Error rate", "<=", 0.5),)),
}
CET = dt.timezone(dt.timedelta(hours=1))


def read(tmp_path: Path, content: str | bytes, phase: str | None = None) -> tuple[list[tuple[str, str, float, dt.datetime, str]], list[str]]:
    path = tmp_path / "export.csv"
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    rows, problems = read_rows(path, "export.csv", PLANS, NOW, phase, 10)
    found = [(r.phase, r.measurement.metric, r.measurement.value, r.measurement.at, r.measurement.note) for r in rows]
    return found, [str(p) for p in problems]


GOOD = [
    ("pilot", "p95-latency", 240.0, dt.datetime(2026, 11, 2, 10, tzinfo=CET), "after the patch"),
    ("pilot", "csat", 4.4, dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), ""),
]


@pytest.mark.parametrize(
    "content",
    [
        "metric,value,at,note\np95-latency,240,2026-11-02T10:00,after the patch\ncsat,4.4,2026-11-02T09:00Z,\n",
        "\ufeffmetric,value,at,note\r\np95-latency,240,2026-11-02T10:00,after the patch\r\ncsat,4.4,2026-11-02T09:00Z,\r\n",
        "Metric , Value , Time, Note\np95-latency,240,2026-11-02T10:00,after the patch\n\ncsat,4.4,2026-11-02T09:00Z,\n",
        "note,timestamp,value,metric\nafter the patch,2026-11-02T10:00,240,pilot/p95-latency\n,2026-11-02T09:00Z,4.4,pilot/csat",
        "metric,value,at,note,phase\np95-latency,240,2026-11-02T10:00,after the patch,\ncsat,4.4,2026-11-02T09:00Z,,pilot\n",
        'metric,value,at,note\np95-latency,240,2026-11-02T10:00,"after the\npatch"\n"csat","4.4","2026-11-02T09:00Z",""\n',
    ],
    ids=["plain", "bom-crlf", "header-case-alias-blank-line", "reordered-phase-in-metric", "phase-column", "quoted-multiline"],
)
def test_good_files(tmp_path: Path, content: str) -> None:
    assert read(tmp_path, content) == (GOOD, [])


def test_phase_option_for_rows_that_name_none(tmp_path: Path) -> None:
    rows, problems = read(tmp_path, "metric,value,at\nerror-rate,0.3,2026-11-02T09:00Z\n", phase="enterprise-rollout")
    assert problems == []
    assert rows[0][:3] == ("enterprise-rollout", "error-rate", 0.3)


@pytest.mark.parametrize(
    "content, problems",
    [
        ("", ["export.csv: the file is empty; expected a header row such as metric,value,at,note"]),
        ("\ufeff\r\n\r\n", ["export.csv: the file is empty; expected a header row such as metric,value,at,note"]),
        ("metric,value,at\n", ["export.csv:1:1: no rows after the header; nothing to record"]),
        ("metric,value\np95-latency,240\n", ["export.csv:1:1: the header row lacks at; expected e.g. metric,value,at,note (time or timestamp may name the at column)"]),
        ("metric,valeu,at\n", ["export.csv:1:8: unknown column 'valeu' (did you mean 'value'?); expected: metric, value, at, note, phase, time, timestamp"]),
        ("metric,value,at,at\n", ["export.csv:1:17: column 'at' appears twice"]),
        (
            "metric,value,at\np95-latency,1,5,2026-11-02T10:00\n",
            ["export.csv:2:17: 4 fields where the header has 3; expected metric,value,at"],
        ),
        (
            "metric,value,at,note\n"
            "p95-latency,240,2026-11-02T10:00,fine\n"
            "p95-latncy,\"1,5\",2026-11-02,\n"
            "error-rate,nan,2026-12-01T10:00,future\n"
            "error-rate,inf,2026-03-29T02:30,gap\n",
            [
                "export.csv:3:1: unknown metric 'p95-latncy' (did you mean 'p95-latency'?); expected one of: pilot/p95-latency, pilot/error-rate, pilot/csat, enterprise-rollout/error-rate",
                "export.csv:3:12: '1,5' is not a number; write the decimal separator as a dot, e.g. 1.5",
                "export.csv:3:18: '2026-11-02' is not a date and time; expected e.g. 2026-11-02T10:00 (the plan's timezone) or 2026-11-02T10:00:00+01:00",
                "export.csv:4:1: metric 'error-rate' is in the plans of several phases; name one: pilot/error-rate, enterprise-rollout/error-rate",
                "export.csv:4:12: 'nan' is not a finite number; expected a measured value such as 240 or 0.5",
                "export.csv:5:1: metric 'error-rate' is in the plans of several phases; name one: pilot/error-rate, enterprise-rollout/error-rate",
                "export.csv:5:12: 'inf' is not a finite number; expected a measured value such as 240 or 0.5",
            ],
        ),
        (
            "metric,value,at\npilot/error-rate,0.5,2026-12-01T10:00\npilot/error-rate,0.5,2026-03-29T02:30\n",
            [
                "export.csv:2:22: 2026-12-01T10:00:00+01:00 is in the future (now is 2026-11-21T00:00:00+00:00); a measurement records what has happened: give --at a time up to now",
                "export.csv:3:22: 2026-03-29T02:30:00 does not exist in Europe/Berlin (the clocks go forward); give the offset",
            ],
        ),
        (
            'metric,value,at,note\np95-latency,240,2026-11-02T10:00,"a\nlong note"\np95-latency,x,2026-11-02T10:00,\n',
            ["export.csv:4:13: 'x' is not a number; expected e.g. 240, 0.5 or -3"],
        ),
        (
            "metric,value,at,phase\np95-latency,240,2026-11-02T10:00,enterprise-rollout\n",
            ["export.csv:2:1: unknown metric 'p95-latency' in the plan of enterprise-rollout; expected one of: error-rate"],
        ),
        ('metric,value,at\n"p95-latency,240,2026-11-02T10:00\n', ["export.csv:2:1: not valid CSV: unexpected end of data"]),
    ],
    ids=[
        "empty", "bom-and-blank-lines", "header-only", "missing-column", "unknown-column", "duplicate-column",
        "unquoted-decimal-comma", "every-bad-row-reported", "future-and-gap", "line-after-multiline-row",
        "phase-column-limits-the-metric", "unclosed-quote",
    ],
)
def test_bad_files_name_every_problem(tmp_path: Path, content: str, problems: list[str]) -> None:
    _rows, found = read(tmp_path, content)
    assert found == problems


def test_a_file_that_is_not_utf_8(tmp_path: Path) -> None:
    _, problems = read(tmp_path, b"metric,value,at,note\np95-latency,240,2026-11-02T10:00,caf\xe9\n")
    assert problems == ["export.csv:2:37: byte 0xe9 is not valid UTF-8; save it as UTF-8"]


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("metric,value,at\n" + "p95-latency,240,2026-11-02T10:00\n" * 40_000, "utf-8")
    rows, problems = read_rows(path, "big.csv", PLANS, NOW, None, 1)
    assert rows == [] and len(problems) == 1 and "the limit is 1 MB" in str(problems[0])
