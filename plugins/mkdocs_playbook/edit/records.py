"""Record files: one new file per recording, written once and never edited.

A measurement or a decision is never spliced into a shared file: two pull requests that each
append to one file conflict in git, and GitHub's merge button runs no merge driver that could
help. One file per recording (`measurements/<phase>/<stamp>-<slug>-<hash8>.yml`,
`decisions/<phase>/<stamp>-<outcome>-<hash8>.yml`, README "File formats") makes every
recording an added file, and git merges added files with different names without a word.

* The name is made from the content alone: the UTC stamp of the recording's (earliest) time,
  a slug, and the first 8 hex digits of the SHA-256 of its entries as canonical JSON. The same recording made on
  two branches is the same file with the same bytes, which git merges as one.
* The file is written to a temporary name, fsynced, and hard-linked to its final name, which
  fails if that name exists: readers never see half a file, and two writers never overwrite
  each other (exclusive create), even without the playbook lock.
* YAML is written by hand, never by a YAML library (the one reader is source/yamlread.py):
  strings as double-quoted JSON-style scalars with every character YAML cannot hold escaped,
  numbers in a spelling YAML 1.1 reads back as the same number.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import math
import os
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from mkdocs_playbook import model as m
from mkdocs_playbook.edit.atomic import fsync_directory
from mkdocs_playbook.edit.schemaline import SchemaHome
from mkdocs_playbook.source.files import DECISIONS_DIR, MEASUREMENTS_DIR, PLANS_DIR
from mkdocs_playbook.source.records import entries_hash

__all__ = ["DECISIONS_DIR", "MEASUREMENTS_DIR", "PLANS_DIR", "RecordExists", "Recording", "entries_hash"]

MEASUREMENTS_SCHEMA: Final = "measurements"
DECISION_SCHEMA: Final = "decision"
MEASUREMENTS_NOTE: Final = (
    "# Recorded with `playbook measure`; one file per recording, so pull requests never conflict."
)
DECISION_NOTE: Final = "# Recorded with `playbook decide`; one file per decision, so pull requests never conflict."
_TOKEN_BYTES: Final = 8
_NO_HARD_LINKS: Final = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK})
_NOT_YAML_PRINTABLE: Final = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""Characters a YAML stream cannot carry raw (YAML 1.1, as PyYAML checks), and the line breaks
YAML 1.1 adds to \\n (U+0085, U+2028, U+2029): escaped as \\uXXXX."""


class RecordExists(Exception):
    """The file name is taken: the same recording is already there (or, vanishingly rarely, another)."""

    def __init__(self, path: Path, same: bool) -> None:
        super().__init__(str(path))
        self.path = path
        self.same = same


@dataclass(frozen=True)
class Recording:
    """A record file, worked out but not yet written (so --dry-run can show it)."""

    path: Path
    text: str
    entries: int


# --- YAML scalars -------------------------------------------------------------------


def yaml_string(text: str) -> str:
    """`text` as a double-quoted YAML scalar that reads back as exactly `text`.

    JSON's string syntax is YAML's double-quoted syntax for the escapes JSON uses; the
    characters YAML refuses raw (C1 controls, U+FFFE...) are escaped too. A lone surrogate
    (an argument that was not UTF-8) cannot be stored: ValueError.
    """
    if any("\ud800" <= c <= "\udfff" for c in text):
        raise ValueError("holds bytes that are not UTF-8")
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def yaml_number(value: float) -> str:
    """`value` spelled so YAML 1.1 reads it back as the same number.

    Whole numbers are written as integers (240, not 240.0); an exponent gets a dot and a sign
    (1.0e-05), without which YAML 1.1 reads `1e-05` as a string.
    """
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    if value == int(value) and abs(value) < 2**53:
        return str(int(value))
    text = repr(float(value))
    mantissa, e, exponent = text.partition("e")
    if e:
        mantissa = mantissa if "." in mantissa else mantissa + ".0"
        exponent = exponent if exponent[0] in "+-" else "+" + exponent
        return f"{mantissa}e{exponent}"
    return text


def moment(at: dt.datetime) -> str:
    """An aware time as ISO 8601 with its offset, to the second (or microsecond when given)."""
    if at.tzinfo is None:
        raise ValueError("a recorded time needs an offset")
    return at.isoformat(timespec="microseconds" if at.microsecond else "seconds")


def stamp(at: dt.datetime) -> str:
    """The UTC stamp that starts a record file's name: 20261102T090000Z sorts by time."""
    return at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


# --- the two kinds of record ------------------------------------------------------------


def measurement_data(measurement: m.Measurement) -> dict[str, object]:
    """One entry as the reader reads it back: metric, value, at (ISO 8601 with offset), note if any."""
    value = float(measurement.value)
    data: dict[str, object] = {
        "metric": measurement.metric,
        "value": int(value) if yaml_number(value).lstrip("-").isdigit() else value,
        "at": moment(measurement.at),
    }
    if measurement.note:
        data["note"] = measurement.note
    return data


def measurement_entry(measurement: m.Measurement) -> str:
    """One line of a measurements file: a flow mapping, so one entry is one line of a diff."""
    fields = [
        f"metric: {measurement.metric}",
        f"value: {yaml_number(measurement.value)}",
        f"at: {yaml_string(moment(measurement.at))}",
    ]
    if measurement.note:
        fields.append(f"note: {yaml_string(measurement.note)}")
    return "  - {" + ", ".join(fields) + "}\n"


def measurements_recording(
    playbook_dir: Path, phase: str, measurements: Sequence[m.Measurement], schemas: SchemaHome
) -> Recording:
    """The record file of `measurements` (one phase's, in the order given)."""
    if not measurements:
        raise ValueError("a recording holds at least one measurement")
    body = "".join(measurement_entry(x) for x in measurements)
    metrics = {x.metric for x in measurements}
    slug = next(iter(metrics)) if len(metrics) == 1 else "import"
    first = min(x.at for x in measurements)
    digest = entries_hash([measurement_data(x) for x in measurements])
    path = playbook_dir / MEASUREMENTS_DIR / phase / f"{stamp(first)}-{slug}-{digest}.yml"
    text = f"{schemas.line(path, MEASUREMENTS_SCHEMA)}\n{MEASUREMENTS_NOTE}\nmeasurements:\n{body}"
    return Recording(path, text, len(measurements))


def decision_recording(playbook_dir: Path, phase: str, decision: m.Decision, schemas: SchemaHome) -> Recording:
    """The record file of one decision: `decision: {...}` and, for a stage's, `stage:`.

    The hash covers the decision's fields, and the stage when there is one.
    """
    data: dict[str, object] = {"outcome": decision.outcome, "reason": decision.reason}
    fields = [f"outcome: {decision.outcome}", f"reason: {yaml_string(decision.reason)}"]
    if decision.by:
        data["by"] = decision.by
        fields.append(f"by: {yaml_string(decision.by)}")
    data["at"] = moment(decision.at)
    fields.append(f"at: {yaml_string(moment(decision.at))}")
    body = "decision: {" + ", ".join(fields) + "}\n"
    if decision.stage:
        body += f"stage: {decision.stage}\n"
    digest = entries_hash({**data, "stage": decision.stage} if decision.stage else data)
    path = playbook_dir / DECISIONS_DIR / phase / f"{stamp(decision.at)}-{decision.outcome}-{digest}.yml"
    text = f"{schemas.line(path, DECISION_SCHEMA)}\n{DECISION_NOTE}\n{body}"
    return Recording(path, text, 1)


# --- writing ----------------------------------------------------------------------------


def inside(playbook_dir: Path, path: Path) -> bool:
    """Whether `path` (its folders resolved, links followed) lies inside `playbook_dir`."""
    top = playbook_dir.resolve()
    return top in path.parent.resolve().parents or path.parent.resolve() == top


def write_new(recording: Recording) -> None:
    """Create the file, atomically and exclusively; RecordExists when the name is taken.

    The text goes to `.NAME.HEX.tmp` beside it (the name `edit.atomic` gives temporary files, so
    a killed run's leftover is recognised), is fsynced, then hard-linked to the final name:
    `link` fails when the name exists, where a rename would silently replace it.
    """
    path = recording.path
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        raise RecordExists(path, _same(path, recording.text))
    temporary = path.parent / f".{path.name}.{secrets.token_hex(_TOKEN_BYTES)}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(recording.text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise RecordExists(path, _same(path, recording.text)) from None
        except OSError as error:
            if error.errno not in _NO_HARD_LINKS:
                raise
            _create_exclusively(path, recording.text)  # FAT, some network shares: exclusive still
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    fsync_directory(path.parent)


def _create_exclusively(path: Path, text: str) -> None:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise RecordExists(path, _same(path, text)) from None
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_text("utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False
