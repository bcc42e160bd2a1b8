"""Problems found in the data, worded for the person who has to fix them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import total_ordering


@total_ordering
@dataclass(frozen=True)
class Diagnostic:
    """One problem, printable as `path:line:col: message` like a compiler error.

    Editors and CI annotate files from that shape, so every layer keeps it.
    """

    path: str
    line: int | None
    column: int | None
    message: str

    def __lt__(self, other: object) -> bool:
        """By file, then position; a problem of the whole file (no line) first.

        Not the dataclass ordering: it compared None with a line number and raised
        TypeError when one file had both kinds of problem.
        """
        if not isinstance(other, Diagnostic):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def _sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line or 0, self.column or 0, self.message)

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {one_line(self.message)}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def one_line(text: str) -> str:
    """`text` with newlines and other control characters escaped, as in a Python literal.

    Messages quote values from the data, and a value can hold a newline (`id: |`); one
    problem must stay one line, or editors and CI annotators split it into garbage.
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


QUOTE_LIMIT = 60
"""How much of a value a message quotes: enough to find it in the file, short enough that a
1 MB value cannot flood a terminal, a CI log or an annotation."""


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """`'value'` for a message: at most `limit` characters of it, then `…`, on one line.

    Every message that quotes data goes through here, so none can echo a huge value whole
    or let a newline, an escape sequence or a bidirectional control from the data reach a
    terminal raw (those are escaped as in a Python literal: `\\x1b`, `\\u202e`).
    """
    text = str(value)
    cut = len(text) > limit
    return f"'{one_line(text[:limit])}{'…' if cut else ''}'"


class DataError(Exception):
    """Raised where a caller needs all problems of a file at once, e.g. the editing commands."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def unknown(what: str, word: str, choices: Iterable[str], *, none: str = "") -> str:
    """ "unknown phase 'pilto' (did you mean 'pilot'?); expected one of: ...": one wording everywhere.

    `none` is what to say when there is nothing to choose from.
    """
    known = list(choices)
    listed = ", ".join(known[:LISTED]) + (f" and {len(known) - LISTED} more" if len(known) > LISTED else "")
    return f"{what} {quote(word)}{did_you_mean(word, known)}; expected one of: {listed or none}"


LISTED = 12
"""How many choices a message lists: a phase has over a hundred ids, and a message naming them all
is a screenful in which the one line that matters (the nearest id) is lost."""


_GUESS_LIMIT = 200


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix for the nearest choice, or nothing.

    A typo in an item id is the most common mistake in a progress file; naming
    the intended id turns a lookup into a copy-paste.
    """
    if len(word) > _GUESS_LIMIT:  # no id is that long, and difflib's cost grows with the length
        return ""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {quote(match[0])}?)" if match else ""
