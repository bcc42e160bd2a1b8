"""The one source of "today" for the CLI and the plugin.

Due soon, overdue and the `generated` date of progress.json all depend on the
date, so a build or a `playbook status` run is only reproducible when the date
is. Precedence, the same for every caller:

1. a date chosen explicitly: `playbook check|status --today YYYY-MM-DD`, the
   plugin's `today:` option;
2. `SOURCE_DATE_EPOCH`, the reproducible-builds convention
   (https://reproducible-builds.org/specs/source-date-epoch/): whole seconds
   since 1970-01-01 UTC, read as a UTC date. An environment variable reaches
   subprocesses too, which is how the test suite and CI pin `mkdocs build` and
   the `playbook` command alike (MkDocs itself honours it for the sitemap);
3. the machine's local date.

A malformed value is an error, never a silent fallback to the real date: a
build that was meant to be pinned and is not would differ without a word.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


class ClockError(ValueError):
    """A date setting that is not a date, worded for the person who set it."""


def today(chosen: dt.date | str | None = None, *, environ: Mapping[str, str] | None = None) -> dt.date:
    """The date to judge due dates by: `chosen`, else SOURCE_DATE_EPOCH, else the local date.

    `chosen` is a date (the CLI parses `--today` itself; YAML reads an unquoted
    `today: 2026-11-21` as one) or the plugin's `today:` text; `environ`
    defaults to the process environment.
    """
    if isinstance(chosen, dt.datetime):  # `today: 2026-11-21 10:00` in YAML; a datetime is a date too
        return chosen.date()
    if isinstance(chosen, dt.date):
        return chosen
    if chosen:
        return _parse_date(chosen)
    epoch = (os.environ if environ is None else environ).get(SOURCE_DATE_EPOCH, "").strip()
    if epoch:  # empty counts as unset, as shells make it easy to export an empty value
        return _epoch_date(epoch)
    return dt.date.today()


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ClockError(f"today: '{text}' is not a date; expected YYYY-MM-DD") from None


def _epoch_date(text: str) -> dt.date:
    problem = ClockError(
        f"{SOURCE_DATE_EPOCH}: '{text[:40]}' is not a time; expected whole seconds since "
        "1970-01-01 UTC (e.g. `date +%s`), or leave it unset"
    )
    if not re.fullmatch(r"[0-9]{1,12}", text):  # 12 digits reach past the year 9999
        raise problem
    try:
        return dt.datetime.fromtimestamp(int(text), dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        raise problem from None


def now(chosen: dt.date | str | None = None, *, environ: Mapping[str, str] | None = None) -> dt.datetime:
    """The moment to judge how old a measurement is, timezone-aware, by the same precedence as `today`.

    A chosen date (`--today`, the plugin's `today:`) stands for the end of that day in UTC, the
    state of things once the day is over; SOURCE_DATE_EPOCH is the exact second it names.
    """
    if isinstance(chosen, dt.datetime):
        return chosen if chosen.tzinfo else chosen.replace(tzinfo=dt.UTC)
    if chosen:
        day = today(chosen, environ=environ)
        return dt.datetime.combine(day, dt.time(23, 59, 59), dt.UTC)
    epoch = (os.environ if environ is None else environ).get(SOURCE_DATE_EPOCH, "").strip()
    if epoch:
        _epoch_date(epoch)  # the same checks and message as `today`
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)
