"""`playbook measure --import FILE.csv`: an export of a monitoring tool, read row by row.

Every bad row is reported as `FILE.csv:LINE:COL: what was wrong` (COL counts characters of
the line, as editors do), and one bad row means nothing is written: a half-imported export
is harder to repair than one refused whole. The file is read with the csv module (quoted
fields, embedded commas and line breaks), after a UTF-8 byte-order mark is set aside; CRLF
line ends are fine.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from mkdocs_playbook import model as m
from mkdocs_playbook.edit.measuring import InputError, localize, not_in_future, parse_moment, parse_value, resolve
from mkdocs_playbook.source.diagnostics import Diagnostic, did_you_mean, quote
from mkdocs_playbook.source.limits import file_size_problem

COLUMNS: Final = ("metric", "value", "at", "note", "phase")
ALIASES: Final = {"time": "at", "timestamp": "at"}
REQUIRED: Final = ("metric", "value", "at")
HEADER_EXAMPLE: Final = "metric,value,at,note"


@dataclass(frozen=True)
class Row:
    """One good row: the phase it belongs to and the measurement, with where it came from."""

    phase: str
    measurement: m.Measurement


def read_rows(
    path: Path, display: str, plans: dict[str, m.Plan], now: dt.datetime, phase: str | None, max_mb: float
) -> tuple[list[Row], list[Diagnostic]]:
    """The file's rows as measurements, or every problem found (then the rows are not to be used)."""
    try:
        raw = path.read_bytes() if path.stat().st_size <= max_mb * 1_000_000 else None
    except OSError as error:
        return [], [Diagnostic(display, None, None, f"cannot read the file: {error.strerror or error}")]
    if raw is None:
        return [], [Diagnostic(display, None, None, file_size_problem(path.stat().st_size, max_mb) or "too large")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return [], [
            Diagnostic(display, line, column, f"byte 0x{raw[error.start]:02x} is not valid UTF-8; save it as UTF-8")
        ]
    return _rows(text, display, plans, now, phase)


def _rows(
    text: str, display: str, plans: dict[str, m.Plan], now: dt.datetime, phase: str | None
) -> tuple[list[Row], list[Diagnostic]]:
    lines = [line for line in re.split(r"(?<=\n)", text) if line]
    if not text.strip():
        return [], [
            Diagnostic(display, None, None, f"the file is empty; expected a header row such as {HEADER_EXAMPLE}")
        ]
    reader = csv.reader(lines, strict=True)
    problems: list[Diagnostic] = []
    rows: list[Row] = []
    header: list[str] | None = None
    end = header_line = 0
    try:
        for record in reader:
            start, end = end + 1, reader.line_num
            if not record or all(not field.strip() for field in record):
                continue  # a blank line
            starts = _field_starts(lines[start - 1 : end])
            if header is None:
                header, header_line = _header(record, starts, display, start, problems), start
                if problems:
                    return [], problems
                continue
            row = _row(record, header, starts, display, start, plans, now, phase, problems)
            if row is not None:
                rows.append(row)
    except csv.Error as error:
        problems.append(Diagnostic(display, end + 1, 1, f"not valid CSV: {error}"))
    if header is None and not problems:
        problems.append(Diagnostic(display, 1, 1, f"no header row; expected e.g. {HEADER_EXAMPLE}"))
    elif not rows and not problems:
        problems.append(Diagnostic(display, header_line, 1, "no rows after the header; nothing to record"))
    return rows, problems


def _header(
    record: list[str], starts: list[tuple[int, int]], display: str, line: int, problems: list[Diagnostic]
) -> list[str]:
    names = [ALIASES.get(field.strip().lower(), field.strip().lower()) for field in record]
    seen: set[str] = set()
    for index, name in enumerate(names):
        at_line, column = _where(starts, index, line)
        if name not in COLUMNS:
            choices = [*COLUMNS, *ALIASES]
            problems.append(
                Diagnostic(
                    display,
                    at_line,
                    column,
                    f"unknown column {quote(record[index].strip())}"
                    f"{did_you_mean(name, choices)}; expected: {', '.join(choices)}",
                )
            )
        elif name in seen:
            problems.append(Diagnostic(display, at_line, column, f"column {quote(name)} appears twice"))
        seen.add(name)
    missing = [name for name in REQUIRED if name not in seen]
    if missing and not problems:
        problems.append(
            Diagnostic(
                display,
                line,
                1,
                f"the header row lacks {', '.join(missing)}; "
                f"expected e.g. {HEADER_EXAMPLE} (time or timestamp may name the at column)",
            )
        )
    return names


def _row(
    record: list[str],
    header: list[str],
    starts: list[tuple[int, int]],
    display: str,
    line: int,
    plans: dict[str, m.Plan],
    now: dt.datetime,
    phase: str | None,
    problems: list[Diagnostic],
) -> Row | None:
    if len(record) != len(header):
        # at the first field too many, or the last one of a short row
        at_line, column = _where(starts, min(len(record) - 1, len(header)), line)
        problems.append(
            Diagnostic(
                display,
                at_line,
                column,
                f"{len(record)} fields where the header has {len(header)}; expected {','.join(header)}",
            )
        )
        return None
    fields = dict(zip(header, record, strict=True))
    column_of = {name: _where(starts, index, line) for index, name in enumerate(header)}
    before = len(problems)

    def problem(name: str, message: str) -> None:
        problems.append(Diagnostic(display, *column_of[name], message))

    row_phase = fields.get("phase", "").strip() or phase
    ref = None
    try:
        ref = resolve(plans, fields["metric"].strip(), row_phase)
    except InputError as error:
        problem("metric", str(error))
    value = None
    try:
        value = parse_value(fields["value"])
    except InputError as error:
        problem("value", str(error))
    at = None
    try:
        at = parse_moment(fields["at"])
        if ref is not None:
            at = localize(at, ref.timezone)
            not_in_future(at, now)
        elif at.tzinfo is None:
            at = None  # the zone is the plan's: unknown without the metric
    except InputError as error:
        problem("at", str(error))
        at = None
    if len(problems) > before or ref is None or value is None or at is None:
        return None
    return Row(ref.phase, m.Measurement(ref.metric, value, at, " ".join(fields.get("note", "").split())))


def _field_starts(lines: list[str]) -> list[tuple[int, int]]:
    """(line offset, column) of each field of a CSV record spread over `lines`, 0-based offsets."""
    starts = [(0, 1)]
    quoted = False
    for offset, text in enumerate(lines):
        for index, char in enumerate(text):
            if char == '"':
                quoted = not quoted
            elif char == "," and not quoted:
                starts.append((offset, index + 2))
    return starts


def _where(starts: list[tuple[int, int]], index: int, line: int) -> tuple[int, int]:
    offset, column = starts[index] if 0 <= index < len(starts) else starts[-1]
    return line + offset, column


__all__ = ["ALIASES", "COLUMNS", "Row", "read_rows"]
